package watch_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/heygen-mcp/heygen-mcp/dev/watchtest"
	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
)

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	watchtest.WaitFor(t, what, cond)
}

func drive(t *testing.T, clk *watchtest.ManualClock, n int, done func() bool) {
	t.Helper()
	watchtest.Drive(t, clk, n, done)
}

type recorder struct {
	mu      sync.Mutex
	updates []watch.Update
}

func (r *recorder) add(u watch.Update) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.updates = append(r.updates, u)
}

func (r *recorder) final() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.updates) > 0 && r.updates[len(r.updates)-1].Final
}

func allFinal(recs ...*recorder) func() bool {
	return func() bool {
		for _, r := range recs {
			if !r.final() {
				return false
			}
		}
		return true
	}
}

func (r *recorder) get() []watch.Update {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]watch.Update(nil), r.updates...)
}

// countForSubscribers watches one generate-mode video with n subscribers and
// returns the HeyGen requests it cost.
func countForSubscribers(t *testing.T, n int) int {
	t.Helper()
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A 30 second product teaser", heygen.ModeGenerate)
	env.Sim.ResetRequests()
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	recs := make([]*recorder, n)
	for i := range recs {
		recs[i] = &recorder{}
		_, err := hub.Subscribe("tenant-a", c, watch.Ref{SessionID: sid}, recs[i].add)
		require.NoError(t, err)
	}
	require.Equal(t, 1, hub.Watchers(), "one poller for all subscribers")
	drive(t, env.Clock, 1, allFinal(recs...))
	assert.Equal(t, 0, hub.Watchers())

	first := recs[0].get()
	require.NotEmpty(t, first)
	last := first[len(first)-1]
	assert.True(t, last.Final)
	require.NoError(t, last.Err)
	assert.True(t, last.Snapshot.Done)
	for i, r := range recs {
		assert.Equal(t, first, r.get(), "subscriber %d saw a different sequence", i)
	}
	// Each update is a change: status, progress or video_id differ from the previous one.
	for i := 1; i < len(first); i++ {
		a, b := first[i-1].Snapshot, first[i].Snapshot
		assert.True(t, a.SessionStatus != b.SessionStatus || a.VideoStatus != b.VideoStatus || a.Progress != b.Progress ||
			a.VideoID != b.VideoID || b.Done, "update %d repeats update %d", i, i-1)
	}
	return env.Sim.RequestCount("", "/v3/")
}

func TestHubRequestCountDoesNotGrowWithSubscribers(t *testing.T) {
	counts := map[int]int{}
	for _, n := range []int{1, 10, 100} {
		counts[n] = countForSubscribers(t, n)
		t.Logf("polling, %3d subscribers: %d HeyGen requests", n, counts[n])
	}
	assert.Equal(t, counts[1], counts[10])
	assert.Equal(t, counts[1], counts[100])
	assert.Less(t, counts[1], 25, "the schedule keeps a 6.5 min video under 25 polls")
}

// hintHandler stands in for the webhook receiver: it only hints the hub.
func hintHandler(hub *watch.Hub) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var ev heygen.WebhookEvent
		b, _ := io.ReadAll(r.Body)
		if json.Unmarshal(b, &ev) != nil {
			http.Error(w, "bad", http.StatusBadRequest)
			return
		}
		hub.Hint(watch.Ref{SessionID: ev.EventData.SessionID, VideoID: ev.EventData.VideoID})
	})
}

func TestHubWithWebhookCostsOnlyTheRefetch(t *testing.T) {
	for _, n := range []int{1, 100} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var hub *watch.Hub
			env := watchtest.NewEnv(sim.WithCallbackClient(watchtest.HandlerClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hintHandler(hub).ServeHTTP(w, r)
			}))))
			hub = watch.NewHub(watch.HubOptions{Clock: env.Clock, Webhooks: true})
			defer hub.Close()
			c := env.Client("key-a")
			resp, err := c.CreateSession(context.Background(), &heygen.CreateSessionRequest{Prompt: "A teaser", Mode: heygen.ModeGenerate,
				CallbackURL: "https://mcp.example.test/webhooks/heygen"})
			require.NoError(t, err)
			env.Sim.ResetRequests()
			recs := make([]*recorder, n)
			for i := range recs {
				recs[i] = &recorder{}
				_, err := hub.Subscribe("tenant-a", c, watch.Ref{SessionID: resp.SessionID}, recs[i].add)
				require.NoError(t, err)
			}
			drive(t, env.Clock, 1, allFinal(recs...))
			got := recs[n-1].get()
			require.Len(t, got, 1, "one update: the final one after the hint")
			assert.True(t, got[0].Final)
			assert.True(t, got[0].Snapshot.Done)
			// The re-fetch alone: the session (to learn video_id) and the video.
			assert.Equal(t, 2, env.Sim.RequestCount("", "/v3/"))
		})
	}
}

