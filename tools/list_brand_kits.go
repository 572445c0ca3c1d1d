package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// ListBrandKitsParams are the arguments of list_brand_kits (GET /v3/brand-kits).
type ListBrandKitsParams struct {
	Limit int    `json:"limit,omitempty" jsonschema:"minimum=1,maximum=100,description=Brand kits per page (1-100; default 20)."`
	Token string `json:"token,omitempty" jsonschema:"maxLength=2048,description=next_token from the previous page; omit for the first page."`
}

// BrandKitResult is one brand kit.
type BrandKitResult struct {
	BrandKitID string   `json:"brand_kit_id"`
	Name       string   `json:"name"`
	Colors     []string `json:"colors,omitempty"`
	LogoURL    string   `json:"logo_url,omitempty"`
}

// ListBrandKitsResult is list_brand_kits' structured content.
type ListBrandKitsResult struct {
	BrandKits []BrandKitResult `json:"brand_kits"`
	HasMore   bool             `json:"has_more"`
	NextToken string           `json:"next_token,omitempty"`
}

func (r ListBrandKitsResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d brand kit(s). Pass a brand_kit_id to create_video to apply its logo and colors.", len(r.BrandKits))
	if len(r.BrandKits) == 0 && !r.HasMore {
		b.WriteString(" Brand kits are made in HeyGen's web app; create_video works without one.")
	}
	for _, k := range r.BrandKits {
		fmt.Fprintf(&b, "\n- %s: %s", k.BrandKitID, k.Name)
		if len(k.Colors) > 0 {
			fmt.Fprintf(&b, " (colors %s)", strings.Join(k.Colors, " "))
		}
	}
	b.WriteString(moreText(r.HasMore, r.NextToken))
	return b.String()
}

func (registry) ListBrandKits() Definition {
	return define(Definition{
		Name: "list_brand_kits", Title: "List brand kits", Toolset: ToolsetLibrary,
		Example:     `{}`,
		Hints:       readHints,
		Description: "Brand kits of the HeyGen workspace (name, colors, logo), paged. Pass a brand_kit_id to create_video to make an on-brand video.",
	}, Deps.listBrandKits)
}

func (d Deps) listBrandKits(ctx context.Context, p ListBrandKitsParams) (ListBrandKitsResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return ListBrandKitsResult{}, err
	}
	page, err := c.ListBrandKits(ctx, &heygen.ListBrandKitsOptions{ListOptions: heygen.ListOptions{Limit: p.Limit, Token: p.Token}})
	if err != nil {
		return ListBrandKitsResult{}, err
	}
	r := ListBrandKitsResult{BrandKits: make([]BrandKitResult, 0, len(page.Data)), HasMore: page.HasMore, NextToken: page.Next()}
	for _, k := range page.Data {
		r.BrandKits = append(r.BrandKits, BrandKitResult{BrandKitID: k.BrandKitID, Name: k.Name, Colors: k.Colors, LogoURL: deref(k.LogoURL)})
	}
	return r, nil
}
