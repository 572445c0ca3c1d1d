// Command simserver runs the HeyGen simulator (heygen/sim) as its own HTTP
// process, so several heygen-mcp replicas can share one simulated HeyGen:
// the replicas run in real mode with --base-url pointing here and any
// HEYGEN_API_KEY. It paces videos like --sandbox (sandbox.Timings), serves the
// sample media at /sandbox/<id>.mp4 for every video URL it hands out, and
// counts requests per exact path for tests (GET /_sim/count).
//
//	go run ./dev/simserver --addr 127.0.0.1:0 --speed 4
//
// It prints "simserver listening on http://HOST:PORT" on stdout once bound.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/internal/sandbox"
)

// CountPath answers {"count": n}: the requests received with method whose
// path is one of the path parameters or starts with prefix
// (?method=GET&path=/v3/video-agents/s_1&prefix=/v3/videos/).
const CountPath = "/_sim/count"

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "simserver:", err)
		os.Exit(2)
	}
}

// newHandler is the simulator (running until ctx ends) with the media files
// and the request counter; base is where it is reached.
func newHandler(ctx context.Context, base string, speed float64, log *slog.Logger) http.Handler {
	s := sim.New(
		sim.WithTimings(sandbox.Timings(speed)),
		sim.WithVideoURLFunc(func(id string) string { return sandbox.MediaURL(base, id, ".mp4") }),
		sim.WithThumbnailURLFunc(func(id string) string { return sandbox.MediaURL(base, id, ".jpg") }),
		sim.WithAudioURLFunc(func(id string) string { return sandbox.MediaURL(base, id, ".mp3") }),
		sim.WithLogger(log),
	)
	s.Start(ctx)
	mux := http.NewServeMux()
	mux.Handle(sandbox.RoutePrefix, sandbox.FileHandler())
	mux.HandleFunc("GET "+CountPath, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		method, paths, prefix := q.Get("method"), q["path"], q.Get("prefix")
		n := 0
		for _, rec := range s.Requests() {
			if method != "" && rec.Method != method {
				continue
			}
			if slices.Contains(paths, rec.Path) || (prefix != "" && strings.HasPrefix(rec.Path, prefix)) {
				n++
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]int{"count": n})
	})
	mux.Handle("/", s)
	return mux
}

func run(args []string) error {
	fs := flag.NewFlagSet("simserver", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address (port 0: any free port)")
	speed := fs.Float64("speed", 1, "pace as --sandbox-speed: 1 = a video in about 25 s")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !sandbox.ValidSpeed(*speed) {
		return fmt.Errorf("--speed %v must be greater than 0 and at most %d", *speed, sandbox.MaxSpeed)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on --addr %q: %w", *addr, err)
	}
	base := "http://" + ln.Addr().String()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := &http.Server{Handler: newHandler(ctx, base, *speed, log), ReadHeaderTimeout: 10 * time.Second}
	fmt.Printf("simserver listening on %s\n", base)
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
