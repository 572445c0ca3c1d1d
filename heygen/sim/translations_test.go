package sim

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

func (h *harness) translation(key, id string) heygen.VideoTranslation {
	h.t.Helper()
	return data[heygen.VideoTranslation](h.t, h.do(http.MethodGet, "/v3/video-translations/"+id, key, nil))
}

// TestTranslationProgression: pending for Queued, running for the work
// (Thinking+Rendering per minute of output, here a 6 s clip: a tenth),
// then completed with the URLs; a [[fail]] title fails at the same point.
func TestTranslationProgression(t *testing.T) {
	h := newHarness(t, WithVideoURLFunc(func(id string) string { return "file:///sample/" + id + ".mp4" }))
	created := data[heygen.CreateVideoTranslationResponse](t, h.do(http.MethodPost, "/v3/video-translations", keyA, map[string]any{
		"video": map[string]any{"type": "url", "url": "https://example.com/a.mp4"}, "output_languages": []string{"Japanese"},
		"start_time": 0, "end_time": 6, "enable_caption": true, "callback_id": "cb_1",
	}))
	require.Len(t, created.VideoTranslationIDs, 1)
	id := created.VideoTranslationIDs[0]
	failed := data[heygen.CreateVideoTranslationResponse](t, h.do(http.MethodPost, "/v3/video-translations", keyA, map[string]any{
		"video": map[string]any{"type": "asset_id", "asset_id": "asset_1"}, "output_languages": []string{"Japanese"},
		"title": "Broken [[fail]]", "end_time": 6,
	})).VideoTranslationIDs[0]

	tr := h.translation(keyA, id)
	assert.Equal(t, heygen.TranslationPending, tr.Status)
	assert.Nil(t, tr.VideoURL)
	assert.Equal(t, "cb_1", *tr.CallbackID)
	work := (testTimings().Thinking + testTimings().Rendering) / 10 // 6 s of a 60 s minute

	h.sim.Advance(testTimings().Queued)
	assert.Equal(t, heygen.TranslationRunning, h.translation(keyA, id).Status)
	h.sim.Advance(work - time.Millisecond)
	assert.Equal(t, heygen.TranslationRunning, h.translation(keyA, id).Status)
	h.sim.Advance(time.Millisecond)
	tr = h.translation(keyA, id)
	assert.Equal(t, heygen.TranslationCompleted, tr.Status)
	assert.Equal(t, "file:///sample/"+id+".mp4", *tr.VideoURL, "the output points where the simulator's videos do")
	assert.NotNil(t, tr.SRTCaptionURL)
	assert.NotNil(t, tr.VTTCaptionURL)
	assert.InDelta(t, 6, *tr.Duration, 0.01)
	assert.Nil(t, tr.FailureMessage)

	f := h.translation(keyA, failed)
	assert.Equal(t, heygen.TranslationFailed, f.Status)
	assert.NotEmpty(t, *f.FailureMessage)
	assert.Nil(t, f.VideoURL)

	// Another key's translation is not found.
	apiError(t, h.do(http.MethodGet, "/v3/video-translations/"+id, keyB, nil), http.StatusNotFound)
	apiError(t, h.do(http.MethodGet, "/v3/video-translations/vt_missing", keyA, nil), http.StatusNotFound)
}

func TestTranslationLanguages(t *testing.T) {
	h := newHarness(t)
	l := data[heygen.TranslationLanguages](t, h.do(http.MethodGet, "/v3/video-translations/languages", keyA, nil))
	assert.GreaterOrEqual(t, len(l.Languages), 8)
	assert.Contains(t, l.Languages, "Spanish (Spain)")
}

func TestTranslationRejects(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct{ body, param string }{
		{`{"video":{"type":"url","url":"https://example.com/a.mp4"},"output_languages":["Klingon"]}`, "output_languages[0]"},
		{`{"video":{"type":"url","url":"https://example.com/a.mp4"},"output_languages":["Japanese","japanese"]}`, "output_languages[1]"},
		{`{"video":{"type":"url","url":"https://example.com/a.mp4"},"output_languages":[]}`, "output_languages"},
		{`{"output_languages":["Japanese"]}`, "video"},
		{`{"video":{"type":"base64","data":"AA"},"output_languages":["Japanese"]}`, "video.type"},
		{`{"video":{"type":"url"},"output_languages":["Japanese"]}`, "video.url"},
		{`{"video":{"type":"url","url":"https://example.com/a.mp4"},"output_languages":["Japanese"],"mode":"turbo"}`, "mode"},
		{`{"video":{"type":"url","url":"https://example.com/a.mp4"},"output_languages":["Japanese"],"speaker_num":0}`, "speaker_num"},
		{`{"video":{"type":"url","url":"https://example.com/a.mp4"},"output_languages":["Japanese"],"start_time":5,"end_time":5}`, "end_time"},
		{`{"video":{"type":"url","url":"https://example.com/a.mp4"},"output_languages":"Japanese"}`, "output_languages"},
	} {
		e := apiError(t, h.do(http.MethodPost, "/v3/video-translations", keyA, tc.body), http.StatusBadRequest)
		assert.Equal(t, "invalid_parameter", e.Code, tc.body)
		assert.Equal(t, tc.param, e.Param, tc.body)
	}
}
