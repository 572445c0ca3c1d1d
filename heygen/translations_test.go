package heygen_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// TestCreateVideoTranslationBody: the body is HeyGen's CLI body (video as a
// url/asset_id union, output_languages as an array, zero values left out),
// with no Idempotency-Key, and a 5xx is never followed by a second POST.
func TestCreateVideoTranslationBody(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		reply(w, http.StatusOK, "application/json", []byte(`{"data":{"video_translation_ids":["vt_1","vt_2"]}}`))
	})
	c, _ := newTestClient(t, f)
	got, err := c.CreateVideoTranslation(t.Context(), &heygen.CreateVideoTranslationRequest{
		Video: heygen.URLFile("https://example.com/talk.mp4"), OutputLanguages: []string{"Spanish (Spain)", "Japanese"},
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"vt_1", "vt_2"}, got.VideoTranslationIDs)

	n, s := 2, 1.5
	on := false
	_, err = c.CreateVideoTranslation(t.Context(), &heygen.CreateVideoTranslationRequest{
		Video: heygen.AssetFile("asset_1"), OutputLanguages: []string{"French (France)"}, Title: "Q3 <talk>",
		InputLanguage: "English", Mode: heygen.TranslationModePrecision, TranslateAudioOnly: true, SpeakerNum: &n,
		EnableCaption: true, EnableDynamicDuration: &on, DisableMusicTrack: true, BrandGlossaryID: "bg_1",
		FolderID: "fold_1", StartTime: &s, CallbackURL: "https://example.com/hook", CallbackID: "cb_1",
	})
	require.NoError(t, err)

	reqs := f.requests()
	require.Len(t, reqs, 2)
	for _, r := range reqs {
		assert.Equal(t, http.MethodPost, r.Method)
		assert.Equal(t, "/v3/video-translations", r.Path)
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		assert.Empty(t, r.Header.Get("Idempotency-Key"), "HeyGen documents no Idempotency-Key on this route")
	}
	assert.JSONEq(t, `{"video":{"type":"url","url":"https://example.com/talk.mp4"},"output_languages":["Spanish (Spain)","Japanese"]}`,
		string(reqs[0].Body))
	assert.JSONEq(t, `{"video":{"type":"asset_id","asset_id":"asset_1"},"output_languages":["French (France)"],
		"title":"Q3 <talk>","input_language":"English","mode":"precision","translate_audio_only":true,"speaker_num":2,
		"enable_caption":true,"enable_dynamic_duration":false,"disable_music_track":true,"brand_glossary_id":"bg_1",
		"folder_id":"fold_1","start_time":1.5,"callback_url":"https://example.com/hook","callback_id":"cb_1"}`, string(reqs[1].Body))
}

func TestCreateVideoTranslationNeverResent(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		reply(w, http.StatusBadGateway, "application/json", []byte(`{"error":{"code":"internal_error","message":"boom"}}`))
	})
	c, _ := newTestClient(t, f, heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 3}))
	_, err := c.CreateVideoTranslation(t.Context(), &heygen.CreateVideoTranslationRequest{
		Video: heygen.URLFile("https://example.com/talk.mp4"), OutputLanguages: []string{"Japanese"},
	})
	require.Error(t, err)
	assert.True(t, heygen.OutcomeUnknown(err))
	assert.Len(t, f.requests(), 1, "a create is never re-sent after it may have reached HeyGen")
}

func TestCreateVideoTranslationValidatesLocally(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		t.Error("nothing may be sent")
		w.WriteHeader(http.StatusTeapot)
	})
	c, _ := newTestClient(t, f)
	url := heygen.URLFile("https://example.com/a.mp4")
	neg, zero := -1.0, 0
	for _, tc := range []struct {
		req   *heygen.CreateVideoTranslationRequest
		param string
	}{
		{nil, "request"},
		{&heygen.CreateVideoTranslationRequest{OutputLanguages: []string{"Japanese"}}, "video"},
		{&heygen.CreateVideoTranslationRequest{Video: heygen.Base64File("video/mp4", "AAAA"), OutputLanguages: []string{"Japanese"}}, "video"},
		{&heygen.CreateVideoTranslationRequest{Video: url}, "output_languages"},
		{&heygen.CreateVideoTranslationRequest{Video: url, OutputLanguages: []string{""}}, "output_languages[0]"},
		{&heygen.CreateVideoTranslationRequest{Video: url, OutputLanguages: []string{"Japanese"}, Mode: "fast"}, "mode"},
		{&heygen.CreateVideoTranslationRequest{Video: url, OutputLanguages: []string{"Japanese"}, SpeakerNum: &zero}, "speaker_num"},
		{&heygen.CreateVideoTranslationRequest{Video: url, OutputLanguages: []string{"Japanese"}, StartTime: &neg}, "start_time"},
		{&heygen.CreateVideoTranslationRequest{Video: url, OutputLanguages: []string{"Japanese"}, CallbackURL: "ftp://x"}, "callback_url"},
	} {
		_, err := c.CreateVideoTranslation(t.Context(), tc.req)
		var ve *heygen.ValidationError
		require.ErrorAs(t, err, &ve, tc.param)
		assert.Equal(t, tc.param, ve.Param)
	}
	_, err := c.GetVideoTranslation(t.Context(), "../x")
	var ve *heygen.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "video_translation_id", ve.Param)
}

