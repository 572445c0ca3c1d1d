package heygen

import (
	"context"
	"net/http"
)

// Avatar group and look statuses (training status; present only for private
// avatars).
const (
	AvatarProcessing     = "processing"
	AvatarPendingConsent = "pending_consent"
	AvatarFailed         = "failed"
	AvatarCompleted      = "completed"
)

// AvatarError is the error object of a failed avatar group or look.
type AvatarError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// AvatarGroup is one item of GET /v3/avatars and the data of
// GET /v3/avatars/{group_id}: a character that holds one or more looks.
// Groups carry no avatar type; their looks do.
type AvatarGroup struct {
	ID              string       `json:"id"`
	Name            string       `json:"name"`
	CreatedAt       int64        `json:"created_at"`
	LooksCount      int          `json:"looks_count"`
	ConsentStatus   *string      `json:"consent_status"`
	DefaultVoiceID  *string      `json:"default_voice_id"`
	Gender          *string      `json:"gender"`
	PreviewImageURL *string      `json:"preview_image_url"`
	PreviewVideoURL *string      `json:"preview_video_url"`
	Status          *string      `json:"status"`
	Error           *AvatarError `json:"error,omitempty"`
}

// ListAvatarGroupsOptions filter GET /v3/avatars (limit at most 50).
type ListAvatarGroupsOptions struct {
	ListOptions
	Ownership string // public | private
}

// CreatePhotoAvatarRequest is POST /v3/avatars with type "photo": a photo
// avatar trained from one image. The client sends the type itself.
type CreatePhotoAvatarRequest struct {
	Name string     `json:"name"`
	File AssetInput `json:"file"`
	// AvatarGroupID attaches the new look to an existing private group; empty
	// creates a new group.
	AvatarGroupID string `json:"avatar_group_id,omitempty"`
}

// CreateAvatarResponse is the data of POST /v3/avatars: the group and the
// new look (its id is the avatar_id for videos). Both are nullable in the spec.
type CreateAvatarResponse struct {
	AvatarGroup *AvatarGroup `json:"avatar_group"`
	AvatarItem  *AvatarLook  `json:"avatar_item"`
}

// ListAvatarGroups lists avatar groups (characters): GET /v3/avatars.
// HeyGen caps limit at 50.
func (c *Client) ListAvatarGroups(ctx context.Context, opts *ListAvatarGroupsOptions) (*Page[AvatarGroup], error) {
	if opts == nil {
		opts = &ListAvatarGroupsOptions{}
	}
	q, err := opts.query(MaxAvatarLimit)
	if err != nil {
		return nil, err
	}
	if err := oneOf("ownership", opts.Ownership, "public", "private"); err != nil {
		return nil, err
	}
	setIf(q, "ownership", opts.Ownership)
	return getPage[AvatarGroup](ctx, c, "v3/avatars", q)
}

// GetAvatarGroup returns one avatar group: GET /v3/avatars/{group_id}.
func (c *Client) GetAvatarGroup(ctx context.Context, groupID string) (*AvatarGroup, error) {
	if groupID == "looks" {
		// GET /v3/avatars/looks is the looks list, never a group.
		return nil, &ValidationError{Param: "group_id", Message: `"looks" is not a group id`}
	}
	p, err := pathf("v3/avatars/%s", [2]string{"group_id", groupID})
	if err != nil {
		return nil, err
	}
	return getData[AvatarGroup](ctx, c, p)
}

// GetAvatarLook returns one avatar look; its id is the avatar_id for videos:
// GET /v3/avatars/looks/{look_id}.
func (c *Client) GetAvatarLook(ctx context.Context, lookID string) (*AvatarLook, error) {
	p, err := pathf("v3/avatars/looks/%s", [2]string{"look_id", lookID})
	if err != nil {
		return nil, err
	}
	return getData[AvatarLook](ctx, c, p)
}

// CreatePhotoAvatar creates a photo avatar from one image: POST /v3/avatars
// with type "photo". Training runs asynchronously (follow the look's status).
// HeyGen documents no Idempotency-Key here, so it is never re-sent once it
// may have arrived (idempotency.go): each call may create a new avatar.
func (c *Client) CreatePhotoAvatar(ctx context.Context, req *CreatePhotoAvatarRequest) (*CreateAvatarResponse, error) {
	if req == nil {
		return nil, &ValidationError{Param: "request", Message: "is nil; pass a CreatePhotoAvatarRequest with a name and a file"}
	}
	if err := validText("name", req.Name, MaxAvatarNameLen); err != nil {
		return nil, err
	}
	if err := req.File.Validate(); err != nil {
		return nil, &ValidationError{Param: "file", Message: err.Error()}
	}
	if req.AvatarGroupID != "" {
		if err := validPathParam("avatar_group_id", req.AvatarGroupID); err != nil {
			return nil, err
		}
	}
	body := struct {
		Type string `json:"type"`
		*CreatePhotoAvatarRequest
	}{"photo", req}
	r, err := c.newJSON(http.MethodPost, "v3/avatars", body)
	if err != nil {
		return nil, err
	}
	return doData[CreateAvatarResponse](ctx, c, r)
}

// MaxAvatarNameLen bounds an avatar's name. HeyGen documents no limit
// (inferred: generous, so a real name is never refused here).
const MaxAvatarNameLen = 255
