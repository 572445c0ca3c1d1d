package heygen

import (
	"encoding/json"
	"errors"
	"fmt"
)

// This file holds the wire types of HeyGen's v3 API with HeyGen's exact JSON
// names. Decoding is tolerant: unknown fields are
// ignored and nullable fields are pointers or zero-safe.

// Session modes.
const (
	ModeGenerate = "generate"
	ModeChat     = "chat"
)

// Orientations.
const (
	OrientationLandscape = "landscape"
	OrientationPortrait  = "portrait"
)

// Session statuses. completed and failed are final, though a chat
// session can continue after completed when sent a new message.
const (
	SessionThinking        = "thinking"
	SessionWaitingForInput = "waiting_for_input"
	SessionReviewing       = "reviewing"
	SessionGenerating      = "generating"
	SessionCompleted       = "completed"
	SessionFailed          = "failed"
)

// Video statuses.
const (
	VideoPending    = "pending"
	VideoProcessing = "processing"
	VideoCompleted  = "completed"
	VideoFailed     = "failed"
)

// Message roles and types.
const (
	RoleUser  = "user"
	RoleModel = "model"

	MessageText     = "text"
	MessageResource = "resource"
	MessageError    = "error"
)

// Documented limits.
const (
	MaxPromptLen     = 10000
	MaxMessageLen    = 10000
	MaxFiles         = 20
	MaxAssetBytes    = 32 << 20
	MaxSessionMsgs   = 40
	MaxListLimit     = 100
	MaxAvatarLimit   = 50
	DefaultListLimit = 20
	DefaultVideoList = 10
)

// SessionNeedsInput reports whether a chat session is paused for the user.
func SessionNeedsInput(status string) bool {
	return status == SessionWaitingForInput || status == SessionReviewing
}

// AssetInput is one entry of a files array: a union on type that can only be
// built through URLFile, AssetFile and Base64File, so it cannot be built wrong.
type AssetInput struct {
	kind      string
	url       string
	assetID   string
	mediaType string
	data      string
}

// URLFile references a publicly reachable HTTPS file that HeyGen fetches.
func URLFile(url string) AssetInput { return AssetInput{kind: "url", url: url} }

// AssetFile references an asset uploaded with POST /v3/assets.
func AssetFile(assetID string) AssetInput { return AssetInput{kind: "asset_id", assetID: assetID} }

// Base64File carries inline content; data is standard base64.
func Base64File(mediaType, data string) AssetInput {
	return AssetInput{kind: "base64", mediaType: mediaType, data: data}
}

// Type returns "url", "asset_id" or "base64" ("" for the zero value).
func (a AssetInput) Type() string { return a.kind }

// URL, AssetID, MediaType and Data return the union's fields.
func (a AssetInput) URL() string       { return a.url }
func (a AssetInput) AssetID() string   { return a.assetID }
func (a AssetInput) MediaType() string { return a.mediaType }
func (a AssetInput) Data() string      { return a.data }

type assetInputWire struct {
	Type      string `json:"type"`
	URL       string `json:"url,omitempty"`
	AssetID   string `json:"asset_id,omitempty"`
	MediaType string `json:"media_type,omitempty"`
	Data      string `json:"data,omitempty"`
}

// Validate reports what is missing from the union, naming the field.
func (a AssetInput) Validate() error {
	switch a.kind {
	case "url":
		if a.url == "" {
			return errors.New("url is required when type is \"url\"")
		}
	case "asset_id":
		if a.assetID == "" {
			return errors.New("asset_id is required when type is \"asset_id\"")
		}
	case "base64":
		if a.mediaType == "" || a.data == "" {
			return errors.New("media_type and data are required when type is \"base64\"")
		}
	case "":
		return errors.New("type is required: one of url, asset_id, base64")
	default:
		return fmt.Errorf("type %q is not one of url, asset_id, base64", a.kind)
	}
	return nil
}

// MarshalJSON writes the union in HeyGen's shape.
func (a AssetInput) MarshalJSON() ([]byte, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return json.Marshal(assetInputWire{Type: a.kind, URL: a.url, AssetID: a.assetID, MediaType: a.mediaType, Data: a.data})
}

// UnmarshalJSON reads the union; a wrong shape is an error naming the field.
func (a *AssetInput) UnmarshalJSON(b []byte) error {
	var w assetInputWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	v := AssetInput{kind: w.Type}
	switch w.Type {
	case "url":
		v.url = w.URL
	case "asset_id":
		v.assetID = w.AssetID
	case "base64":
		v.mediaType, v.data = w.MediaType, w.Data
	}
	if err := v.Validate(); err != nil {
		return err
	}
	*a = v
	return nil
}

