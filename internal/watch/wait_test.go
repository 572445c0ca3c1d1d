package watch_test

import (
	"context"
	"errors"
	"net/http"
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

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const sessionsPath = "/v3/video-agents/"

func create(t *testing.T, c *heygen.Client, prompt, mode string) string {
	t.Helper()
	resp, err := c.CreateSession(context.Background(), &heygen.CreateSessionRequest{Prompt: prompt, Mode: mode})
	require.NoError(t, err)
	return resp.SessionID
}

func TestScheduleDelays(t *testing.T) {
	s := watch.DefaultSchedule()
	got := []time.Duration{s.Delay(0), s.Delay(1), s.Delay(2), s.Delay(3), s.Delay(4), s.Delay(50)}
	want := []time.Duration{5 * time.Second, 10 * time.Second, 15 * time.Second, 22500 * time.Millisecond, 30 * time.Second, 30 * time.Second}
	assert.Equal(t, want, got)
	assert.Equal(t, 10*time.Second, s.ErrorDelay(1, errors.New("x")))
	assert.Equal(t, 40*time.Second, s.ErrorDelay(3, errors.New("x")))
	assert.Equal(t, 2*time.Minute, s.ErrorDelay(30, errors.New("x")))
	ra := &heygen.APIError{StatusCode: 429, RetryAfter: 5 * time.Minute}
	assert.Equal(t, 5*time.Minute, s.ErrorDelay(1, ra), "Retry-After wins when longer")
	assert.Equal(t, 30*time.Second, watch.Schedule{}.Delay(9), "zero schedule takes defaults")
}

func TestWaitGenerateVideoCompletes(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A 30 second product teaser", heygen.ModeGenerate)
	env.Sim.ResetRequests()

	var updates []watch.Snapshot
	snap, err := watch.Waiter{Clock: env.Auto()}.Wait(context.Background(), c, watch.Ref{SessionID: sid}, time.Hour,
		func(s watch.Snapshot) { updates = append(updates, s) })
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
	require.NotEmpty(t, updates)
	assert.Equal(t, updates[len(updates)-1], snap)
	// Progress never goes backwards.
	for i := 1; i < len(updates); i++ {
		assert.GreaterOrEqual(t, updates[i].Progress, updates[i-1].Progress)
	}
	t.Logf("generate-mode video (%s to done): %d HeyGen requests with one Wait", env.Clock.Now().Sub(watchtest.Start), len(reqs))
}

func TestWaitTimeoutReturnsNotDone(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeGenerate)

	snap, err := watch.Waiter{Clock: env.Auto()}.Wait(context.Background(), c, watch.Ref{SessionID: sid}, 45*time.Second, nil)
	require.NoError(t, err)
	assert.False(t, snap.Done)
	assert.Equal(t, heygen.SessionThinking, snap.SessionStatus)
	assert.Equal(t, 45*time.Second, env.Clock.Now().Sub(watchtest.Start), "the wait ends exactly at its timeout on the fake clock")
}

func TestWaitZeroTimeoutFetchesOnce(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeGenerate)
	env.Sim.ResetRequests()
	snap, err := watch.Waiter{Clock: env.Auto()}.Wait(context.Background(), c, watch.Ref{SessionID: sid}, 0, nil)
	require.NoError(t, err)
	assert.Equal(t, heygen.SessionThinking, snap.SessionStatus)
	assert.Equal(t, 1, env.Sim.RequestCount("", "/v3/"))
}

func TestWaitCancelStopsAtOnce(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeGenerate)

	ctx, cancel := context.WithCancel(context.Background())
	fetched := make(chan struct{}, 1)
	done := make(chan error, 1)
	go func() {
		// The manual clock never advances: only the cancel can end this wait.
		_, err := watch.Waiter{Clock: env.Clock}.Wait(ctx, c, watch.Ref{SessionID: sid}, time.Hour,
			func(watch.Snapshot) { fetched <- struct{}{} })
		done <- err
	}()
	<-fetched
	cancel()
	require.ErrorIs(t, <-done, context.Canceled)

	// The video was not stopped: it still completes.
	snap, err := watch.Waiter{Clock: env.Auto()}.Wait(context.Background(), c, watch.Ref{SessionID: sid}, time.Hour, nil)
	require.NoError(t, err)
	assert.True(t, snap.Done)
}

func TestWaitSurvivesLateSessionNotFound(t *testing.T) {
	// 45 s: video_id is seen on the session first, then the session 404s.
	// 1 s: the session is gone before any poll saw video_id; the session's video
	// list names it.
	for _, gone := range []time.Duration{45 * time.Second, time.Second} {
		t.Run(gone.String(), func(t *testing.T) {
			env := watchtest.NewEnv(sim.WithSessionGoneAfterVideo(gone))
			c := env.Client("key-a")
			sid := create(t, c, "A teaser", heygen.ModeGenerate)

			snap, err := watch.Waiter{Clock: env.Auto()}.Wait(context.Background(), c, watch.Ref{SessionID: sid}, time.Hour, nil)
			require.NoError(t, err)
			assert.True(t, snap.Done)
			_, err = c.GetSession(context.Background(), sid)
			require.True(t, heygen.IsNotFound(err), "the quirk is active: the session itself is gone")
		})
	}
}

