package sandbox

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// TestSampleAudioIsMP3: every frame is the documented MPEG-1 Layer III header
// (32 kbps, 32 kHz, mono) and 140 bytes of silence, about one second in all.
func TestSampleAudioIsMP3(t *testing.T) {
	b := SampleAudio()
	const frame = 144
	require.Zero(t, len(b)%frame)
	require.Equal(t, 28, len(b)/frame)
	for i := 0; i < len(b); i += frame {
		assert.Equal(t, []byte{0xFF, 0xFB, 0x18, 0xC0}, b[i:i+4], "frame %d header", i/frame)
		assert.Equal(t, make([]byte, frame-4), b[i+4:i+frame], "frame %d is silent", i/frame)
	}
}

func TestSpeechOverStdioGivesAFileURL(t *testing.T) {
	sb := newSandbox(t, Options{Speed: fastSpeed})
	c := newClient(t, sb, "any-key-at-all")
	sp, err := c.CreateSpeech(t.Context(), &heygen.SpeechRequest{Text: "Hello sandbox", VoiceID: "voice_warm_01"})
	require.NoError(t, err)
	assert.True(t, IsSandboxURL(sp.AudioURL), sp.AudioURL)
	u, err := url.Parse(sp.AudioURL)
	require.NoError(t, err)
	require.Equal(t, "file", u.Scheme)
	assert.True(t, strings.HasSuffix(u.Path, "/SIMULATED-sandbox-speech.mp3"), u.Path)
	got, err := os.ReadFile(u.Path)
	require.NoError(t, err)
	assert.Equal(t, SampleAudio(), got)
}

func TestSpeechOverHTTPIsServed(t *testing.T) {
	sb := newSandbox(t, Options{Speed: fastSpeed, PublicBaseURL: "http://127.0.0.1:8080"})
	c := newClient(t, sb, "any-key-at-all")
	sp, err := c.CreateSpeech(t.Context(), &heygen.SpeechRequest{Text: "Hello sandbox", VoiceID: "voice_warm_01"})
	require.NoError(t, err)
	require.NotNil(t, sp.RequestID)
	assert.Equal(t, "http://127.0.0.1:8080/sandbox/"+*sp.RequestID+".mp3", sp.AudioURL)
	assert.True(t, IsSandboxURL(sp.AudioURL))

	rec := httptest.NewRecorder()
	sb.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/sandbox/"+*sp.RequestID+".mp3", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "audio/mpeg", rec.Header().Get("Content-Type"))
	assert.True(t, bytes.Equal(SampleAudio(), rec.Body.Bytes()))
}
