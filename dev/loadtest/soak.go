package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
)

// soakResult is what the soak saw: samples of the server and call totals.
type soakResult struct {
	samples       []Stats
	calls, errors int64
	subscribed    int
}

// soakPhase runs the mix at a gentle pace (cfg.think between a session's
// calls) for cfg.soak, with cfg.subscribe sessions also subscribed to a
// session resource when the server offers subscriptions, and samples the
// server's live memory (after a GC) and goroutines every cfg.sample.
func (e *env) soakPhase(ctx context.Context) (soakResult, error) {
	out := e.cfg.out
	var res soakResult
	ss, err := e.openSessions(ctx, e.cfg.sessions, 32)
	if err != nil {
		return res, err
	}
	defer closeSessions(ss)
	for i, s := range ss {
		if i >= e.cfg.subscribe || !s.subs {
			break
		}
		req := mcp.SubscribeRequest{}
		req.Params.URI = "heygen://sessions/" + e.chatID
		if err := s.c.Subscribe(ctx, req); err != nil {
			return res, fmt.Errorf("subscribe: %w", err)
		}
		res.subscribed++
	}
	subNote := fmt.Sprintf("%d sessions subscribed to heygen://sessions/%s", res.subscribed, e.chatID)
	if len(ss) > 0 && !ss[0].subs {
		subNote = "no subscriptions: the server does not offer resources/subscribe"
	}
	fmt.Fprintf(out, "\n== soak: %d MCP sessions for %s, %s between a session's calls, mix %s; %s\n", len(ss), e.cfg.soak, e.cfg.think, e.cfg.mix, subNote)
	fmt.Fprintf(out, "   %8s %9s %7s %11s %10s %10s\n", "elapsed", "calls", "errors", "goroutines", "live heap", "RSS")

	var calls, errs atomic.Int64
	// Samples are taken at rest: the sampler holds quiet while it reads the
	// server, so no call is in flight and the live heap is what the server
	// keeps, not what calls in flight happen to hold at that instant.
	var quiet sync.RWMutex
	var firstErr atomic.Value
	sctx, cancel := context.WithTimeout(ctx, e.cfg.soak)
	defer cancel()
	var wg sync.WaitGroup
	for w, s := range ss {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 11))
			t := time.NewTimer(0)
			defer t.Stop()
			for {
				select {
				case <-sctx.Done():
					return
				case <-t.C:
				}
				quiet.RLock()
				err := e.callTool(sctx, s, pick(e.mixOps, r))
				quiet.RUnlock()
				if sctx.Err() != nil {
					return
				}
				calls.Add(1)
				if err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err)
				}
				t.Reset(e.cfg.think)
			}
		})
	}
	began := time.Now()
	sample := func() {
		quiet.Lock()
		st, err := e.srv.stats(ctx, e.hc, true)
		quiet.Unlock()
		if err != nil {
			fmt.Fprintf(out, "   stats: %v\n", err)
			return
		}
		res.samples = append(res.samples, st)
		fmt.Fprintf(out, "   %8s %9d %7d %11d %10s %10s\n", time.Since(began).Round(time.Second), calls.Load(), errs.Load(),
			st.Goroutines, mb(st.HeapAlloc), kb(st.RSSKB))
	}
	tick := time.NewTicker(e.cfg.sample)
	defer tick.Stop()
loop:
	for {
		select {
		case <-sctx.Done():
			break loop
		case <-tick.C:
			sample()
		}
	}
	wg.Wait()
	sample()
	res.calls, res.errors = calls.Load(), errs.Load()
	if err, _ := firstErr.Load().(error); err != nil {
		fmt.Fprintf(out, "   first error: %v\n", err)
	}
	closeSessions(ss)
	ss = nil
	if st, err := e.srv.stats(ctx, e.hc, true); err == nil {
		fmt.Fprintf(out, "   after closing every session: goroutines %d, live heap %s, RSS %s\n", st.Goroutines, mb(st.HeapAlloc), kb(st.RSSKB))
	}
	if n := len(res.samples); n >= 3 {
		a, b := res.samples[1], res.samples[n-1] // the first sample is warm-up
		fmt.Fprintf(out, "   from the 2nd to the last sample: goroutines %+d, live heap %+.1f MB (%+.1f%%), RSS %+.1f MB\n",
			b.Goroutines-a.Goroutines, float64(b.HeapAlloc-a.HeapAlloc)/(1<<20), 100*float64(b.HeapAlloc-a.HeapAlloc)/float64(max(a.HeapAlloc, 1)),
			float64(b.RSSKB-a.RSSKB)/1024)
	}
	return res, nil
}
