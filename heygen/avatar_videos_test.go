package heygen_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

func f64(v float64) *float64 { return &v }

// TestCreateVideoBody: the body is exactly the CLI's JSON (gen/video.go,
// VideoCreate): type, avatar_id or image (an AssetInput), script + voice_id,
// voice_settings, background, caption, engine, callbacks; nothing else.
func TestCreateVideoBody(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		req  *heygen.CreateVideoRequest
		want string
	}{
		{"avatar minimal", &heygen.CreateVideoRequest{Type: "avatar", AvatarID: "look_1", Script: "Hello world", VoiceID: "voice_1"},
			`{"type":"avatar","avatar_id":"look_1","script":"Hello world","voice_id":"voice_1"}`},
		{"image from url with audio", &heygen.CreateVideoRequest{Type: "image", Image: ptr(heygen.URLFile("https://example.com/photo.jpg")),
			AudioURL: "https://example.com/a.mp3"},
			`{"type":"image","image":{"type":"url","url":"https://example.com/photo.jpg"},"audio_url":"https://example.com/a.mp3"}`},
		{"everything", &heygen.CreateVideoRequest{
			Type: "avatar", AvatarID: "look_1", Title: "Q3", Script: "Hi", VoiceID: "voice_1",
			VoiceSettings: &heygen.VideoVoiceSettings{Speed: f64(1.2), Pitch: f64(-3), Volume: f64(0)},
			AspectRatio:   "9:16", Resolution: "1080p", OutputFormat: "mp4",
			Background:   &heygen.VideoBackground{Type: "color", Value: "#112233"},
			Caption:      &heygen.VideoCaption{FileFormat: "srt", Style: "default"},
			Engine:       &heygen.VideoEngine{Type: "avatar_v", ReferenceLookID: "look_2"},
			MotionPrompt: "waves", RemoveBackground: ptr(true), Fit: "cover",
			CallbackURL: "https://example.com/hook", CallbackID: "cb1",
		}, `{"type":"avatar","avatar_id":"look_1","title":"Q3","script":"Hi","voice_id":"voice_1",
			"voice_settings":{"speed":1.2,"pitch":-3,"volume":0},"aspect_ratio":"9:16","resolution":"1080p","output_format":"mp4",
			"background":{"type":"color","value":"#112233"},"caption":{"file_format":"srt","style":"default"},
			"engine":{"type":"avatar_v","reference_look_id":"look_2"},"motion_prompt":"waves","remove_background":true,"fit":"cover",
			"callback_url":"https://example.com/hook","callback_id":"cb1"}`},
		{"image asset with audio asset", &heygen.CreateVideoRequest{Type: "image", Image: ptr(heygen.AssetFile("asset_1")),
			AudioAssetID: "asset_2", Background: &heygen.VideoBackground{Type: "image", AssetID: "asset_3"}},
			`{"type":"image","image":{"type":"asset_id","asset_id":"asset_1"},"audio_asset_id":"asset_2","background":{"type":"image","asset_id":"asset_3"}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				reply(w, http.StatusOK, "application/json", []byte(`{"data":{"video_id":"vid_1","status":"waiting","output_format":"mp4"}}`))
			})
			c, _ := newTestClient(t, f)
			got, err := c.CreateVideo(t.Context(), tc.req)
			require.NoError(t, err)
			assert.Equal(t, &heygen.CreateVideoResponse{VideoID: "vid_1", Status: heygen.VideoWaiting, OutputFormat: "mp4"}, got)
			reqs := f.requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, http.MethodPost, reqs[0].Method)
			assert.Equal(t, "/v3/videos", reqs[0].Path)
			assert.Equal(t, "application/json", reqs[0].Header.Get("Content-Type"))
			assert.JSONEq(t, tc.want, string(reqs[0].Body))
		})
	}
}

// TestCreateVideoNeverResent: POST /v3/videos documents no Idempotency-Key,
// so a 5xx or a dropped connection is not retried (a second paid video);
// a 429 is (nothing was started).
func TestCreateVideoNeverResent(t *testing.T) {
	t.Parallel()
	req := &heygen.CreateVideoRequest{Type: "avatar", AvatarID: "look_1", Script: "Hi"}
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		reply(w, http.StatusBadGateway, "application/json", []byte(`{"error":{"code":"internal_error","message":"m"}}`))
	})
	c, _ := newTestClient(t, f, heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	_, err := c.CreateVideo(t.Context(), req)
	require.Error(t, err)
	assert.True(t, heygen.OutcomeUnknown(err))
	require.Len(t, f.requests(), 1, "sent once")
	r := f.requests()[0]
	assert.Len(t, r.Header.Values("Idempotency-Key"), 1, "one key, sent under the lower-case name net/http never replays")

	n := 0
	f429 := newFakeAPI(t, func(attempt int, w http.ResponseWriter, _ *http.Request) {
		n = attempt
		if attempt == 0 {
			reply(w, http.StatusTooManyRequests, "application/json", []byte(`{"error":{"code":"rate_limit_exceeded","message":"m"}}`), "Retry-After", "1")
			return
		}
		reply(w, http.StatusOK, "application/json", []byte(`{"data":{"video_id":"vid_1","status":"waiting"}}`))
	})
	c, _ = newTestClient(t, f429, heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxRetryAfter: time.Minute}))
	got, err := c.CreateVideo(t.Context(), req)
	require.NoError(t, err)
	assert.Equal(t, "vid_1", got.VideoID)
	assert.Equal(t, 1, n, "retried once after the 429")
}

func TestCreateVideoValidation(t *testing.T) {
	t.Parallel()
	av := func(mod func(r *heygen.CreateVideoRequest)) *heygen.CreateVideoRequest {
		r := &heygen.CreateVideoRequest{Type: "avatar", AvatarID: "look_1", Script: "Hi", VoiceID: "voice_1"}
		mod(r)
		return r
	}
	for _, tc := range []struct {
		req   *heygen.CreateVideoRequest
		param string
	}{
		{nil, "request"},
		{&heygen.CreateVideoRequest{}, "type"},
		{&heygen.CreateVideoRequest{Type: "studio"}, "type"},
		{av(func(r *heygen.CreateVideoRequest) { r.AvatarID = "" }), "avatar_id"},
		{av(func(r *heygen.CreateVideoRequest) { r.AvatarID = "../x" }), "avatar_id"},
		{av(func(r *heygen.CreateVideoRequest) { r.Image = ptr(heygen.URLFile("https://e.com/a.png")) }), "image"},
		{&heygen.CreateVideoRequest{Type: "image", Script: "Hi", VoiceID: "v"}, "image"},
		{&heygen.CreateVideoRequest{Type: "image", Image: ptr(heygen.URLFile("")), Script: "Hi", VoiceID: "v"}, "image"},
		{&heygen.CreateVideoRequest{Type: "image", Image: ptr(heygen.URLFile("https://e.com/a.png")), Script: "Hi"}, "voice_id"},
		{av(func(r *heygen.CreateVideoRequest) { r.Script = "" }), "script"},
		{av(func(r *heygen.CreateVideoRequest) { r.AudioURL = "https://e.com/a.mp3" }), "script"},
		{av(func(r *heygen.CreateVideoRequest) { r.Script = strings.Repeat("a", heygen.MaxScriptLen+1) }), "script"},
		{av(func(r *heygen.CreateVideoRequest) { r.Script, r.AudioURL = "", "file:///a.mp3" }), "audio_url"},
		{av(func(r *heygen.CreateVideoRequest) { r.VoiceSettings = &heygen.VideoVoiceSettings{Speed: f64(0.4)} }), "voice_settings.speed"},
		{av(func(r *heygen.CreateVideoRequest) { r.VoiceSettings = &heygen.VideoVoiceSettings{Pitch: f64(50.5)} }), "voice_settings.pitch"},
		{av(func(r *heygen.CreateVideoRequest) { r.VoiceSettings = &heygen.VideoVoiceSettings{Volume: f64(1.1)} }), "voice_settings.volume"},
		{av(func(r *heygen.CreateVideoRequest) { r.AspectRatio = "2:1" }), "aspect_ratio"},
		{av(func(r *heygen.CreateVideoRequest) { r.Resolution = "480p" }), "resolution"},
		{av(func(r *heygen.CreateVideoRequest) {
			r.Background = &heygen.VideoBackground{Type: "color", Value: "blue"}
		}), "background.value"},
		{av(func(r *heygen.CreateVideoRequest) { r.Background = &heygen.VideoBackground{Type: "image"} }), "background.url"},
		{av(func(r *heygen.CreateVideoRequest) { r.Background = &heygen.VideoBackground{Type: "video"} }), "background.type"},
		{av(func(r *heygen.CreateVideoRequest) {
			r.OutputFormat, r.Background = "webm", &heygen.VideoBackground{Type: "color", Value: "#fff"}
		}), "background"},
		{av(func(r *heygen.CreateVideoRequest) { r.Caption = &heygen.VideoCaption{Style: "bold"} }), "caption.style"},
		{av(func(r *heygen.CreateVideoRequest) { r.Engine = &heygen.VideoEngine{} }), "engine.type"},
		{av(func(r *heygen.CreateVideoRequest) {
			r.Engine, r.Expressiveness = &heygen.VideoEngine{Type: "avatar_v"}, "high"
		}), "expressiveness"},
		{av(func(r *heygen.CreateVideoRequest) {
			r.Engine = &heygen.VideoEngine{Type: "avatar_iv", ReferenceLookID: "l"}
		}), "engine.reference_look_id"},
		{&heygen.CreateVideoRequest{Type: "image", Image: ptr(heygen.URLFile("https://e.com/a.png")), AudioAssetID: "a",
			Engine: &heygen.VideoEngine{Type: "avatar_iii"}}, "engine.type"},
		{av(func(r *heygen.CreateVideoRequest) { r.CallbackURL = "example.com/hook" }), "callback_url"},
	} {
		f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) { t.Error("a request was sent") })
		c, _ := newTestClient(t, f)
		_, err := c.CreateVideo(context.Background(), tc.req)
		var ve *heygen.ValidationError
		require.ErrorAs(t, err, &ve, "%+v", tc.req)
		assert.Equal(t, tc.param, ve.Param, ve.Message)
	}
}

// TestCreateVideoOnSimulator: create, then GET until completed on the
// simulator's clock; the create's "waiting" reads as pending.
func TestCreateVideoOnSimulator(t *testing.T) {
	t.Parallel()
	e := newSimEnv(t)
	c, _ := e.client(t)
	ctx := t.Context()
	cr, err := c.CreateVideo(ctx, &heygen.CreateVideoRequest{Type: "avatar", AvatarID: "look_anna_office", Script: "Hello from the simulator"})
	require.NoError(t, err)
	assert.Equal(t, heygen.VideoWaiting, cr.Status)
	v, err := c.GetVideo(ctx, cr.VideoID)
	require.NoError(t, err)
	assert.Equal(t, heygen.VideoPending, v.Status)
	advanceUntil(t, e, func() bool {
		v, err = c.GetVideo(ctx, cr.VideoID)
		require.NoError(t, err)
		return v.Status == heygen.VideoCompleted
	})
	require.NotNil(t, v.VideoURL)
	page, err := c.ListVideos(ctx, nil)
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	assert.Equal(t, cr.VideoID, page.Data[0].ID)

	_, err = c.CreateVideo(ctx, &heygen.CreateVideoRequest{Type: "avatar", AvatarID: "look_nobody", Script: "Hi"})
	var ae *heygen.APIError
	require.ErrorAs(t, err, &ae)
	assert.True(t, heygen.IsNotFound(err))
	assert.Equal(t, "avatar_not_found", ae.Code)
	assert.Equal(t, "avatar_id", ae.Param)
}
