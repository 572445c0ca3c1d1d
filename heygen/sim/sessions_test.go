package sim

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

func TestGenerateModeRunsToCompletion(t *testing.T) {
	h := newHarness(t)
	created := h.create(keyA, map[string]any{"prompt": "Explain photosynthesis to ten year olds"})
	assert.Equal(t, heygen.SessionThinking, created.Status)
	assert.Nil(t, created.VideoID, "video_id is null at create by default")
	assert.Equal(t, epoch.Unix(), created.CreatedAt)

	s := h.session(keyA, created.SessionID)
	assert.Equal(t, 0, s.Progress)
	assert.Nil(t, s.VideoID)
	assert.Nil(t, s.Title)
	require.Len(t, s.Messages, 1)
	assert.Equal(t, heygen.RoleUser, s.Messages[0].Role)

	h.sim.Advance(5 * time.Second) // half of Thinking
	s = h.session(keyA, created.SessionID)
	assert.Equal(t, heygen.SessionThinking, s.Status)
	assert.Equal(t, progRendering/2, s.Progress, "progress rises linearly while thinking")

	h.sim.Advance(5 * time.Second) // Thinking done
	s = h.session(keyA, created.SessionID)
	assert.Equal(t, heygen.SessionGenerating, s.Status)
	require.NotNil(t, s.VideoID)
	require.NotNil(t, s.Title)
	assert.Equal(t, "Explain photosynthesis to ten year olds", *s.Title)
	vid := *s.VideoID
	assert.Equal(t, heygen.VideoPending, h.video(keyA, vid).Status)

	h.sim.Advance(3 * time.Second) // Queued done
	assert.Equal(t, heygen.VideoProcessing, h.video(keyA, vid).Status)
	assert.Equal(t, progProcess, h.session(keyA, created.SessionID).Progress)

	h.sim.Advance(10 * time.Second)
	mid := h.session(keyA, created.SessionID).Progress
	assert.Greater(t, mid, progProcess)
	assert.Less(t, mid, progFinish)

	h.sim.Advance(10 * time.Second) // Rendering done
	s = h.session(keyA, created.SessionID)
	assert.Equal(t, heygen.SessionCompleted, s.Status)
	assert.Equal(t, 100, s.Progress)
	assert.Equal(t, "Your video is ready.", s.Messages[0].Content, "newest message first")

	v := h.video(keyA, vid)
	assert.Equal(t, heygen.VideoCompleted, v.Status)
	for name, p := range map[string]*string{"video_url": v.VideoURL, "thumbnail_url": v.ThumbnailURL,
		"captioned_video_url": v.CaptionedVideoURL, "subtitle_url": v.SubtitleURL, "gif_url": v.GIFURL,
		"video_page_url": v.VideoPageURL} {
		require.NotNil(t, p, name)
		assert.NotEmpty(t, *p, name)
	}
	require.NotNil(t, v.Duration)
	assert.GreaterOrEqual(t, *v.Duration, 30.0)
	assert.LessOrEqual(t, *v.Duration, 90.0)
	require.NotNil(t, v.CompletedAt)
	assert.Equal(t, epoch.Add(testTimings().total()).Unix(), *v.CompletedAt, "dated at its scheduled time")
	assert.Nil(t, v.FailureCode)
}

func TestAdvanceInOneJumpMatchesSmallSteps(t *testing.T) {
	run := func(steps []time.Duration) heygen.Video {
		h := newHarness(t)
		c := h.create(keyA, map[string]any{"prompt": "one jump"})
		for _, d := range steps {
			h.sim.Advance(d)
		}
		return h.video(keyA, *h.session(keyA, c.SessionID).VideoID)
	}
	one := run([]time.Duration{time.Hour})
	var small []time.Duration
	for range 200 {
		small = append(small, time.Second)
	}
	many := run(small)
	assert.Equal(t, one, many)
}

