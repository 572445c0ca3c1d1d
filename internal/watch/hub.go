package watch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

var _ Source = (*heygen.Client)(nil)

// ErrHubClosed is returned by Subscribe and Wait after Close.
var ErrHubClosed = errors.New("watch: hub is shut down")

// Update is what a subscriber is told. Final means the watcher has stopped:
// Snapshot.Done is set, or Err says why it gave up (a *FailedError for a
// failed video, a HeyGen error such as not-found or unauthorized otherwise).
type Update struct {
	Snapshot Snapshot
	Err      error
	Final    bool
}

// HubOptions configure a Hub; zero values take defaults.
type HubOptions struct {
	Clock    Clock    // default RealClock
	Schedule Schedule // default DefaultSchedule: used while webhooks are off or a waiter is present
	// Webhooks means deliveries call Hint, so subscription-only watchers poll on
	// WebhookSchedule (a slow safety net) instead of Schedule.
	Webhooks        bool
	WebhookSchedule Schedule // default WebhookSchedule()
	Logger          *slog.Logger
	// LeaseTTL is how long a replica's poll lease lasts without renewal
	// (NewSharedHub only); 0 = DefaultLeaseTTL.
	LeaseTTL time.Duration
}

// Hub runs one shared poller per (tenant, resource) for any number of
// subscribers. A poller stops at a terminal state, when its last subscriber
// leaves, or on Close; Close waits for every poller goroutine.
type Hub struct {
	clock    Clock
	fast     Schedule
	slow     Schedule
	webhooks bool
	log      *slog.Logger

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	// cluster, when set (NewSharedHub), shares pollers with other replicas
	// (cluster.go); stopListen ends its subscription.
	cluster    Cluster
	leaseTTL   time.Duration
	stopListen func()

	mu       sync.Mutex
	closed   bool
	watchers map[watchKey]*watcher
	nextSub  uint64
}

// watchKey keys pollers by tenant so one tenant's subscription never reuses
// (or reveals) another tenant's fetches.
type watchKey struct{ tenant, kind, id string }

// NewHub returns a running hub; call Close when done.
func NewHub(o HubOptions) *Hub {
	if o.Clock == nil {
		o.Clock = RealClock()
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	slow := o.WebhookSchedule
	if slow == (Schedule{}) {
		slow = WebhookSchedule()
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Hub{
		clock: o.Clock, fast: o.Schedule.withDefaults(), slow: slow.withDefaults(), webhooks: o.Webhooks,
		log: o.Logger, ctx: ctx, cancel: cancel, watchers: map[watchKey]*watcher{},
	}
}

// Close stops every poller and waits for their goroutines. Subscribers get no
// further updates. It is safe to call more than once.
func (h *Hub) Close() {
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
	h.cancel()
	h.wg.Wait()
	if h.stopListen != nil {
		h.stopListen()
	}
}

// Watchers is how many pollers are running (for tests and metrics).
func (h *Hub) Watchers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.watchers)
}

type subscriber struct {
	fn    func(Update)
	eager bool // a bounded Wait: wants every fetch and the fast schedule
}

type watcher struct {
	key    watchKey
	ref    Ref
	src    Source
	cancel context.CancelFunc
	hint   chan struct{} // cap 1: hints coalesce

	// Shared hubs only: held says this replica polls (it holds the lease);
	// remote brings the updates the holder elsewhere fetched.
	held   atomic.Bool
	remote chan wireUpdate
	// remoteEagerUntil (unix ns on the hub's clock): a bounded wait on
	// another replica wants the fast schedule until then; eagerSig wakes the
	// holder when that starts.
	remoteEagerUntil atomic.Int64
	eagerSig         chan struct{}

	// Guarded by Hub.mu.
	subs    map[uint64]*subscriber
	eager   int
	videoID string // learned video id, for Hint matching
	last    *Snapshot
}

// Subscribe attaches fn to the shared poller for (tenant, ref), starting it if
// needed. fn runs on the poller goroutine when status, progress, video_id or
// the question changes (and on the first fetch), and once more with Final set;
// it must not block. The returned func unsubscribes (idempotent); the last
// unsubscribe stops the poller.
func (h *Hub) Subscribe(tenant string, src Source, ref Ref, fn func(Update)) (unsubscribe func(), err error) {
	unsub, _, err := h.subscribe(tenant, src, ref, &subscriber{fn: fn})
	return unsub, err
}

