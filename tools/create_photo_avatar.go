package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// CreatePhotoAvatarParams are the arguments of create_photo_avatar
// (POST /v3/avatars with type photo).
type CreatePhotoAvatarParams struct {
	Name          string    `json:"name" jsonschema:"required,minLength=1,maxLength=255,description=Display name of the new avatar (e.g. 'Dana headshot')."`
	File          FileInput `json:"file" jsonschema:"required,description=The photo: one clear front-facing image of one person (png or jpeg) as a public https url or an uploaded asset_id or inline base64 or a local path inside the allowed directories."`
	AvatarGroupID ID        `json:"avatar_group_id,omitempty" jsonschema:"description=Add the photo as a new look of one of the account's own avatar groups (from list_avatar_groups with ownership private). Omit to create a new group."`
}

func (p CreatePhotoAvatarParams) validate() error {
	if strings.TrimSpace(p.Name) == "" {
		return argErr("name", "must contain the avatar's display name")
	}
	if p.File.Type == "base64" && p.File.MediaType != "" && p.File.MediaType != "image/png" && p.File.MediaType != "image/jpeg" {
		return argErr("file.media_type", "must be image/png or image/jpeg: a photo avatar is made from an image")
	}
	_, err := p.File.toAssetInput("file")
	return err
}

// CreatePhotoAvatarResult is create_photo_avatar's structured content.
type CreatePhotoAvatarResult struct {
	AvatarID string `json:"avatar_id" jsonschema:"description=The new look's id: what videos take as avatar_id once training has completed."`
	GroupID  string `json:"group_id,omitempty"`
	Name     string `json:"name"`
	Status   string `json:"status,omitempty"`
	NextStep string `json:"next_step"`
}

func (r CreatePhotoAvatarResult) toolText() string {
	s := fmt.Sprintf("Created photo avatar %q: avatar_id %s", r.Name, r.AvatarID)
	if r.GroupID != "" {
		s += ", group " + r.GroupID
	}
	if r.Status != "" {
		s += ", status " + r.Status
	}
	return s + ". Do not create it again.\nNext: " + r.NextStep
}

func (registry) CreatePhotoAvatar() Definition {
	return define(Definition{
		Name: "create_photo_avatar", Title: "Create a photo avatar", Toolset: ToolsetAvatars,
		Example: `{"name": "Dana headshot", "file": {"type": "url", "url": "https://example.com/dana.jpg"}}`,
		Hints:   Hints{ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true},
		Description: "Create a photo avatar from one image of a person; training runs for a few minutes. Returns avatar_id and group_id: " +
			"follow with get_avatar_look, then pass avatar_id to create_video. Each call creates a new avatar on the paid account: " +
			"do not repeat a call that may have succeeded — check list_avatar_groups first.",
	}, Deps.createPhotoAvatar)
}

func (d Deps) createPhotoAvatar(ctx context.Context, p CreatePhotoAvatarParams) (CreatePhotoAvatarResult, error) {
	file, err := p.File.toAssetInput("file")
	if err != nil {
		return CreatePhotoAvatarResult{}, err
	}
	c, _, err := d.client(ctx)
	if err != nil {
		return CreatePhotoAvatarResult{}, err
	}
	if p.File.Type == "path" {
		// Checked before anything is sent: a photo must be an image.
		up, err := d.Files.CheckUpload(ctx, p.File.Path)
		if err != nil {
			return CreatePhotoAvatarResult{}, localFileError("file.path", err)
		}
		if !strings.HasPrefix(up.MimeType, "image/") {
			return CreatePhotoAvatarResult{}, argErr("file.path", "is %s; a photo avatar needs a png or jpeg image", up.MimeType)
		}
		a, _, err := d.upload(ctx, c, "file.path", p.File.Path)
		if err != nil {
			return CreatePhotoAvatarResult{}, err
		}
		file = heygen.AssetFile(a.AssetID)
	}
	resp, err := c.CreatePhotoAvatar(ctx, &heygen.CreatePhotoAvatarRequest{Name: p.Name, File: file, AvatarGroupID: string(p.AvatarGroupID)})
	if err != nil {
		if heygen.OutcomeUnknown(err) && ctx.Err() == nil {
			// Never re-sent (heygen/idempotency.go): HeyGen may have made it.
			return CreatePhotoAvatarResult{}, &retryAdviceError{err: err, advice: "The outcome is unknown: the avatar may or may not have been created. " +
				"Calling create_photo_avatar again may create a second avatar, so check list_avatar_groups with ownership private before creating again."}
		}
		return CreatePhotoAvatarResult{}, notFoundAdvice(err, "list_avatar_groups with ownership private lists the account's own group ids.")
	}
	r := CreatePhotoAvatarResult{Name: p.Name}
	if l := resp.AvatarItem; l != nil {
		r.AvatarID, r.Status = l.ID, deref(l.Status)
		if l.Name != "" {
			r.Name = l.Name
		}
		r.GroupID = deref(l.GroupID)
	}
	if g := resp.AvatarGroup; g != nil && r.GroupID == "" {
		r.GroupID = g.ID
	}
	switch {
	case r.AvatarID == "":
		// Both objects are nullable in HeyGen's spec.
		r.NextStep = "HeyGen did not return the new look: find it with list_avatar_groups (ownership private), then list_avatars with its group_id."
	case r.Status == heygen.AvatarCompleted:
		r.NextStep = fmt.Sprintf("pass avatar_id %q to create_video.", r.AvatarID)
	default:
		r.NextStep = fmt.Sprintf("training takes a few minutes: check with get_avatar_look (look_id %q); once its status is completed, pass avatar_id %q to create_video.",
			r.AvatarID, r.AvatarID)
	}
	return r, nil
}
