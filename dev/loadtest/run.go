package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mark3labs/mcp-go/client"
	clienttransport "github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
)

const (
	loadKey    = "hgk_loadtest_key"
	defaultMix = "get_video=40,get_session=25,list_sessions=10,list_voices=10,get_account=10,create_video=5"
)

// env is one run: the simulator, the server and the fixture ids.
type env struct {
	cfg     config
	simURL  string // ends without "/"; REST API at simURL+"/v3/..."
	sim     *sim.Simulator
	srv     *serverHandle
	hc      *http.Client // shared by every MCP session and REST worker
	videoID string
	chatID  string
	mixOps  []op
}

// op is one kind of call in the mix.
type op struct {
	name   string
	weight int
}

func parseMix(s string) ([]op, error) {
	var ops []op
	for part := range strings.SplitSeq(s, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(w)
		if !ok || err != nil || n < 0 || name == "" {
			return nil, fmt.Errorf("-mix %q: want name=weight,... with integer weights", s)
		}
		if !slices.Contains([]string{"get_video", "get_session", "list_sessions", "list_voices", "list_styles", "list_avatars", "get_account", "create_video"}, name) {
			return nil, fmt.Errorf("-mix: unknown call %q", name)
		}
		if n > 0 {
			ops = append(ops, op{name, n})
		}
	}
	if len(ops) == 0 {
		return nil, errors.New("-mix has no call with a positive weight")
	}
	return ops, nil
}

func pick(ops []op, r *rand.Rand) string {
	total := 0
	for _, o := range ops {
		total += o.weight
	}
	n := r.IntN(total)
	for _, o := range ops {
		if n < o.weight {
			return o.name
		}
		n -= o.weight
	}
	return ops[len(ops)-1].name
}

func (e *env) args(name string) map[string]any {
	switch name {
	case "get_video":
		return map[string]any{"video_id": e.videoID}
	case "get_session":
		return map[string]any{"session_id": e.chatID}
	case "list_sessions", "list_voices", "list_styles", "list_avatars":
		return map[string]any{"limit": 10}
	case "create_video":
		return map[string]any{"prompt": "A load-test video about tides"}
	}
	return map[string]any{}
}

