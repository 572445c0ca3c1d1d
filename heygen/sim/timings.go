package sim

import "time"

// Timings are the durations of the simulated phases. DefaultTimings are close to
// what HeyGen users report for a short video; Scale shortens them for the sandbox.
type Timings struct {
	// Thinking is how long the agent works after create before it pauses (chat) or
	// starts rendering (generate).
	Thinking time.Duration
	// Replying is how long the agent thinks after a sent message before it pauses
	// again or starts rendering.
	Replying time.Duration
	// Queued is how long a new video stays "pending" before it is "processing".
	Queued time.Duration
	// Rendering is how long a video stays "processing" before completed/failed.
	Rendering time.Duration
	// RetryAfter is what a 429 asks the caller to wait.
	RetryAfter time.Duration
}

// DefaultTimings are "real-ish": a generate-mode video takes 2 min thinking +
// 30 s queued + 4 min rendering = 6.5 min. Users report 20-45 min for real
// Video Agent runs (inferred); a few minutes keeps a real-time sandbox
// usable while still forcing callers to poll.
func DefaultTimings() Timings {
	return Timings{
		Thinking:   2 * time.Minute,
		Replying:   time.Minute,
		Queued:     30 * time.Second,
		Rendering:  4 * time.Minute,
		RetryAfter: 30 * time.Second,
	}
}

// Scale divides every duration by f (f = 15 turns the 6.5 min default into 26 s).
// A non-positive f returns t unchanged. No duration drops below a millisecond, so
// phases keep their order.
func (t Timings) Scale(f float64) Timings {
	if f <= 0 {
		return t
	}
	div := func(d time.Duration) time.Duration {
		s := time.Duration(float64(d) / f)
		if s < time.Millisecond {
			s = time.Millisecond
		}
		return s
	}
	return Timings{
		Thinking:   div(t.Thinking),
		Replying:   div(t.Replying),
		Queued:     div(t.Queued),
		Rendering:  div(t.Rendering),
		RetryAfter: div(t.RetryAfter),
	}
}

// total is the generate-mode wall time from create to a terminal state.
func (t Timings) total() time.Duration { return t.Thinking + t.Queued + t.Rendering }
