package watch_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/watchtest"
	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
)

// Tests of Hub.Wait, the bounded wait behind wait_for_video, one waiter at a
// time on a hub with a ManualClock: the return contract (done, needs input,
// timeout, failed, ctx end, fatal and transient errors) and the schedule it
// polls on. Shared pollers and subscriptions are in hub_test.go.

const tenant = "tenant-a"

type waitOutcome struct {
	snap watch.Snapshot
	err  error
}

// startWait runs hub.Wait in the background; the test moves the clock.
func startWait(ctx context.Context, hub *watch.Hub, c watch.Source, ref watch.Ref, timeout time.Duration,
	onUpdate func(watch.Snapshot)) chan waitOutcome {
	done := make(chan waitOutcome, 1)
	go func() {
		s, err := hub.Wait(ctx, tenant, c, ref, timeout, onUpdate)
		done <- waitOutcome{s, err}
	}()
	return done
}

// waitDriven runs one Hub.Wait to its end, advancing env's clock timer by
// timer. The wait's own first fetch (the poke) needs no clock, so the clock
// moves only once it happened: the poller's first scheduled timer never
// races it.
func waitDriven(t *testing.T, env *watchtest.Env, hub *watch.Hub, c watch.Source, ref watch.Ref, timeout time.Duration,
	onUpdate func(watch.Snapshot)) (watch.Snapshot, error) {
	t.Helper()
	before := env.Sim.RequestCount("", "/")
	done := startWait(context.Background(), hub, c, ref, timeout, onUpdate)
	finished := func() bool { return len(done) == 1 }
	waitFor(t, "the wait's first fetch", func() bool { return finished() || env.Sim.RequestCount("", "/") > before })
	// Two timers while the wait runs: its timeout and the poller's next fetch.
	drive(t, env.Clock, 2, finished)
	r := <-done
	return r.snap, r.err
}

// snapLog is an onUpdate that records every snapshot it is given.
type snapLog struct {
	mu    sync.Mutex
	snaps []watch.Snapshot
}

func (l *snapLog) add(s watch.Snapshot) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.snaps = append(l.snaps, s)
}

func (l *snapLog) get() []watch.Snapshot {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]watch.Snapshot(nil), l.snaps...)
}

func TestHubWaitGenerateVideoCompletes(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A 30 second product teaser", heygen.ModeGenerate)
	env.Sim.ResetRequests()
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	log := &snapLog{}
	done := startWait(context.Background(), hub, c, watch.Ref{SessionID: sid}, time.Hour, log.add)
	finished := func() bool { return len(done) == 1 }
	// Lockstep: the hub hands a waiter only the newest update (a slow waiter
	// skips the ones between), so before each clock step the waiter must have
	// seen the poller's latest fetch; every fetch here succeeds. The first
	// fetch is the wait's poke; each step fires the poller's next one (the
	// wait's own timer is an hour away).
	fetches := 1
	for !finished() {
		waitFor(t, fmt.Sprintf("the waiter to see fetch %d", fetches), func() bool {
			return finished() || (len(log.get()) == fetches && env.Clock.Pending() >= 2)
		})
		if finished() {
			break
		}
		env.Clock.AdvanceToNext()
		fetches++
	}
	r := <-done
	snap, err := r.snap, r.err
	require.NoError(t, err)
	assert.True(t, snap.Done)
	assert.False(t, snap.Failed)
	assert.Equal(t, heygen.VideoCompleted, snap.VideoStatus)
	assert.Equal(t, heygen.SessionCompleted, snap.SessionStatus)
	assert.Equal(t, 100, snap.Progress)
	require.NotNil(t, snap.Video)
	require.NotNil(t, snap.Video.VideoURL)
	assert.NotEmpty(t, *snap.Video.VideoURL)
	assert.Equal(t, sid, snap.SessionID)
	assert.NotEmpty(t, snap.VideoID)

	// Session first, then only the video once video_id is known.
	reqs := env.Sim.Requests()
	require.NotEmpty(t, reqs)
	firstVideo := -1
	for i, r := range reqs {
		if r.Path == "/v3/videos/"+snap.VideoID && firstVideo < 0 {
			firstVideo = i
		}
		if firstVideo >= 0 {
			assert.NotContains(t, r.Path, sessionsPath, "request %d polled the session after the video was known", i)
		}
	}
	require.GreaterOrEqual(t, firstVideo, 1)
	updates := log.get()
	assert.Len(t, updates, fetches, "onUpdate runs once per fetch")
	require.NotEmpty(t, updates)
	assert.Equal(t, updates[len(updates)-1], snap)
	// Progress never goes backwards.
	for i := 1; i < len(updates); i++ {
		assert.GreaterOrEqual(t, updates[i].Progress, updates[i-1].Progress)
	}
	t.Logf("generate-mode video (%s to done): %d HeyGen requests, %d fetches with one Wait",
		env.Clock.Now().Sub(watchtest.Start), len(reqs), fetches)
}

