package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// ListSessionVideosParams are the arguments of list_session_videos.
type ListSessionVideosParams struct {
	SessionID ID     `json:"session_id" jsonschema:"required,minLength=1,description=Session id (e.g. sess_abc123)."`
	Limit     int    `json:"limit,omitempty" jsonschema:"minimum=1,maximum=100,description=Videos per page (1-100)."`
	Token     string `json:"token,omitempty" jsonschema:"maxLength=2048,description=next_token from the previous page; omit for the first page."`
}

// ListSessionVideosResult is list_session_videos' structured content.
type ListSessionVideosResult struct {
	SessionID string        `json:"session_id"`
	Videos    []VideoResult `json:"videos"`
	HasMore   bool          `json:"has_more"`
	NextToken string        `json:"next_token,omitempty"`
}

func (r ListSessionVideosResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Session %s has %d video(s) on this page, newest first.", r.SessionID, len(r.Videos))
	for _, v := range r.Videos {
		b.WriteString("\n- " + v.summaryLine())
	}
	b.WriteString(moreText(r.HasMore, r.NextToken))
	return b.String()
}

func (registry) ListSessionVideos() Definition {
	return define(Definition{
		Name: "list_session_videos", Title: "List a session's videos", Toolset: ToolsetVideoAgent,
		Example: `{"session_id": "sess_abc123"}`,
		Hints:   readHints,
		Description: "Every video a Video Agent session produced (chat-mode revisions make new ones), newest first, with status and URLs. " +
			"For one video's full details call get_video.",
	}, Deps.listSessionVideos)
}

func (d Deps) listSessionVideos(ctx context.Context, p ListSessionVideosParams) (ListSessionVideosResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return ListSessionVideosResult{}, err
	}
	page, err := c.ListSessionVideos(ctx, string(p.SessionID), &heygen.ListOptions{Limit: p.Limit, Token: p.Token})
	if err != nil {
		return ListSessionVideosResult{}, err
	}
	r := ListSessionVideosResult{SessionID: string(p.SessionID), Videos: make([]VideoResult, 0, len(page.Data)), HasMore: page.HasMore, NextToken: page.Next()}
	for i := range page.Data {
		r.Videos = append(r.Videos, NewVideoResult(&page.Data[i]))
	}
	return r, nil
}
