package heygen_test

import (
	"context"
	"testing"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// FuzzDecodeVoices feeds arbitrary bodies to the voice routes' decoders:
// POST /v3/voices/speech and GET /v3/voices/{voice_id}.
func FuzzDecodeVoices(f *testing.F) {
	f.Add([]byte(`{"data":{"audio_url":"https://a/x.mp3","duration":1.5,"request_id":"r","word_timestamps":[{"word":"w","start":0,"end":0.4}]}}`))
	f.Add([]byte(`{"data":{"voice_id":"v","name":"n","status":"complete","created_at":1,"support_pause":true,"support_interactive_avatar":false}}`))
	f.Add([]byte(`{"data":{"word_timestamps":null,"request_id":null}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		c := fuzzClient(t, 200, jsonHeader(), body)
		ctx := context.Background()
		sp, err := c.CreateSpeech(ctx, &heygen.SpeechRequest{Text: "Hello", VoiceID: "voice_1"})
		checkResult(t, sp, err)
		v, err := c.GetVoice(ctx, "voice_1")
		checkResult(t, v, err)
	})
}