func TestHubWaitTimeoutReturnsNotDone(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeGenerate)
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	snap, err := waitDriven(t, env, hub, c, watch.Ref{SessionID: sid}, 45*time.Second, nil)
	require.NoError(t, err)
	assert.False(t, snap.Done)
	assert.Equal(t, heygen.SessionThinking, snap.SessionStatus)
	assert.Equal(t, 45*time.Second, env.Clock.Now().Sub(watchtest.Start), "the wait ends exactly at its timeout on the fake clock")
}

func TestHubWaitZeroTimeoutFetchesOnce(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeGenerate)
	env.Sim.ResetRequests()
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	// No clock moves: a zero timeout answers with the wait's own first fetch.
	snap, err := hub.Wait(context.Background(), tenant, c, watch.Ref{SessionID: sid}, 0, nil)
	require.NoError(t, err)
	assert.Equal(t, heygen.SessionThinking, snap.SessionStatus)
	hub.Close() // the poller is gone: nothing more can be fetched
	assert.Equal(t, 1, env.Sim.RequestCount("", "/v3/"))
	assert.Equal(t, watchtest.Start, env.Clock.Now())
}

func TestHubWaitCancelStopsAtOnce(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeGenerate)
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	ctx, cancel := context.WithCancel(context.Background())
	fetched := make(chan struct{}, 1)
	// The clock never advances: only the cancel can end this wait.
	done := startWait(ctx, hub, c, watch.Ref{SessionID: sid}, time.Hour, func(watch.Snapshot) {
		select {
		case fetched <- struct{}{}:
		default:
		}
	})
	<-fetched
	cancel()
	require.ErrorIs(t, (<-done).err, context.Canceled)
	assert.Equal(t, 0, hub.Watchers(), "its only waiter left: the poller stops")
	waitFor(t, "the poller to drop its timer", func() bool { return env.Clock.Pending() == 0 })

	// The video was not stopped: it still completes.
	snap, err := waitDriven(t, env, hub, c, watch.Ref{SessionID: sid}, time.Hour, nil)
	require.NoError(t, err)
	assert.True(t, snap.Done)
}

func TestHubWaitSurvivesLateSessionNotFound(t *testing.T) {
	// 45 s: video_id is seen on the session first, then the session 404s.
	// 1 s: the session is gone before any poll saw video_id; the session's video
	// list names it.
	for _, gone := range []time.Duration{45 * time.Second, time.Second} {
		t.Run(gone.String(), func(t *testing.T) {
			env := watchtest.NewEnv(sim.WithSessionGoneAfterVideo(gone))
			c := env.Client("key-a")
			sid := create(t, c, "A teaser", heygen.ModeGenerate)
			hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
			defer hub.Close()

			snap, err := waitDriven(t, env, hub, c, watch.Ref{SessionID: sid}, time.Hour, nil)
			require.NoError(t, err)
			assert.True(t, snap.Done)
			_, err = c.GetSession(context.Background(), sid)
			require.True(t, heygen.IsNotFound(err), "the quirk is active: the session itself is gone")
		})
	}
}

func TestHubWaitFailedVideo(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser [[fail]]", heygen.ModeGenerate)
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	snap, err := waitDriven(t, env, hub, c, watch.Ref{SessionID: sid}, time.Hour, nil)
	require.ErrorIs(t, err, watch.ErrFailed)
	var fe *watch.FailedError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, snap.VideoID, fe.VideoID)
	assert.NotEmpty(t, fe.Message)
	assert.True(t, snap.Done)
	assert.True(t, snap.Failed)
	assert.Equal(t, heygen.VideoFailed, snap.VideoStatus)
	assert.Equal(t, fe.Code, snap.FailureCode)
	assert.Contains(t, err.Error(), snap.VideoID)
}

