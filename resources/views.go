package resources

import "github.com/heygen-mcp/heygen-mcp/heygen"

// StylesView is the JSON of heygen://styles.
type StylesView struct {
	Styles []heygen.Style `json:"styles"`
	Count  int            `json:"count"`
	// Truncated is set when the catalogue had more pages than are cached.
	Truncated bool `json:"truncated,omitempty"`
}
