package sandbox

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// TestTranslationOutputIsTheSampleClip: a completed translation points at the
// sandbox's sample files, like its videos, over stdio and over HTTP.
func TestTranslationOutputIsTheSampleClip(t *testing.T) {
	for _, o := range []Options{{Speed: fastSpeed}, {Speed: fastSpeed, PublicBaseURL: "http://127.0.0.1:8080"}} {
		sb := newSandbox(t, o)
		c := newClient(t, sb, "key-a")
		resp, err := c.CreateVideoTranslation(t.Context(), &heygen.CreateVideoTranslationRequest{
			Video: heygen.URLFile("https://example.com/talk.mp4"), OutputLanguages: []string{"Japanese"},
		})
		require.NoError(t, err)
		var tr *heygen.VideoTranslation
		require.Eventually(t, func() bool {
			tr, err = c.GetVideoTranslation(t.Context(), resp.VideoTranslationIDs[0])
			require.NoError(t, err)
			return tr.Status == heygen.TranslationCompleted
		}, 30*time.Second, 10*time.Millisecond)
		require.NotNil(t, tr.VideoURL)
		assert.True(t, IsSandboxURL(*tr.VideoURL), "%s", *tr.VideoURL)
	}
}