func (h *Hub) subscribe(tenant string, src Source, ref Ref, sub *subscriber) (func(), *Snapshot, error) {
	if tenant == "" {
		return nil, nil, errors.New("watch: tenant is required")
	}
	if src == nil || sub.fn == nil {
		return nil, nil, errors.New("watch: source and callback are required")
	}
	if err := ref.Validate(); err != nil {
		return nil, nil, err
	}
	key := ref.key(tenant)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, nil, ErrHubClosed
	}
	w, ok := h.watchers[key]
	if !ok {
		ctx, cancel := context.WithCancel(h.ctx)
		w = &watcher{key: key, ref: ref, src: src, cancel: cancel, hint: make(chan struct{}, 1),
			subs: map[uint64]*subscriber{}, videoID: ref.VideoID}
		h.watchers[key] = w
		h.wg.Add(1)
		if h.cluster != nil {
			w.remote = make(chan wireUpdate, 1)
			w.eagerSig = make(chan struct{}, 1)
			go h.runShared(ctx, w)
		} else {
			go h.run(ctx, w)
		}
	}
	h.nextSub++
	id := h.nextSub
	w.subs[id] = sub
	if sub.eager {
		w.eager++
	}
	var last *Snapshot
	if w.last != nil {
		cp := *w.last
		last = &cp
	}
	var once sync.Once
	return func() { once.Do(func() { h.unsubscribe(w, id) }) }, last, nil
}

func (h *Hub) unsubscribe(w *watcher, id uint64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	sub, ok := w.subs[id]
	if !ok {
		return
	}
	delete(w.subs, id)
	if sub.eager {
		w.eager--
	}
	if len(w.subs) == 0 && h.watchers[w.key] == w {
		delete(h.watchers, w.key)
		w.cancel()
	}
}

// Hint asks every poller watching ref (any tenant; matched on session id, a
// known video id or a translation id) to re-fetch now, e.g. after a webhook
// delivery. It carries no data: each poller asks HeyGen with its own tenant's
// key. It returns how many pollers were poked. A shared hub also passes the
// hint to the other replicas, where the lease holder re-fetches.
func (h *Hub) Hint(ref Ref) int {
	if h.cluster != nil {
		h.broadcast(wireMsg{Kind: msgHint, Ref: &ref})
	}
	return h.hintLocal(ref)
}

// hintLocal pokes this process's pollers of ref; on a shared hub only those
// that hold the lease (a follower does not poll).
func (h *Hub) hintLocal(ref Ref) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, w := range h.watchers {
		if h.cluster != nil && !w.held.Load() {
			continue
		}
		if (ref.SessionID != "" && w.ref.SessionID == ref.SessionID) || (ref.VideoID != "" && w.videoID == ref.VideoID) ||
			(ref.TranslationID != "" && w.ref.TranslationID == ref.TranslationID) {
			w.poke()
			n++
		}
	}
	return n
}

func (w *watcher) poke() {
	select {
	case w.hint <- struct{}{}:
	default:
	}
}

// Wait is the bounded wait of a tool call (wait_for_video, create_video's
// wait), on the shared poller: concurrent waits (and resource subscriptions)
// on one resource cost one poll loop, on the fast schedule while a wait is
// present. It forces a fresh fetch at the start (no stale
// "waiting_for_input") and never answers before a fetch made for this wait.
// onUpdate (may be nil) runs after every successful fetch while waiting, so a
// caller can send progress as a keep-alive.
//
// It returns:
//   - (snap, nil) with snap.Done when the video completed;
//   - (snap, nil) with snap.NeedsInput when a chat session waits for the user;
//   - (snap, nil) with neither when timeout passed (call again later), or
//     (snap, err) with the newest transient error when the last fetch before
//     the timeout failed (HeyGen kept failing: say why rather than "not done");
//   - (snap, *FailedError) when the session or video failed (snap.Failed);
//   - (snap, ctx.Err()) when ctx ended; the video itself is not stopped;
//   - (snap, ErrHubClosed) when the hub shut down (or was already closed);
//   - (snap, err) for a fatal HeyGen error (404, 401, bad id...), or an
//     invalid tenant, source or ref before any fetch.
//
// Transient errors (5xx, 429, 409, network, a garbled reply) back off on the
// poller's schedule and the wait goes on within timeout. A non-positive
// timeout returns after the first fetch.
func (h *Hub) Wait(ctx context.Context, tenant string, src Source, ref Ref, timeout time.Duration, onUpdate func(Snapshot)) (Snapshot, error) {
	updates := make(chan Update, 1)
	sub := &subscriber{eager: true, fn: func(u Update) {
		// Keep only the newest update: the waiter needs the latest state, never a backlog.
		for {
			select {
			case updates <- u:
				return
			default:
				select {
				case <-updates:
				default:
				}
			}
		}
	}}
	unsub, last, err := h.subscribe(tenant, src, ref, sub)
	if err != nil {
		return Snapshot{}, err
	}
	defer unsub()
	h.pokeKey(tenant, ref)
	var snap Snapshot
	if last != nil {
		snap = *last
	} else {
		snap = Snapshot{SessionID: ref.SessionID, VideoID: ref.VideoID, TranslationID: ref.TranslationID}
	}
	timer := h.clock.NewTimer(timeout)
	defer timer.Stop()
	// Answer only after at least one fetch made for this wait: a timer that
	// fires first must not hand back a stale snapshot (an already answered
	// question, say). fetched gates the timer until then.
	fetched := false
	timedOut := false
	// lastErr is the newest fetch's transient failure, cleared by a success: a
	// wait that ends while HeyGen keeps failing says so instead of looking like
	// an ordinary "not done yet".
	var lastErr error
	for {
		select {
		case <-ctx.Done():
			return snap, ctx.Err()
		case <-h.ctx.Done():
			return snap, ErrHubClosed
		case <-timer.C():
			if fetched {
				return snap, lastErr
			}
			timedOut = true
		case u := <-updates:
			fetched = true
			if u.Err != nil {
				if !Transient(u.Err) {
					return u.Snapshot, u.Err
				}
				lastErr = u.Err
				if timedOut {
					return snap, lastErr
				}
				continue
			}
			lastErr = nil
			snap = u.Snapshot
			if onUpdate != nil {
				onUpdate(snap)
			}
			if u.Final || snap.Done || snap.NeedsInput || timedOut {
				return snap, nil
			}
		}
	}
}

