package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync/atomic"
)

// cpuRound is one measured stretch of calls against one target.
type cpuRound struct {
	target        string // "floor" or "server"
	calls, errs   int
	cpuMicros     int64
	reads, writes int64 // read and write system calls
}

func (r cpuRound) perCall() float64 {
	if r.calls == 0 {
		return 0
	}
	return float64(r.cpuMicros) / float64(r.calls)
}

// cpuResult is the cpu phase's rounds and the medians per call.
type cpuResult struct {
	rounds              []cpuRound
	floorUS, serverUS   float64 // median CPU µs per call
	floorErrs, srvErrs  int
	floorCalls, srvCall int
}

// cpuPhase measures server CPU time per get_video call over HTTP against the
// floor handler (floor.go), in alternating rounds of -duration each, with
// -cpu-workers callers sending the same raw JSON-RPC POSTs to both. CPU time
// is the target process's own getrusage (its /debug/stats), so the load
// generator and the simulator, both in this process, are not counted.
func (e *env) cpuPhase(ctx context.Context) (cpuResult, error) {
	out := e.cfg.out
	var res cpuResult
	var floor *serverHandle
	var err error
	if e.srv.child {
		floor, err = startFloorChild(e.simURL, loadKey)
	} else {
		floor, err = listen(floorHandler(e.simURL, loadKey, e.hc), func(context.Context) error { return nil })
	}
	if err != nil {
		return res, fmt.Errorf("floor handler: %w", err)
	}
	defer func() { _ = floor.Stop() }()

	workers := max(1, e.cfg.cpuWorkers)
	sessions := make([]string, workers)
	for i := range sessions {
		if sessions[i], err = e.rawInitialize(ctx, e.srv.URL); err != nil {
			return res, err
		}
	}
	body := func(id int64) []byte {
		return fmt.Appendf(nil, `{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"get_video","arguments":{"video_id":%q}}}`, id, e.videoID)
	}
	var ids atomic.Int64
	callOn := func(h *serverHandle, withSessions bool) func(ctx context.Context, w int) (string, error) {
		return func(ctx context.Context, w int) (string, error) {
			session := ""
			if withSessions {
				session = sessions[w]
			}
			return "get_video", e.rawCall(ctx, h.URL, session, body(ids.Add(1)))
		}
	}
	targets := []struct {
		name string
		h    *serverHandle
		call func(ctx context.Context, w int) (string, error)
	}{
		{"floor", floor, callOn(floor, false)},
		{"server", e.srv, callOn(e.srv, true)},
	}
	mode := "stateful (one MCP session per caller)"
	if e.cfg.stateless {
		mode = "stateless"
	}
	fmt.Fprintf(out, "\n== cpu: get_video over HTTP, %d callers, %s per round, %d rounds alternating floor and server; server %s\n",
		workers, e.cfg.duration, e.cfg.cpuRounds, mode)
	fmt.Fprintf(out, "   %5s %7s %8s %7s %10s %12s %14s\n", "round", "target", "calls", "errors", "CPU", "CPU µs/call", "reads+writes")
	for round := 1; round <= max(1, e.cfg.cpuRounds); round++ {
		for _, t := range targets {
			for w := range workers { // warm connections and caches
				_, _ = t.call(ctx, w)
			}
			before, err := t.h.stats(ctx, e.hc, false)
			if err != nil {
				return res, err
			}
			rec := drive(ctx, workers, e.cfg.duration, t.call)
			after, err := t.h.stats(ctx, e.hc, false)
			if err != nil {
				return res, err
			}
			sum := rec.summary("")
			r := cpuRound{target: t.name, calls: sum.calls, errs: sum.errors, cpuMicros: after.CPUMicros - before.CPUMicros,
				reads: after.ReadCalls - before.ReadCalls, writes: after.WriteCalls - before.WriteCalls}
			res.rounds = append(res.rounds, r)
			fmt.Fprintf(out, "   %5d %7s %8d %7d %8.2f s %12.0f %6.1f+%.1f\n", round, t.name, r.calls, r.errs, float64(r.cpuMicros)/1e6, r.perCall(),
				float64(r.reads)/float64(max(r.calls, 1)), float64(r.writes)/float64(max(r.calls, 1)))
			rec.printErrors(out)
		}
	}
	var f, s []float64
	for _, r := range res.rounds {
		if r.target == "floor" {
			f = append(f, r.perCall())
			res.floorErrs += r.errs
			res.floorCalls += r.calls
		} else {
			s = append(s, r.perCall())
			res.srvErrs += r.errs
			res.srvCall += r.calls
		}
	}
	res.floorUS, res.serverUS = median(f), median(s)
	fmt.Fprintf(out, "median CPU per call: floor %.0f µs, server %.0f µs: server/floor %.2fx\n", res.floorUS, res.serverUS, res.serverUS/max(res.floorUS, 1e-9))

	if e.cfg.pprofOut != "" { // an extra, unmeasured round: profiling costs CPU too
		prof := make(chan error, 1)
		go func() { prof <- e.profile(ctx, e.cfg.duration) }()
		drive(ctx, workers, e.cfg.duration, targets[1].call)
		if err := <-prof; err != nil {
			return res, err
		}
		fmt.Fprintf(out, "CPU profile of the server (an extra round) written to %s (go tool pprof -top %s)\n", e.cfg.pprofOut, e.cfg.pprofOut)
		if err := e.fetch(ctx, "/debug/pprof/allocs", e.cfg.pprofOut+".allocs"); err != nil {
			return res, err
		}
		fmt.Fprintf(out, "allocations since start written to %s.allocs (go tool pprof -sample_index=alloc_objects -top ...)\n", e.cfg.pprofOut)
	}
	return res, nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	xs = slices.Clone(xs)
	slices.Sort(xs)
	if len(xs)%2 == 1 {
		return xs[len(xs)/2]
	}
	return (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
}

// rawInitialize opens an MCP session with raw POSTs (initialize, then
// notifications/initialized) and returns its id ("" when stateless).
func (e *env) rawInitialize(ctx context.Context, base string) (string, error) {
	init := []byte(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"loadtest-cpu","version":"1"}}}`)
	resp, err := e.post(ctx, base, "", init)
	if err != nil {
		return "", err
	}
	session := resp.Header.Get("Mcp-Session-Id")
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("initialize: HTTP %d", resp.StatusCode)
	}
	resp, err = e.post(ctx, base, session, []byte(`{"jsonrpc":"2.0","method":"notifications/initialized"}`))
	if err != nil {
		return "", err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return session, nil
}

// rawCall sends one tools/call and checks that a result came back.
func (e *env) rawCall(ctx context.Context, base, session string, body []byte) error {
	resp, err := e.post(ctx, base, session, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || !isToolResult(b) {
		return fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, b)
	}
	return nil
}

func (e *env) post(ctx context.Context, base, session string, body []byte) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/mcp", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Mcp-Protocol-Version", "2025-11-25")
	req.Header.Set("Content-Length", strconv.Itoa(len(body)))
	if session != "" {
		req.Header.Set("Mcp-Session-Id", session)
	}
	return e.hc.Do(req)
}
