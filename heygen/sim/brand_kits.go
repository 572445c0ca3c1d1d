package sim

import "github.com/heygen-mcp/heygen-mcp/heygen"

// brandKits is every workspace's brand-kit catalogue, built fresh per call.
// Brand kits are made in HeyGen's web app; the API only lists them.
func brandKits() []heygen.BrandKit {
	return []heygen.BrandKit{
		{BrandKitID: "bk_acme_primary", Name: "Acme primary", Colors: []string{"#0B3D91", "#FC3D21", "#FFFFFF"},
			LogoURL: ptr(simHost + "/brand/bk_acme_primary/logo.png")},
		{BrandKitID: "bk_acme_dark", Name: "Acme dark mode", Colors: []string{"#111111", "#F5C518"},
			LogoURL: ptr(simHost + "/brand/bk_acme_dark/logo.png")},
		{BrandKitID: "bk_plain", Name: "Plain (no logo)", Colors: []string{"#222222"}},
	}
}

// listBrandKits is GET /v3/brand-kits: limit 1-100 (default 20), token.
func (s *Simulator) listBrandKits(c *call) reply {
	return paginate(c.r, "brand-kits", brandKits(), func(b heygen.BrandKit) string { return b.BrandKitID },
		heygen.DefaultListLimit, heygen.MaxListLimit)
}
