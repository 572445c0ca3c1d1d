package webhook

import (
	"sync"
	"time"
)

// DefaultRefusalLogInterval is how often, at most, a refused delivery is
// logged. The receiver is reachable by anyone who knows the public URL, so
// one line per refusal would let a sender fill the log (and the disk behind
// it) at the rate it can post; one line a minute, carrying how many
// refusals it stands for, keeps the signal without the flood.
const DefaultRefusalLogInterval = time.Minute

// refusalLog decides which refusals are logged: the first one, then the
// first one after each interval. The refusals it holds back are counted and
// reported on the next line it lets through.
type refusalLog struct {
	interval time.Duration
	now      func() time.Time

	mu         sync.Mutex
	last       time.Time // when the last line was let through; zero before the first
	suppressed int       // refusals held back since then
}

func newRefusalLog(interval time.Duration, now func() time.Time) *refusalLog {
	if interval <= 0 {
		interval = DefaultRefusalLogInterval
	}
	if now == nil {
		now = time.Now
	}
	return &refusalLog{interval: interval, now: now}
}

// allow reports whether this refusal gets a log line and, if so, how many
// earlier refusals went unlogged since the previous line.
func (l *refusalLog) allow() (ok bool, suppressed int) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.last.IsZero() && now.Sub(l.last) < l.interval {
		l.suppressed++
		return false, 0
	}
	suppressed, l.suppressed, l.last = l.suppressed, 0, now
	return true, suppressed
}