func TestWaitFailedVideo(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser [[fail]]", heygen.ModeGenerate)

	snap, err := watch.Waiter{Clock: env.Auto()}.Wait(context.Background(), c, watch.Ref{SessionID: sid}, time.Hour, nil)
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

func TestWaitUnknownSessionEndsWithoutRetry(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	_, err := watch.Waiter{Clock: env.Auto()}.Wait(context.Background(), c, watch.Ref{SessionID: "sess_missing"}, time.Hour, nil)
	require.Error(t, err)
	assert.True(t, heygen.IsNotFound(err))
	assert.Contains(t, err.Error(), "sess_missing")
	assert.Equal(t, 1, env.Sim.RequestCount("GET", sessionsPath))
	assert.Equal(t, watchtest.Start, env.Clock.Now(), "no backoff wait after a fatal error")
}

func TestWaitUnauthorizedEnds(t *testing.T) {
	env := watchtest.NewEnv(sim.WithAPIKeys("good"))
	_, err := watch.Waiter{Clock: env.Auto()}.Wait(context.Background(), env.Client("bad"), watch.Ref{VideoID: "vid_1"}, time.Hour, nil)
	require.Error(t, err)
	assert.True(t, heygen.IsUnauthorized(err))
	assert.NotContains(t, err.Error(), "bad", "the key never appears in errors")
	assert.Equal(t, 1, env.Sim.RequestCount("", "/v3/"))
}

func TestWaitBacksOffOnTransientErrors(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeGenerate)
	env.Sim.InjectFault(sim.Fault{Method: "GET", Path: sessionsPath + "*", Status: http.StatusBadGateway, Times: 3})
	env.Sim.ResetRequests()

	snap, err := watch.Waiter{Clock: env.Auto()}.Wait(context.Background(), c, watch.Ref{SessionID: sid}, time.Hour, nil)
	require.NoError(t, err)
	assert.True(t, snap.Done)
	reqs := env.Sim.Requests()
	require.GreaterOrEqual(t, len(reqs), 4)
	// The three failures were spaced 10 s, 20 s, 40 s apart (doubling backoff).
	assert.Equal(t, 10*time.Second, reqs[1].Time.Sub(reqs[0].Time))
	assert.Equal(t, 20*time.Second, reqs[2].Time.Sub(reqs[1].Time))
	assert.Equal(t, 40*time.Second, reqs[3].Time.Sub(reqs[2].Time))
}

func TestWaitTransientUntilTimeoutReportsTheError(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeGenerate)
	env.Sim.InjectFault(sim.Fault{Method: "GET", Path: sessionsPath + "*", Status: http.StatusServiceUnavailable})
	_, err := watch.Waiter{Clock: env.Auto()}.Wait(context.Background(), c, watch.Ref{SessionID: sid}, time.Minute, nil)
	require.Error(t, err)
	assert.True(t, watch.Transient(err))
}

func TestWaitChatModeReturnsQuestion(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	sid := create(t, c, "A teaser", heygen.ModeChat)
	snap, err := watch.Waiter{Clock: env.Auto()}.Wait(context.Background(), c, watch.Ref{SessionID: sid}, time.Hour, nil)
	require.NoError(t, err)
	assert.True(t, snap.NeedsInput)
	assert.False(t, snap.Done)
	assert.Equal(t, heygen.SessionWaitingForInput, snap.SessionStatus)
	assert.NotEmpty(t, snap.Question)
}

func TestWaitRejectsEmptyRef(t *testing.T) {
	env := watchtest.NewEnv()
	_, err := watch.Wait(context.Background(), env.Client("k"), watch.Ref{}, time.Second, nil)
	require.ErrorContains(t, err, "session_id or video_id")
	assert.Zero(t, env.Sim.RequestCount("", "/"))
}

func TestScheduleScale(t *testing.T) {
	s := watch.DefaultSchedule().Scale(10)
	assert.Equal(t, 500*time.Millisecond, s.First)
	assert.Equal(t, time.Second, s.Interval)
	assert.Equal(t, 3*time.Second, s.Max)
	assert.Equal(t, 12*time.Second, s.ErrorMax)
	assert.Equal(t, 200*time.Millisecond, s.MinGap)
	assert.Equal(t, 1.5, s.Factor, "growth is a ratio: unchanged")
	fast := watch.DefaultSchedule().Scale(1e9)
	assert.Equal(t, 10*time.Millisecond, fast.First, "never below the floor")
	assert.Equal(t, watch.DefaultSchedule(), watch.DefaultSchedule().Scale(0))
}
