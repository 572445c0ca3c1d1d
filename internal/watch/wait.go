package watch

import (
	"context"
	"time"
)

// Waiter is a bounded wait with an injectable clock and schedule; the zero
// value uses wall time and DefaultSchedule.
type Waiter struct {
	Clock    Clock
	Schedule Schedule
}

// Wait polls ref until its video is completed or failed, the session pauses
// for the user, timeout passes or ctx ends. See Waiter.Wait.
func Wait(ctx context.Context, c Source, ref Ref, timeout time.Duration, onUpdate func(Snapshot)) (Snapshot, error) {
	return Waiter{}.Wait(ctx, c, ref, timeout, onUpdate)
}

// Wait fetches at once, then on the schedule. onUpdate (may be nil) runs after
// every successful fetch, so a caller can send progress as a keep-alive.
//
// It returns:
//   - (snap, nil) with snap.Done when the video completed;
//   - (snap, nil) with snap.NeedsInput when a chat session waits for the user;
//   - (snap, nil) with neither when timeout passed (call again later), or the
//     last transient error when no fetch succeeded at all;
//   - (snap, *FailedError) when the session or video failed (snap.Failed);
//   - (snap, ctx.Err()) when ctx ended; the video itself is not stopped;
//   - (snap, err) for a fatal HeyGen error (404, 401, bad id...).
//
// Transient errors (5xx, 429, network) back off and continue within timeout.
// A non-positive timeout does exactly one fetch.
func (w Waiter) Wait(ctx context.Context, c Source, ref Ref, timeout time.Duration, onUpdate func(Snapshot)) (Snapshot, error) {
	if err := ref.Validate(); err != nil {
		return Snapshot{}, err
	}
	clock := w.Clock
	if clock == nil {
		clock = RealClock()
	}
	sched := w.Schedule.withDefaults()
	deadline := clock.Now().Add(timeout)
	tr := newTracker(c, ref)
	polls, errs := 0, 0
	succeeded := false
	for {
		snap, err := tr.step(ctx)
		polls++
		if ctx.Err() != nil {
			return snap, ctx.Err()
		}
		var delay time.Duration
		switch {
		case err != nil && Transient(err):
			errs++
			delay = sched.ErrorDelay(errs, err)
		case err != nil:
			return snap, err
		default:
			errs, succeeded = 0, true
			if onUpdate != nil {
				onUpdate(snap)
			}
			if snap.Done || snap.NeedsInput {
				return snap, nil
			}
			delay = sched.Delay(polls)
		}
		left := deadline.Sub(clock.Now())
		if left <= 0 {
			if err != nil && !succeeded {
				return snap, err // HeyGen never answered: say why rather than "not done"
			}
			return snap, nil
		}
		// The last fetch lands exactly on the deadline, so the answer is fresh.
		delay = min(delay, left)
		timer := clock.NewTimer(delay)
		select {
		case <-ctx.Done():
			timer.Stop()
			return snap, ctx.Err()
		case <-timer.C():
		}
	}
}
