package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"
	"time"
)

// recorder collects latencies and errors per call name.
type recorder struct {
	mu      sync.Mutex
	lat     map[string][]time.Duration
	errs    map[string]int
	samples map[string]string // first error text per name
	elapsed time.Duration
}

func newRecorder() *recorder {
	return &recorder{lat: map[string][]time.Duration{}, errs: map[string]int{}, samples: map[string]string{}}
}

func (r *recorder) add(name string, d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lat[name] = append(r.lat[name], d)
	if err != nil {
		r.errs[name]++
		if _, ok := r.samples[name]; !ok {
			r.samples[name] = err.Error()
		}
	}
}

func (r *recorder) names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ns []string
	for n := range r.lat {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

// summary of one name ("" = all names together).
type summary struct {
	calls, errors int
	rate          float64 // calls per second
	p50, p95, p99 time.Duration
}

func (r *recorder) summary(name string) summary {
	r.mu.Lock()
	defer r.mu.Unlock()
	var all []time.Duration
	errs := 0
	for n, l := range r.lat {
		if name == "" || n == name {
			all = append(all, l...)
			errs += r.errs[n]
		}
	}
	s := summary{calls: len(all), errors: errs}
	if r.elapsed > 0 {
		s.rate = float64(len(all)) / r.elapsed.Seconds()
	}
	slices.Sort(all)
	s.p50, s.p95, s.p99 = percentile(all, 50), percentile(all, 95), percentile(all, 99)
	return s
}

// percentile of sorted durations (nearest rank); 0 for none.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(p/100*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

func header() string {
	return fmt.Sprintf("   %-34s %9s %7s %9s %10s %10s %10s", "", "calls", "errors", "calls/s", "p50", "p95", "p99")
}

func (s summary) line(label string) string {
	return fmt.Sprintf("   %-34s %9d %7d %9.0f %10s %10s %10s", label, s.calls, s.errors, s.rate, round(s.p50), round(s.p95), round(s.p99))
}

func round(d time.Duration) time.Duration {
	switch {
	case d >= 100*time.Millisecond:
		return d.Round(time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	default:
		return d.Round(time.Microsecond)
	}
}

func (r *recorder) printErrors(w io.Writer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for n, c := range r.errs {
		fmt.Fprintf(w, "   ERRORS %s: %d, first: %s\n", n, c, r.samples[n])
	}
}
