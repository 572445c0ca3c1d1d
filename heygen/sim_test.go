package heygen_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
)

// simEnv is the simulator on a FakeClock, mounted under /base.
type simEnv struct {
	sim   *sim.Simulator
	clock *sim.FakeClock
	url   string
}

func newSimEnv(t *testing.T, opts ...sim.Option) *simEnv {
	t.Helper()
	clock := sim.NewFakeClock(time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC))
	s := sim.New(append([]sim.Option{sim.WithAPIKeys(testKey), sim.WithClock(clock), sim.WithSeed(1)}, opts...)...)
	mux := http.NewServeMux()
	mux.Handle("/base/", http.StripPrefix("/base", s))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside /base: %s %s", r.Method, r.URL.Path)
		w.WriteHeader(http.StatusTeapot)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &simEnv{sim: s, clock: clock, url: srv.URL + "/base"}
}

func (e *simEnv) client(t *testing.T, opts ...heygen.Option) (*heygen.Client, *waits) {
	t.Helper()
	w := &waits{}
	c, err := heygen.NewClient(append([]heygen.Option{heygen.WithBaseURL(e.url), heygen.WithAPIKey(testKey),
		heygen.WithSleep(w.sleep), heygen.WithNow(e.clock.Now)}, opts...)...)
	require.NoError(t, err)
	return c, w
}

// advanceUntil moves simulated time until cond holds (bounded, no wall time).
func advanceUntil(t *testing.T, e *simEnv, cond func() bool) {
	t.Helper()
	for range 200 {
		if cond() {
			return
		}
		e.sim.Advance(10 * time.Second)
	}
	t.Fatal("condition never held within 2000 s of simulated time")
}

