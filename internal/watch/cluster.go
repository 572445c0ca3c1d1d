package watch

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// Cluster is what a hub shared by several replicas needs (internal/cluster
// implements it over Redis): a lease per watched resource, so that one
// replica polls it, and a channel every replica listens to for the holder's
// updates and for hints.
type Cluster interface {
	// TryLease takes the lease on name, or renews it if this replica holds
	// it, for ttl; held reports whether this replica holds it afterwards.
	TryLease(ctx context.Context, name string, ttl time.Duration) (held bool, err error)
	// ReleaseLease gives the lease up if this replica holds it.
	ReleaseLease(ctx context.Context, name string) error
	// Publish sends payload to the other replicas subscribed to topic.
	Publish(ctx context.Context, topic string, payload []byte) error
	// Subscribe calls fn, in order, with what other replicas publish to topic.
	Subscribe(topic string, fn func(payload []byte)) (stop func(), err error)
}

// Topic is the channel shared hubs talk on.
const Topic = "watch"

// DefaultLeaseTTL is how long a poll lease outlives its holder: a replica
// that dies is replaced by another with subscribers within about this long.
// The holder renews it every third of it.
const DefaultLeaseTTL = 10 * time.Second

// broadcastTimeout bounds one publish, so a slow Redis cannot stall a poller
// or a webhook delivery for long.
const broadcastTimeout = 3 * time.Second

// NewSharedHub returns a hub that shares its pollers with the hubs of other
// replicas through c: for each watched (tenant, resource) only the replica
// holding the lease fetches from HeyGen, and its updates reach the
// subscribers of every replica. A replica whose subscribers outlive the
// holder (it died, or its last subscriber left) takes the lease over and
// fetches at once. Bounded waits on a replica that does not poll ask the
// holder to fetch (on the schedule a local wait would poll at).
func NewSharedHub(o HubOptions, c Cluster) (*Hub, error) {
	if c == nil {
		return nil, errors.New("watch: NewSharedHub needs a cluster")
	}
	h := NewHub(o)
	h.cluster = c
	h.leaseTTL = cmp.Or(o.LeaseTTL, DefaultLeaseTTL)
	stop, err := c.Subscribe(Topic, h.onMessage)
	if err != nil {
		h.Close()
		return nil, err
	}
	h.stopListen = stop
	return h, nil
}

// Message kinds on Topic.
const (
	msgUpdate = "update" // the holder fetched: Key, Update
	msgHint   = "hint"   // a webhook named Ref: holders re-fetch
	msgPoke   = "poke"   // a waiter elsewhere started: fetch Key now
	msgEager  = "eager"  // waiters elsewhere still wait: poll Key on the fast schedule
)

type wireMsg struct {
	Kind   string      `json:"kind"`
	Key    *wireKey    `json:"key,omitempty"`
	Ref    *Ref        `json:"ref,omitempty"`
	Update *wireUpdate `json:"update,omitempty"`
}

type wireKey struct {
	Tenant string `json:"tenant"` // creds.Tenant: a hash, never the key
	Kind   string `json:"kind"`
	ID     string `json:"id"`
}

func (k watchKey) wire() *wireKey { return &wireKey{Tenant: k.tenant, Kind: k.kind, ID: k.id} }

func (k wireKey) key() watchKey { return watchKey{tenant: k.Tenant, kind: k.Kind, id: k.ID} }

// leaseName names the lease of one poller.
func (k watchKey) leaseName() string { return k.tenant + "/" + k.kind + "/" + k.id }

type wireUpdate struct {
	Snapshot Snapshot `json:"snapshot"`
	Err      *wireErr `json:"err,omitempty"`
	Final    bool     `json:"final,omitempty"`
	Changed  bool     `json:"changed,omitempty"`
}

// wireErr carries what subscribers look at in an error: its text, whether it
// is transient, a failed video's details, HeyGen's status and code (so
// heygen.IsNotFound and the like still answer).
type wireErr struct {
	Message   string           `json:"message"`
	Transient bool             `json:"transient,omitempty"`
	Failed    *FailedError     `json:"failed,omitempty"`
	API       *heygen.APIError `json:"api,omitempty"`
}

