package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// GetAvatarGroupParams are the arguments of get_avatar_group (GET /v3/avatars/{group_id}).
type GetAvatarGroupParams struct {
	GroupID ID `json:"group_id" jsonschema:"required,minLength=1,description=Avatar group id from list_avatar_groups or create_photo_avatar (e.g. group_anna)."`
}

func (r AvatarGroupResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Avatar group %s %q: %d look(s)", r.GroupID, r.Name, r.LooksCount)
	if r.Gender != "" {
		fmt.Fprintf(&b, ", %s", r.Gender)
	}
	if r.DefaultVoiceID != "" {
		fmt.Fprintf(&b, ", default voice %s", r.DefaultVoiceID)
	}
	b.WriteString(".")
	if r.Status != "" {
		fmt.Fprintf(&b, " Status: %s.", r.Status)
	}
	looks := fmt.Sprintf("call list_avatars with group_id %q for its looks; a look's avatar_id is what videos take.", r.GroupID)
	switch r.Status {
	case heygen.AvatarProcessing:
		b.WriteString(" Training takes a few minutes: check again later with get_avatar_group, then " + looks)
	case heygen.AvatarPendingConsent:
		b.WriteString(" Waiting for consent: the person shown must approve the use of their likeness in HeyGen (app.heygen.com) before videos can use it.")
	case heygen.AvatarFailed:
		fmt.Fprintf(&b, " Training failed: %s %s. Explain this to the user; a new avatar needs a new photo (create_photo_avatar).",
			r.ErrorCode, strings.TrimRight(r.ErrorMessage, ". "))
	default:
		b.WriteString(" Next: " + looks)
	}
	return b.String()
}

func (registry) GetAvatarGroup() Definition {
	return define(Definition{
		Name: "get_avatar_group", Title: "Get an avatar group", Toolset: ToolsetAvatars,
		Example:     `{"group_id": "group_anna"}`,
		Hints:       readHints,
		Description: "One avatar group: name, gender, default voice, number of looks, preview image and, for own avatars, training and consent status. Then call list_avatars with its group_id for the looks.",
	}, Deps.getAvatarGroup)
}

func (d Deps) getAvatarGroup(ctx context.Context, p GetAvatarGroupParams) (AvatarGroupResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return AvatarGroupResult{}, err
	}
	g, err := c.GetAvatarGroup(ctx, string(p.GroupID))
	if err != nil {
		return AvatarGroupResult{}, notFoundAdvice(err, "list_avatar_groups lists avatar group ids.")
	}
	return newAvatarGroupResult(g), nil
}
