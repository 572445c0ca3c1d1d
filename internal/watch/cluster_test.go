package watch_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
)

// memBus is an in-memory watch.Cluster shared by hubs standing for replicas
// (internal/cluster has the Redis one): leases with a real expiry, and
// messages to every other node, in order.
type memBus struct {
	mu     sync.Mutex
	leases map[string]memLease
	subs   []memSub
}

type memLease struct {
	holder  string
	expires time.Time
}

type memSub struct {
	topic string
	node  *memNode
	fn    func([]byte)
}

// memNode is one replica's connection; a dead node (a SIGKILLed process)
// neither renews its leases nor sends or receives anything.
type memNode struct {
	bus  *memBus
	id   string
	dead atomic.Bool
}

func (b *memBus) node(id string) *memNode { return &memNode{bus: b, id: id} }

func (b *memBus) holder(name string) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if l, ok := b.leases[name]; ok && time.Now().Before(l.expires) {
		return l.holder
	}
	return ""
}

func (n *memNode) TryLease(_ context.Context, name string, ttl time.Duration) (bool, error) {
	if n.dead.Load() {
		return false, nil
	}
	n.bus.mu.Lock()
	defer n.bus.mu.Unlock()
	l, ok := n.bus.leases[name]
	if ok && l.holder != n.id && time.Now().Before(l.expires) {
		return false, nil
	}
	n.bus.leases[name] = memLease{holder: n.id, expires: time.Now().Add(ttl)}
	return true, nil
}

func (n *memNode) ReleaseLease(_ context.Context, name string) error {
	if n.dead.Load() {
		return nil
	}
	n.bus.mu.Lock()
	defer n.bus.mu.Unlock()
	if n.bus.leases[name].holder == n.id {
		delete(n.bus.leases, name)
	}
	return nil
}

func (n *memNode) Publish(_ context.Context, topic string, payload []byte) error {
	if n.dead.Load() {
		return errors.New("dead")
	}
	n.bus.mu.Lock()
	subs := append([]memSub(nil), n.bus.subs...)
	n.bus.mu.Unlock()
	for _, s := range subs {
		if s.topic == topic && s.node != n && !s.node.dead.Load() {
			s.fn(append([]byte(nil), payload...))
		}
	}
	return nil
}

func (n *memNode) Subscribe(topic string, fn func([]byte)) (func(), error) {
	n.bus.mu.Lock()
	defer n.bus.mu.Unlock()
	n.bus.subs = append(n.bus.subs, memSub{topic: topic, node: n, fn: fn})
	return func() {}, nil
}

// videoState is one simulated HeyGen session and its video.
type videoState struct {
	mu          sync.Mutex
	status      string
	progress    int
	videoStatus string
}

func (v *videoState) set(status string, progress int, videoStatus string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.status, v.progress, v.videoStatus = status, progress, videoStatus
}

// countingSource is one replica's HeyGen client: it counts that replica's fetches.
type countingSource struct {
	v    *videoState
	gets atomic.Int64
}

func (c *countingSource) GetSession(_ context.Context, id string) (*heygen.Session, error) {
	c.gets.Add(1)
	c.v.mu.Lock()
	defer c.v.mu.Unlock()
	s := &heygen.Session{SessionID: id, Status: c.v.status, Progress: c.v.progress}
	if c.v.videoStatus != "" {
		vid := "vid_1"
		s.VideoID = &vid
	}
	return s, nil
}

func (c *countingSource) GetVideo(_ context.Context, id string) (*heygen.Video, error) {
	c.gets.Add(1)
	c.v.mu.Lock()
	defer c.v.mu.Unlock()
	return &heygen.Video{ID: id, Status: c.v.videoStatus}, nil
}

func (c *countingSource) ListSessionVideos(context.Context, string, *heygen.ListOptions) (*heygen.Page[heygen.Video], error) {
	return nil, errors.New("not used")
}

func (c *countingSource) GetVideoTranslation(context.Context, string) (*heygen.VideoTranslation, error) {
	return nil, errors.New("not used")
}

const clusterTenant = "tenant-a"

// sharedHubs starts n hubs on one bus, each with its own counting source.
// webhooks=true puts subscription-only pollers on an hour-long schedule, so
// only hints and takeovers make them fetch.
func sharedHubs(t *testing.T, n int, webhooks bool, v *videoState) (*memBus, []*watch.Hub, []*memNode, []*countingSource) {
	t.Helper()
	bus := &memBus{leases: map[string]memLease{}}
	var hubs []*watch.Hub
	var nodes []*memNode
	var srcs []*countingSource
	fast := watch.Schedule{First: 20 * time.Millisecond, Interval: 20 * time.Millisecond, Factor: 1, Max: 20 * time.Millisecond, MinGap: -1}
	slow := watch.Schedule{First: time.Hour, Interval: time.Hour, Factor: 1, Max: time.Hour, MinGap: -1}
	for i := range n {
		node := bus.node(string(rune('A' + i)))
		h, err := watch.NewSharedHub(watch.HubOptions{Schedule: fast, Webhooks: webhooks, WebhookSchedule: slow,
			LeaseTTL: 1500 * time.Millisecond}, node)
		require.NoError(t, err)
		t.Cleanup(h.Close)
		hubs, nodes, srcs = append(hubs, h), append(nodes, node), append(srcs, &countingSource{v: v})
	}
	return bus, hubs, nodes, srcs
}

