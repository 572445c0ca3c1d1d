package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// ListSessionsParams are the arguments of list_sessions.
type ListSessionsParams struct {
	Limit int    `json:"limit,omitempty" jsonschema:"minimum=1,maximum=100,description=Sessions per page (1-100; default 20)."`
	Token string `json:"token,omitempty" jsonschema:"maxLength=2048,description=next_token from the previous page; omit for the first (newest) page."`
}

// SessionSummaryResult is one listed session.
type SessionSummaryResult struct {
	SessionID string `json:"session_id"`
	Title     string `json:"title,omitempty"`
	CreatedAt int64  `json:"created_at"`
}

// ListSessionsResult is list_sessions' structured content.
type ListSessionsResult struct {
	Sessions  []SessionSummaryResult `json:"sessions"`
	HasMore   bool                   `json:"has_more"`
	NextToken string                 `json:"next_token,omitempty"`
}

func (r ListSessionsResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d session(s), newest first (list items carry no status: call get_session for one).", len(r.Sessions))
	for _, s := range r.Sessions {
		fmt.Fprintf(&b, "\n- %s", s.SessionID)
		if s.Title != "" {
			fmt.Fprintf(&b, " %q", s.Title)
		}
		fmt.Fprintf(&b, " created %s", unixTime(s.CreatedAt))
	}
	b.WriteString(moreText(r.HasMore, r.NextToken))
	return b.String()
}

func (registry) ListSessions() Definition {
	return define(Definition{
		Name: "list_sessions", Title: "List video sessions", Toolset: ToolsetVideoAgent,
		Example: `{"limit": 5}`,
		Hints:   readHints,
		Description: "List this account's Video Agent sessions, newest first, with title and creation time (no status: use get_session). " +
			"Use it to find a session id, or to check whether a create_video that failed to answer actually started a session.",
	}, Deps.listSessions)
}

func (d Deps) listSessions(ctx context.Context, p ListSessionsParams) (ListSessionsResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return ListSessionsResult{}, err
	}
	page, err := c.ListSessions(ctx, &heygen.ListOptions{Limit: p.Limit, Token: p.Token})
	if err != nil {
		return ListSessionsResult{}, err
	}
	r := ListSessionsResult{Sessions: make([]SessionSummaryResult, 0, len(page.Data)), HasMore: page.HasMore, NextToken: page.Next()}
	for _, s := range page.Data {
		r.Sessions = append(r.Sessions, SessionSummaryResult{SessionID: s.SessionID, Title: deref(s.Title), CreatedAt: s.CreatedAt})
	}
	return r, nil
}
