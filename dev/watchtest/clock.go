// Package watchtest has clocks for testing watch (and its users) without wall
// time: a ManualClock the test advances, and an AutoClock whose every wait
// advances time at once. Both can drive the simulator's clock along.
package watchtest

import (
	"sort"
	"sync"
	"time"

	"github.com/heygen-mcp/heygen-mcp/internal/watch"
)

// ManualClock implements watch.Clock. Time moves only through Advance or
// AdvanceToNext, which first call the advance hook (e.g. sim.Advance, so the
// simulator's transitions and callbacks happen) and then fire due timers.
type ManualClock struct {
	advance func(time.Duration)

	mu     sync.Mutex
	now    time.Time
	timers []timer
}

type timer struct {
	at time.Time
	ch chan time.Time
}

// manualTimer implements watch.Timer on a ManualClock.
type manualTimer struct {
	c  *ManualClock
	ch chan time.Time
}

func (t manualTimer) C() <-chan time.Time { return t.ch }

// Stop removes the timer if it has not fired; it reports whether it did.
func (t manualTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	for i, x := range t.c.timers {
		if x.ch == t.ch {
			t.c.timers = append(t.c.timers[:i], t.c.timers[i+1:]...)
			return true
		}
	}
	return false
}

// NewManualClock starts at start; advance (may be nil) runs on every Advance.
func NewManualClock(start time.Time, advance func(time.Duration)) *ManualClock {
	return &ManualClock{now: start, advance: advance}
}

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// NewTimer returns a timer that fires once the clock reaches now+d; d <= 0 fires at once.
func (c *ManualClock) NewTimer(d time.Duration) watch.Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return manualTimer{c: c, ch: ch}
	}
	c.timers = append(c.timers, timer{at: c.now.Add(d), ch: ch})
	return manualTimer{c: c, ch: ch}
}

// Pending is how many timers are armed: with every waiter stopping the timers
// it abandons, this is how many goroutines are waiting on the clock.
func (c *ManualClock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// Advance moves time by d: the hook first, then every timer now due fires.
func (c *ManualClock) Advance(d time.Duration) {
	if d < 0 {
		d = 0
	}
	if c.advance != nil && d > 0 {
		c.advance(d)
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	now := c.now
	var due []timer
	kept := c.timers[:0]
	for _, t := range c.timers {
		if !t.at.After(now) {
			due = append(due, t)
		} else {
			kept = append(kept, t)
		}
	}
	c.timers = kept
	c.mu.Unlock()
	sort.Slice(due, func(i, j int) bool { return due[i].at.Before(due[j].at) })
	for _, t := range due {
		t.ch <- now
	}
}

// AdvanceToNext advances to the earliest pending timer and fires it, returning
// the step; false when nothing is pending.
func (c *ManualClock) AdvanceToNext() (time.Duration, bool) {
	c.mu.Lock()
	if len(c.timers) == 0 {
		c.mu.Unlock()
		return 0, false
	}
	next := c.timers[0].at
	for _, t := range c.timers[1:] {
		if t.at.Before(next) {
			next = t.at
		}
	}
	d := next.Sub(c.now)
	c.mu.Unlock()
	c.Advance(d)
	return d, true
}

// AutoClock implements watch.Clock for a single waiting goroutine: NewTimer(d)
// advances the underlying ManualClock by d at once and returns a fired channel,
// so a whole Wait runs instantly and deterministically. Env.Auto makes one.
type AutoClock struct{ M *ManualClock }

// Now returns the clock's time.
func (c AutoClock) Now() time.Time { return c.M.Now() }

// NewTimer advances time by d and returns a timer that has already fired.
func (c AutoClock) NewTimer(d time.Duration) watch.Timer {
	c.M.Advance(d)
	return c.M.NewTimer(0)
}
