package complete_test

import (
	"context"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/complete"
	"github.com/heygen-mcp/heygen-mcp/internal/creds"
)

// TestTranslationCompletions: {video_translation_id} completes from the
// caller's GET /v3/video-translations, cached per tenant for the ids TTL;
// another tenant sees none of them.
func TestTranslationCompletions(t *testing.T) {
	f := newFixture(t)
	p := complete.NewProvider(f.pool, complete.WithClock(f.clock), complete.WithIDsTTL(time.Minute))
	ctxA := creds.WithAPIKey(context.Background(), keyA)
	ctxB := creds.WithAPIKey(context.Background(), keyB)
	c, _, err := f.pool.Client(ctxA)
	require.NoError(t, err)
	created, err := c.CreateVideoTranslation(ctxA, &heygen.CreateVideoTranslationRequest{
		Video: heygen.URLFile("https://example.com/a.mp4"), OutputLanguages: []string{"Japanese", "Korean"},
	})
	require.NoError(t, err)
	const ref = "heygen://video-translations/{video_translation_id}"
	values := func(ctx context.Context, uri, name, value string) []string {
		got, err := p.CompleteResourceArgument(ctx, uri, mcp.CompleteArgument{Name: name, Value: value}, mcp.CompleteContext{})
		require.NoError(t, err)
		return got.Values
	}

	assert.ElementsMatch(t, created.VideoTranslationIDs, values(ctxA, ref, "video_translation_id", "vt_"))
	id := created.VideoTranslationIDs[1]
	assert.Equal(t, []string{id}, values(ctxA, ref, "video_translation_id", id))
	assert.Equal(t, 1, f.sim.RequestCount("GET", "/v3/video-translations"), "served from the cache within the TTL")
	assert.Empty(t, values(ctxB, ref, "video_translation_id", ""), "B sees none of A's translations")
	assert.Empty(t, values(ctxA, "heygen://videos/{video_id}", "video_translation_id", ""), "only on the translation template")

	lister := func(context.Context, *heygen.Client, string) ([]string, error) { return []string{"vt_mine"}, nil }
	own := complete.NewProvider(f.pool, complete.WithTranslationLister(lister))
	got, err := own.CompleteResourceArgument(ctxA, ref, mcp.CompleteArgument{Name: "video_translation_id"}, mcp.CompleteContext{})
	require.NoError(t, err)
	assert.Equal(t, []string{"vt_mine"}, got.Values)
}
