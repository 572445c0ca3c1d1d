package complete

import (
	"context"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// kindTranslations are the caller's recent video translation ids, for
// heygen://video-translations/{video_translation_id}.
const kindTranslations kind = "video_translations"

// WithTranslationLister replaces the video translation id source (default:
// GET /v3/video-translations, newest first).
func WithTranslationLister(l Lister) Option {
	return func(p *Provider) { p.lists[kindTranslations] = l }
}

func listTranslations(ctx context.Context, c *heygen.Client, _ string) ([]string, error) {
	return collect(ctx, maxRecent, func(ctx context.Context, token string) (*heygen.Page[heygen.VideoTranslation], error) {
		return c.ListVideoTranslations(ctx, &heygen.ListOptions{Limit: heygen.MaxListLimit, Token: token})
	}, func(t heygen.VideoTranslation) string { return t.ID })
}
