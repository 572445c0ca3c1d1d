package heygen

import "context"

// BrandKit is one item of GET /v3/brand-kits. BrandKitID is what
// POST /v3/video-agents takes as brand_kit_id.
type BrandKit struct {
	BrandKitID string   `json:"brand_kit_id"`
	Name       string   `json:"name"`
	Colors     []string `json:"colors,omitempty"` // hex values such as "#FF5733"
	LogoURL    *string  `json:"logo_url"`
}

// ListBrandKitsOptions page GET /v3/brand-kits (limit 1-100, default 20).
type ListBrandKitsOptions struct {
	ListOptions
}

// ListBrandKits lists the workspace's brand kits: GET /v3/brand-kits.
func (c *Client) ListBrandKits(ctx context.Context, opts *ListBrandKitsOptions) (*Page[BrandKit], error) {
	if opts == nil {
		opts = &ListBrandKitsOptions{}
	}
	q, err := opts.query(MaxListLimit)
	if err != nil {
		return nil, err
	}
	return getPage[BrandKit](ctx, c, "v3/brand-kits", q)
}