func TestFailMarkerFailsTheRender(t *testing.T) {
	h := newHarness(t)
	c := h.create(keyA, map[string]any{"prompt": "A video that breaks [[fail]]"})
	h.sim.Advance(time.Hour)
	s := h.session(keyA, c.SessionID)
	assert.Equal(t, heygen.SessionFailed, s.Status)
	assert.Less(t, s.Progress, 100)
	assert.Equal(t, heygen.RoleModel, s.Messages[0].Role)
	assert.Equal(t, heygen.MessageError, s.Messages[0].Type)
	require.NotNil(t, s.VideoID)
	v := h.video(keyA, *s.VideoID)
	assert.Equal(t, heygen.VideoFailed, v.Status)
	require.NotNil(t, v.FailureCode)
	assert.Equal(t, "rendering_failed", *v.FailureCode)
	require.NotNil(t, v.FailureMessage)
	assert.NotEmpty(t, *v.FailureMessage)
	assert.Nil(t, v.VideoURL)
}

func TestChatModeFullConversationAndRevision(t *testing.T) {
	h := newHarness(t)
	c := h.create(keyA, map[string]any{"prompt": "Product launch teaser", "mode": "chat"})
	assert.Equal(t, heygen.SessionThinking, c.Status)

	h.sim.Advance(10 * time.Second)
	s := h.session(keyA, c.SessionID)
	require.Equal(t, heygen.SessionWaitingForInput, s.Status)
	q, ok := s.LatestModelMessage()
	require.True(t, ok)
	assert.Equal(t, s.Messages[0], q, "the question is the newest message")
	assert.Contains(t, q.Content, "Which voice should I use?")
	assert.Contains(t, q.Content, "Warm narrator (voice_id voice_warm_01)")
	assert.Nil(t, s.VideoID)

	h.sim.Advance(time.Hour)
	assert.Equal(t, heygen.SessionWaitingForInput, h.session(keyA, c.SessionID).Status, "waits for the user")

	run := h.send(keyA, c.SessionID, "voice_warm_01 please")
	assert.Equal(t, c.SessionID, run.SessionID)
	assert.NotEmpty(t, run.RunID)
	assert.Equal(t, heygen.SessionThinking, h.session(keyA, c.SessionID).Status)

	h.sim.Advance(5 * time.Second)
	s = h.session(keyA, c.SessionID)
	require.Equal(t, heygen.SessionReviewing, s.Status)
	assert.Equal(t, heygen.MessageResource, s.Messages[0].Type)
	require.Len(t, s.Messages[0].ResourceIDs, 1)
	res := data[heygen.SessionResource](t, h.do(http.MethodGet,
		"/v3/video-agents/"+c.SessionID+"/resources/"+s.Messages[0].ResourceIDs[0], keyA, nil))
	assert.Equal(t, "draft", res.ResourceType)
	require.NotNil(t, res.SourceType)
	assert.Equal(t, "generated", *res.SourceType)
	assert.NotEmpty(t, res.Metadata["scenes"])

	h.send(keyA, c.SessionID, "approve")
	h.sim.Advance(5 * time.Second)
	s = h.session(keyA, c.SessionID)
	require.Equal(t, heygen.SessionGenerating, s.Status)
	first := *s.VideoID
	h.sim.Advance(time.Hour)
	require.Equal(t, heygen.SessionCompleted, h.session(keyA, c.SessionID).Status)
	assert.Equal(t, heygen.VideoCompleted, h.video(keyA, first).Status)

	// A revision after completed renders a new video.
	h.send(keyA, c.SessionID, "Make it shorter")
	s = h.session(keyA, c.SessionID)
	assert.Equal(t, heygen.SessionThinking, s.Status)
	assert.Equal(t, 0, s.Progress)
	h.sim.Advance(time.Hour)
	s = h.session(keyA, c.SessionID)
	require.Equal(t, heygen.SessionCompleted, s.Status)
	second := *s.VideoID
	assert.NotEqual(t, first, second)

	vids := page[heygen.Video](t, h.do(http.MethodGet, "/v3/video-agents/"+c.SessionID+"/videos", keyA, nil))
	require.Len(t, vids.Data, 2)
	assert.Equal(t, second, vids.Data[0].ID, "newest first")
	assert.Equal(t, first, vids.Data[1].ID)
	assert.False(t, vids.HasMore)
	assert.Nil(t, vids.NextToken)
}