// TestSimChatFlow drives every client method through a full chat session.
func TestSimChatFlow(t *testing.T) {
	t.Parallel()
	e := newSimEnv(t)
	c, _ := e.client(t)
	ctx := t.Context()

	u, err := c.GetCurrentUser(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, u.Username)

	styles, err := c.ListStyles(ctx, &heygen.ListStylesOptions{ListOptions: heygen.ListOptions{Limit: 2}})
	require.NoError(t, err)
	require.NotEmpty(t, styles.Data)
	assert.NotEmpty(t, styles.Data[0].StyleID)
	looks, err := c.ListAvatarLooks(ctx, nil)
	require.NoError(t, err)
	require.NotEmpty(t, looks.Data)
	voices, err := c.ListVoices(ctx, nil)
	require.NoError(t, err)
	require.NotEmpty(t, voices.Data)

	asset, err := c.UploadAsset(ctx, "logo.png", strings.NewReader(pngBytes))
	require.NoError(t, err)
	assert.NotEmpty(t, asset.AssetID)
	assert.Equal(t, int64(len(pngBytes)), asset.SizeBytes)

	created, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{
		Prompt: "A launch video for our app", Mode: heygen.ModeChat, StyleID: styles.Data[0].StyleID,
		AvatarID: looks.Data[0].ID, Orientation: heygen.OrientationLandscape, Files: []heygen.AssetInput{heygen.AssetFile(asset.AssetID)},
	})
	require.NoError(t, err)
	assert.Nil(t, created.VideoID)
	id := created.SessionID

	var sess *heygen.Session
	get := func() bool {
		sess, err = c.GetSession(ctx, id)
		require.NoError(t, err)
		return sess.Status == heygen.SessionWaitingForInput
	}
	advanceUntil(t, e, get)
	q, ok := sess.LatestModelMessage()
	require.True(t, ok)
	assert.NotEmpty(t, q.Content)

	sent, err := c.SendMessage(ctx, id, &heygen.SendMessageRequest{Message: "The warm narrator", VoiceID: voices.Data[0].VoiceID})
	require.NoError(t, err)
	assert.Equal(t, id, sent.SessionID)
	assert.NotEmpty(t, sent.RunID)

	advanceUntil(t, e, func() bool {
		sess, err = c.GetSession(ctx, id)
		require.NoError(t, err)
		return sess.Status == heygen.SessionReviewing
	})
	q, ok = sess.LatestModelMessage()
	require.True(t, ok)
	require.NotEmpty(t, q.ResourceIDs, "the review message points at the draft")
	res, err := c.GetSessionResource(ctx, id, q.ResourceIDs[0])
	require.NoError(t, err)
	assert.Equal(t, "draft", res.ResourceType)

	_, err = c.SendMessage(ctx, id, &heygen.SendMessageRequest{Message: "Looks good, render it"})
	require.NoError(t, err)
	advanceUntil(t, e, func() bool {
		sess, err = c.GetSession(ctx, id)
		require.NoError(t, err)
		return sess.Status == heygen.SessionCompleted
	})
	require.NotNil(t, sess.VideoID)
	v, err := c.GetVideo(ctx, *sess.VideoID)
	require.NoError(t, err)
	assert.Equal(t, heygen.VideoCompleted, v.Status)
	require.NotNil(t, v.VideoURL)
	assert.NotEmpty(t, *v.VideoURL)

	vids, err := c.ListSessionVideos(ctx, id, nil)
	require.NoError(t, err)
	require.Len(t, vids.Data, 1)
	assert.Equal(t, v.ID, vids.Data[0].ID)

	all, err := c.ListVideos(ctx, &heygen.ListVideosOptions{ListOptions: heygen.ListOptions{Limit: 10}})
	require.NoError(t, err)
	assert.Equal(t, v.ID, all.Data[0].ID)

	del, err := c.DeleteVideo(ctx, v.ID)
	require.NoError(t, err)
	assert.True(t, del.Deleted)
	_, err = c.GetVideo(ctx, v.ID)
	assert.True(t, heygen.IsNotFound(err), "got %v", err)

	// Headers as HeyGen would see them, and the base path kept.
	for _, r := range e.sim.Requests() {
		assert.True(t, strings.HasPrefix(r.Path, "/v3/"), r.Path)
		assert.Equal(t, "set", r.Header.Get("X-Api-Key"))
		assert.True(t, strings.HasPrefix(r.Header.Get("User-Agent"), "heygen-mcp/"))
	}
}

func TestSimGenerateFlowStopAndPaging(t *testing.T) {
	t.Parallel()
	e := newSimEnv(t)
	c, _ := e.client(t)
	ctx := t.Context()

	var ids []string
	for i := range 5 {
		s, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "video " + string(rune('a'+i))})
		require.NoError(t, err)
		ids = append(ids, s.SessionID)
	}
	stopped, err := c.StopSession(ctx, ids[0])
	require.NoError(t, err)
	assert.Equal(t, ids[0], stopped.SessionID)

	// A generate-mode session rejects messages with param session_id (sim's documented choice).
	_, err = c.SendMessage(ctx, ids[1], &heygen.SendMessageRequest{Message: "hi"})
	var ae *heygen.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusBadRequest, ae.StatusCode)
	assert.Equal(t, "session_id", ae.Param)

	var listed []string
	for s, err := range heygen.All(ctx, func(ctx context.Context, tok string) (*heygen.Page[heygen.SessionSummary], error) {
		return c.ListSessions(ctx, &heygen.ListOptions{Limit: 2, Token: tok})
	}) {
		require.NoError(t, err)
		listed = append(listed, s.SessionID)
	}
	assert.ElementsMatch(t, ids, listed)
	assert.Equal(t, 3, e.sim.RequestCount(http.MethodGet, "/v3/video-agents"), "3 pages of 2")
}