func TestHubUnsubscribeStopsPoller(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeGenerate)
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	var unsubs []func()
	for range 3 {
		u, err := hub.Subscribe("tenant-a", c, watch.Ref{SessionID: sid}, func(watch.Update) {})
		require.NoError(t, err)
		unsubs = append(unsubs, u)
	}
	env.Clock.AdvanceToNext() // first poll
	unsubs[0]()
	unsubs[0]() // idempotent
	unsubs[1]()
	assert.Equal(t, 1, hub.Watchers(), "still one subscriber")
	unsubs[2]()
	assert.Equal(t, 0, hub.Watchers())
	hub.Close()
	goleak.VerifyNone(t)

	_, err := hub.Subscribe("tenant-a", c, watch.Ref{SessionID: sid}, func(watch.Update) {})
	require.ErrorIs(t, err, watch.ErrHubClosed)
}

func TestHubTenantIsolation(t *testing.T) {
	env := watchtest.NewEnv()
	a, b := env.Client("key-a"), env.Client("key-b")
	sid := create(t, a, "A's private video", heygen.ModeGenerate)
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	ra, rb := &recorder{}, &recorder{}
	_, err := hub.Subscribe("tenant-a", a, watch.Ref{SessionID: sid}, ra.add)
	require.NoError(t, err)
	_, err = hub.Subscribe("tenant-b", b, watch.Ref{SessionID: sid}, rb.add)
	require.NoError(t, err)
	assert.Equal(t, 2, hub.Watchers(), "B does not join A's poller")

	drive(t, env.Clock, 2, allFinal(rb))
	gotB := rb.get()
	require.Len(t, gotB, 1)
	assert.True(t, gotB[0].Final)
	assert.True(t, heygen.IsNotFound(gotB[0].Err), "B's key cannot see A's session: %v", gotB[0].Err)
	assert.Empty(t, gotB[0].Snapshot.SessionStatus, "nothing of A's session leaks to B")

	drive(t, env.Clock, 1, allFinal(ra))
	gotA := ra.get()
	require.NotEmpty(t, gotA)
	assert.True(t, gotA[len(gotA)-1].Snapshot.Done)
}

func TestHubFailedVideoEndsWithError(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser [[fail]]", heygen.ModeGenerate)
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()
	r := &recorder{}
	_, err := hub.Subscribe("tenant-a", c, watch.Ref{SessionID: sid}, r.add)
	require.NoError(t, err)
	drive(t, env.Clock, 1, allFinal(r))
	got := r.get()
	last := got[len(got)-1]
	assert.True(t, last.Final)
	assert.ErrorIs(t, last.Err, watch.ErrFailed)
	assert.True(t, last.Snapshot.Failed)
}

func TestHubLateSessionNotFound(t *testing.T) {
	env := watchtest.NewEnv(sim.WithSessionGoneAfterVideo(time.Second))
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeGenerate)
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()
	r := &recorder{}
	_, err := hub.Subscribe("tenant-a", c, watch.Ref{SessionID: sid}, r.add)
	require.NoError(t, err)
	drive(t, env.Clock, 1, allFinal(r))
	got := r.get()
	last := got[len(got)-1]
	require.NoError(t, last.Err)
	assert.True(t, last.Snapshot.Done)
}

func TestHubWaitSharesThePoller(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeGenerate)
	env.Sim.ResetRequests()
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	const waiters = 5
	type result struct {
		snap watch.Snapshot
		err  error
	}
	results := make(chan result, waiters)
	for range waiters {
		go func() {
			s, err := hub.Wait(context.Background(), "tenant-a", c, watch.Ref{SessionID: sid}, time.Hour, nil)
			results <- result{s, err}
		}()
	}
	waitFor(t, "the shared poller", func() bool { return hub.Watchers() == 1 })
	drive(t, env.Clock, waiters+1, func() bool { return len(results) == waiters })
	for range waiters {
		r := <-results
		require.NoError(t, r.err)
		assert.True(t, r.snap.Done, "%+v", r.snap)
	}
	single := countForSubscribers(t, 1)
	// Waiters poke for a fresh first fetch; pokes coalesce, so at most a couple extra.
	assert.LessOrEqual(t, env.Sim.RequestCount("", "/v3/"), single+2)
}

func TestHubWaitTimeoutAndCancel(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeGenerate)
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	done := make(chan error, 1)
	var snap watch.Snapshot
	go func() {
		var err error
		snap, err = hub.Wait(context.Background(), "tenant-a", c, watch.Ref{SessionID: sid}, 45*time.Second, nil)
		done <- err
	}()
	drive(t, env.Clock, 2, func() bool { return len(done) == 1 })
	require.NoError(t, <-done)
	assert.False(t, snap.Done)
	assert.Equal(t, heygen.SessionThinking, snap.SessionStatus)
	waitFor(t, "the poller to stop after its only waiter left", func() bool { return hub.Watchers() == 0 })

	ctx, cancel := context.WithCancel(context.Background())
	fetched := make(chan struct{}, 1)
	go func() {
		_, err := hub.Wait(ctx, "tenant-a", c, watch.Ref{SessionID: sid}, time.Hour, func(watch.Snapshot) {
			select {
			case fetched <- struct{}{}:
			default:
			}
		})
		done <- err
	}()
	<-fetched // the poke fetched at once, no clock advance needed
	cancel()
	require.ErrorIs(t, <-done, context.Canceled)
	waitFor(t, "the poller to stop", func() bool { return hub.Watchers() == 0 })
}

