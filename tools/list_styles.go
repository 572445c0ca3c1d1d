package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// ListStylesParams are the arguments of list_styles (GET /v3/video-agents/styles).
type ListStylesParams struct {
	Tag   string `json:"tag,omitempty" jsonschema:"maxLength=64,description=Only styles with this tag. Known tags: cinematic / retro-tech / iconic-artist / pop-culture / handmade / print."`
	Limit int    `json:"limit,omitempty" jsonschema:"minimum=1,maximum=100,description=Styles per page (1-100; default 20)."`
	Token string `json:"token,omitempty" jsonschema:"maxLength=2048,description=next_token from the previous page; omit for the first page."`
}

// StyleResult is one style.
type StyleResult struct {
	StyleID         string   `json:"style_id"`
	Name            string   `json:"name"`
	Tags            []string `json:"tags"`
	AspectRatio     string   `json:"aspect_ratio,omitempty"`
	ThumbnailURL    string   `json:"thumbnail_url,omitempty"`
	PreviewVideoURL string   `json:"preview_video_url,omitempty"`
}

// ListStylesResult is list_styles' structured content.
type ListStylesResult struct {
	Styles    []StyleResult `json:"styles"`
	HasMore   bool          `json:"has_more"`
	NextToken string        `json:"next_token,omitempty"`
}

func (r ListStylesResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d style(s). Pass a style_id to create_video.", len(r.Styles))
	for _, s := range r.Styles {
		fmt.Fprintf(&b, "\n- %s: %s", s.StyleID, s.Name)
		if len(s.Tags) > 0 {
			fmt.Fprintf(&b, " [%s]", strings.Join(s.Tags, ", "))
		}
		if s.AspectRatio != "" {
			fmt.Fprintf(&b, " %s", s.AspectRatio)
		}
	}
	b.WriteString(moreText(r.HasMore, r.NextToken))
	return b.String()
}

func (registry) ListStyles() Definition {
	return define(Definition{
		Name: "list_styles", Title: "List video styles", Toolset: ToolsetVideoAgent,
		Example: `{"limit": 3}`,
		Hints:   readHints,
		Description: "Curated visual styles for the Video Agent (name, tags, aspect ratio, preview links), filterable by tag and paged. " +
			"Pass a style_id to create_video.",
	}, Deps.listStyles)
}

func (d Deps) listStyles(ctx context.Context, p ListStylesParams) (ListStylesResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return ListStylesResult{}, err
	}
	page, err := c.ListStyles(ctx, &heygen.ListStylesOptions{ListOptions: heygen.ListOptions{Limit: p.Limit, Token: p.Token}, Tag: p.Tag})
	if err != nil {
		return ListStylesResult{}, err
	}
	r := ListStylesResult{Styles: make([]StyleResult, 0, len(page.Data)), HasMore: page.HasMore, NextToken: page.Next()}
	for _, s := range page.Data {
		tags := s.Tags
		if tags == nil {
			tags = []string{}
		}
		r.Styles = append(r.Styles, StyleResult{
			StyleID: s.StyleID, Name: s.Name, Tags: tags, AspectRatio: deref(s.AspectRatio),
			ThumbnailURL: deref(s.ThumbnailURL), PreviewVideoURL: deref(s.PreviewVideoURL),
		})
	}
	return r, nil
}