func TestMessagesNewestFirstCappedAt40(t *testing.T) {
	h := newHarness(t)
	c := h.create(keyA, map[string]any{"prompt": "Many revisions", "mode": "chat"})
	h.sim.Advance(time.Hour)
	for i := range 20 {
		h.send(keyA, c.SessionID, "revision "+strings.Repeat("!", i))
		h.sim.Advance(time.Hour)
	}
	s := h.session(keyA, c.SessionID)
	require.Len(t, s.Messages, heygen.MaxSessionMsgs)
	assert.Equal(t, "Your video is ready.", s.Messages[0].Content)
	for i := 1; i < len(s.Messages); i++ {
		assert.GreaterOrEqual(t, *s.Messages[i-1].CreatedAt, *s.Messages[i].CreatedAt, "message %d", i)
	}
	// The initial prompt (oldest) has been cut off.
	for _, m := range s.Messages {
		assert.NotEqual(t, "Many revisions", m.Content)
	}
}

func TestSendWhileBusyConflicts(t *testing.T) {
	h := newHarness(t)
	c := h.create(keyA, map[string]any{"prompt": "busy", "mode": "chat"})
	e := apiError(t, h.do(http.MethodPost, "/v3/video-agents/"+c.SessionID, keyA, map[string]any{"message": "hi"}), http.StatusConflict)
	assert.Equal(t, "conflict", e.Code)
}

func TestVideoIDAtCreate(t *testing.T) {
	h := newHarness(t, WithVideoIDAtCreate(true))
	c := h.create(keyA, map[string]any{"prompt": "eager id"})
	require.NotNil(t, c.VideoID)
	assert.Equal(t, heygen.VideoPending, h.video(keyA, *c.VideoID).Status)
	h.sim.Advance(time.Hour)
	s := h.session(keyA, c.SessionID)
	assert.Equal(t, *c.VideoID, *s.VideoID, "the announced video is the one rendered")
	assert.Equal(t, heygen.VideoCompleted, h.video(keyA, *c.VideoID).Status)
	vids := page[heygen.Video](t, h.do(http.MethodGet, "/v3/videos", keyA, nil))
	assert.Len(t, vids.Data, 1)
}

func TestStop(t *testing.T) {
	t.Run("thinking stops at the next checkpoint", func(t *testing.T) {
		h := newHarness(t)
		c := h.create(keyA, map[string]any{"prompt": "stop me"})
		h.sim.Advance(2 * time.Second)
		r := data[heygen.StopSessionResponse](t, h.do(http.MethodPost, "/v3/video-agents/"+c.SessionID+"/stop", keyA, "{}"))
		assert.Equal(t, c.SessionID, r.SessionID)
		assert.Equal(t, heygen.SessionThinking, h.session(keyA, c.SessionID).Status, "not before the checkpoint")
		h.sim.Advance(time.Hour)
		s := h.session(keyA, c.SessionID)
		assert.Equal(t, heygen.SessionFailed, s.Status)
		assert.Equal(t, heygen.MessageError, s.Messages[0].Type)
		assert.Nil(t, s.VideoID, "no video was started")
	})
	t.Run("paused stops at once", func(t *testing.T) {
		h := newHarness(t)
		c := h.create(keyA, map[string]any{"prompt": "stop me", "mode": "chat"})
		h.sim.Advance(time.Hour)
		h.do(http.MethodPost, "/v3/video-agents/"+c.SessionID+"/stop", keyA, nil)
		assert.Equal(t, heygen.SessionFailed, h.session(keyA, c.SessionID).Status)
	})
	t.Run("a running render completes", func(t *testing.T) {
		h := newHarness(t)
		c := h.create(keyA, map[string]any{"prompt": "stop me late"})
		h.sim.Advance(11 * time.Second)
		h.do(http.MethodPost, "/v3/video-agents/"+c.SessionID+"/stop", keyA, nil)
		h.sim.Advance(time.Hour)
		assert.Equal(t, heygen.SessionCompleted, h.session(keyA, c.SessionID).Status)
	})
	t.Run("stuck marker and stop", func(t *testing.T) {
		h := newHarness(t)
		c := h.create(keyA, map[string]any{"prompt": "never ends [[stuck]]"})
		h.sim.Advance(24 * time.Hour)
		assert.Equal(t, heygen.SessionThinking, h.session(keyA, c.SessionID).Status)
		h.do(http.MethodPost, "/v3/video-agents/"+c.SessionID+"/stop", keyA, nil)
		assert.Equal(t, heygen.SessionFailed, h.session(keyA, c.SessionID).Status)
	})
	t.Run("unknown session", func(t *testing.T) {
		h := newHarness(t)
		apiError(t, h.do(http.MethodPost, "/v3/video-agents/sess_nope/stop", keyA, nil), http.StatusNotFound)
	})
}

