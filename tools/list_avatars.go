package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// ListAvatarsParams are the arguments of list_avatars (GET /v3/avatars/looks).
type ListAvatarsParams struct {
	AvatarType string `json:"avatar_type,omitempty" jsonschema:"enum=studio_avatar,enum=digital_twin,enum=photo_avatar,description=Only this kind of avatar."`
	Ownership  string `json:"ownership,omitempty" jsonschema:"enum=public,enum=private,description=public: HeyGen's stock avatars. private: the account's own avatars."`
	GroupID    ID     `json:"group_id,omitempty" jsonschema:"description=Only looks of this avatar group."`
	Limit      int    `json:"limit,omitempty" jsonschema:"minimum=1,maximum=50,description=Avatars per page (1-50; default 20)."`
	Token      string `json:"token,omitempty" jsonschema:"maxLength=2048,description=next_token from the previous page; omit for the first page."`
}

// AvatarResult is one avatar look.
type AvatarResult struct {
	AvatarID             string `json:"avatar_id"`
	Name                 string `json:"name"`
	AvatarType           string `json:"avatar_type,omitempty"`
	GroupID              string `json:"group_id,omitempty"`
	DefaultVoiceID       string `json:"default_voice_id,omitempty"`
	PreferredOrientation string `json:"preferred_orientation,omitempty"`
	PreviewImageURL      string `json:"preview_image_url,omitempty"`
	Status               string `json:"status,omitempty"`
}

// ListAvatarsResult is list_avatars' structured content.
type ListAvatarsResult struct {
	Avatars   []AvatarResult `json:"avatars"`
	HasMore   bool           `json:"has_more"`
	NextToken string         `json:"next_token,omitempty"`
}

func (r ListAvatarsResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d avatar look(s). Pass an avatar_id to create_video or send_message.", len(r.Avatars))
	for _, a := range r.Avatars {
		fmt.Fprintf(&b, "\n- %s: %s", a.AvatarID, a.Name)
		if a.AvatarType != "" {
			fmt.Fprintf(&b, " (%s)", a.AvatarType)
		}
		if a.DefaultVoiceID != "" {
			fmt.Fprintf(&b, " default voice %s", a.DefaultVoiceID)
		}
	}
	b.WriteString(moreText(r.HasMore, r.NextToken))
	return b.String()
}

func (registry) ListAvatars() Definition {
	return define(Definition{
		Name: "list_avatars", Title: "List avatars", Toolset: ToolsetVideoAgent, Shared: []string{ToolsetAvatars},
		Example:     `{"limit": 3}`,
		Hints:       readHints,
		Description: "Avatar looks the account can use (stock and own), with filters and paging. Each avatar_id can be passed to create_video or send_message.",
	}, Deps.listAvatars)
}

func (d Deps) listAvatars(ctx context.Context, p ListAvatarsParams) (ListAvatarsResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return ListAvatarsResult{}, err
	}
	page, err := c.ListAvatarLooks(ctx, &heygen.ListAvatarLooksOptions{
		ListOptions: heygen.ListOptions{Limit: p.Limit, Token: p.Token},
		GroupID:     string(p.GroupID), AvatarType: p.AvatarType, Ownership: p.Ownership,
	})
	if err != nil {
		return ListAvatarsResult{}, err
	}
	r := ListAvatarsResult{Avatars: make([]AvatarResult, 0, len(page.Data)), HasMore: page.HasMore, NextToken: page.Next()}
	for _, a := range page.Data {
		r.Avatars = append(r.Avatars, AvatarResult{
			AvatarID: a.ID, Name: a.Name, AvatarType: a.AvatarType, GroupID: deref(a.GroupID),
			DefaultVoiceID: deref(a.DefaultVoiceID), PreferredOrientation: deref(a.PreferredOrientation),
			PreviewImageURL: deref(a.PreviewImageURL), Status: deref(a.Status),
		})
	}
	return r, nil
}
