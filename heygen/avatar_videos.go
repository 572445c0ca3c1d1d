package heygen

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"unicode/utf8"
)

// Direct ("structured") video creation, POST /v3/videos: a video from an
// avatar look or a photo, speaking a script or lip-syncing an audio file.
// HeyGen's CLI documents four request types (avatar, image, cinematic_avatar,
// studio); this client sends the first two. Field names and limits are the
// CLI's (gen/video.go, VideoCreate).

// Request types of POST /v3/videos that this client sends.
const (
	VideoTypeAvatar = "avatar"
	VideoTypeImage  = "image"
)

// VideoWaiting is the initial status POST /v3/videos answers (its doc's
// example, "e.g. 'waiting'"). It is not one of GET /v3/videos/{id}'s
// statuses; the video reads as pending there (inferred).
const VideoWaiting = "waiting"

// MaxScriptLen is the documented script limit of a video (5000 characters).
const MaxScriptLen = 5000

// Documented ranges of voice_settings.
const (
	MinVoiceSpeed, MaxVoiceSpeed   = 0.5, 1.5
	MinVoicePitch, MaxVoicePitch   = -50.0, 50.0
	MinVoiceVolume, MaxVoiceVolume = 0.0, 1.0
)

// Documented enums of POST /v3/videos.
var (
	VideoAspectRatios    = []string{"16:9", "9:16", "4:5", "5:4", "1:1", "auto"}
	VideoResolutions     = []string{"4k", "1080p", "720p"}
	VideoOutputFormats   = []string{"mp4", "webm"}
	VideoFits            = []string{"contain", "cover"}
	VideoExpressiveness  = []string{"high", "medium", "low"}
	VideoEngines         = []string{"avatar_iii", "avatar_iv", "avatar_v"}
	VideoBackgroundTypes = []string{"color", "image"}
	VideoCaptionStyles   = []string{"default"}
)

// CreateVideoRequest is the body of POST /v3/videos for type "avatar"
// (AvatarID required) or "image" (Image required). Exactly one of Script,
// AudioURL and AudioAssetID says what is spoken. The enterprise-only
// watermark and the voice engine_settings are not sent by this client.
type CreateVideoRequest struct {
	Type             string              `json:"type"`
	AvatarID         string              `json:"avatar_id,omitempty"`
	Image            *AssetInput         `json:"image,omitempty"`
	Title            string              `json:"title,omitempty"`
	Script           string              `json:"script,omitempty"`
	VoiceID          string              `json:"voice_id,omitempty"`
	AudioURL         string              `json:"audio_url,omitempty"`
	AudioAssetID     string              `json:"audio_asset_id,omitempty"`
	VoiceSettings    *VideoVoiceSettings `json:"voice_settings,omitempty"`
	AspectRatio      string              `json:"aspect_ratio,omitempty"`
	Resolution       string              `json:"resolution,omitempty"`
	OutputFormat     string              `json:"output_format,omitempty"`
	Background       *VideoBackground    `json:"background,omitempty"`
	Caption          *VideoCaption       `json:"caption,omitempty"`
	Engine           *VideoEngine        `json:"engine,omitempty"`
	Expressiveness   string              `json:"expressiveness,omitempty"`
	MotionPrompt     string              `json:"motion_prompt,omitempty"`
	RemoveBackground *bool               `json:"remove_background,omitempty"`
	Fit              string              `json:"fit,omitempty"`
	CallbackURL      string              `json:"callback_url,omitempty"`
	CallbackID       string              `json:"callback_id,omitempty"`
}

// VideoVoiceSettings tune the text-to-speech voice of a script.
type VideoVoiceSettings struct {
	Speed  *float64 `json:"speed,omitempty"`  // 0.5-1.5, default 1
	Pitch  *float64 `json:"pitch,omitempty"`  // semitones -50..50, default 0
	Volume *float64 `json:"volume,omitempty"` // 0-1, default 1
	Locale string   `json:"locale,omitempty"` // e.g. en-US, for multilingual voices
}

// VideoBackground is a solid color (Type "color", Value "#rrggbb") or an image
// (Type "image", URL or AssetID).
type VideoBackground struct {
	Type    string `json:"type"`
	Value   string `json:"value,omitempty"`
	URL     string `json:"url,omitempty"`
	AssetID string `json:"asset_id,omitempty"`
}

// VideoCaption asks for captions: a sidecar SRT (subtitle_url), burned into
// the video too when Style is "default".
type VideoCaption struct {
	FileFormat string `json:"file_format,omitempty"` // "srt"
	Style      string `json:"style,omitempty"`
}

// VideoEngine selects the rendering engine: avatar_iv (HeyGen's default),
// avatar_v (ReferenceLookID optional) or avatar_iii (not for type image).
type VideoEngine struct {
	Type            string `json:"type"`
	ReferenceLookID string `json:"reference_look_id,omitempty"`
}

// CreateVideoResponse is the data of POST /v3/videos. Status is an initial
// status such as "waiting" (VideoWaiting), not one of GET's.
type CreateVideoResponse struct {
	VideoID      string `json:"video_id"`
	Status       string `json:"status"`
	OutputFormat string `json:"output_format,omitempty"`
}

// CreateVideo starts rendering an avatar or photo video: POST /v3/videos.
//
// HeyGen documents no Idempotency-Key on this route, so, like
// CreateSession, the request is never re-sent once it may have arrived: only
// a 429 or a request that provably never left is retried (idempotency.go).
// A key is still sent (it can only help if HeyGen honours it), under the
// lower-case name that keeps net/http from replaying the request.
func (c *Client) CreateVideo(ctx context.Context, req *CreateVideoRequest) (*CreateVideoResponse, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	r, err := c.newJSON(http.MethodPost, "v3/videos", req)
	if err != nil {
		return nil, err
	}
	r.idemKey = c.newIdempotencyKey()
	return doData[CreateVideoResponse](ctx, c, r)
}

