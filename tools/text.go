package tools

import (
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"

	"github.com/heygen-mcp/heygen-mcp/internal/sandbox"
)

// deref returns *p or the zero value: HeyGen's nullable fields become stable
// zero-valued fields in our results.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func unixTime(sec int64) string {
	if sec <= 0 {
		return "(unknown time)"
	}
	return time.Unix(sec, 0).UTC().Format("2006-01-02 15:04 UTC")
}

func moreText(hasMore bool, next string) string {
	if !hasMore || next == "" {
		return ""
	}
	return fmt.Sprintf("\nMore results: call again with token %q.", next)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func isHTTPSURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != ""
}

// renderTimeText says how long making a video takes, for the texts a model
// reads: the real range against HeyGen, the simulated one in the sandbox.
func (d Deps) renderTimeText() string {
	if d.Sandbox {
		return sandboxRenderTime(d.SandboxSpeed)
	}
	return "Making a video usually takes 5 to 45 minutes."
}

// sandboxRenderTime says how long a simulated generate-mode video takes at a
// sandbox speed (sandbox.Options.Speed); 0 means the speed is not known here.
func sandboxRenderTime(speed float64) string {
	if speed <= 0 || math.IsNaN(speed) || math.IsInf(speed, 0) {
		return "A simulated video takes well under a minute in the sandbox."
	}
	d := time.Duration(float64(sandbox.GenerateDuration) / speed)
	var about string
	switch {
	case d < time.Second:
		about = "under a second"
	case d < 1500*time.Millisecond:
		about = "about a second"
	case d < 90*time.Second:
		about = fmt.Sprintf("about %d seconds", int(d.Round(time.Second).Seconds()))
	default:
		about = fmt.Sprintf("about %d minutes", int(d.Round(time.Minute).Minutes()))
	}
	return "A simulated video takes " + about + " in the sandbox."
}
