package sim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

func avatarBody(extra ...any) map[string]any {
	b := map[string]any{"type": "avatar", "avatar_id": "look_anna_office", "script": "Hello there, this is a short test of the avatar video.",
		"voice_id": "voice_warm_01"}
	for i := 0; i+1 < len(extra); i += 2 {
		b[extra[i].(string)] = extra[i+1]
	}
	return b
}

func (h *harness) createDirect(key string, body map[string]any) heygen.CreateVideoResponse {
	h.t.Helper()
	return data[heygen.CreateVideoResponse](h.t, h.do(http.MethodPost, "/v3/videos", key, body))
}

func TestDirectVideoProgresses(t *testing.T) {
	h := newHarness(t)
	cr := h.createDirect(keyA, avatarBody("title", "Quarterly update"))
	require.NotEmpty(t, cr.VideoID)
	assert.Equal(t, heygen.VideoWaiting, cr.Status, "the create answers waiting, not a GET status")
	assert.Equal(t, "mp4", cr.OutputFormat)
	assert.Equal(t, 1, h.sim.DirectVideoCount())

	v := h.video(keyA, cr.VideoID)
	assert.Equal(t, heygen.VideoPending, v.Status)
	assert.Equal(t, "Quarterly update", *v.Title)
	assert.Nil(t, v.VideoURL)

	h.sim.Advance(testTimings().Queued)
	assert.Equal(t, heygen.VideoProcessing, h.video(keyA, cr.VideoID).Status)
	h.sim.Advance(testTimings().Rendering - time.Second)
	assert.Equal(t, heygen.VideoProcessing, h.video(keyA, cr.VideoID).Status)
	h.sim.Advance(time.Second)
	v = h.video(keyA, cr.VideoID)
	require.Equal(t, heygen.VideoCompleted, v.Status)
	assert.Equal(t, simHost+"/videos/"+cr.VideoID+".mp4", *v.VideoURL)
	assert.NotEmpty(t, *v.ThumbnailURL)
	assert.Equal(t, epoch.Add(testTimings().Queued+testTimings().Rendering).Unix(), *v.CompletedAt)
	assert.InDelta(t, 11/2.5, *v.Duration, 0.01, "11 words at 150 words a minute")

	// Listed and deleted like any video; another key sees nothing.
	p := page[heygen.Video](t, h.do(http.MethodGet, "/v3/videos?title=quarterly", keyA, nil))
	require.Len(t, p.Data, 1)
	assert.Equal(t, cr.VideoID, p.Data[0].ID)
	apiError(t, h.do(http.MethodGet, "/v3/videos/"+cr.VideoID, keyB, nil), http.StatusNotFound)
	data[heygen.DeleteVideoResponse](t, h.do(http.MethodDelete, "/v3/videos/"+cr.VideoID, keyA, nil))
	apiError(t, h.do(http.MethodGet, "/v3/videos/"+cr.VideoID, keyA, nil), http.StatusNotFound)
}

func TestDirectVideoDeletedWhileRendering(t *testing.T) {
	h := newHarness(t)
	cr := h.createDirect(keyA, avatarBody())
	data[heygen.DeleteVideoResponse](t, h.do(http.MethodDelete, "/v3/videos/"+cr.VideoID, keyA, nil))
	h.sim.Advance(time.Minute)
	apiError(t, h.do(http.MethodGet, "/v3/videos/"+cr.VideoID, keyA, nil), http.StatusNotFound)
	h.sim.mu.Lock()
	defer h.sim.mu.Unlock()
	assert.Empty(t, h.sim.tenants[keyA].direct.jobs, "the deleted video's job is gone")
}

func TestDirectVideoImageAudioAndFailMarker(t *testing.T) {
	h := newHarness(t)
	img := h.createDirect(keyA, map[string]any{"type": "image",
		"image":     map[string]any{"type": "url", "url": "https://example.com/face.jpg"},
		"audio_url": "https://example.com/voice.mp3", "output_format": "webm"})
	assert.Equal(t, "webm", img.OutputFormat)
	failing := h.createDirect(keyA, avatarBody("script", "This one breaks [[fail]]"))
	h.sim.Advance(time.Minute)
	v := h.video(keyA, img.VideoID)
	assert.Equal(t, heygen.VideoCompleted, v.Status)
	assert.GreaterOrEqual(t, *v.Duration, 10.0)
	f := h.video(keyA, failing.VideoID)
	assert.Equal(t, heygen.VideoFailed, f.Status)
	assert.Equal(t, "rendering_failed", *f.FailureCode)
	assert.Contains(t, *f.FailureMessage, "[[fail]]")
	assert.Equal(t, "This one breaks", *f.Title, "the marker is not in the title")
}