const sessionLease = clusterTenant + "/session/sess_1"

// TestSharedHubOnePollerAcrossReplicasAndSubscribers: three replicas with
// subscribers on the same session; one polls, all hear every change and the end.
func TestSharedHubOnePollerAcrossReplicasAndSubscribers(t *testing.T) {
	v := &videoState{status: heygen.SessionThinking, progress: 5}
	bus, hubs, nodes, srcs := sharedHubs(t, 3, false, v)
	ref := watch.Ref{SessionID: "sess_1"}
	recs := make([]*recorder, 6)
	for i := range recs {
		recs[i] = &recorder{}
		_, err := hubs[i%3].Subscribe(clusterTenant, srcs[i%3], ref, recs[i].add)
		require.NoError(t, err)
		if i == 0 {
			waitFor(t, "replica A to hold the lease", func() bool { return bus.holder(sessionLease) == nodes[0].id })
		}
	}
	holder := nodes[0].id
	waitFor(t, "every subscriber's first update", func() bool {
		for _, r := range recs {
			if len(r.get()) == 0 {
				return false
			}
		}
		return true
	})
	v.set(heygen.SessionGenerating, 60, heygen.VideoProcessing)
	v.set(heygen.SessionCompleted, 100, heygen.VideoCompleted)
	waitFor(t, "the end everywhere", allFinal(recs...))
	for i, s := range srcs {
		if nodes[i].id == holder {
			assert.Positive(t, s.gets.Load(), "the holder polls")
		} else {
			assert.Zero(t, s.gets.Load(), "replica %s holds no lease and must not poll", nodes[i].id)
		}
	}
	for i, r := range recs {
		last := r.get()[len(r.get())-1]
		assert.True(t, last.Snapshot.Done, "subscriber %d", i)
		assert.Equal(t, "vid_1", last.Snapshot.VideoID, "subscriber %d", i)
	}
	waitFor(t, "every poller to stop", func() bool {
		return hubs[0].Watchers()+hubs[1].Watchers()+hubs[2].Watchers() == 0
	})
	assert.Empty(t, bus.holder(sessionLease), "the finished holder released its lease")
}

// TestSharedHubHintOnAnotherReplicaCostsOneFetch: with webhooks on, the
// pollers wait an hour; a delivery reaching a replica that does not poll
// makes the holder fetch once, and the subscriber on the first replica hears it.
func TestSharedHubHintOnAnotherReplicaCostsOneFetch(t *testing.T) {
	v := &videoState{status: heygen.SessionThinking, progress: 5}
	bus, hubs, nodes, srcs := sharedHubs(t, 3, true, v)
	ref := watch.Ref{SessionID: "sess_1"}
	holderRec := &recorder{}
	_, err := hubs[0].Subscribe(clusterTenant, srcs[0], ref, holderRec.add)
	require.NoError(t, err)
	waitFor(t, "replica A to hold the lease", func() bool { return bus.holder(sessionLease) == nodes[0].id })
	far := &recorder{}
	_, err = hubs[2].Subscribe(clusterTenant, srcs[2], ref, far.add)
	require.NoError(t, err)

	v.set(heygen.SessionGenerating, 40, "")
	hubs[1].Hint(watch.Ref{SessionID: "sess_1"}) // the webhook reached replica B
	waitFor(t, "the subscriber on replica C to hear the change", func() bool { return len(far.get()) == 1 })
	assert.Equal(t, 40, far.get()[0].Snapshot.Progress)
	assert.EqualValues(t, 1, srcs[0].gets.Load(), "one fetch for one delivery")
	assert.Zero(t, srcs[1].gets.Load()+srcs[2].gets.Load())
	assert.Len(t, holderRec.get(), 1)
}