// CreateSessionRequest is the body of POST /v3/video-agents.
type CreateSessionRequest struct {
	Prompt        string       `json:"prompt"`
	Mode          string       `json:"mode,omitempty"`
	AvatarID      string       `json:"avatar_id,omitempty"`
	VoiceID       string       `json:"voice_id,omitempty"`
	StyleID       string       `json:"style_id,omitempty"`
	BrandKitID    string       `json:"brand_kit_id,omitempty"`
	Orientation   string       `json:"orientation,omitempty"`
	Files         []AssetInput `json:"files,omitempty"`
	CallbackURL   string       `json:"callback_url,omitempty"`
	CallbackID    string       `json:"callback_id,omitempty"`
	IncognitoMode bool         `json:"incognito_mode,omitempty"`

	// IdempotencyKey is sent as the Idempotency-Key header, not in the body. Left
	// empty, the client generates one per logical create and reuses it on retries.
	IdempotencyKey string `json:"-"`
}

// CreateSessionResponse is the data of a create reply. VideoID is usually
// null at create, but one documented example returns it at once: handle both.
type CreateSessionResponse struct {
	SessionID string  `json:"session_id"`
	Status    string  `json:"status"`
	VideoID   *string `json:"video_id"`
	CreatedAt int64   `json:"created_at"`
}

// Message is one visible message of a session.
type Message struct {
	Role        string   `json:"role"`
	Content     string   `json:"content"`
	Type        string   `json:"type"`
	CreatedAt   *int64   `json:"created_at,omitempty"`
	ResourceIDs []string `json:"resource_ids,omitempty"`
}

// Session is the reply of GET /v3/video-agents/{id}. Messages are newest
// first, at most 40. The agent's question in chat mode is the newest model
// message while status is waiting_for_input or reviewing (inferred).
type Session struct {
	SessionID string    `json:"session_id"`
	Status    string    `json:"status"`
	Progress  int       `json:"progress"`
	Title     *string   `json:"title"`
	VideoID   *string   `json:"video_id"`
	CreatedAt int64     `json:"created_at"`
	Messages  []Message `json:"messages"`
}

// LatestModelMessage returns the newest role:"model" message, if any.
func (s *Session) LatestModelMessage() (Message, bool) {
	for _, m := range s.Messages {
		if m.Role == RoleModel {
			return m, true
		}
	}
	return Message{}, false
}

// SendMessageRequest is the body of POST /v3/video-agents/{id}.
type SendMessageRequest struct {
	Message    string       `json:"message"`
	AvatarID   string       `json:"avatar_id,omitempty"`
	VoiceID    string       `json:"voice_id,omitempty"`
	BrandKitID string       `json:"brand_kit_id,omitempty"`
	Files      []AssetInput `json:"files,omitempty"`
	// AutoProceed: "If true, skip interactive review and go straight to video
	// generation (no storyboard approval step)"; boolean, default false (HeyGen's
	// OpenAPI spec as generated into HeyGen's CLI, gen/video-agent.go, up to
	// 991bb4d of 2026-04-10). HeyGen's interactive-sessions guide still tells
	// users to send auto_proceed: true, but the spec dropped the field on
	// 2026-04-13, so HeyGen may ignore it. Sent only when true.
	AutoProceed bool `json:"auto_proceed,omitempty"`
}

// SendMessageResponse is the data of a send-message reply.
type SendMessageResponse struct {
	SessionID string  `json:"session_id"`
	RunID     string  `json:"run_id"`
	Title     *string `json:"title"`
}

// StopSessionResponse is the data of POST /v3/video-agents/{id}/stop.
type StopSessionResponse struct {
	SessionID string `json:"session_id"`
}

// SessionSummary is one item of GET /v3/video-agents; it has no status.
type SessionSummary struct {
	SessionID string  `json:"session_id"`
	CreatedAt int64   `json:"created_at"`
	Title     *string `json:"title"`
}

// SessionResource is the reply of GET /v3/video-agents/{id}/resources/{rid}.
type SessionResource struct {
	ResourceID   string         `json:"resource_id"`
	ResourceType string         `json:"resource_type"`
	SourceType   *string        `json:"source_type"`
	URL          *string        `json:"url"`
	PreviewURL   *string        `json:"preview_url"`
	ThumbnailURL *string        `json:"thumbnail_url"`
	Metadata     map[string]any `json:"metadata"`
	CreatedAt    *int64         `json:"created_at"`
}

// Style is one item of GET /v3/video-agents/styles.
type Style struct {
	StyleID         string   `json:"style_id"`
	Name            string   `json:"name"`
	ThumbnailURL    *string  `json:"thumbnail_url"`
	PreviewVideoURL *string  `json:"preview_video_url"`
	Tags            []string `json:"tags"`
	AspectRatio     *string  `json:"aspect_ratio"`
}

