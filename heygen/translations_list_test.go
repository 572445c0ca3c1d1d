package heygen_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// TestListVideoTranslations: the simulator's list pages through what create
// made, and a limit outside 1..100 is refused before any request.
func TestListVideoTranslations(t *testing.T) {
	t.Parallel()
	c, _ := newSimEnv(t).client(t)
	created, err := c.CreateVideoTranslation(t.Context(), &heygen.CreateVideoTranslationRequest{
		Video: heygen.URLFile("https://example.com/a.mp4"), OutputLanguages: []string{"Japanese", "Korean"},
	})
	require.NoError(t, err)
	var ids []string
	for tr, err := range heygen.All(t.Context(), func(ctx context.Context, token string) (*heygen.Page[heygen.VideoTranslation], error) {
		return c.ListVideoTranslations(ctx, &heygen.ListOptions{Limit: 1, Token: token})
	}) {
		require.NoError(t, err)
		ids = append(ids, tr.ID)
	}
	assert.ElementsMatch(t, created.VideoTranslationIDs, ids)
	_, err = c.ListVideoTranslations(t.Context(), &heygen.ListOptions{Limit: 101})
	require.ErrorAs(t, err, new(*heygen.ValidationError))
}
