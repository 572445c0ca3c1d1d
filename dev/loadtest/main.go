// Command loadtest drives the real heygen-mcp server (app.NewServer behind
// transport.NewHTTPHandler, on loopback) with concurrent MCP sessions against
// the HeyGen simulator (also on loopback HTTP), and sends the same get_video
// calls straight to the simulator over REST, so MCP overhead is a ratio
// measured in one run. By default the server runs as a child process (this
// binary re-executed with -serve), so its RSS is read from /proc/<pid>/status.
//
//	go run ./dev/loadtest                         # latency + mix, 50 sessions, 10 s per phase
//	go run ./dev/loadtest -sessions 200 -duration 20s -mix get_video=60,get_session=20,list_sessions=20
//	go run ./dev/loadtest -phases hold -hold 1000  # 1,000 idle sessions: RSS per session, then one call each
//	go run ./dev/loadtest -phases coldstart -coldstart 30
//	go run ./dev/loadtest -phases soak -soak 10m  # the full soak; memory and goroutines every -sample
//	go run ./dev/loadtest -pprof cpu.out          # CPU profile of the server during the mix phase
//	go run ./dev/loadtest -phases cpu             # server CPU per get_video against the floor handler
//
// Figures are printed, never asserted: see BENCHMARKS.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"time"
)

type config struct {
	sessions   int
	duration   time.Duration
	mix        string
	phases     string
	hold       int
	coldstart  int
	bin        string
	soak       time.Duration
	sample     time.Duration
	think      time.Duration
	subscribe  int
	inProcess  bool
	pprofOut   string
	stateless  bool
	cpuWorkers int
	cpuRounds  int
	upstream   time.Duration // added to every simulator reply (HeyGen's own latency)
	out        io.Writer
	quietStats bool // tests: skip the machine header
}

func main() {
	var cfg config
	serve := flag.Bool("serve", false, "internal: run as the server child process")
	serveFloor := flag.Bool("serve-floor", false, "internal: run as the floor handler's child process")
	simURL := flag.String("sim-url", "", "internal: simulator URL for -serve")
	flag.IntVar(&cfg.sessions, "sessions", 50, "concurrent MCP sessions (and REST workers) in the load phases")
	flag.DurationVar(&cfg.duration, "duration", 10*time.Second, "length of each load phase")
	flag.StringVar(&cfg.mix, "mix", defaultMix, "tool mix of the mix phase: name=weight,...")
	flag.StringVar(&cfg.phases, "phases", "latency,mix", "comma-separated: latency, mix, hold, coldstart, soak, cpu (all = every one)")
	flag.IntVar(&cfg.hold, "hold", 1000, "idle MCP sessions opened by the hold phase")
	flag.IntVar(&cfg.coldstart, "coldstart", 20, "binary spawns measured by the coldstart phase")
	flag.StringVar(&cfg.bin, "bin", "", "heygen-mcp binary for coldstart (default: go build the module into a temp dir)")
	flag.DurationVar(&cfg.soak, "soak", 0, "run the soak phase for this long (implies -phases soak when set alone)")
	flag.DurationVar(&cfg.sample, "sample", 10*time.Second, "soak: how often to sample memory and goroutines")
	flag.DurationVar(&cfg.think, "think", 20*time.Millisecond, "soak: pause between one session's calls")
	flag.IntVar(&cfg.subscribe, "subscribe", 20, "soak: sessions that also subscribe to a session resource (if the server offers subscriptions)")
	flag.BoolVar(&cfg.inProcess, "in-process", false, "run the server in this process (RSS then includes the load generator)")
	flag.DurationVar(&cfg.upstream, "upstream-delay", 0, "delay added to every simulator reply, for REST and MCP alike (HeyGen's own latency)")
	flag.StringVar(&cfg.pprofOut, "pprof", "", "write a CPU profile of the server taken during the mix phase to this file")
	flag.BoolVar(&cfg.stateless, "stateless", false, "serve MCP without sessions (the server's --stateless)")
	flag.IntVar(&cfg.cpuWorkers, "cpu-workers", 16, "cpu: concurrent callers (one MCP session each)")
	flag.IntVar(&cfg.cpuRounds, "cpu-rounds", 3, "cpu: rounds, each one -duration of the floor then of the server")
	flag.Parse()

	if *serveFloor {
		if err := serveFloorChild(*simURL, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "loadtest -serve-floor:", err)
			os.Exit(1)
		}
		return
	}
	if *serve {
		if err := serveChild(*simURL, cfg.stateless, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "loadtest -serve:", err)
			os.Exit(1)
		}
		return
	}
	setFlags := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { setFlags[f.Name] = true })
	if cfg.soak > 0 && !setFlags["phases"] {
		cfg.phases = "soak"
	}
	if cfg.soak == 0 {
		cfg.soak = 2 * time.Minute
	}
	cfg.out = os.Stdout
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
}
