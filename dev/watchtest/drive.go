package watchtest

import (
	"testing"
	"time"
)

// WaitFor is a liveness check only: it polls cond every millisecond with a
// generous bound (shared machines are slow; nothing here measures time).
func WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// Drive advances clk timer by timer until done holds. Each step first waits
// until n timers are armed (every goroutine that waits on the clock is
// blocked), so the order of events does not depend on scheduling.
func Drive(t testing.TB, clk *ManualClock, n int, done func() bool) {
	t.Helper()
	for range 100000 {
		WaitFor(t, "waiters to block on the clock", func() bool { return done() || clk.Pending() >= n })
		if done() {
			return
		}
		clk.AdvanceToNext()
	}
	t.Fatal("watchtest.Drive: too many steps")
}