func TestGetVideoTranslationAndLanguages(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v3/video-translations/languages" {
			reply(w, http.StatusOK, "application/json", []byte(`{"data":{"languages":["English","Spanish (Spain)"]}}`))
			return
		}
		reply(w, http.StatusOK, "application/json", []byte(`{"data":{"id":"vt_1","status":"completed","output_language":"Spanish (Spain)",
			"video_url":"https://cdn.example/vt_1.mp4","duration":12.5,"created_at":1711382400,"failure_message":null}}`))
	})
	c, _ := newTestClient(t, f)
	tr, err := c.GetVideoTranslation(t.Context(), "vt_1")
	require.NoError(t, err)
	assert.Equal(t, heygen.TranslationCompleted, tr.Status)
	require.NotNil(t, tr.VideoURL)
	assert.Equal(t, "https://cdn.example/vt_1.mp4", *tr.VideoURL)
	assert.Nil(t, tr.FailureMessage)
	l, err := c.ListTranslationLanguages(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []string{"English", "Spanish (Spain)"}, l.Languages)
	reqs := f.requests()
	assert.Equal(t, "/v3/video-translations/vt_1", reqs[0].Path)
	assert.Equal(t, "/v3/video-translations/languages", reqs[1].Path)
	for _, r := range reqs {
		assert.Equal(t, http.MethodGet, r.Method)
	}
}

// TestSimVideoTranslationFlow: create against the simulator, pending ->
// running -> completed on its clock, with the output URL only when done.
func TestSimVideoTranslationFlow(t *testing.T) {
	t.Parallel()
	e := newSimEnv(t)
	c, _ := e.client(t)
	l, err := c.ListTranslationLanguages(t.Context())
	require.NoError(t, err)
	assert.Contains(t, l.Languages, "Spanish (Spain)")

	resp, err := c.CreateVideoTranslation(t.Context(), &heygen.CreateVideoTranslationRequest{
		Video: heygen.URLFile("https://example.com/talk.mp4"), OutputLanguages: []string{"spanish (spain)", "Japanese"},
		EnableCaption: true,
	})
	require.NoError(t, err)
	require.Len(t, resp.VideoTranslationIDs, 2)
	id := resp.VideoTranslationIDs[0]

	tr, err := c.GetVideoTranslation(t.Context(), id)
	require.NoError(t, err)
	assert.Equal(t, heygen.TranslationPending, tr.Status)
	assert.Nil(t, tr.VideoURL)
	assert.Equal(t, "Spanish (Spain)", *tr.OutputLanguage, "names are accepted case-insensitively and returned as listed")

	var seen []string
	advanceUntil(t, e, func() bool {
		tr, err = c.GetVideoTranslation(t.Context(), id)
		require.NoError(t, err)
		if len(seen) == 0 || seen[len(seen)-1] != tr.Status {
			seen = append(seen, tr.Status)
		}
		return tr.Status == heygen.TranslationCompleted
	})
	assert.Equal(t, []string{heygen.TranslationPending, heygen.TranslationRunning, heygen.TranslationCompleted}, seen)
	require.NotNil(t, tr.VideoURL)
	assert.NotEmpty(t, *tr.VideoURL)
	assert.NotNil(t, tr.SRTCaptionURL)
	assert.NotNil(t, tr.Duration)

	_, err = c.GetVideoTranslation(t.Context(), "vt_missing")
	require.True(t, heygen.IsNotFound(err), "%v", err)
}
