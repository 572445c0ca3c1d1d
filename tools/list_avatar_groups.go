package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// ListAvatarGroupsParams are the arguments of list_avatar_groups (GET /v3/avatars).
type ListAvatarGroupsParams struct {
	Ownership string `json:"ownership,omitempty" jsonschema:"enum=public,enum=private,description=public: HeyGen's stock avatars. private: the account's own (photo avatars and digital twins). Omit for both."`
	Limit     int    `json:"limit,omitempty" jsonschema:"minimum=1,maximum=50,description=Groups per page (1-50; default 20)."`
	Token     string `json:"token,omitempty" jsonschema:"maxLength=2048,description=next_token from the previous page; omit for the first page."`
}

// AvatarGroupResult is one avatar group (a character holding looks).
// Groups have no avatar type: their looks do (list_avatars).
type AvatarGroupResult struct {
	GroupID         string `json:"group_id"`
	Name            string `json:"name"`
	LooksCount      int    `json:"looks_count"`
	Status          string `json:"status,omitempty" jsonschema:"description=Training status of a private group: processing or pending_consent or failed or completed. Absent for stock avatars."`
	ConsentStatus   string `json:"consent_status,omitempty"`
	Gender          string `json:"gender,omitempty"`
	DefaultVoiceID  string `json:"default_voice_id,omitempty"`
	PreviewImageURL string `json:"preview_image_url,omitempty"`
	PreviewVideoURL string `json:"preview_video_url,omitempty"`
	CreatedAt       int64  `json:"created_at,omitempty"`
	ErrorCode       string `json:"error_code,omitempty"`
	ErrorMessage    string `json:"error_message,omitempty"`
}

func newAvatarGroupResult(g *heygen.AvatarGroup) AvatarGroupResult {
	r := AvatarGroupResult{
		GroupID: g.ID, Name: g.Name, LooksCount: g.LooksCount, Status: deref(g.Status), ConsentStatus: deref(g.ConsentStatus),
		Gender: deref(g.Gender), DefaultVoiceID: deref(g.DefaultVoiceID), PreviewImageURL: deref(g.PreviewImageURL),
		PreviewVideoURL: deref(g.PreviewVideoURL), CreatedAt: g.CreatedAt,
	}
	if g.Error != nil {
		r.ErrorCode, r.ErrorMessage = g.Error.Code, g.Error.Message
	}
	return r
}

func (r AvatarGroupResult) summaryLine() string {
	s := fmt.Sprintf("%s: %s, %d look(s)", r.GroupID, r.Name, r.LooksCount)
	if r.Status != "" {
		s += ", " + r.Status
	}
	return s
}

// ListAvatarGroupsResult is list_avatar_groups' structured content.
type ListAvatarGroupsResult struct {
	Groups    []AvatarGroupResult `json:"groups"`
	HasMore   bool                `json:"has_more"`
	NextToken string              `json:"next_token,omitempty"`
}

func (r ListAvatarGroupsResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d avatar group(s). A group holds looks: call list_avatars with a group_id to see them; a look's avatar_id is what videos take.", len(r.Groups))
	for _, g := range r.Groups {
		b.WriteString("\n- " + g.summaryLine())
	}
	b.WriteString(moreText(r.HasMore, r.NextToken))
	return b.String()
}

func (registry) ListAvatarGroups() Definition {
	return define(Definition{
		Name: "list_avatar_groups", Title: "List avatar groups", Toolset: ToolsetAvatars,
		Example:     `{"ownership": "private", "limit": 10}`,
		Hints:       readHints,
		Description: "Avatar groups (characters: stock and the account's own), each with its number of looks and, for own avatars, training status. Then call list_avatars with a group_id for its looks (avatar_id).",
	}, Deps.listAvatarGroups)
}

func (d Deps) listAvatarGroups(ctx context.Context, p ListAvatarGroupsParams) (ListAvatarGroupsResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return ListAvatarGroupsResult{}, err
	}
	page, err := c.ListAvatarGroups(ctx, &heygen.ListAvatarGroupsOptions{
		ListOptions: heygen.ListOptions{Limit: p.Limit, Token: p.Token}, Ownership: p.Ownership,
	})
	if err != nil {
		return ListAvatarGroupsResult{}, err
	}
	r := ListAvatarGroupsResult{Groups: make([]AvatarGroupResult, 0, len(page.Data)), HasMore: page.HasMore, NextToken: page.Next()}
	for i := range page.Data {
		r.Groups = append(r.Groups, newAvatarGroupResult(&page.Data[i]))
	}
	return r, nil
}