func TestSessionGoneAfterVideoQuirk(t *testing.T) {
	h := newHarness(t, WithSessionGoneAfterVideo(30*time.Second))
	c := h.create(keyA, map[string]any{"prompt": "vanishing session"})
	h.sim.Advance(10 * time.Second) // video assigned now
	vid := *h.session(keyA, c.SessionID).VideoID
	h.sim.Advance(29 * time.Second)
	h.session(keyA, c.SessionID) // still there
	h.sim.Advance(time.Second)
	e := apiError(t, h.do(http.MethodGet, "/v3/video-agents/"+c.SessionID, keyA, nil), http.StatusNotFound)
	assert.Equal(t, "Session not found", e.Message)
	h.sim.Advance(time.Hour)
	assert.Equal(t, heygen.VideoCompleted, h.video(keyA, vid).Status, "the video still completes")
}

func TestTenantIsolation(t *testing.T) {
	h := newHarness(t)
	c := h.create(keyA, map[string]any{"prompt": "A's video", "mode": "chat"})
	h.sim.Advance(time.Hour)
	h.send(keyA, c.SessionID, "go")
	h.sim.Advance(time.Hour)
	s := h.session(keyA, c.SessionID)
	rid := s.Messages[0].ResourceIDs[0]
	h.send(keyA, c.SessionID, "approve")
	h.sim.Advance(time.Hour)
	vid := *h.session(keyA, c.SessionID).VideoID

	for _, path := range []string{
		"/v3/video-agents/" + c.SessionID,
		"/v3/video-agents/" + c.SessionID + "/videos",
		"/v3/video-agents/" + c.SessionID + "/resources/" + rid,
		"/v3/videos/" + vid,
	} {
		apiError(t, h.do(http.MethodGet, path, keyB, nil), http.StatusNotFound)
	}
	apiError(t, h.do(http.MethodPost, "/v3/video-agents/"+c.SessionID, keyB, map[string]any{"message": "hijack"}), http.StatusNotFound)
	apiError(t, h.do(http.MethodPost, "/v3/video-agents/"+c.SessionID+"/stop", keyB, nil), http.StatusNotFound)
	apiError(t, h.do(http.MethodDelete, "/v3/videos/"+vid, keyB, nil), http.StatusNotFound)
	assert.Empty(t, page[heygen.SessionSummary](t, h.do(http.MethodGet, "/v3/video-agents", keyB, nil)).Data)
	assert.Empty(t, page[heygen.Video](t, h.do(http.MethodGet, "/v3/videos", keyB, nil)).Data)
	assert.Equal(t, heygen.VideoCompleted, h.video(keyA, vid).Status, "A still sees it")
}

