package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/heygen-mcp/heygen-mcp/internal/app"
	"github.com/heygen-mcp/heygen-mcp/transport"
)

// Stats is what the server process reports at /debug/stats.
type Stats struct {
	Goroutines int   `json:"goroutines"`
	HeapAlloc  int64 `json:"heap_alloc"`
	RSSKB      int64 `json:"rss_kb"`
	CPUMicros  int64 `json:"cpu_us"` // user + system CPU time of the process so far
	ReadCalls  int64 `json:"syscr"`  // read system calls so far (/proc/self/io)
	WriteCalls int64 `json:"syscw"`  // write system calls so far
}

func readStats() Stats {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	st := Stats{Goroutines: runtime.NumGoroutine(), HeapAlloc: int64(ms.HeapAlloc), RSSKB: rssKB(os.Getpid()), CPUMicros: cpuMicros()}
	st.ReadCalls, st.WriteCalls = ioCalls()
	return st
}

// ioCalls reads this process's read and write system call counts (Linux).
func ioCalls() (reads, writes int64) {
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0, 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "syscr: "); ok {
			reads, _ = strconv.ParseInt(v, 10, 64)
		} else if v, ok := strings.CutPrefix(line, "syscw: "); ok {
			writes, _ = strconv.ParseInt(v, 10, 64)
		}
	}
	return reads, writes
}

// cpuMicros is this process's user + system CPU time (getrusage).
func cpuMicros() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano()/1e3 + ru.Stime.Nano()/1e3
}

// rssKB reads VmRSS of a process from /proc (Linux); 0 when unavailable.
func rssKB(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

// serverHandle is a running MCP server under test.
type serverHandle struct {
	URL   string // http://127.0.0.1:port (MCP at URL+/mcp)
	PID   int    // the process whose RSS is the server's
	stop  func() error
	child bool
}

func (s *serverHandle) Stop() error { return s.stop() }

// stats asks the server for its goroutines, heap and RSS.
func (s *serverHandle) stats(ctx context.Context, hc *http.Client, gc bool) (Stats, error) {
	u := s.URL + "/debug/stats"
	if gc {
		u += "?gc=1"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return Stats{}, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return Stats{}, err
	}
	defer resp.Body.Close()
	var st Stats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return Stats{}, err
	}
	if s.child {
		st.RSSKB = rssKB(s.PID) // read from outside: the honest figure
	}
	return st, nil
}

// buildHandler assembles the production server (app.NewServer, the same
// function the binary runs) behind transport.NewHTTPHandler, plus a loopback
// debug surface: /debug/stats and /debug/pprof/.
func buildHandler(simURL, apiKey string, stateless bool, logger *slog.Logger) (http.Handler, func(context.Context) error, error) {
	cfg := app.Config{APIKey: apiKey, BaseURL: simURL, Transport: "http", Addr: "127.0.0.1:0", LogLevel: "warn"}
	srv, err := app.NewServer(cfg, logger)
	if err != nil {
		return nil, nil, err
	}
	h, shutdown, err := transport.NewHTTPHandler(srv.MCP, transport.HTTPOptions{AllowRequestKeys: true, HasDefaultKey: true, Stateless: stateless, Logger: logger})
	if err != nil {
		srv.Close()
		return nil, nil, err
	}
	mux := debugMux()
	mux.Handle(transport.MCPPath, h)
	mux.Handle(transport.HealthPath, h)
	return mux, func(ctx context.Context) error { err := shutdown(ctx); srv.Close(); return err }, nil
}

// debugMux serves the loopback debug surface every server child has.
func debugMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/stats", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("gc") == "1" {
			debug.FreeOSMemory() // a GC that also returns freed pages: live memory, not garbage
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(readStats())
	})
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/heap", pprof.Index)
	return mux
}

// startInProcess serves the server in this process (used by the tests).
func startInProcess(simURL, apiKey string, stateless bool, logger *slog.Logger) (*serverHandle, error) {
	h, shutdown, err := buildHandler(simURL, apiKey, stateless, logger)
	if err != nil {
		return nil, err
	}
	return listen(h, shutdown)
}

// listen serves h on a loopback port until the handle is stopped.
func listen(h http.Handler, shutdown func(context.Context) error) (*serverHandle, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	return &serverHandle{URL: "http://" + ln.Addr().String(), PID: os.Getpid(), stop: func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err := shutdown(ctx)
		if e := hs.Shutdown(ctx); e != nil && err == nil {
			err = e
		}
		_ = hs.Close() // connections still new (no request yet) are not idle to Shutdown
		if e := <-done; e != nil && !errors.Is(e, http.ErrServerClosed) && err == nil {
			err = e
		}
		return err
	}}, nil
}

// startChild re-executes this binary with -serve, so the server has its own
// process and its RSS is measured from outside. It prints its URL on stdout and
// stops when its stdin closes.
func startChild(simURL, apiKey string, stateless bool) (*serverHandle, error) {
	return spawn(apiKey, "-serve", "-sim-url", simURL, "-stateless="+strconv.FormatBool(stateless))
}

// startFloorChild runs floorHandler in its own process, like startChild.
func startFloorChild(simURL, apiKey string) (*serverHandle, error) {
	return spawn(apiKey, "-serve-floor", "-sim-url", simURL)
}

func spawn(apiKey string, args ...string) (*serverHandle, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "LOADTEST_API_KEY="+apiKey, "GOMAXPROCS="+strconv.Itoa(runtime.GOMAXPROCS(0)))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, fmt.Errorf("server child did not start: %w", err)
	}
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "LISTEN ")
	if !ok {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, fmt.Errorf("server child said %q", line)
	}
	return &serverHandle{URL: url, PID: cmd.Process.Pid, child: true, stop: func() error {
		_ = stdin.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			return err
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			return <-done
		}
	}}, nil
}

// serveChild is the -serve mode: the server process.
func serveChild(simURL string, stateless bool, stdin io.Reader, stdout io.Writer) error {
	// LOADTEST_MEMPROFILERATE=4096 samples the heap profile finely enough to
	// see small growth (the default samples one allocation per 512 KB).
	if n, err := strconv.Atoi(os.Getenv("LOADTEST_MEMPROFILERATE")); err == nil && n > 0 {
		runtime.MemProfileRate = n
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h, err := startInProcess(simURL, os.Getenv("LOADTEST_API_KEY"), stateless, logger)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "LISTEN %s\n", h.URL)
	_, _ = io.Copy(io.Discard, stdin) // until the parent closes it
	return h.Stop()
}

// serveFloorChild is the -serve-floor mode: the reference handler's process.
func serveFloorChild(simURL string, stdin io.Reader, stdout io.Writer) error {
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	mux := debugMux()
	mux.Handle(transport.MCPPath, floorHandler(simURL, os.Getenv("LOADTEST_API_KEY"), hc))
	h, err := listen(mux, func(context.Context) error { hc.CloseIdleConnections(); return nil })
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "LISTEN %s\n", h.URL)
	_, _ = io.Copy(io.Discard, stdin)
	return h.Stop()
}