// TestSharedHubTakeoverWhenTheHolderDies: the holder stops (killed: no
// release, no messages); its lease expires, the replica with the remaining
// subscriber takes over, fetches at once and delivers the end.
func TestSharedHubTakeoverWhenTheHolderDies(t *testing.T) {
	v := &videoState{status: heygen.SessionThinking, progress: 5}
	bus, hubs, nodes, srcs := sharedHubs(t, 2, true, v)
	ref := watch.Ref{SessionID: "sess_1"}
	_, err := hubs[0].Subscribe(clusterTenant, srcs[0], ref, func(watch.Update) {})
	require.NoError(t, err)
	waitFor(t, "replica A to hold the lease", func() bool { return bus.holder(sessionLease) == nodes[0].id })
	survivor := &recorder{}
	_, err = hubs[1].Subscribe(clusterTenant, srcs[1], ref, survivor.add)
	require.NoError(t, err)

	nodes[0].dead.Store(true) // SIGKILL: A's poller can no longer renew or speak
	v.set(heygen.SessionCompleted, 100, heygen.VideoCompleted)
	waitFor(t, "the survivor to get the end", survivor.final)
	last := survivor.get()[len(survivor.get())-1]
	assert.True(t, last.Snapshot.Done)
	assert.NoError(t, last.Err)
	assert.Positive(t, srcs[1].gets.Load(), "the new holder fetched")
}

// TestSharedHubWaitOnAFollower: a bounded wait on a replica that does not
// poll is answered by the holder's fetches, and the follower fetches nothing.
func TestSharedHubWaitOnAFollower(t *testing.T) {
	v := &videoState{status: heygen.SessionThinking, progress: 5}
	bus, hubs, nodes, srcs := sharedHubs(t, 2, true, v)
	ref := watch.Ref{SessionID: "sess_1"}
	_, err := hubs[0].Subscribe(clusterTenant, srcs[0], ref, func(watch.Update) {})
	require.NoError(t, err)
	waitFor(t, "replica A to hold the lease", func() bool { return bus.holder(sessionLease) == nodes[0].id })

	snap, err := hubs[1].Wait(context.Background(), clusterTenant, srcs[1], ref, 0, nil)
	require.NoError(t, err)
	assert.Equal(t, 5, snap.Progress, "a zero timeout still waits for one fetch")
	v.set(heygen.SessionCompleted, 100, heygen.VideoCompleted)
	snap, err = hubs[1].Wait(context.Background(), clusterTenant, srcs[1], ref, time.Minute, nil)
	require.NoError(t, err)
	assert.True(t, snap.Done)
	assert.Zero(t, srcs[1].gets.Load(), "the follower asked the holder instead of polling")
	assert.Positive(t, srcs[0].gets.Load())
}

// TestSharedHubCarriesErrorsAcrossReplicas: a HeyGen not-found ends the
// followers' watches with an error heygen.IsNotFound still recognises.
func TestSharedHubCarriesErrorsAcrossReplicas(t *testing.T) {
	bus, hubs, nodes, _ := sharedHubs(t, 2, true, &videoState{})
	missing := &notFoundSource{}
	ref := watch.Ref{SessionID: "sess_1"}
	_, err := hubs[0].Subscribe(clusterTenant, missing, ref, func(watch.Update) {})
	require.NoError(t, err)
	waitFor(t, "replica A to hold the lease", func() bool { return bus.holder(sessionLease) == nodes[0].id })
	_, err = hubs[1].Wait(context.Background(), clusterTenant, missing, ref, time.Minute, nil)
	require.Error(t, err)
	assert.True(t, heygen.IsNotFound(err), "%v", err)
	assert.False(t, watch.Transient(err))
	assert.Contains(t, err.Error(), "sess_1")
}

type notFoundSource struct{ countingSource }

func (*notFoundSource) GetSession(context.Context, string) (*heygen.Session, error) {
	return nil, &heygen.APIError{StatusCode: 404, Code: "not_found", Message: "no such session"}
}

// TestSharedHubFollowerWaitKeepsTheHolderOnTheFastSchedule: the holder's
// subscription-only poller waits an hour (webhooks on); a bounded wait on
// another replica brings it to the fast schedule, so the wait sees a change
// that happens after its first fetch, with no webhook.
func TestSharedHubFollowerWaitKeepsTheHolderOnTheFastSchedule(t *testing.T) {
	v := &videoState{status: heygen.SessionThinking, progress: 5}
	bus, hubs, nodes, srcs := sharedHubs(t, 2, true, v)
	ref := watch.Ref{SessionID: "sess_1"}
	_, err := hubs[0].Subscribe(clusterTenant, srcs[0], ref, func(watch.Update) {})
	require.NoError(t, err)
	waitFor(t, "replica A to hold the lease", func() bool { return bus.holder(sessionLease) == nodes[0].id })

	var once sync.Once
	snap, err := hubs[1].Wait(context.Background(), clusterTenant, srcs[1], ref, time.Hour, func(watch.Snapshot) {
		once.Do(func() { v.set(heygen.SessionCompleted, 100, heygen.VideoCompleted) })
	})
	require.NoError(t, err)
	assert.True(t, snap.Done)
	assert.Zero(t, srcs[1].gets.Load())
}
