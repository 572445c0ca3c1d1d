package watch_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/watchtest"
	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
)

// Tests of Hub.Wait on a video translation (watch.Ref{TranslationID}): the
// same shared poller and return contract as for videos.

func createTranslation(t *testing.T, c *heygen.Client, title string) string {
	t.Helper()
	resp, err := c.CreateVideoTranslation(context.Background(), &heygen.CreateVideoTranslationRequest{
		Video: heygen.URLFile("https://example.com/talk.mp4"), OutputLanguages: []string{"Japanese"}, Title: title,
	})
	require.NoError(t, err)
	require.Len(t, resp.VideoTranslationIDs, 1)
	return resp.VideoTranslationIDs[0]
}

const translationsPath = "/v3/video-translations/"

func TestHubWaitTranslationCompletes(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	id := createTranslation(t, c, "Keynote")
	env.Sim.ResetRequests()
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	log := &snapLog{}
	snap, err := waitDriven(t, env, hub, c, watch.Ref{TranslationID: id}, time.Hour, log.add)
	require.NoError(t, err)
	assert.True(t, snap.Done)
	assert.False(t, snap.Failed)
	assert.Equal(t, id, snap.TranslationID)
	assert.Equal(t, heygen.TranslationCompleted, snap.TranslationStatus)
	assert.Equal(t, 100, snap.Progress)
	assert.Equal(t, "Keynote", snap.Title)
	require.NotNil(t, snap.Translation)
	require.NotNil(t, snap.Translation.VideoURL)
	assert.NotEmpty(t, *snap.Translation.VideoURL)
	assert.Empty(t, snap.SessionID+snap.VideoID+snap.SessionStatus+snap.VideoStatus, "only the translation is watched")

	// Only the translation was asked for, and progress never went back.
	for _, r := range env.Sim.Requests() {
		assert.Equal(t, translationsPath+id, r.Path)
	}
	updates := log.get()
	require.NotEmpty(t, updates)
	var statuses []string
	for i, u := range updates {
		if i > 0 {
			assert.GreaterOrEqual(t, u.Progress, updates[i-1].Progress)
		}
		if len(statuses) == 0 || statuses[len(statuses)-1] != u.TranslationStatus {
			statuses = append(statuses, u.TranslationStatus)
		}
	}
	assert.Equal(t, heygen.TranslationCompleted, statuses[len(statuses)-1])
	assert.Equal(t, 0, hub.Watchers(), "the poller stopped at the terminal state")
}

func TestHubWaitTranslationTimeoutAndProgress(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	id := createTranslation(t, c, "")
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	snap, err := waitDriven(t, env, hub, c, watch.Ref{TranslationID: id}, 2*time.Minute, nil)
	require.NoError(t, err)
	assert.False(t, snap.Done)
	assert.Equal(t, heygen.TranslationRunning, snap.TranslationStatus, "queued for 30 s, then running")
	assert.Greater(t, snap.Progress, 0)
	assert.Less(t, snap.Progress, 100)
}

func TestHubWaitTranslationFailed(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	id := createTranslation(t, c, "Broken [[fail]]")
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	snap, err := waitDriven(t, env, hub, c, watch.Ref{TranslationID: id}, time.Hour, nil)
	require.ErrorIs(t, err, watch.ErrFailed)
	var fe *watch.FailedError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, id, fe.TranslationID)
	assert.Contains(t, err.Error(), "video translation "+id+" failed")
	assert.True(t, snap.Done)
	assert.True(t, snap.Failed)
	assert.Equal(t, heygen.TranslationFailed, snap.TranslationStatus)
	assert.NotEmpty(t, snap.FailureMessage)
}

func TestHubWaitUnknownTranslationEnds(t *testing.T) {
	env := watchtest.NewEnv()
	c := env.Client("key-a")
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()

	_, err := hub.Wait(context.Background(), tenant, c, watch.Ref{TranslationID: "vt_missing"}, time.Hour, nil)
	require.Error(t, err)
	assert.True(t, heygen.IsNotFound(err))
	assert.Contains(t, err.Error(), "vt_missing")
	assert.Equal(t, watchtest.Start, env.Clock.Now(), "no backoff wait after a fatal error")
	assert.Equal(t, 0, hub.Watchers())
}

// A translation id and a video id with the same value are different pollers;
// a translation Ref with a session or video id is refused.
func TestTranslationRefKeysAndValidation(t *testing.T) {
	require.Error(t, watch.Ref{TranslationID: "x", VideoID: "x"}.Validate())
	require.NoError(t, watch.Ref{TranslationID: "x"}.Validate())
	assert.Equal(t, "video translation vt_1", watch.Ref{TranslationID: "vt_1"}.String())

	env := watchtest.NewEnv()
	c := env.Client("key-a")
	id := createTranslation(t, c, "")
	hub := watch.NewHub(watch.HubOptions{Clock: env.Clock})
	defer hub.Close()
	unsubT, err := hub.Subscribe(tenant, c, watch.Ref{TranslationID: id}, func(watch.Update) {})
	require.NoError(t, err)
	defer unsubT()
	unsubV, err := hub.Subscribe(tenant, c, watch.Ref{VideoID: id}, func(watch.Update) {})
	require.NoError(t, err)
	defer unsubV()
	assert.Equal(t, 2, hub.Watchers())
	assert.Equal(t, 1, hub.Hint(watch.Ref{TranslationID: id}), "a hint on the translation pokes its poller only")
}