func toWire(u Update, changed bool) *wireUpdate {
	w := &wireUpdate{Snapshot: u.Snapshot, Final: u.Final, Changed: changed}
	if u.Err != nil {
		w.Err = &wireErr{Message: u.Err.Error(), Transient: Transient(u.Err)}
		var fe *FailedError
		var ae *heygen.APIError
		switch {
		case errors.As(u.Err, &fe):
			w.Err.Failed = fe
		case errors.As(u.Err, &ae):
			cp := *ae
			cp.Body = "" // a raw excerpt is not needed to classify
			w.Err.API = &cp
		}
	}
	return w
}

func (w *wireUpdate) update() Update {
	u := Update{Snapshot: w.Snapshot, Final: w.Final}
	if w.Err != nil {
		switch {
		case w.Err.Failed != nil:
			u.Err = w.Err.Failed
		default:
			re := &remoteError{msg: w.Err.Message, transient: w.Err.Transient}
			if w.Err.API != nil {
				re.cause = w.Err.API
			}
			u.Err = re
		}
	}
	return u
}

// remoteError is an error another replica's poller got, as it was told.
type remoteError struct {
	msg       string
	transient bool
	cause     error
}

func (e *remoteError) Error() string { return e.msg }
func (e *remoteError) Unwrap() error { return e.cause }

// broadcast publishes m to the other replicas; a failure is logged (the
// lease's takeover fetch and the safety-net polls cover a lost message).
func (h *Hub) broadcast(m wireMsg) {
	b, err := json.Marshal(m)
	if err != nil {
		h.log.Warn("watch: message not encodable", "kind", m.Kind, "err", err)
		return
	}
	ctx, cancel := context.WithTimeout(h.ctx, broadcastTimeout)
	defer cancel()
	if err := h.cluster.Publish(ctx, Topic, b); err != nil && h.ctx.Err() == nil {
		h.log.Warn("watch: message to other replicas not sent", "kind", m.Kind, "err", err)
	}
}

// onMessage handles what another replica published.
func (h *Hub) onMessage(p []byte) {
	var m wireMsg
	if err := json.Unmarshal(p, &m); err != nil {
		h.log.Warn("watch: unreadable message from another replica", "err", err)
		return
	}
	switch {
	case m.Kind == msgHint && m.Ref != nil:
		h.hintLocal(*m.Ref)
	case m.Kind == msgPoke && m.Key != nil:
		if w := h.lookup(m.Key.key()); w != nil && w.held.Load() {
			w.poke()
		}
	case m.Kind == msgEager && m.Key != nil:
		if w := h.lookup(m.Key.key()); w != nil && w.held.Load() {
			w.remoteEagerUntil.Store(h.clock.Now().Add(2 * h.fast.Max).UnixNano())
			select {
			case w.eagerSig <- struct{}{}:
			default:
			}
		}
	case m.Kind == msgUpdate && m.Key != nil && m.Update != nil:
		if w := h.lookup(m.Key.key()); w != nil {
			w.deliverRemote(*m.Update)
		}
	}
}

func (h *Hub) lookup(k watchKey) *watcher {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.watchers[k]
}

// deliverRemote hands the poller the newest remote update (an older one not
// yet read is replaced: the holder's updates are whole states).
func (w *watcher) deliverRemote(u wireUpdate) {
	for {
		select {
		case w.remote <- u:
			return
		default:
			select {
			case <-w.remote:
			default:
			}
		}
	}
}

func (h *Hub) eager(w *watcher) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return w.eager > 0
}

