package tools_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVideoTranslationFlow: create -> wait (not done) -> time passes -> wait
// (completed, video_url) -> get shows the URL; every text names the next tool.
func TestVideoTranslationFlow(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	langs, text := h.ok(t, "list_translation_languages", map[string]any{})
	assert.Contains(t, langs["languages"], "Spanish (Spain)")
	assert.Contains(t, text, "create_video_translation")

	st, text := h.ok(t, "create_video_translation", map[string]any{
		"video_url": "https://example.com/talk.mp4", "output_languages": []string{"Spanish (Spain)", "Japanese"},
		"enable_caption": true, "speaker_num": 1,
	})
	trs := st["translations"].([]any)
	require.Len(t, trs, 2)
	first := trs[0].(map[string]any)
	id := first["video_translation_id"].(string)
	assert.Equal(t, "Spanish (Spain)", first["output_language"])
	assert.Equal(t, "Japanese", trs[1].(map[string]any)["output_language"])
	assert.Equal(t, "pending", st["status"])
	assert.Contains(t, st["next_step"], "wait_for_video_translation")
	assert.Contains(t, text, id)
	assert.Equal(t, 1, h.sim.RequestCount("POST", "/v3/video-translations"))

	st, text = h.ok(t, "wait_for_video_translation", map[string]any{"video_translation_id": id, "timeout_seconds": 1})
	assert.Equal(t, false, st["done"])
	assert.Equal(t, "pending", st["status"])
	assert.Contains(t, st["next_step"], "wait_for_video_translation again")
	assert.Contains(t, text, "Done: false")

	h.sim.Advance(10 * time.Minute)
	st, text = h.ok(t, "wait_for_video_translation", map[string]any{"video_translation_id": id})
	assert.Equal(t, true, st["done"])
	assert.Equal(t, "completed", st["status"])
	assert.EqualValues(t, 100, st["progress"])
	url, _ := st["video_url"].(string)
	require.NotEmpty(t, url)
	assert.NotEmpty(t, st["srt_caption_url"])
	assert.Contains(t, text, url)
	assert.Contains(t, st["next_step"], "video_url")

	got, text := h.ok(t, "get_video_translation", map[string]any{"video_translation_id": id})
	assert.Equal(t, "completed", got["status"])
	assert.Equal(t, url, got["video_url"])
	assert.Equal(t, "Spanish (Spain)", got["output_language"])
	assert.Contains(t, text, "Video URL: "+url)
}

func TestVideoTranslationFailedIsAResult(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	st, _ := h.ok(t, "create_video_translation", map[string]any{
		"video_asset_id": "asset_1", "output_languages": []string{"Japanese"}, "title": "Broken [[fail]]",
	})
	id := st["translations"].([]any)[0].(map[string]any)["video_translation_id"].(string)
	h.sim.Advance(10 * time.Minute)
	st, text := h.ok(t, "wait_for_video_translation", map[string]any{"video_translation_id": id})
	assert.Equal(t, true, st["done"])
	assert.Equal(t, "failed", st["status"])
	assert.NotEmpty(t, st["failure_message"])
	assert.Contains(t, text, "create_video_translation")
}

// TestVideoTranslationBadInputNamesTheField: local checks name the field and
// send nothing; HeyGen's 400 for an unknown language names it too.
func TestVideoTranslationBadInputNamesTheField(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	ok := []string{"Japanese"}
	for _, tc := range []struct {
		tool  string
		args  map[string]any
		field string
	}{
		{"create_video_translation", map[string]any{"output_languages": ok}, "video_url"},
		{"create_video_translation", map[string]any{"video_url": "https://example.com/a.mp4", "video_asset_id": "a_1", "output_languages": ok}, "video_asset_id"},
		{"create_video_translation", map[string]any{"video_url": "http://example.com/a.mp4", "output_languages": ok}, "video_url"},
		{"create_video_translation", map[string]any{"video_url": "https://example.com/a.mp4"}, "output_languages"},
		{"create_video_translation", map[string]any{"video_url": "https://example.com/a.mp4", "output_languages": []string{}}, "output_languages"},
		{"create_video_translation", map[string]any{"video_url": "https://example.com/a.mp4", "output_languages": []string{"Japanese", " japanese"}}, "output_languages[1]"},
		{"create_video_translation", map[string]any{"video_url": "https://example.com/a.mp4", "output_languages": ok, "mode": "turbo"}, "mode"},
		{"create_video_translation", map[string]any{"video_url": "https://example.com/a.mp4", "output_languages": ok, "start_time": 9, "end_time": 3}, "end_time"},
		{"create_video_translation", map[string]any{"video_url": "https://example.com/a.mp4", "output_languages": ok, "speaker_num": 0}, "speaker_num"},
		{"get_video_translation", map[string]any{}, "video_translation_id"},
		{"get_video_translation", map[string]any{"video_translation_id": "../x"}, "video_translation_id"},
		{"wait_for_video_translation", map[string]any{"video_translation_id": "vt_1", "timeout_seconds": 601}, "timeout_seconds"},
	} {
		before := h.sim.RequestCount("", "/v3/")
		meta, text := h.fail(t, tc.tool, tc.args)
		assert.Equal(t, "invalid_argument", meta["kind"], "%s %v: %s", tc.tool, tc.args, text)
		assert.Equal(t, tc.field, meta["param"], "%s %v: %s", tc.tool, tc.args, text)
		assert.Equal(t, before, h.sim.RequestCount("", "/v3/"), "%s %v: nothing sent", tc.tool, tc.args)
	}

	meta, text := h.fail(t, "create_video_translation", map[string]any{"video_url": "https://example.com/a.mp4", "output_languages": []string{"Klingon"}})
	assert.Equal(t, "heygen_api", meta["kind"])
	assert.Equal(t, "output_languages[0]", meta["param"])
	assert.True(t, strings.Contains(text, "Field: output_languages[0]"), text)

	meta, _ = h.fail(t, "get_video_translation", map[string]any{"video_translation_id": "vt_missing"})
	assert.EqualValues(t, 404, meta["http_status"])
	meta, _ = h.fail(t, "wait_for_video_translation", map[string]any{"video_translation_id": "vt_missing"})
	assert.EqualValues(t, 404, meta["http_status"])
}