// Video is the reply of GET /v3/videos/{id}. Note the id field is "id".
type Video struct {
	ID                string   `json:"id"`
	Status            string   `json:"status"`
	Title             *string  `json:"title"`
	CreatedAt         *int64   `json:"created_at"`
	CompletedAt       *int64   `json:"completed_at"`
	Duration          *float64 `json:"duration"`
	VideoURL          *string  `json:"video_url"`
	CaptionedVideoURL *string  `json:"captioned_video_url"`
	SubtitleURL       *string  `json:"subtitle_url"`
	ThumbnailURL      *string  `json:"thumbnail_url"`
	GIFURL            *string  `json:"gif_url"`
	VideoPageURL      *string  `json:"video_page_url"`
	FolderID          *string  `json:"folder_id"`
	OutputLanguage    *string  `json:"output_language"`
	FailureCode       *string  `json:"failure_code"`
	FailureMessage    *string  `json:"failure_message"`
}

// DeleteVideoResponse is the data of DELETE /v3/videos/{id}.
type DeleteVideoResponse struct {
	ID      string `json:"id"`
	Deleted bool   `json:"deleted"`
}

// Asset is the data of POST /v3/assets.
type Asset struct {
	AssetID   string `json:"asset_id"`
	URL       string `json:"url"`
	MimeType  string `json:"mime_type"`
	SizeBytes int64  `json:"size_bytes"`
}

// AvatarLook is one item of GET /v3/avatars/looks. ID is what create takes as avatar_id.
type AvatarLook struct {
	ID                   string   `json:"id"`
	Name                 string   `json:"name"`
	AvatarType           string   `json:"avatar_type"`
	GroupID              *string  `json:"group_id"`
	DefaultVoiceID       *string  `json:"default_voice_id"`
	PreferredOrientation *string  `json:"preferred_orientation"`
	SupportedAPIEngines  []string `json:"supported_api_engines"`
	PreviewImageURL      *string  `json:"preview_image_url"`
	Status               *string  `json:"status"`
	// Error is present only when status is failed.
	Error *AvatarError `json:"error,omitempty"`
}

// Voice is one item of GET /v3/voices.
type Voice struct {
	VoiceID         string  `json:"voice_id"`
	Name            string  `json:"name"`
	Gender          *string `json:"gender"`
	Language        *string `json:"language"`
	Type            *string `json:"type"`
	PreviewAudioURL *string `json:"preview_audio_url"`
	SupportPause    *bool   `json:"support_pause"`
	SupportLocale   *bool   `json:"support_locale"`
}

// User is the data of GET /v3/users/me. The billing sub-objects are
// inferred from the CLI's field list; their inner fields are kept free-form.
type User struct {
	Username     string         `json:"username"`
	Email        *string        `json:"email"`
	FirstName    *string        `json:"first_name"`
	LastName     *string        `json:"last_name"`
	BillingType  string         `json:"billing_type"`
	Wallet       map[string]any `json:"wallet,omitempty"`
	Subscription map[string]any `json:"subscription,omitempty"`
	UsageBased   map[string]any `json:"usage_based,omitempty"`
}

// Page is one page of a list reply; has_more and next_token are siblings of data.
type Page[T any] struct {
	Data      []T     `json:"data"`
	HasMore   bool    `json:"has_more"`
	NextToken *string `json:"next_token"`
}

// Next returns the token for the following page, or "" when there is none.
func (p *Page[T]) Next() string {
	if p == nil || !p.HasMore || p.NextToken == nil {
		return ""
	}
	return *p.NextToken
}

// ListOptions are the common paging query parameters.
type ListOptions struct {
	Limit int    `url:"limit"`
	Token string `url:"token"`
}

// ListStylesOptions filter GET /v3/video-agents/styles.
type ListStylesOptions struct {
	ListOptions
	Tag string
}

// ListVideosOptions filter GET /v3/videos.
type ListVideosOptions struct {
	ListOptions
	FolderID string
	Title    string
}

// ListAvatarLooksOptions filter GET /v3/avatars/looks (limit at most 50).
type ListAvatarLooksOptions struct {
	ListOptions
	GroupID    string
	AvatarType string // studio_avatar | digital_twin | photo_avatar
	Ownership  string // public | private
}

// ListVoicesOptions filter GET /v3/voices.
type ListVoicesOptions struct {
	ListOptions
	Type     string // public | private
	Engine   string
	Language string
	Gender   string
}

// WebhookEvent is a callback delivery body. event_data for video_agent.* is
// undocumented; these fields are what community handlers read (inferred).
type WebhookEvent struct {
	EventType string           `json:"event_type"`
	EventData WebhookEventData `json:"event_data"`
}

// WebhookEventData is the inferred payload of video_agent.success / .fail.
type WebhookEventData struct {
	SessionID  string `json:"session_id"`
	VideoID    string `json:"video_id"`
	URL        string `json:"url,omitempty"`
	CallbackID string `json:"callback_id,omitempty"`
	Message    string `json:"msg,omitempty"`
}

// Webhook event types for the Video Agent.
const (
	EventVideoAgentSuccess = "video_agent.success"
	EventVideoAgentFail    = "video_agent.fail"
)
