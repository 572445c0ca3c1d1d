package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// GetAvatarLookParams are the arguments of get_avatar_look (GET /v3/avatars/looks/{look_id}).
type GetAvatarLookParams struct {
	LookID ID `json:"look_id" jsonschema:"required,minLength=1,description=Avatar look id: the avatar_id from list_avatars or create_photo_avatar (e.g. look_anna_office)."`
}

// AvatarLookResult is one avatar look; avatar_id is what videos take.
type AvatarLookResult struct {
	AvatarID             string   `json:"avatar_id"`
	Name                 string   `json:"name"`
	AvatarType           string   `json:"avatar_type"`
	GroupID              string   `json:"group_id,omitempty"`
	DefaultVoiceID       string   `json:"default_voice_id,omitempty"`
	PreferredOrientation string   `json:"preferred_orientation,omitempty"`
	SupportedAPIEngines  []string `json:"supported_api_engines,omitempty" jsonschema:"description=Video engines this look supports: avatar_v or avatar_iv or avatar_iii."`
	PreviewImageURL      string   `json:"preview_image_url,omitempty"`
	Status               string   `json:"status,omitempty" jsonschema:"description=Training status of an own avatar: processing or pending_consent or failed or completed. Absent for stock avatars."`
	ErrorCode            string   `json:"error_code,omitempty"`
	ErrorMessage         string   `json:"error_message,omitempty"`
}

func newAvatarLookResult(l *heygen.AvatarLook) AvatarLookResult {
	r := AvatarLookResult{
		AvatarID: l.ID, Name: l.Name, AvatarType: l.AvatarType, GroupID: deref(l.GroupID),
		DefaultVoiceID: deref(l.DefaultVoiceID), PreferredOrientation: deref(l.PreferredOrientation),
		SupportedAPIEngines: l.SupportedAPIEngines, PreviewImageURL: deref(l.PreviewImageURL), Status: deref(l.Status),
	}
	if l.Error != nil {
		r.ErrorCode, r.ErrorMessage = l.Error.Code, l.Error.Message
	}
	return r
}

func (r AvatarLookResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Avatar look %s %q (%s", r.AvatarID, r.Name, r.AvatarType)
	if r.GroupID != "" {
		fmt.Fprintf(&b, ", group %s", r.GroupID)
	}
	b.WriteString(").")
	if r.DefaultVoiceID != "" {
		fmt.Fprintf(&b, " Default voice %s.", r.DefaultVoiceID)
	}
	if r.PreferredOrientation != "" {
		fmt.Fprintf(&b, " Best in %s.", r.PreferredOrientation)
	}
	if len(r.SupportedAPIEngines) > 0 {
		fmt.Fprintf(&b, " Engines: %s.", strings.Join(r.SupportedAPIEngines, ", "))
	}
	if r.Status != "" {
		fmt.Fprintf(&b, " Status: %s.", r.Status)
	}
	switch r.Status {
	case heygen.AvatarProcessing:
		b.WriteString(" Training takes a few minutes: check again later with get_avatar_look; videos can use it once completed.")
	case heygen.AvatarPendingConsent:
		b.WriteString(" Waiting for consent: the person shown must approve the use of their likeness in HeyGen (app.heygen.com) before videos can use it.")
	case heygen.AvatarFailed:
		fmt.Fprintf(&b, " Training failed: %s %s. Explain this to the user; a new avatar needs a new photo (create_photo_avatar).",
			r.ErrorCode, strings.TrimRight(r.ErrorMessage, ". "))
	default:
		fmt.Fprintf(&b, " Next: pass avatar_id %q to create_video or send_message.", r.AvatarID)
	}
	return b.String()
}

func (registry) GetAvatarLook() Definition {
	return define(Definition{
		Name: "get_avatar_look", Title: "Get an avatar look", Toolset: ToolsetAvatars,
		Example:     `{"look_id": "look_anna_office"}`,
		Hints:       readHints,
		Description: "One avatar look (its id is the avatar_id videos take): type, group, default voice, preferred orientation, supported engines, preview image and training status. Pass its avatar_id to create_video once completed.",
	}, Deps.getAvatarLook)
}

func (d Deps) getAvatarLook(ctx context.Context, p GetAvatarLookParams) (AvatarLookResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return AvatarLookResult{}, err
	}
	l, err := c.GetAvatarLook(ctx, string(p.LookID))
	if err != nil {
		return AvatarLookResult{}, notFoundAdvice(err, "list_avatars lists avatar look ids (avatar_id).")
	}
	return newAvatarLookResult(l), nil
}
