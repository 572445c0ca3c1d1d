package resources

import (
	"context"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// maxStyles bounds one tenant's cached catalogue (ten pages of 100).
const maxStyles = 1000

type stylesEntry struct {
	at   time.Time
	view StylesView
}

// readStyles serves the style catalogue, cached per tenant for StylesTTL.
func (r *registry) readStyles(ctx context.Context, req mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
	c, tenant, err := r.d.Clients.Client(ctx)
	if err != nil {
		return nil, err
	}
	now := r.d.Now()
	r.mu.Lock()
	e, ok := r.styles[tenant]
	r.mu.Unlock()
	if ok && now.Sub(e.at) < r.d.StylesTTL {
		return jsonContents(StylesURI, e.view)
	}
	view := StylesView{Styles: []heygen.Style{}}
	for st, err := range heygen.All(ctx, func(ctx context.Context, token string) (*heygen.Page[heygen.Style], error) {
		return c.ListStyles(ctx, &heygen.ListStylesOptions{ListOptions: heygen.ListOptions{Limit: heygen.MaxListLimit, Token: token}})
	}) {
		if err != nil {
			return nil, readError(StylesURI, KindStyles, "", err)
		}
		if len(view.Styles) == maxStyles {
			view.Truncated = true
			break
		}
		view.Styles = append(view.Styles, st)
	}
	view.Count = len(view.Styles)
	r.mu.Lock()
	// Drop expired catalogues while here: over HTTP every API key is a tenant,
	// and the map must not keep one catalogue per key ever seen.
	for t, e := range r.styles {
		if now.Sub(e.at) >= r.d.StylesTTL {
			delete(r.styles, t)
		}
	}
	r.styles[tenant] = stylesEntry{at: now, view: view}
	r.mu.Unlock()
	return jsonContents(StylesURI, view)
}