func TestDirectVideoValidation(t *testing.T) {
	h := newHarness(t)
	long := strings.Repeat("a", heygen.MaxScriptLen+1)
	for _, tc := range []struct {
		body   map[string]any
		status int
		code   string
		param  string
	}{
		{map[string]any{}, 400, "invalid_parameter", "type"},
		{map[string]any{"type": "studio"}, 400, "invalid_parameter", "type"},
		{map[string]any{"type": "avatar", "script": "hi"}, 400, "invalid_parameter", "avatar_id"},
		{map[string]any{"type": "image", "script": "hi", "voice_id": "voice_warm_01"}, 400, "invalid_parameter", "image"},
		{map[string]any{"type": "image", "image": map[string]any{"type": "url"}, "audio_url": "https://e.com/a.mp3"}, 400, "invalid_parameter", "image.url"},
		{map[string]any{"type": "image", "image": map[string]any{"type": "base64", "media_type": "application/pdf", "data": "aGk="}, "audio_url": "https://e.com/a.mp3"}, 400, "invalid_parameter", "image.media_type"},
		{map[string]any{"type": "image", "image": map[string]any{"type": "url", "url": "https://e.com/a.png"}, "script": "hi"}, 400, "invalid_parameter", "voice_id"},
		{avatarBody("script", nil), 400, "invalid_parameter", "script"},
		{avatarBody("audio_url", "https://e.com/a.mp3"), 400, "invalid_parameter", "script"},
		{avatarBody("script", long), 400, "invalid_parameter", "script"},
		{avatarBody("voice_settings", map[string]any{"speed": 2}), 400, "invalid_parameter", "voice_settings.speed"},
		{avatarBody("voice_settings", map[string]any{"pitch": -51}), 400, "invalid_parameter", "voice_settings.pitch"},
		{avatarBody("aspect_ratio", "21:9"), 400, "invalid_parameter", "aspect_ratio"},
		{avatarBody("resolution", "8k"), 400, "invalid_parameter", "resolution"},
		{avatarBody("background", map[string]any{"type": "color", "value": "red"}), 400, "invalid_parameter", "background.value"},
		{avatarBody("background", map[string]any{"type": "color", "value": "#fff"}, "output_format", "webm"), 400, "invalid_parameter", "background"},
		{avatarBody("engine", map[string]any{"type": "avatar_v"}, "expressiveness", "high"), 400, "invalid_parameter", "expressiveness"},
		{avatarBody("engine", map[string]any{"type": "avatar_iii"}), 400, "invalid_parameter", "engine.type"},
		{avatarBody("callback_url", "ftp://x"), 400, "invalid_parameter", "callback_url"},
		{avatarBody("avatar_id", "look_nobody"), 404, "avatar_not_found", "avatar_id"},
		{avatarBody("voice_id", "voice_nobody"), 404, "voice_not_found", "voice_id"},
	} {
		e := apiError(t, h.do(http.MethodPost, "/v3/videos", keyA, tc.body), tc.status)
		assert.Equal(t, tc.code, e.Code, "%v", tc.body)
		assert.Equal(t, tc.param, e.Param, "%v: %s", tc.body, e.Message)
	}
	assert.Zero(t, h.sim.DirectVideoCount(), "nothing was started")
}

func TestDirectVideoLimitsAndCredits(t *testing.T) {
	h := newHarness(t, WithMaxConcurrentJobs(2))
	h.createDirect(keyA, avatarBody())
	h.create(keyA, map[string]any{"prompt": "p"})
	r := h.do(http.MethodPost, "/v3/videos", keyA, avatarBody())
	e := apiError(t, r, http.StatusTooManyRequests)
	assert.Equal(t, "rate_limit_exceeded", e.Code)
	assert.Equal(t, "7", r.header.Get("Retry-After"))

	poor := newHarness(t, WithCredits(0.5))
	assert.Equal(t, "insufficient_credit", apiError(t, poor.do(http.MethodPost, "/v3/videos", keyA, avatarBody()), http.StatusPaymentRequired).Code)
}

func TestDirectVideoCallback(t *testing.T) {
	var mu sync.Mutex
	var got []heygen.WebhookEvent
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var ev heygen.WebhookEvent
		_ = json.Unmarshal(b, &ev)
		mu.Lock()
		got = append(got, ev)
		mu.Unlock()
	}))
	defer srv.Close()
	h := newHarness(t, WithCallbackClient(srv.Client()))
	cr := h.createDirect(keyA, avatarBody("callback_url", srv.URL, "callback_id", "mine-1"))
	h.sim.Advance(time.Minute)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 1)
	assert.Equal(t, eventAvatarVideoSuccess, got[0].EventType)
	assert.Equal(t, cr.VideoID, got[0].EventData.VideoID)
	assert.Equal(t, "mine-1", got[0].EventData.CallbackID)
	assert.NotEmpty(t, got[0].EventData.URL)
}
