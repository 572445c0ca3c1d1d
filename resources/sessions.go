package resources

import (
	"context"
	"slices"
	"sync"
	"time"
)

// DefaultSessionsPerTenant bounds what resources/list shows per caller.
const DefaultSessionsPerTenant = 50

// Entry is one session this server created.
type Entry struct {
	SessionID string
	Title     string
	Created   time.Time
}

// Sessions remembers, per tenant, the sessions this server created (newest
// first, bounded), for resources/list. Add is what create_video calls.
type Sessions struct {
	limit int
	now   func() time.Time

	mu       sync.Mutex
	byTenant map[string][]Entry
	changed  func(ctx context.Context, tenant string) // set by Register: list_changed fan-out
}

// NewSessions returns a registry keeping at most limit sessions per tenant
// (DefaultSessionsPerTenant when limit <= 0).
func NewSessions(limit int) *Sessions {
	if limit <= 0 {
		limit = DefaultSessionsPerTenant
	}
	return &Sessions{limit: limit, now: time.Now, byTenant: map[string][]Entry{}}
}

// Add records a session for tenant (moving it to the front if known; a
// non-empty title replaces the old one) and tells that tenant's connected
// clients the resource list changed. Empty tenant or id is ignored.
func (r *Sessions) Add(ctx context.Context, tenant, sessionID, title string) {
	if tenant == "" || sessionID == "" {
		return
	}
	r.mu.Lock()
	list := r.byTenant[tenant]
	e := Entry{SessionID: sessionID, Title: title, Created: r.now()}
	if i := slices.IndexFunc(list, func(x Entry) bool { return x.SessionID == sessionID }); i >= 0 {
		if title == "" {
			e.Title = list[i].Title
		}
		list = slices.Delete(list, i, i+1)
	}
	list = append([]Entry{e}, list...)
	if len(list) > r.limit {
		list = list[:r.limit]
	}
	r.byTenant[tenant] = list
	changed := r.changed
	r.mu.Unlock()
	if changed != nil {
		changed(ctx, tenant)
	}
}

// List returns tenant's sessions, newest first.
func (r *Sessions) List(tenant string) []Entry {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.byTenant[tenant])
}

// Has reports whether tenant created sessionID through this server.
func (r *Sessions) Has(tenant, sessionID string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.ContainsFunc(r.byTenant[tenant], func(e Entry) bool { return e.SessionID == sessionID })
}

func (r *Sessions) onChange(f func(ctx context.Context, tenant string)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.changed = f
}