func run(ctx context.Context, cfg config) error {
	ops, err := parseMix(cfg.mix)
	if err != nil {
		return err
	}
	phases := map[string]bool{}
	for p := range strings.SplitSeq(cfg.phases, ",") {
		p = strings.TrimSpace(p)
		switch p {
		case "all":
			for _, q := range []string{"latency", "mix", "hold", "coldstart", "soak", "cpu"} {
				phases[q] = true
			}
		case "latency", "mix", "hold", "coldstart", "soak", "cpu":
			phases[p] = true
		default:
			return fmt.Errorf("-phases: unknown phase %q", p)
		}
	}
	out := cfg.out
	if !cfg.quietStats {
		fmt.Fprintf(out, "machine: %d CPUs, GOMAXPROCS %d, %s, load average %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), loadavg())
		defer func() { fmt.Fprintf(out, "load average at the end: %s\n", loadavg()) }()
	}
	if phases["coldstart"] {
		if err := coldStart(ctx, cfg); err != nil {
			return err
		}
	}
	if !phases["latency"] && !phases["mix"] && !phases["hold"] && !phases["soak"] && !phases["cpu"] {
		return nil
	}

	e, cleanup, err := setup(ctx, cfg)
	if err != nil {
		return err
	}
	defer cleanup()
	e.mixOps = ops
	where := "child process, pid " + strconv.Itoa(e.srv.PID)
	if !e.srv.child {
		where = "in-process (RSS includes the load generator)"
	}
	fmt.Fprintf(out, "server: %s at %s; simulator at %s, upstream delay %s\n", where, e.srv.URL, e.simURL, cfg.upstream)

	if phases["latency"] {
		if err := e.latency(ctx); err != nil {
			return err
		}
	}
	if phases["mix"] {
		if err := e.mixPhase(ctx); err != nil {
			return err
		}
	}
	if phases["hold"] {
		if err := e.holdPhase(ctx); err != nil {
			return err
		}
	}
	if phases["soak"] {
		if _, err := e.soakPhase(ctx); err != nil {
			return err
		}
	}
	if phases["cpu"] {
		if _, err := e.cpuPhase(ctx); err != nil {
			return err
		}
	}
	return nil
}

// setup starts the simulator on loopback, the server, and makes fixtures.
func setup(ctx context.Context, cfg config) (*env, func(), error) {
	e := &env{cfg: cfg}
	e.hc = &http.Client{Transport: &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        0,
		MaxIdleConnsPerHost: 4096,
		IdleConnTimeout:     90 * time.Second,
	}}
	simCtx, stopSim := context.WithCancel(context.Background())
	e.sim = sim.New(sim.WithSeed(1), sim.WithMaxConcurrentJobs(1<<20), sim.WithVideoIDAtCreate(true),
		// A long soak creates tens of thousands of videos: never run out of simulated credits.
		sim.WithCredits(1e12),
		// Fixtures finish in about a second (below), so every phase sees
		// replies of one size: with real-ish timings the fixture video
		// completed 6.5 minutes into a run and its replies grew by their
		// URLs, which a soak read as memory growth.
		sim.WithTimings(sim.DefaultTimings().Scale(fixtureSpeedup)))
	e.sim.Start(simCtx)
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", e.sim))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		stopSim()
		return nil, nil, err
	}
	simSrv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = simSrv.Serve(ln) }()
	e.simURL = "http://" + ln.Addr().String() + "/api"

	if cfg.inProcess {
		e.srv, err = startInProcess(e.simURL, loadKey, e.cfg.stateless, quietLogger())
	} else {
		e.srv, err = startChild(e.simURL, loadKey, e.cfg.stateless)
	}
	cleanup := func() {
		if e.srv != nil {
			if err := e.srv.Stop(); err != nil {
				fmt.Fprintln(os.Stderr, "loadtest: stopping the server:", err)
			}
		}
		e.hc.CloseIdleConnections()
		_ = simSrv.Close() // every connection, idle or new: nothing may linger
		stopSim()
	}
	if err != nil {
		cleanup()
		return nil, nil, err
	}

	hg, err := heygen.NewClient(heygen.WithBaseURL(e.simURL), heygen.WithAPIKey(loadKey), heygen.WithHTTPClient(e.hc))
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	gen, err := hg.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "A fixture video about tides", Mode: heygen.ModeGenerate})
	if err != nil || gen.VideoID == nil {
		cleanup()
		return nil, nil, fmt.Errorf("fixture session: %v", err)
	}
	chat, err := hg.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "A fixture chat about tea", Mode: heygen.ModeChat})
	if err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("fixture chat: %w", err)
	}
	e.videoID, e.chatID = *gen.VideoID, chat.SessionID
	if err := waitForFixtures(ctx, hg, e.videoID, e.chatID); err != nil {
		cleanup()
		return nil, nil, err
	}
	if cfg.upstream > 0 {
		e.sim.InjectFault(sim.Fault{Path: "/v3/*", Delay: cfg.upstream})
	}
	return e, cleanup, nil
}

// fixtureSpeedup runs the simulator's timeline 390 times faster than
// HeyGen's: a generate-mode video completes in about a second.
const fixtureSpeedup = 390

// waitForFixtures waits until the fixture video is completed and the chat
// session waits for the user: their final states, whose replies no longer
// change.
func waitForFixtures(ctx context.Context, hg *heygen.Client, videoID, chatID string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	for {
		v, err := hg.GetVideo(ctx, videoID)
		if err != nil {
			return fmt.Errorf("fixture video: %w", err)
		}
		s, err := hg.GetSession(ctx, chatID)
		if err != nil {
			return fmt.Errorf("fixture chat: %w", err)
		}
		if v.Status == heygen.VideoCompleted && s.Status == heygen.SessionWaitingForInput {
			return nil
		}
		if err := heygen.SleepContext(ctx, 100*time.Millisecond); err != nil {
			return fmt.Errorf("fixtures not final after a minute (video %s, chat %s)", v.Status, s.Status)
		}
	}
}

// session is one MCP client connection.
type session struct {
	c    *client.Client
	subs bool // the server offers resources/subscribe
}

func (e *env) connect(ctx context.Context) (*session, error) {
	c, err := client.NewStreamableHttpClient(e.srv.URL+"/mcp", clienttransport.WithHTTPBasicClient(e.hc))
	if err != nil {
		return nil, err
	}
	if err := c.Start(ctx); err != nil {
		return nil, err
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_LEGACY_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "loadtest", Version: "1"}
	res, err := c.Initialize(ctx, init)
	if err != nil {
		_ = c.Close()
		return nil, err
	}
	r := res.Capabilities.Resources
	return &session{c: c, subs: r != nil && r.Subscribe}, nil
}

