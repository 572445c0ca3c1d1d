package sim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// TestListTranslations: GET /v3/video-translations pages the caller's
// translations newest first, and another key sees none of them.
func TestListTranslations(t *testing.T) {
	h := newHarness(t)
	body := map[string]any{"video": map[string]any{"type": "url", "url": "https://example.com/a.mp4"}, "output_languages": []string{"Japanese"}}
	first := data[heygen.CreateVideoTranslationResponse](t, h.do(http.MethodPost, "/v3/video-translations", keyA, body)).VideoTranslationIDs[0]
	h.sim.Advance(1)
	second := data[heygen.CreateVideoTranslationResponse](t, h.do(http.MethodPost, "/v3/video-translations", keyA, body)).VideoTranslationIDs[0]

	p := page[heygen.VideoTranslation](t, h.do(http.MethodGet, "/v3/video-translations?limit=1", keyA, nil))
	require.Len(t, p.Data, 1)
	assert.Equal(t, second, p.Data[0].ID)
	require.True(t, p.HasMore)
	p = page[heygen.VideoTranslation](t, h.do(http.MethodGet, "/v3/video-translations?limit=1&token="+*p.NextToken, keyA, nil))
	require.Len(t, p.Data, 1)
	assert.Equal(t, first, p.Data[0].ID)
	assert.False(t, p.HasMore)
	assert.Empty(t, page[heygen.VideoTranslation](t, h.do(http.MethodGet, "/v3/video-translations", keyB, nil)).Data)
}