func TestDeleteVideo(t *testing.T) {
	h := newHarness(t)
	c := h.create(keyA, map[string]any{"prompt": "delete me"})
	h.sim.Advance(time.Hour)
	vid := *h.session(keyA, c.SessionID).VideoID
	d := data[heygen.DeleteVideoResponse](t, h.do(http.MethodDelete, "/v3/videos/"+vid, keyA, nil))
	assert.Equal(t, heygen.DeleteVideoResponse{ID: vid, Deleted: true}, d)
	e := apiError(t, h.do(http.MethodGet, "/v3/videos/"+vid, keyA, nil), http.StatusNotFound)
	assert.Equal(t, "video_not_found", e.Code)
	assert.Empty(t, page[heygen.Video](t, h.do(http.MethodGet, "/v3/video-agents/"+c.SessionID+"/videos", keyA, nil)).Data)
	apiError(t, h.do(http.MethodDelete, "/v3/videos/"+vid, keyA, nil), http.StatusNotFound)
}

func TestRateLimitOnConcurrentJobs(t *testing.T) {
	h := newHarness(t, WithMaxConcurrentJobs(3))
	// Paused chat sessions hold no job slot.
	chat := h.create(keyA, map[string]any{"prompt": "paused", "mode": "chat"})
	h.sim.Advance(10 * time.Second)
	require.Equal(t, heygen.SessionWaitingForInput, h.session(keyA, chat.SessionID).Status)

	for range 3 {
		h.create(keyA, map[string]any{"prompt": "job"})
	}
	r := h.do(http.MethodPost, "/v3/video-agents", keyA, map[string]any{"prompt": "one too many"})
	e := apiError(t, r, http.StatusTooManyRequests)
	assert.Equal(t, "rate_limit_exceeded", e.Code)
	assert.Equal(t, "7", r.header.Get("Retry-After"))
	assert.Len(t, page[heygen.SessionSummary](t, h.do(http.MethodGet, "/v3/video-agents", keyA, nil)).Data, 4, "nothing was created")

	h.create(keyB, map[string]any{"prompt": "other tenant has its own limit"})
	h.sim.Advance(time.Hour)
	h.create(keyA, map[string]any{"prompt": "room again"})
}

func TestDefaultMaxConcurrentJobsIsTen(t *testing.T) {
	h := newHarness(t)
	for range 10 {
		h.create(keyA, map[string]any{"prompt": "job"})
	}
	apiError(t, h.do(http.MethodPost, "/v3/video-agents", keyA, map[string]any{"prompt": "eleventh"}), http.StatusTooManyRequests)
}

func TestCreditsDecreasePerVideo(t *testing.T) {
	h := newHarness(t)
	balance := func() float64 {
		u := data[heygen.User](t, h.do(http.MethodGet, "/v3/users/me", keyA, nil))
		assert.Equal(t, "wallet", u.BillingType)
		b, ok := u.Wallet["remaining_balance"].(float64)
		require.True(t, ok, "wallet: %v", u.Wallet)
		return b
	}
	before := balance()
	assert.Equal(t, defaultCredits, before)
	h.create(keyA, map[string]any{"prompt": "costly"})
	h.sim.Advance(time.Hour)
	assert.Less(t, balance(), before)
}

func TestInsufficientCredit(t *testing.T) {
	h := newHarness(t, WithCredits(3))
	h.create(keyA, map[string]any{"prompt": "spend it all"})
	h.sim.Advance(time.Hour) // a 30-90 s video costs 2-6 credits
	u := data[heygen.User](t, h.do(http.MethodGet, "/v3/users/me", keyA, nil))
	if u.Wallet["remaining_balance"].(float64) >= 1 {
		h.create(keyA, map[string]any{"prompt": "spend the rest"})
		h.sim.Advance(time.Hour)
	}
	e := apiError(t, h.do(http.MethodPost, "/v3/video-agents", keyA, map[string]any{"prompt": "broke"}), http.StatusPaymentRequired)
	assert.Equal(t, "insufficient_credit", e.Code)
	assert.Equal(t, "https://developers.heygen.com/docs/error-codes#insufficient-credit", e.DocURL)
	h.create(keyB, map[string]any{"prompt": "another wallet"})
}
