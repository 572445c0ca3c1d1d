package heygen_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

const speechReply = `{"data":{"audio_url":"https://files.heygen.ai/tts/abc.mp3","duration":1.25,"request_id":"req_1",` +
	`"word_timestamps":[{"word":"Hello","start":0,"end":0.5},{"word":"world","start":0.6,"end":1.2}]}}`

// TestCreateSpeechBody: the body is the CLI's (heygen voice speech create):
// text and voice_id always, the optional fields only when set.
func TestCreateSpeechBody(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		req  heygen.SpeechRequest
		body string
	}{
		{"minimal", heygen.SpeechRequest{Text: "Hello world", VoiceID: "voice_warm_01"},
			`{"text":"Hello world","voice_id":"voice_warm_01"}`},
		{"every field", heygen.SpeechRequest{Text: "<speak>Olá</speak>", VoiceID: "v1", InputType: heygen.SpeechInputSSML,
			Speed: 1.5, Language: "pt", Locale: "pt-BR"},
			`{"text":"<speak>Olá</speak>","voice_id":"v1","input_type":"ssml","speed":1.5,"language":"pt","locale":"pt-BR"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				reply(w, 200, "application/json", []byte(speechReply))
			})
			c, _ := newTestClient(t, f)
			sp, err := c.CreateSpeech(t.Context(), &tc.req)
			require.NoError(t, err)
			assert.Equal(t, "https://files.heygen.ai/tts/abc.mp3", sp.AudioURL)
			assert.InDelta(t, 1.25, sp.Duration, 1e-9)
			assert.Equal(t, "req_1", *sp.RequestID)
			require.Len(t, sp.WordTimestamps, 2)
			assert.Equal(t, heygen.WordTimestamp{Word: "world", Start: 0.6, End: 1.2}, sp.WordTimestamps[1])

			reqs := f.requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, http.MethodPost, reqs[0].Method)
			assert.Equal(t, "/v3/voices/speech", reqs[0].Path)
			assert.Equal(t, "application/json", reqs[0].Header.Get("Content-Type"))
			assert.JSONEq(t, tc.body, string(reqs[0].Body))
		})
	}
}

// TestCreateSpeechNeverResent: a 5xx after the request arrived is not
// retried (the speech may have been made and charged).
func TestCreateSpeechNeverResent(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		reply(w, 502, "application/json", []byte(`{"error":{"code":"bad_gateway","message":"upstream"}}`))
	})
	c, _ := newTestClient(t, f)
	_, err := c.CreateSpeech(t.Context(), &heygen.SpeechRequest{Text: "Hi", VoiceID: "v1"})
	require.Error(t, err)
	assert.True(t, heygen.OutcomeUnknown(err))
	assert.Len(t, f.requests(), 1)
}

func TestCreateSpeechValidation(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		t.Error("an invalid request reached the API")
		reply(w, 500, "", nil)
	})
	c, _ := newTestClient(t, f)
	for _, tc := range []struct {
		req   *heygen.SpeechRequest
		param string
	}{
		{nil, "request"},
		{&heygen.SpeechRequest{VoiceID: "v1"}, "text"},
		{&heygen.SpeechRequest{Text: strings.Repeat("a", heygen.MaxSpeechTextLen+1), VoiceID: "v1"}, "text"},
		{&heygen.SpeechRequest{Text: "Hi"}, "voice_id"},
		{&heygen.SpeechRequest{Text: "Hi", VoiceID: "../x"}, "voice_id"},
		{&heygen.SpeechRequest{Text: "Hi", VoiceID: "v1", InputType: "html"}, "input_type"},
		{&heygen.SpeechRequest{Text: "Hi", VoiceID: "v1", Speed: 0.4}, "speed"},
		{&heygen.SpeechRequest{Text: "Hi", VoiceID: "v1", Speed: 2.01}, "speed"},
	} {
		_, err := c.CreateSpeech(t.Context(), tc.req)
		var ve *heygen.ValidationError
		require.True(t, errors.As(err, &ve), "%+v: %v", tc.req, err)
		assert.Equal(t, tc.param, ve.Param)
	}
}

func TestGetVoiceRequest(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		reply(w, 200, "application/json", []byte(`{"data":{"voice_id":"vc_1","name":"Mine","status":"processing",`+
			`"created_at":1767225600,"support_pause":true}}`))
	})
	c, _ := newTestClient(t, f)
	v, err := c.GetVoice(t.Context(), "vc_1")
	require.NoError(t, err)
	assert.Equal(t, "vc_1", v.VoiceID)
	assert.Equal(t, heygen.VoiceProcessing, *v.Status)
	assert.True(t, v.SupportPause)
	assert.False(t, v.SupportInteractiveAvatar)
	assert.Nil(t, v.Gender)
	reqs := f.requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, http.MethodGet, reqs[0].Method)
	assert.Equal(t, "/v3/voices/vc_1", reqs[0].Path)

	_, err = c.GetVoice(t.Context(), "a/b")
	var ve *heygen.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "voice_id", ve.Param)
}

// TestSimSpeechAndVoice runs both methods against the simulator.
func TestSimSpeechAndVoice(t *testing.T) {
	t.Parallel()
	e := newSimEnv(t)
	c, _ := e.client(t)
	ctx := t.Context()

	sp, err := c.CreateSpeech(ctx, &heygen.SpeechRequest{Text: "Welcome to the launch", VoiceID: "voice_warm_01", Speed: 1})
	require.NoError(t, err)
	assert.NotEmpty(t, sp.AudioURL)
	assert.Positive(t, sp.Duration)
	assert.Len(t, sp.WordTimestamps, 4)

	_, err = c.CreateSpeech(ctx, &heygen.SpeechRequest{Text: "Hi", VoiceID: "voice_missing"})
	require.True(t, heygen.IsNotFound(err), "%v", err)
	var ae *heygen.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "voice_id", ae.Param)

	v, err := c.GetVoice(ctx, "voice_crisp_02")
	require.NoError(t, err)
	assert.Equal(t, "Crisp presenter", *v.Name)
	assert.Equal(t, "male", *v.Gender)
	_, err = c.GetVoice(ctx, "voice_missing")
	assert.True(t, heygen.IsNotFound(err))
}