func (e *env) callTool(ctx context.Context, s *session, name string) error {
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = e.args(name)
	res, err := s.c.CallTool(ctx, req)
	if err != nil {
		return err
	}
	if res.IsError {
		text := ""
		if len(res.Content) > 0 {
			if tc, ok := res.Content[0].(mcp.TextContent); ok {
				text = tc.Text
			}
		}
		return fmt.Errorf("%s: tool error: %.200s", name, text)
	}
	return nil
}

// rest is the same get_video, straight to the simulator: one GET and a JSON decode.
func (e *env) rest(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.simURL+"/v3/videos/"+e.videoID, nil)
	if err != nil {
		return err
	}
	req.Header.Set("X-Api-Key", loadKey)
	req.Header.Set("Accept", "application/json")
	resp, err := e.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("REST get video: HTTP %d", resp.StatusCode)
	}
	var v struct {
		Data heygen.Video `json:"data"`
	}
	return json.Unmarshal(b, &v)
}

// drive runs workers until the phase ends; each worker calls next in a loop.
func drive(ctx context.Context, workers int, d time.Duration, next func(ctx context.Context, worker int) (string, error)) *recorder {
	rec := newRecorder()
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var wg sync.WaitGroup
	began := time.Now()
	for w := range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				t0 := time.Now()
				name, err := next(ctx, w)
				if ctx.Err() != nil && err != nil {
					return // cut by the phase's end, not a failure
				}
				rec.add(name, time.Since(t0), err)
			}
		})
	}
	wg.Wait()
	rec.elapsed = time.Since(began)
	return rec
}

func (e *env) openSessions(ctx context.Context, n, parallel int) ([]*session, error) {
	ss := make([]*session, n)
	var firstErr atomic.Value
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i := range ss {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			s, err := e.connect(ctx)
			if err != nil {
				firstErr.CompareAndSwap(nil, err)
				return
			}
			ss[i] = s
		})
	}
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		closeSessions(ss)
		return nil, fmt.Errorf("opening %d MCP sessions: %w", n, err)
	}
	return ss, nil
}

func closeSessions(ss []*session) {
	for _, s := range ss {
		if s != nil {
			_ = s.c.Close()
		}
	}
}

// latency: direct REST get_video vs MCP get_video, at concurrency 1 and -sessions.
func (e *env) latency(ctx context.Context) error {
	out := e.cfg.out
	fmt.Fprintf(out, "\n== latency: get_video, %s per run\n", e.cfg.duration)
	fmt.Fprintln(out, header())
	for _, conc := range uniq(1, e.cfg.sessions) {
		ss, err := e.openSessions(ctx, conc, 32)
		if err != nil {
			return err
		}
		// Warm both paths (connections, caches) before measuring.
		for _, s := range ss {
			_ = e.callTool(ctx, s, "get_video")
			_ = e.rest(ctx)
		}
		restRec := drive(ctx, conc, e.cfg.duration, func(ctx context.Context, _ int) (string, error) { return "rest get_video", e.rest(ctx) })
		mcpRec := drive(ctx, conc, e.cfg.duration, func(ctx context.Context, w int) (string, error) {
			return "mcp get_video", e.callTool(ctx, ss[w], "get_video")
		})
		closeSessions(ss)
		r, m := restRec.summary("rest get_video"), mcpRec.summary("mcp get_video")
		fmt.Fprintln(out, r.line(fmt.Sprintf("REST c=%d", conc)))
		fmt.Fprintln(out, m.line(fmt.Sprintf("MCP  c=%d", conc)))
		if r.p50 > 0 {
			fmt.Fprintf(out, "   ratio MCP/REST at c=%d: p50 %.2fx, p95 %.2fx, p99 %.2fx, throughput %.2fx\n", conc,
				ratio(m.p50, r.p50), ratio(m.p95, r.p95), ratio(m.p99, r.p99), m.rate/max(r.rate, 1e-9))
		}
	}
	return nil
}