// runShared is run for a shared hub: the same poller, but it fetches only
// while it holds the lease; otherwise it passes on the holder's updates and
// asks the holder to fetch for its bounded waits.
func (h *Hub) runShared(ctx context.Context, w *watcher) {
	defer h.wg.Done()
	name := w.key.leaseName()
	defer func() {
		if w.held.Swap(false) {
			rctx, cancel := context.WithTimeout(context.Background(), broadcastTimeout)
			defer cancel()
			if err := h.cluster.ReleaseLease(rctx, name); err != nil {
				h.log.Debug("watch: lease not released; it expires", "ref", w.ref.String(), "err", err)
			}
		}
	}()
	tryLease := func() bool {
		held, err := h.cluster.TryLease(ctx, name, h.leaseTTL)
		if err != nil && ctx.Err() == nil {
			// Without the shared state nobody can tell who polls: poll here
			// rather than leave the subscribers without updates.
			h.log.Warn("watch: lease check failed; polling from this replica", "ref", w.ref.String(), "err", err)
			held = true
		}
		return held
	}
	// The first round before anything else, so a waiter's poke (already in
	// w.hint) is served by the right side.
	w.held.Store(tryLease())
	if ctx.Err() != nil {
		return
	}
	tr := newTracker(w.src, w.ref)
	var prevKey string
	var lastFetch time.Time
	polls, errs, waits := 0, 0, 0
	lease := h.clock.NewTimer(h.leaseTTL / 3)
	timer := h.clock.NewTimer(h.schedule(w).First)
	timerSlow := h.schedule(w) == h.slow // the running timer is on the slow schedule
	defer func() { lease.Stop(); timer.Stop() }()
	for {
		select {
		case <-ctx.Done():
			return
		case <-lease.C():
			was := w.held.Load()
			held := tryLease()
			w.held.Store(held)
			lease = h.clock.NewTimer(h.leaseTTL / 3)
			if held != was {
				h.log.Debug("watch: poll lease changed hands", "ref", w.ref.String(), "held", held)
			}
			if !held || was {
				continue
			}
			// Taken over from a holder that died or left: fetch now, an
			// update may have been missed meanwhile.
			timer.Stop()
		case <-timer.C():
			if !w.held.Load() {
				// A follower: while it has bounded waits, the holder is asked
				// to keep the fast schedule (one poll loop for every waiter).
				waits++
				if h.eager(w) {
					h.broadcast(wireMsg{Kind: msgEager, Key: w.key.wire()})
				}
				timer = h.clock.NewTimer(h.schedule(w).Delay(waits))
				continue
			}
		case <-w.hint:
			if !w.held.Load() {
				// Only local pokes (a waiter arriving) reach a follower.
				h.broadcast(wireMsg{Kind: msgPoke, Key: w.key.wire()})
				continue
			}
			timer.Stop()
			if polls > 0 && !h.waitMinGap(ctx, w, lastFetch) {
				return
			}
		case <-w.eagerSig:
			// Waiters elsewhere: come off the slow schedule now, once; later
			// keep-alives leave the running timer alone.
			if w.held.Load() && timerSlow && h.schedule(w) == h.fast {
				timer.Stop()
				timer, timerSlow = h.clock.NewTimer(h.fast.Delay(max(polls, 1))), false
			}
			continue
		case r := <-w.remote:
			if w.held.Load() {
				continue // this replica fetches itself
			}
			u := r.update()
			if u.Final {
				h.finish(w, u)
				return
			}
			h.publish(w, u, r.Changed)
			continue
		}
		snap, err := tr.step(ctx)
		lastFetch = h.clock.Now()
		polls++
		if ctx.Err() != nil {
			return
		}
		h.log.Debug("watch: fetched as the lease holder", "ref", w.ref.String(), "polls", polls, "done", snap.Done, "err", err)
		sched := h.schedule(w)
		if err != nil && Transient(err) {
			errs++
			u := Update{Snapshot: snap, Err: err}
			h.broadcast(wireMsg{Kind: msgUpdate, Key: w.key.wire(), Update: toWire(u, false)})
			h.publish(w, u, false)
			timer, timerSlow = h.clock.NewTimer(sched.ErrorDelay(errs, err)), sched == h.slow
			continue
		}
		errs = 0
		final := err != nil || snap.Done
		key := snap.changeKey()
		changed := key != prevKey
		prevKey = key
		u := Update{Snapshot: snap, Err: err, Final: final}
		// Every fetch, as locally: a follower's bounded waits need one made
		// after they started; its subscriptions hear of changes only.
		h.broadcast(wireMsg{Kind: msgUpdate, Key: w.key.wire(), Update: toWire(u, changed)})
		if final {
			h.finish(w, u)
			if err != nil {
				h.log.Info("watch: stopped", "ref", w.ref.String(), "err", err)
			}
			return
		}
		h.publish(w, u, changed)
		timer, timerSlow = h.clock.NewTimer(sched.Delay(polls)), sched == h.slow
	}
}
