package tools_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

func TestTextToSpeech(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	out, text := h.ok(t, "text_to_speech", map[string]any{"text": "Welcome to our product tour.", "voice_id": "voice_warm_01", "speed": 1.25})
	url, _ := out["audio_url"].(string)
	assert.True(t, strings.HasSuffix(url, ".mp3"), url)
	assert.Equal(t, "voice_warm_01", out["voice_id"])
	assert.Positive(t, out["duration"])
	assert.EqualValues(t, 5, out["words"])
	assert.NotEmpty(t, out["request_id"])
	assert.Contains(t, text, url)
	assert.Contains(t, text, "Next:")

	reqs := h.sim.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "/v3/voices/speech", reqs[0].Path)
	assert.JSONEq(t, `{"text":"Welcome to our product tour.","voice_id":"voice_warm_01","speed":1.25}`, string(reqs[0].Body))
}

func TestTextToSpeechSandboxIsMarked(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey, sandbox: true})
	_, text := h.ok(t, "text_to_speech", map[string]any{"text": "Hi there", "voice_id": "voice_crisp_02"})
	assert.True(t, strings.HasPrefix(text, "SIMULATED"), text)
}

func TestTextToSpeechBadInputNamesTheField(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	for _, tc := range []struct {
		args  map[string]any
		field string
	}{
		{map[string]any{"voice_id": "voice_warm_01"}, "text"},
		{map[string]any{"text": "   ", "voice_id": "voice_warm_01"}, "text"},
		{map[string]any{"text": strings.Repeat("a", 5001), "voice_id": "voice_warm_01"}, "text"},
		{map[string]any{"text": "Hi"}, "voice_id"},
		{map[string]any{"text": "Hi", "voice_id": "bad id"}, "voice_id"},
		{map[string]any{"text": "Hi", "voice_id": "voice_warm_01", "speed": 3}, "speed"},
		{map[string]any{"text": "Hi", "voice_id": "voice_warm_01", "speed": 0.2}, "speed"},
		{map[string]any{"text": "Hi", "voice_id": "voice_warm_01", "input_type": "html"}, "input_type"},
	} {
		meta, text := h.fail(t, "text_to_speech", tc.args)
		assert.Equal(t, "invalid_argument", meta["kind"], text)
		assert.Equal(t, tc.field, meta["param"], text)
		assert.Contains(t, text, "Nothing was sent to HeyGen")
	}
	assert.Zero(t, h.sim.RequestCount("", "/v3/"), "bad input never reaches HeyGen")
}

func TestTextToSpeechHeyGenRefusals(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	meta, text := h.fail(t, "text_to_speech", map[string]any{"text": "Hi", "voice_id": "voice_missing"})
	assert.EqualValues(t, 404, meta["http_status"])
	assert.Equal(t, "voice_id", meta["param"])
	assert.Contains(t, text, "list_voices")

	meta, text = h.fail(t, "text_to_speech", map[string]any{"text": "Hi", "voice_id": "voice_my_clone_06"})
	assert.EqualValues(t, 400, meta["http_status"])
	assert.Equal(t, "voice_id", meta["param"])
	assert.Contains(t, text, "starfish")
}

// TestTextToSpeechNeverResent: a 5xx may hide a made (and charged) speech:
// it is sent once and the text says to ask the user first.
func TestTextToSpeechNeverResent(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	h.sim.InjectFault(sim.Fault{Path: "/v3/voices/speech", Status: http.StatusBadGateway})
	meta, text := h.fail(t, "text_to_speech", map[string]any{"text": "Hi", "voice_id": "voice_warm_01"})
	assert.Equal(t, false, meta["safe_to_retry"])
	assert.Contains(t, text, "Ask the user before calling text_to_speech again")
	assert.Equal(t, 1, h.sim.RequestCount(http.MethodPost, "/v3/voices/speech"))
}

func TestGetVoice(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	out, text := h.ok(t, "get_voice", map[string]any{"voice_id": "voice_warm_01"})
	assert.Equal(t, "voice_warm_01", out["voice_id"])
	assert.Equal(t, "Warm narrator", out["name"])
	assert.Equal(t, "English", out["language"])
	assert.Equal(t, "female", out["gender"])
	assert.Equal(t, true, out["support_pause"])
	assert.NotEmpty(t, out["preview_audio_url"])
	assert.Contains(t, text, "text_to_speech")

	out, _ = h.ok(t, "get_voice", map[string]any{"voice_id": "voice_my_clone_06"})
	assert.Equal(t, "complete", out["status"])

	meta, text := h.fail(t, "get_voice", map[string]any{"voice_id": "voice_missing"})
	assert.EqualValues(t, 404, meta["http_status"])
	assert.Contains(t, text, "list_voices")

	meta, _ = h.fail(t, "get_voice", map[string]any{})
	assert.Equal(t, "voice_id", meta["param"])
}

// TestSpeechToolset: the speech toolset alone offers the two speech tools and
// list_voices (shared from video_agent), and the default set is unchanged.
func TestSpeechToolset(t *testing.T) {
	names := func(sel tools.Selection) []string {
		var out []string
		for _, st := range tools.ServerTools(tools.Deps{}, sel) {
			out = append(out, st.Tool.Name)
		}
		return out
	}
	assert.ElementsMatch(t, []string{"get_voice", "list_voices", "text_to_speech"}, names(tools.Selection{Toolsets: []string{tools.ToolsetSpeech}}))
	assert.Equal(t, []string{"get_voice", "list_voices"}, names(tools.Selection{Toolsets: []string{tools.ToolsetSpeech}, ReadOnly: true}))
	def := names(tools.Selection{})
	assert.NotContains(t, def, "text_to_speech")
	assert.NotContains(t, def, "get_voice")
	assert.Contains(t, def, "list_voices")
}
