package sandbox

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// The presigned upload URL is served by the simulator under the sandbox's own
// origin, so a direct upload works through the in-process transport.
func TestDirectUploadThroughInProcessTransport(t *testing.T) {
	sb, err := New(Options{Speed: MaxSpeed})
	require.NoError(t, err)
	t.Cleanup(func() { _ = sb.Close() })
	c, err := heygen.NewClient(heygen.WithBaseURL(sb.BaseURL()), heygen.WithAPIKey(DefaultAPIKey), heygen.WithHTTPClient(sb.HTTPClient()))
	require.NoError(t, err)
	data := make([]byte, 33<<20)
	copy(data, "\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
	a, err := c.UploadLargeAsset(context.Background(), "clip.mp4", "video/mp4", bytes.NewReader(data), int64(len(data)), nil)
	require.NoError(t, err)
	assert.EqualValues(t, len(data), a.SizeBytes)
	for _, r := range sb.Sim().Requests() {
		if r.Method == http.MethodPut {
			assert.Empty(t, r.Header.Get("X-Api-Key"))
		}
	}
	assert.Equal(t, 1, sb.Sim().RequestCount(http.MethodPut, "/upload/"))
}
