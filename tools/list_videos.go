package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// ListVideosParams are the arguments of list_videos (GET /v3/videos).
type ListVideosParams struct {
	Limit    int    `json:"limit,omitempty" jsonschema:"minimum=1,maximum=100,description=Videos per page (1-100; default 10)."`
	Token    string `json:"token,omitempty" jsonschema:"maxLength=2048,description=next_token from the previous page; omit for the first page."`
	FolderID ID     `json:"folder_id,omitempty" jsonschema:"description=Only videos in this HeyGen folder (e.g. folder_abc123)."`
	Title    string `json:"title,omitempty" jsonschema:"maxLength=256,description=Only videos whose title contains this text."`
}

// ListVideosResult is list_videos' structured content.
type ListVideosResult struct {
	Videos    []VideoResult `json:"videos"`
	HasMore   bool          `json:"has_more"`
	NextToken string        `json:"next_token,omitempty"`
}

func (r ListVideosResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d video(s) on this page, newest first.", len(r.Videos))
	for _, v := range r.Videos {
		b.WriteString("\n- " + v.summaryLine())
		if v.Title != "" {
			fmt.Fprintf(&b, " %q", v.Title)
		}
	}
	b.WriteString(moreText(r.HasMore, r.NextToken))
	return b.String()
}

func (registry) ListVideos() Definition {
	return define(Definition{
		Name: "list_videos", Title: "List the account's videos", Toolset: ToolsetVideos,
		Example: `{"limit": 5}`,
		Hints:   readHints,
		Description: "The account's videos (avatar, Video Agent and translated ones), newest first, with status and URLs; " +
			"filter by folder_id or a title substring, paged with token. For one video's full details call get_video.",
	}, Deps.listVideos)
}

func (d Deps) listVideos(ctx context.Context, p ListVideosParams) (ListVideosResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return ListVideosResult{}, err
	}
	page, err := c.ListVideos(ctx, &heygen.ListVideosOptions{
		ListOptions: heygen.ListOptions{Limit: p.Limit, Token: p.Token}, FolderID: string(p.FolderID), Title: p.Title,
	})
	if err != nil {
		return ListVideosResult{}, err
	}
	r := ListVideosResult{Videos: make([]VideoResult, 0, len(page.Data)), HasMore: page.HasMore, NextToken: page.Next()}
	for i := range page.Data {
		r.Videos = append(r.Videos, NewVideoResult(&page.Data[i]))
	}
	return r, nil
}
