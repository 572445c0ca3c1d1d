package sim

import (
	"slices"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// listTranslations is GET /v3/video-translations: the tenant's translations,
// newest first, ties by id (the order is inferred; HeyGen documents none).
func (s *Simulator) listTranslations(c *call) reply {
	now := s.lockAt()
	defer s.mu.Unlock()
	trs := make([]*translation, 0)
	for _, tr := range s.tenantLocked(c.key).translations {
		trs = append(trs, tr)
	}
	slices.SortFunc(trs, func(a, b *translation) int {
		if c := b.createdAt.Compare(a.createdAt); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	items := make([]heygen.VideoTranslation, 0, len(trs))
	for _, tr := range trs {
		items = append(items, s.translationWire(tr, now))
	}
	return paginate(c.r, "video-translations", items, func(t heygen.VideoTranslation) string { return t.ID },
		heygen.DefaultVideoList, heygen.MaxListLimit)
}