func TestHubHintMatchesSessionAndVideo(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeGenerate)
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock, Webhooks: true})
	defer hub.Close()
	r := &recorder{}
	_, err := hub.Subscribe("tenant-a", c, watch.Ref{SessionID: sid}, r.add)
	require.NoError(t, err)
	assert.Equal(t, 0, hub.Hint(watch.Ref{SessionID: "sess_other"}))
	assert.Equal(t, 1, hub.Hint(watch.Ref{SessionID: sid}))
	waitFor(t, "the hinted fetch", func() bool { return len(r.get()) == 1 })
	assert.Equal(t, heygen.SessionThinking, r.get()[0].Snapshot.SessionStatus)

	env.Clock.Advance(3 * time.Minute) // rendering: the session has a video now; the 10 min safety net has not fired
	hub.Hint(watch.Ref{SessionID: sid})
	waitFor(t, "the second hinted fetch", func() bool { return len(r.get()) == 2 })
	vid := r.get()[1].Snapshot.VideoID
	require.NotEmpty(t, vid)
	assert.Equal(t, 1, hub.Hint(watch.Ref{VideoID: vid}), "a known video id matches too: %+v", r.get())
}

func TestHubRejectsBadInput(t *testing.T) {
	hub := watch.NewHub(watch.HubOptions{})
	defer hub.Close()
	env := watchtest.NewEnv()
	c := env.Client("k")
	_, err := hub.Subscribe("", c, watch.Ref{SessionID: "s"}, func(watch.Update) {})
	require.Error(t, err)
	_, err = hub.Subscribe("t", c, watch.Ref{}, func(watch.Update) {})
	require.Error(t, err)
	_, err = hub.Subscribe("t", nil, watch.Ref{SessionID: "s"}, func(watch.Update) {})
	require.Error(t, err)
	assert.Equal(t, 0, hub.Watchers())
}

// TestHubWaitReportsAnUpstreamThatKeepsFailing: a wait that times out while
// every fetch fails returns the failure, not a plain "not done yet"; once
// HeyGen answers again, a wait times out cleanly.
func TestHubWaitReportsAnUpstreamThatKeepsFailing(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeGenerate)
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	remove := env.Sim.InjectFault(sim.Fault{Path: "/v3/video-agents/*", Status: http.StatusServiceUnavailable,
		Body: `{"error":{"code":"internal_error","message":"upstream down"}}`})
	done := make(chan error, 1)
	go func() {
		_, err := hub.Wait(context.Background(), "tenant-a", c, watch.Ref{SessionID: sid}, 45*time.Second, nil)
		done <- err
	}()
	drive(t, env.Clock, 2, func() bool { return len(done) == 1 })
	err := <-done
	var apiErr *heygen.APIError
	require.ErrorAs(t, err, &apiErr, "the wait must say HeyGen kept failing")
	assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)

	remove()
	go func() {
		_, err := hub.Wait(context.Background(), "tenant-a", c, watch.Ref{SessionID: sid}, 45*time.Second, nil)
		done <- err
	}()
	drive(t, env.Clock, 2, func() bool { return len(done) == 1 })
	assert.NoError(t, <-done)
}

// TestHubWaitNeverReturnsAStaleSnapshot: a wait whose timeout is shorter than
// its first fetch still reports the fresh state, not the watcher's last one
// (here: a question the user has just answered).
func TestHubWaitNeverReturnsAStaleSnapshot(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeChat)
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()
	ref := watch.Ref{SessionID: sid}
	env.Clock.Advance(10 * time.Minute) // the chat agent is asking by now

	first := make(chan watch.Snapshot, 1)
	go func() {
		s, _ := hub.Wait(context.Background(), "tenant-a", c, ref, time.Hour, nil)
		first <- s
	}()
	watchtest.WaitFor(t, "the question", func() bool { return len(first) == 1 })
	asked := <-first
	require.True(t, asked.NeedsInput, "%+v", asked)

	// Keep the watcher (and its last snapshot) alive, then answer the question.
	unsub, err := hub.Subscribe("tenant-a", c, ref, func(watch.Update) {})
	require.NoError(t, err)
	defer unsub()
	_, err = c.SendMessage(context.Background(), sid, &heygen.SendMessageRequest{Message: "the warm narrator"})
	require.NoError(t, err)

	done := make(chan watch.Snapshot, 1)
	go func() {
		// A zero timeout: the timer is ready before any fetch can answer.
		s, _ := hub.Wait(context.Background(), "tenant-a", c, ref, 0, nil)
		done <- s
	}()
	watchtest.WaitFor(t, "the wait", func() bool { return len(done) == 1 })
	fresh := <-done
	assert.False(t, fresh.NeedsInput, "the answered question came back: %+v", fresh)
	assert.Equal(t, heygen.SessionThinking, fresh.SessionStatus)
}