func (h *Hub) pokeKey(tenant string, ref Ref) {
	key := ref.key(tenant)
	h.mu.Lock()
	defer h.mu.Unlock()
	if w, ok := h.watchers[key]; ok {
		w.poke()
	}
}

// waitMinGap holds a hinted fetch until the schedule's MinGap has passed since
// lastFetch, so hints cannot make a watcher poll faster than that. It reports
// false when ctx ended first.
func (h *Hub) waitMinGap(ctx context.Context, w *watcher, lastFetch time.Time) bool {
	gap := lastFetch.Add(h.schedule(w).MinGap).Sub(h.clock.Now())
	if gap <= 0 {
		return true
	}
	g := h.clock.NewTimer(gap)
	select {
	case <-ctx.Done():
		g.Stop()
		return false
	case <-g.C():
		return true
	}
}

func (h *Hub) schedule(w *watcher) Schedule {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.webhooks && w.eager == 0 && h.clock.Now().UnixNano() >= w.remoteEagerUntil.Load() {
		return h.slow
	}
	return h.fast
}

// run is one poller. It fetches on the schedule or on a hint (no closer than
// MinGap to the previous fetch), publishes changes, and ends at a terminal
// state or a fatal error (telling subscribers) or when ctx ends (silently).
func (h *Hub) run(ctx context.Context, w *watcher) {
	defer h.wg.Done()
	tr := newTracker(w.src, w.ref)
	var prevKey string
	var lastFetch time.Time
	polls, errs := 0, 0
	timer := h.clock.NewTimer(h.schedule(w).First)
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C():
		case <-w.hint:
			timer.Stop()
			if polls > 0 && !h.waitMinGap(ctx, w, lastFetch) {
				return
			}
		}
		snap, err := tr.step(ctx)
		lastFetch = h.clock.Now()
		polls++
		if ctx.Err() != nil {
			return
		}
		sched := h.schedule(w)
		if err != nil && Transient(err) {
			errs++
			delay := sched.ErrorDelay(errs, err)
			h.log.Debug("watch: transient error, backing off", "ref", w.ref.String(), "delay", delay, "err", err)
			h.publish(w, Update{Snapshot: snap, Err: err}, false)
			timer = h.clock.NewTimer(delay)
			continue
		}
		errs = 0
		final := err != nil || snap.Done
		key := snap.changeKey()
		changed := key != prevKey
		prevKey = key
		if final {
			h.finish(w, Update{Snapshot: snap, Err: err, Final: true})
			if err != nil {
				h.log.Info("watch: stopped", "ref", w.ref.String(), "err", err)
			}
			return
		}
		h.publish(w, Update{Snapshot: snap}, changed)
		timer = h.clock.NewTimer(sched.Delay(polls))
	}
}

// publish tells subscribers: eager ones every time, the rest only on change.
// A transient error (changed=false, Err set) reaches only eager subscribers.
func (h *Hub) publish(w *watcher, u Update, changed bool) {
	h.mu.Lock()
	if u.Err == nil {
		cp := u.Snapshot
		w.last = &cp
		w.videoID = u.Snapshot.VideoID
	}
	subs := make([]*subscriber, 0, len(w.subs))
	for _, s := range w.subs {
		if s.eager || changed {
			subs = append(subs, s)
		}
	}
	h.mu.Unlock()
	for _, s := range subs {
		s.fn(u)
	}
}

// finish removes the watcher first, so a subscribe racing with the end starts a
// fresh watcher instead of joining a dead one, then tells every subscriber.
func (h *Hub) finish(w *watcher, u Update) {
	h.mu.Lock()
	if h.watchers[w.key] == w {
		delete(h.watchers, w.key)
	}
	subs := make([]*subscriber, 0, len(w.subs))
	for _, s := range w.subs {
		subs = append(subs, s)
	}
	w.subs = map[uint64]*subscriber{}
	h.mu.Unlock()
	w.cancel()
	for _, s := range subs {
		s.fn(u)
	}
}

// String helps logs and test failures.
func (k watchKey) String() string { return fmt.Sprintf("%s/%s", k.kind, k.id) }
