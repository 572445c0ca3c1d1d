package sim

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

func TestSpeechReturnsAudio(t *testing.T) {
	h := newHarness(t)
	sp := data[heygen.Speech](t, h.do(http.MethodPost, "/v3/voices/speech", keyA,
		map[string]any{"text": "Hello from the simulator", "voice_id": "voice_warm_01"}))
	require.NotNil(t, sp.RequestID)
	assert.Equal(t, simHost+"/speech/"+*sp.RequestID+".mp3", sp.AudioURL)
	require.Len(t, sp.WordTimestamps, 4)
	assert.Equal(t, "Hello", sp.WordTimestamps[0].Word)
	assert.InDelta(t, 1.6, sp.Duration, 0.001, "4 words at 2.5 words/s")
	for i, w := range sp.WordTimestamps {
		assert.Less(t, w.Start, w.End)
		if i > 0 {
			assert.GreaterOrEqual(t, w.Start, sp.WordTimestamps[i-1].End)
		}
	}

	fast := data[heygen.Speech](t, h.do(http.MethodPost, "/v3/voices/speech", keyA,
		map[string]any{"text": "Hello from the simulator", "voice_id": "voice_warm_01", "speed": 2.0}))
	assert.InDelta(t, 0.8, fast.Duration, 0.001)

	ssml := data[heygen.Speech](t, h.do(http.MethodPost, "/v3/voices/speech", keyA,
		map[string]any{"text": `<speak>Hi <break time="1s"/> there</speak>`, "voice_id": "voice_warm_01", "input_type": "ssml"}))
	require.Len(t, ssml.WordTimestamps, 2)
	assert.Equal(t, "there", ssml.WordTimestamps[1].Word)
}

func TestSpeechAudioURLFunc(t *testing.T) {
	h := newHarness(t, WithAudioURLFunc(func(id string) string { return "https://files.example/" + id + ".mp3" }))
	sp := data[heygen.Speech](t, h.do(http.MethodPost, "/v3/voices/speech", keyA,
		map[string]any{"text": "Hi", "voice_id": "voice_crisp_02"}))
	assert.True(t, strings.HasPrefix(sp.AudioURL, "https://files.example/tts_"), sp.AudioURL)
}

func TestSpeechRefusals(t *testing.T) {
	h := newHarness(t)
	post := func(body any) result { return h.do(http.MethodPost, "/v3/voices/speech", keyA, body) }
	for _, tc := range []struct {
		name   string
		body   any
		status int
		code   string
		param  string
	}{
		{"no text", map[string]any{"voice_id": "voice_warm_01"}, 400, "invalid_parameter", "text"},
		{"text too long", map[string]any{"text": strings.Repeat("é", heygen.MaxSpeechTextLen+1), "voice_id": "voice_warm_01"}, 400, "invalid_parameter", "text"},
		{"no voice", map[string]any{"text": "Hi"}, 400, "invalid_parameter", "voice_id"},
		{"unknown voice", map[string]any{"text": "Hi", "voice_id": "voice_nope"}, 404, "voice_not_found", "voice_id"},
		{"not starfish", map[string]any{"text": "Hi", "voice_id": "voice_my_clone_06"}, 400, "invalid_parameter", "voice_id"},
		{"speed low", map[string]any{"text": "Hi", "voice_id": "voice_warm_01", "speed": 0.4}, 400, "invalid_parameter", "speed"},
		{"speed high", map[string]any{"text": "Hi", "voice_id": "voice_warm_01", "speed": 2.5}, 400, "invalid_parameter", "speed"},
		{"input type", map[string]any{"text": "Hi", "voice_id": "voice_warm_01", "input_type": "html"}, 400, "invalid_parameter", "input_type"},
		{"speed type", `{"text":"Hi","voice_id":"voice_warm_01","speed":"fast"}`, 400, "invalid_parameter", "speed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := apiError(t, post(tc.body), tc.status)
			assert.Equal(t, tc.code, e.Code)
			assert.Equal(t, tc.param, e.Param)
		})
	}
	// Exactly at the limit is accepted.
	data[heygen.Speech](t, post(map[string]any{"text": strings.Repeat("é", heygen.MaxSpeechTextLen), "voice_id": "voice_warm_01"}))
}

func TestGetVoice(t *testing.T) {
	h := newHarness(t)
	v := data[heygen.VoiceDetail](t, h.do(http.MethodGet, "/v3/voices/voice_lebhaft_04", keyA, nil))
	assert.Equal(t, "voice_lebhaft_04", v.VoiceID)
	assert.Equal(t, "Lebhafte Sprecherin", *v.Name)
	assert.Equal(t, "German", *v.Language)
	assert.Equal(t, "female", *v.Gender)
	assert.True(t, v.SupportPause)
	assert.True(t, v.SupportInteractiveAvatar)
	assert.Nil(t, v.Status, "a stock voice has no clone status")

	clone := data[heygen.VoiceDetail](t, h.do(http.MethodGet, "/v3/voices/voice_my_clone_06", keyA, nil))
	require.NotNil(t, clone.Status)
	assert.Equal(t, heygen.VoiceComplete, *clone.Status)
	assert.NotNil(t, clone.CreatedAt)

	e := apiError(t, h.do(http.MethodGet, "/v3/voices/voice_nope", keyA, nil), http.StatusNotFound)
	assert.Equal(t, "voice_not_found", e.Code)
	// The list route is untouched by the {voice_id} route.
	p := page[heygen.Voice](t, h.do(http.MethodGet, "/v3/voices?limit=2", keyA, nil))
	assert.Len(t, p.Data, 2)
}
