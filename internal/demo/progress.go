package demo

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressView shows a video job's state while the demo waits.
type progressView interface {
	// Update shows the newest state; elapsed counts from create_video.
	Update(status string, percent int, elapsed time.Duration)
	// Interrupt clears the live display so that other output (a question) can
	// be printed; the next Update draws it again.
	Interrupt()
	// Finish ends the display; a later Update starts a new one (the next job).
	Finish()
}

// isTerminal reports whether w is a terminal, where a live bar can redraw
// itself; anything else (a pipe, a file, a test buffer) gets plain lines.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func isTerminalReader(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func newProgressView(w io.Writer, terminal bool) progressView {
	if terminal {
		return &barView{w: w}
	}
	return &lineView{w: w, lastPercent: -1}
}

// barView is a live bar: "generating  45% |█████     | (12s)".
type barView struct {
	w   io.Writer
	bar *progressbar.ProgressBar
}

func (v *barView) Update(status string, percent int, _ time.Duration) {
	if v.bar == nil {
		v.bar = progressbar.NewOptions(100,
			progressbar.OptionSetWriter(v.w),
			progressbar.OptionSetWidth(30),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionSetPredictTime(false),
			progressbar.OptionSetRenderBlankState(true),
			progressbar.OptionShowElapsedTimeOnFinish(),
		)
	}
	v.bar.Describe(fmt.Sprintf("%-17s", status))
	_ = v.bar.Set(clampPercent(percent))
}

func (v *barView) Interrupt() {
	if v.bar != nil {
		_ = v.bar.Clear()
	}
}

func (v *barView) Finish() {
	if v.bar != nil {
		_ = v.bar.Finish()
		fmt.Fprintln(v.w)
		v.bar = nil
	}
}

// lineView prints a line when the status changes, progress crosses a 10%
// step, or heartbeat passes: readable in logs and pipes.
type lineView struct {
	w             io.Writer
	lastStatus    string
	lastPercent   int
	lastPrintedAt time.Duration
}

// heartbeat is how often an unchanged state is printed again, so a long wait
// on real HeyGen still shows signs of life.
const heartbeat = 30 * time.Second

func (v *lineView) Update(status string, percent int, elapsed time.Duration) {
	percent = clampPercent(percent)
	if status == v.lastStatus && percent/10 == v.lastPercent/10 && elapsed-v.lastPrintedAt < heartbeat {
		return
	}
	v.lastStatus, v.lastPercent, v.lastPrintedAt = status, percent, elapsed
	fmt.Fprintf(v.w, "  [%5s] %-17s %3d%%\n", formatElapsed(elapsed), status, percent)
}

func (v *lineView) Interrupt() {}

func (v *lineView) Finish() { v.lastStatus, v.lastPercent, v.lastPrintedAt = "", -1, 0 }

func clampPercent(p int) int { return max(0, min(100, p)) }

func formatElapsed(d time.Duration) string {
	d = d.Round(time.Second)
	if d < time.Minute {
		return fmt.Sprintf("%ds", int(d.Seconds()))
	}
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}