func TestSimErrors(t *testing.T) {
	t.Parallel()
	e := newSimEnv(t)
	ctx := t.Context()

	bad, err := heygen.NewClient(heygen.WithBaseURL(e.url), heygen.WithAPIKey("wrong-key"))
	require.NoError(t, err)
	_, err = bad.GetCurrentUser(ctx)
	assert.True(t, heygen.IsUnauthorized(err), "got %v", err)

	c, w := e.client(t)
	_, err = c.GetSession(ctx, "sess_unknown")
	assert.True(t, heygen.IsNotFound(err), "got %v", err)

	// Retried GET through injected 503s.
	remove := e.sim.InjectFault(sim.Fault{Method: http.MethodGet, Path: "/v3/users/me", Status: 503, Times: 2})
	_, err = c.GetCurrentUser(ctx)
	require.NoError(t, err)
	remove()
	assert.Len(t, w.all(), 2)

	// A proxy's HTML page.
	remove = e.sim.InjectFault(sim.HTMLErrorFault(http.MethodGet, "/v3/voices", 502))
	_, err = c.ListVoices(ctx, nil)
	remove()
	var ae *heygen.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 502, ae.StatusCode)
	assert.NotEmpty(t, ae.Body)

	// A huge body is capped.
	remove = e.sim.InjectFault(sim.HugeBodyFault(http.MethodGet, "/v3/videos", 200))
	_, err = c.ListVideos(ctx, nil)
	remove()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "exceeds", "the size cap, not the error JSON inside the body, must stop it")
	assert.False(t, errors.As(err, &ae), "a capped body is not decoded into an APIError")

	// A dropped connection on GET is retried.
	remove = e.sim.InjectFault(sim.Fault{Method: http.MethodGet, Path: "/v3/video-agents/styles", DropConnection: true, Times: 1})
	_, err = c.ListStyles(ctx, nil)
	remove()
	require.NoError(t, err)
}

// TestSimCreateRetryMakesOneSession: a 500 that a gateway sends after HeyGen
// created the session is not retried (the default simulator, like HeyGen's
// docs, gives the create no idempotency); FindCreatedSession finds the one
// session instead.
func TestSimCreateRetryMakesOneSession(t *testing.T) {
	t.Parallel()
	e := newSimEnv(t)
	c, _ := e.client(t)
	ctx := t.Context()

	remove := e.sim.InjectFault(sim.Fault{Method: http.MethodPost, Path: "/v3/video-agents", Status: 500, AfterHandler: true, Times: 1})
	defer remove()
	req := &heygen.CreateSessionRequest{Prompt: "once"}
	since := c.Now()
	_, err := c.CreateSession(ctx, req)
	require.ErrorIs(t, err, heygen.ErrServer)
	require.True(t, heygen.OutcomeUnknown(err))
	assert.Equal(t, 1, e.sim.RequestCount(http.MethodPost, "/v3/video-agents"), "a 5xx on create is never followed by a second POST")
	assert.Equal(t, 1, e.sim.SessionCount())

	s, found, err := c.FindCreatedSession(ctx, req, since)
	require.NoError(t, err)
	require.True(t, found)
	list, err := c.ListSessions(ctx, nil)
	require.NoError(t, err)
	require.Len(t, list.Data, 1)
	assert.Equal(t, list.Data[0].SessionID, s.SessionID)
	assert.Equal(t, 1, e.sim.SessionCount(), "looking made nothing")
}

// TestSimRateLimit: beyond the concurrent-job limit the sim answers 429 with
// Retry-After; the client waits exactly that (injected sleep) and gives up
// after its retries with a rate-limit error.
func TestSimRateLimit(t *testing.T) {
	t.Parallel()
	e := newSimEnv(t, sim.WithMaxConcurrentJobs(1))
	c, w := e.client(t, heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 2, MaxRetryAfter: time.Minute}))
	ctx := t.Context()
	_, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "first"})
	require.NoError(t, err)
	_, err = c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "second"})
	require.True(t, heygen.IsRateLimited(err), "got %v", err)
	d, ok := heygen.RetryAfterOf(err)
	require.True(t, ok)
	assert.Equal(t, []time.Duration{d, d}, w.all())
}