// mixPhase: -sessions MCP sessions calling the fixed mix.
func (e *env) mixPhase(ctx context.Context) error {
	out := e.cfg.out
	ss, err := e.openSessions(ctx, e.cfg.sessions, 32)
	if err != nil {
		return err
	}
	defer closeSessions(ss)
	before, _ := e.srv.stats(ctx, e.hc, false)
	var prof chan error
	if e.cfg.pprofOut != "" {
		prof = make(chan error, 1)
		go func() { prof <- e.profile(ctx, e.cfg.duration) }()
	}
	rands := make([]*rand.Rand, len(ss))
	for i := range rands {
		rands[i] = rand.New(rand.NewPCG(uint64(i), 7))
	}
	rec := drive(ctx, len(ss), e.cfg.duration, func(ctx context.Context, w int) (string, error) {
		name := pick(e.mixOps, rands[w])
		return name, e.callTool(ctx, ss[w], name)
	})
	after, _ := e.srv.stats(ctx, e.hc, false)
	fmt.Fprintf(out, "\n== mix: %d MCP sessions for %s, mix %s\n", len(ss), e.cfg.duration, e.cfg.mix)
	fmt.Fprintln(out, header())
	all := rec.summary("")
	fmt.Fprintln(out, all.line("all calls"))
	for _, name := range rec.names() {
		fmt.Fprintln(out, rec.summary(name).line(name))
	}
	fmt.Fprintf(out, "server: RSS %s -> %s, goroutines %d -> %d, heap %s -> %s\n", kb(before.RSSKB), kb(after.RSSKB),
		before.Goroutines, after.Goroutines, mb(before.HeapAlloc), mb(after.HeapAlloc))
	if gc, err := e.srv.stats(ctx, e.hc, true); err == nil {
		fmt.Fprintf(out, "server after a GC: live heap %s, RSS %s, goroutines %d\n", mb(gc.HeapAlloc), kb(gc.RSSKB), gc.Goroutines)
	}
	rec.printErrors(out)
	if prof != nil {
		if err := <-prof; err != nil {
			return err
		}
		fmt.Fprintf(out, "CPU profile of the server written to %s (go tool pprof -top %s)\n", e.cfg.pprofOut, e.cfg.pprofOut)
		if err := e.fetch(ctx, "/debug/pprof/heap?gc=1", e.cfg.pprofOut+".heap"); err != nil {
			return err
		}
		fmt.Fprintf(out, "heap profile (after the phase) written to %s.heap\n", e.cfg.pprofOut)
	}
	return nil
}

func (e *env) profile(ctx context.Context, d time.Duration) error {
	secs := max(1, int(d.Seconds())-1)
	return e.fetch(ctx, fmt.Sprintf("/debug/pprof/profile?seconds=%d", secs), e.cfg.pprofOut)
}

// fetch saves a server debug endpoint's answer to a file.
func (e *env) fetch(ctx context.Context, path, file string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.srv.URL+path, nil)
	if err != nil {
		return err
	}
	resp, err := e.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// holdPhase: open -hold idle sessions, measure RSS per session, then one call
// on every session (64 at a time) with zero errors expected.
func (e *env) holdPhase(ctx context.Context) error {
	out := e.cfg.out
	base, err := e.srv.stats(ctx, e.hc, true)
	if err != nil {
		return err
	}
	ss, err := e.openSessions(ctx, e.cfg.hold, 16)
	if err != nil {
		return err
	}
	defer closeSessions(ss)
	held, err := e.srv.stats(ctx, e.hc, true)
	if err != nil {
		return err
	}
	rec := newRecorder()
	sem := make(chan struct{}, 64)
	var wg sync.WaitGroup
	t0 := time.Now()
	for _, s := range ss {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			c0 := time.Now()
			err := e.callTool(ctx, s, "get_account")
			rec.add("get_account", time.Since(c0), err)
		})
	}
	wg.Wait()
	rec.elapsed = time.Since(t0)
	after, _ := e.srv.stats(ctx, e.hc, true)
	fmt.Fprintf(out, "\n== hold: %d idle MCP sessions\n", len(ss))
	fmt.Fprintf(out, "server RSS after GC: %s before, %s with %d sessions open: %.1f KB per idle session; goroutines %d -> %d\n",
		kb(base.RSSKB), kb(held.RSSKB), len(ss), float64(held.RSSKB-base.RSSKB)/float64(len(ss)), base.Goroutines, held.Goroutines)
	fmt.Fprintf(out, "server heap after GC: %s -> %s: %.1f KB per idle session\n", mb(base.HeapAlloc), mb(held.HeapAlloc),
		float64(held.HeapAlloc-base.HeapAlloc)/1024/float64(len(ss)))
	sum := rec.summary("")
	fmt.Fprintln(out, header())
	fmt.Fprintln(out, sum.line("one get_account per held session"))
	fmt.Fprintf(out, "after the calls: RSS %s, goroutines %d\n", kb(after.RSSKB), after.Goroutines)
	rec.printErrors(out)
	return nil
}

func uniq(a, b int) []int {
	if a == b {
		return []int{a}
	}
	return []int{a, b}
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func kb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1024) }
func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
