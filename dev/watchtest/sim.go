package watchtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
)

// Env is a simulator on a fake clock, with a ManualClock that advances both.
type Env struct {
	Sim   *sim.Simulator
	Clock *ManualClock
}

// Start is the fixed time every Env starts at.
var Start = time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)

// NewEnv builds a simulator on a FakeClock plus the clock tests hand to watch.
func NewEnv(opts ...sim.Option) *Env {
	fc := sim.NewFakeClock(Start)
	s := sim.New(append([]sim.Option{sim.WithClock(fc), sim.WithSeed(1)}, opts...)...)
	return &Env{Sim: s, Clock: NewManualClock(Start, s.Advance)}
}

// Auto returns an AutoClock sharing e.Clock's time.
func (e *Env) Auto() AutoClock { return AutoClock{M: e.Clock} }

// Client returns a HeyGen client for key talking to the simulator in-process,
// with client-level retries off so tests count exactly what the watcher asks.
func (e *Env) Client(key string) *heygen.Client {
	c, err := heygen.NewClient(
		heygen.WithBaseURL("https://api.heygen.test"),
		heygen.WithAPIKey(key),
		heygen.WithHTTPClient(HandlerClient(e.Sim)),
		heygen.WithRetryPolicy(heygen.RetryPolicy{}),
		heygen.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }),
	)
	if err != nil {
		panic("watchtest: building a simulator client: " + err.Error()) // test setup only; options are constants
	}
	return c
}

// HandlerClient is an *http.Client whose requests are served by h in-process.
func HandlerClient(h http.Handler) *http.Client {
	return &http.Client{Transport: handlerTransport{h}}
}

type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}