var hexColor = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$`)

// Validate checks the documented rules of POST /v3/videos, naming the field
// (dotted for nested ones, e.g. "voice_settings.speed").
func (req *CreateVideoRequest) Validate() error {
	if req == nil {
		return &ValidationError{Param: "request", Message: "is nil; pass a CreateVideoRequest"}
	}
	bad := func(param, format string, a ...any) error {
		return &ValidationError{Param: param, Message: fmt.Sprintf(format, a...)}
	}
	switch req.Type {
	case VideoTypeAvatar:
		if err := validPathParam("avatar_id", req.AvatarID); err != nil {
			return bad("avatar_id", "is required for type avatar and %s", err.(*ValidationError).Message)
		}
		if req.Image != nil {
			return bad("image", "is for type image; type avatar takes avatar_id only")
		}
	case VideoTypeImage:
		if req.Image == nil {
			return bad("image", "is required for type image: a url, asset_id or base64 image")
		}
		if err := req.Image.Validate(); err != nil {
			return bad("image", "%v", err)
		}
		if req.AvatarID != "" {
			return bad("avatar_id", "is for type avatar; type image takes image only")
		}
	case "":
		return bad("type", "is required: %q or %q", VideoTypeAvatar, VideoTypeImage)
	default:
		return bad("type", "%q is not one of %q, %q", req.Type, VideoTypeAvatar, VideoTypeImage)
	}

	sources := 0
	for _, s := range []string{req.Script, req.AudioURL, req.AudioAssetID} {
		if s != "" {
			sources++
		}
	}
	switch {
	case sources == 0:
		return bad("script", "is required unless audio_url or audio_asset_id is given")
	case sources > 1:
		return bad("script", "script, audio_url and audio_asset_id are mutually exclusive: give exactly one")
	}
	if req.Script != "" {
		if err := validText("script", req.Script, MaxScriptLen); err != nil {
			return err
		}
		if req.VoiceID == "" && req.Type == VideoTypeImage {
			// The avatar's default voice is the fallback only with avatar_id.
			return bad("voice_id", "is required with a script for type image")
		}
	}
	if req.AudioURL != "" && !httpURL(req.AudioURL) {
		return bad("audio_url", "must be an absolute http(s) URL of an audio file")
	}
	if vs := req.VoiceSettings; vs != nil {
		for _, r := range []struct {
			param  string
			v      *float64
			lo, hi float64
		}{
			{"voice_settings.speed", vs.Speed, MinVoiceSpeed, MaxVoiceSpeed},
			{"voice_settings.pitch", vs.Pitch, MinVoicePitch, MaxVoicePitch},
			{"voice_settings.volume", vs.Volume, MinVoiceVolume, MaxVoiceVolume},
		} {
			if r.v != nil && (*r.v < r.lo || *r.v > r.hi) {
				return bad(r.param, "is %g; HeyGen accepts %g to %g", *r.v, r.lo, r.hi)
			}
		}
	}
	for _, e := range []struct {
		param, v string
		allowed  []string
	}{
		{"aspect_ratio", req.AspectRatio, VideoAspectRatios},
		{"resolution", req.Resolution, VideoResolutions},
		{"output_format", req.OutputFormat, VideoOutputFormats},
		{"fit", req.Fit, VideoFits},
		{"expressiveness", req.Expressiveness, VideoExpressiveness},
	} {
		if err := oneOf(e.param, e.v, e.allowed...); err != nil {
			return err
		}
	}
	if b := req.Background; b != nil {
		if req.OutputFormat == "webm" {
			return bad("background", "is rejected with output_format webm (the background is transparent)")
		}
		switch b.Type {
		case "color":
			if !hexColor.MatchString(b.Value) {
				return bad("background.value", "must be a hex color such as #1a2b3c for background type color")
			}
		case "image":
			if (b.URL == "") == (b.AssetID == "") {
				return bad("background.url", "give exactly one of url and asset_id for background type image")
			}
			if b.URL != "" && !httpURL(b.URL) {
				return bad("background.url", "must be an absolute http(s) URL of an image")
			}
		default:
			return bad("background.type", "%q is not one of %v", b.Type, VideoBackgroundTypes)
		}
	}
	if cp := req.Caption; cp != nil {
		if err := oneOf("caption.file_format", cp.FileFormat, "srt"); err != nil {
			return err
		}
		if err := oneOf("caption.style", cp.Style, VideoCaptionStyles...); err != nil {
			return err
		}
	}
	if e := req.Engine; e != nil {
		if e.Type == "" {
			return bad("engine.type", "is required: one of %v", VideoEngines)
		}
		if err := oneOf("engine.type", e.Type, VideoEngines...); err != nil {
			return err
		}
		if e.Type == "avatar_iii" && req.Type == VideoTypeImage {
			return bad("engine.type", "avatar_iii is not supported for type image")
		}
		if e.Type == "avatar_v" && req.Expressiveness != "" {
			return bad("expressiveness", "is Avatar IV only; it is rejected with engine avatar_v")
		}
		if e.ReferenceLookID != "" && e.Type != "avatar_v" {
			return bad("engine.reference_look_id", "is only used with engine avatar_v")
		}
	}
	if n := utf8.RuneCountInString(req.MotionPrompt); n > MaxPromptLen {
		return bad("motion_prompt", "is %d characters; at most %d are accepted", n, MaxPromptLen)
	}
	if req.CallbackURL != "" && !httpURL(req.CallbackURL) {
		return bad("callback_url", "must be an absolute http(s) URL that HeyGen can reach")
	}
	return nil
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}