func TestHubWaitUnknownSessionEndsWithoutRetry(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	// No clock moves: a fatal error ends the wait on its first fetch.
	_, err := hub.Wait(context.Background(), tenant, c, watch.Ref{SessionID: "sess_missing"}, time.Hour, nil)
	require.Error(t, err)
	assert.True(t, heygen.IsNotFound(err))
	assert.Contains(t, err.Error(), "sess_missing")
	assert.Equal(t, 1, env.Sim.RequestCount("GET", sessionsPath))
	assert.Equal(t, watchtest.Start, env.Clock.Now(), "no backoff wait after a fatal error")
	assert.Equal(t, 0, hub.Watchers(), "the poller stopped")
}

func TestHubWaitUnauthorizedEnds(t *testing.T) {
	env := watchtest.NewEnv(sim.WithAPIKeys("good"))
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	_, err := hub.Wait(context.Background(), tenant, env.Client("bad"), watch.Ref{VideoID: "vid_1"}, time.Hour, nil)
	require.Error(t, err)
	assert.True(t, heygen.IsUnauthorized(err))
	assert.NotContains(t, err.Error(), "bad", "the key never appears in errors")
	assert.Equal(t, 1, env.Sim.RequestCount("", "/v3/"))
}

func TestHubWaitBacksOffOnTransientErrors(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeGenerate)
	env.Sim.InjectFault(sim.Fault{Method: "GET", Path: sessionsPath + "*", Status: http.StatusBadGateway, Times: 3})
	env.Sim.ResetRequests()
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	snap, err := waitDriven(t, env, hub, c, watch.Ref{SessionID: sid}, time.Hour, nil)
	require.NoError(t, err)
	assert.True(t, snap.Done)
	reqs := env.Sim.Requests()
	require.GreaterOrEqual(t, len(reqs), 4)
	// The three failures were spaced 10 s, 20 s, 40 s apart (doubling backoff).
	assert.Equal(t, 10*time.Second, reqs[1].Time.Sub(reqs[0].Time))
	assert.Equal(t, 20*time.Second, reqs[2].Time.Sub(reqs[1].Time))
	assert.Equal(t, 40*time.Second, reqs[3].Time.Sub(reqs[2].Time))
}

func TestHubWaitTransientUntilTimeoutReportsTheError(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeGenerate)
	env.Sim.InjectFault(sim.Fault{Method: "GET", Path: sessionsPath + "*", Status: http.StatusServiceUnavailable})
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	_, err := waitDriven(t, env, hub, c, watch.Ref{SessionID: sid}, time.Minute, nil)
	require.Error(t, err)
	assert.True(t, watch.Transient(err))
	assert.Equal(t, time.Minute, env.Clock.Now().Sub(watchtest.Start), "transient errors do not end the wait before its timeout")
}

func TestHubWaitChatModeReturnsQuestion(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeChat)
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	snap, err := waitDriven(t, env, hub, c, watch.Ref{SessionID: sid}, time.Hour, nil)
	require.NoError(t, err)
	assert.True(t, snap.NeedsInput)
	assert.False(t, snap.Done)
	assert.Equal(t, heygen.SessionWaitingForInput, snap.SessionStatus)
	assert.NotEmpty(t, snap.Question)
}

func TestHubWaitRejectsEmptyRef(t *testing.T) {
	env := watchtest.NewEnv()
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	_, err := hub.Wait(context.Background(), tenant, env.Client("k"), watch.Ref{}, time.Second, nil)
	require.ErrorContains(t, err, "session_id or video_id")
	assert.Zero(t, env.Sim.RequestCount("", "/"))
	assert.Equal(t, 0, hub.Watchers())
}

func TestHubWaitAfterCloseSaysSo(t *testing.T) {
	env := watchtest.NewEnv()
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	hub.Close()

	_, err := hub.Wait(context.Background(), tenant, env.Client("k"), watch.Ref{SessionID: "s"}, time.Second, nil)
	require.ErrorIs(t, err, watch.ErrHubClosed)
	assert.Zero(t, env.Sim.RequestCount("", "/"))
}
