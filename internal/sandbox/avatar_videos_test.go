package sandbox

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// TestAvatarVideoIsTheSampleClip: a video made by POST /v3/videos points at
// the sandbox's sample files, like an agent's video, in both URL modes.
func TestAvatarVideoIsTheSampleClip(t *testing.T) {
	for _, o := range []Options{{Speed: fastSpeed}, {Speed: fastSpeed, PublicBaseURL: "http://127.0.0.1:8080"}} {
		sb := newSandbox(t, o)
		c := newClient(t, sb, "sk-sandbox")
		ctx := t.Context()
		cr, err := c.CreateVideo(ctx, &heygen.CreateVideoRequest{Type: heygen.VideoTypeAvatar, AvatarID: "look_anna_office", Script: "Hello from the sandbox"})
		require.NoError(t, err)
		var v *heygen.Video
		require.Eventually(t, func() bool {
			v, err = c.GetVideo(ctx, cr.VideoID)
			require.NoError(t, err)
			return v.Status == heygen.VideoCompleted
		}, 30*time.Second, 10*time.Millisecond)
		require.NotNil(t, v.VideoURL)
		assert.True(t, IsSandboxURL(*v.VideoURL), *v.VideoURL)
		assert.True(t, IsSandboxURL(*v.ThumbnailURL), *v.ThumbnailURL)
	}
}
