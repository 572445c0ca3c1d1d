package tools

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// CreateAvatarVideoParams are the arguments of create_avatar_video
// (POST /v3/videos), flattened from HeyGen's nested body.
type CreateAvatarVideoParams struct {
	Type         string `json:"type" jsonschema:"required,enum=avatar,enum=image,description=avatar: an avatar look from list_avatars speaks (give avatar_id). image: a photo of a person is animated (give image_url or image_asset_id)."`
	AvatarID     ID     `json:"avatar_id,omitempty" jsonschema:"description=For type avatar: the avatar look id from list_avatars (e.g. look_anna_office)."`
	ImageURL     string `json:"image_url,omitempty" jsonschema:"maxLength=2048,description=For type image: public https URL of a png or jpeg photo showing a face (e.g. https://example.com/me.jpg)."`
	ImageAssetID ID     `json:"image_asset_id,omitempty" jsonschema:"description=For type image: id of an image already uploaded to HeyGen (e.g. asset_abc123)\\, instead of image_url."`
	Script       string `json:"script,omitempty" jsonschema:"maxLength=5000,description=What the avatar says (at most 5000 characters). Give exactly one of script or audio_url or audio_asset_id."`
	VoiceID      ID     `json:"voice_id,omitempty" jsonschema:"description=Voice id from list_voices that reads the script (e.g. voice_warm_01). Required with a script for type image; for type avatar omit it to use the avatar's default voice."`
	AudioURL     string `json:"audio_url,omitempty" jsonschema:"maxLength=2048,description=Public https URL of an mp3 or wav recording to lip-sync\\, instead of a script (at most 10 minutes)."`
	AudioAssetID ID     `json:"audio_asset_id,omitempty" jsonschema:"description=Id of an uploaded audio asset to lip-sync (e.g. asset_abc123)\\, instead of a script."`
	Title        string `json:"title,omitempty" jsonschema:"maxLength=256,description=Title shown in the HeyGen dashboard and in list_videos."`

	Speed  *float64 `json:"speed,omitempty" jsonschema:"minimum=0.5,maximum=1.5,description=Voice speed multiplier 0.5-1.5 (default 1). Script only."`
	Pitch  *float64 `json:"pitch,omitempty" jsonschema:"minimum=-50,maximum=50,description=Voice pitch in semitones -50 to 50 (default 0). Script only."`
	Volume *float64 `json:"volume,omitempty" jsonschema:"minimum=0,maximum=1,description=Voice volume 0-1 (default 1). Script only."`

	AspectRatio        string `json:"aspect_ratio,omitempty" jsonschema:"enum=16:9,enum=9:16,enum=4:5,enum=5:4,enum=1:1,enum=auto,description=Output aspect ratio (default 16:9); auto keeps the source's."`
	Resolution         string `json:"resolution,omitempty" jsonschema:"enum=720p,enum=1080p,enum=4k,description=Output resolution."`
	BackgroundColor    string `json:"background_color,omitempty" jsonschema:"maxLength=9,description=Solid background as a hex color (e.g. #0a66c2)."`
	BackgroundImageURL string `json:"background_image_url,omitempty" jsonschema:"maxLength=2048,description=Public https URL of a background image."`
	BackgroundAssetID  ID     `json:"background_asset_id,omitempty" jsonschema:"description=Id of an uploaded background image (e.g. asset_abc123)."`
	Captions           string `json:"captions,omitempty" jsonschema:"enum=sidecar,enum=burned_in,description=sidecar: an SRT file (subtitle_url). burned_in: also drawn into the video (captioned_video_url). Omit for HeyGen's default."`

	Engine           string `json:"engine,omitempty" jsonschema:"enum=avatar_iv,enum=avatar_v,enum=avatar_iii,description=Rendering engine (default avatar_iv). The avatar's supported_api_engines in list_avatars says which it allows; avatar_iii is not for type image."`
	ReferenceLookID  ID     `json:"reference_look_id,omitempty" jsonschema:"description=Engine avatar_v only: an instant_avatar look of the same avatar group to animate from (e.g. look_abc123)."`
	Expressiveness   string `json:"expressiveness,omitempty" jsonschema:"enum=low,enum=medium,enum=high,description=Photo avatars on Avatar IV only (default low)."`
	MotionPrompt     string `json:"motion_prompt,omitempty" jsonschema:"maxLength=10000,description=Body motion and gestures in words (e.g. 'nods and smiles'). Photo avatars; video avatars only with engine avatar_v."`
	RemoveBackground bool   `json:"remove_background,omitempty" jsonschema:"description=true: remove the avatar's background (video avatars need matting)."`
	Fit              string `json:"fit,omitempty" jsonschema:"enum=cover,enum=contain,description=cover fills the frame (may crop); contain shows all of the subject."`
	OutputFormat     string `json:"output_format,omitempty" jsonschema:"enum=mp4,enum=webm,description=mp4 (default) or webm with a transparent background (no background_* then)."`

	CallbackURL string `json:"callback_url,omitempty" jsonschema:"maxLength=2048,description=Optional https URL HeyGen calls when the video is ready or failed."`
	CallbackID  string `json:"callback_id,omitempty" jsonschema:"maxLength=256,description=Optional id of yours echoed in the callback."`
}

var hexColorArg = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$`)

func (p CreateAvatarVideoParams) validate() error {
	switch p.Type {
	case heygen.VideoTypeAvatar:
		if p.AvatarID == "" {
			return argErr("avatar_id", "is required for type avatar: pass a look id from list_avatars (e.g. look_anna_office)")
		}
		if p.ImageURL != "" || p.ImageAssetID != "" {
			return argErr("image_url", "is for type image; remove image_url and image_asset_id, or set type to image")
		}
	case heygen.VideoTypeImage:
		if (p.ImageURL == "") == (p.ImageAssetID == "") {
			return argErr("image_url", "type image needs exactly one of image_url (a public https photo) and image_asset_id")
		}
		if p.ImageURL != "" && !isHTTPSURL(p.ImageURL) {
			return argErr("image_url", "must be an absolute https URL of a png or jpeg photo, e.g. https://example.com/me.jpg")
		}
		if p.AvatarID != "" {
			return argErr("avatar_id", "is for type avatar; remove it, or set type to avatar")
		}
	}
	sources := 0
	for _, s := range []string{p.Script, p.AudioURL, string(p.AudioAssetID)} {
		if s != "" {
			sources++
		}
	}
	switch {
	case sources == 0:
		return argErr("script", "give what the avatar says: script (text, with voice_id) or audio_url or audio_asset_id (a recording)")
	case sources > 1:
		return argErr("script", "script, audio_url and audio_asset_id are mutually exclusive: keep exactly one")
	}
	if p.Script != "" {
		if strings.TrimSpace(p.Script) == "" {
			return argErr("script", "must contain the text the avatar says")
		}
		if n := utf8.RuneCountInString(p.Script); n > heygen.MaxScriptLen {
			return argErr("script", "is %d characters; the limit is %d: shorten it or split it into several videos", n, heygen.MaxScriptLen)
		}
		if p.VoiceID == "" && p.Type == heygen.VideoTypeImage {
			return argErr("voice_id", "is required with a script for type image: pass a voice_id from list_voices")
		}
	} else {
		if p.VoiceID != "" || p.Speed != nil || p.Pitch != nil || p.Volume != nil {
			return argErr("voice_id", "voice_id, speed, pitch and volume apply to a script only; remove them when lip-syncing audio")
		}
	}
	if p.AudioURL != "" && !isHTTPSURL(p.AudioURL) {
		return argErr("audio_url", "must be an absolute https URL of an mp3 or wav file")
	}
	backgrounds := 0
	for _, s := range []string{p.BackgroundColor, p.BackgroundImageURL, string(p.BackgroundAssetID)} {
		if s != "" {
			backgrounds++
		}
	}
	switch {
	case backgrounds > 1:
		return argErr("background_color", "background_color, background_image_url and background_asset_id are mutually exclusive: keep one")
	case backgrounds == 1 && p.OutputFormat == "webm":
		return argErr("output_format", "webm has a transparent background: remove the background_* argument or use mp4")
	case p.BackgroundColor != "" && !hexColorArg.MatchString(p.BackgroundColor):
		return argErr("background_color", "must be a hex color such as #0a66c2")
	case p.BackgroundImageURL != "" && !isHTTPSURL(p.BackgroundImageURL):
		return argErr("background_image_url", "must be an absolute https URL of an image")
	}
	switch {
	case p.Engine == "avatar_iii" && p.Type == heygen.VideoTypeImage:
		return argErr("engine", "avatar_iii is not available for type image: use avatar_iv or avatar_v")
	case p.Engine == "avatar_v" && p.Expressiveness != "":
		return argErr("expressiveness", "is Avatar IV only: remove it, or drop engine avatar_v")
	case p.ReferenceLookID != "" && p.Engine != "avatar_v":
		return argErr("reference_look_id", "is used with engine avatar_v only: set engine to avatar_v or remove it")
	}
	if p.CallbackURL != "" && !isHTTPSURL(p.CallbackURL) {
		return argErr("callback_url", "must be an absolute https URL, e.g. https://example.com/heygen-hook")
	}
	return nil
}

// request builds HeyGen's body from the flat arguments.
func (p CreateAvatarVideoParams) request() *heygen.CreateVideoRequest {
	req := &heygen.CreateVideoRequest{
		Type: p.Type, AvatarID: string(p.AvatarID), Title: p.Title, Script: p.Script, VoiceID: string(p.VoiceID),
		AudioURL: p.AudioURL, AudioAssetID: string(p.AudioAssetID), AspectRatio: p.AspectRatio, Resolution: p.Resolution,
		OutputFormat: p.OutputFormat, Expressiveness: p.Expressiveness, MotionPrompt: p.MotionPrompt, Fit: p.Fit,
		CallbackURL: p.CallbackURL, CallbackID: p.CallbackID,
	}
	switch {
	case p.ImageURL != "":
		img := heygen.URLFile(p.ImageURL)
		req.Image = &img
	case p.ImageAssetID != "":
		img := heygen.AssetFile(string(p.ImageAssetID))
		req.Image = &img
	}
	if p.Speed != nil || p.Pitch != nil || p.Volume != nil {
		req.VoiceSettings = &heygen.VideoVoiceSettings{Speed: p.Speed, Pitch: p.Pitch, Volume: p.Volume}
	}
	switch {
	case p.BackgroundColor != "":
		req.Background = &heygen.VideoBackground{Type: "color", Value: p.BackgroundColor}
	case p.BackgroundImageURL != "":
		req.Background = &heygen.VideoBackground{Type: "image", URL: p.BackgroundImageURL}
	case p.BackgroundAssetID != "":
		req.Background = &heygen.VideoBackground{Type: "image", AssetID: string(p.BackgroundAssetID)}
	}
	switch p.Captions {
	case "sidecar":
		req.Caption = &heygen.VideoCaption{FileFormat: "srt"}
	case "burned_in":
		req.Caption = &heygen.VideoCaption{FileFormat: "srt", Style: "default"}
	}
	if p.Engine != "" {
		req.Engine = &heygen.VideoEngine{Type: p.Engine, ReferenceLookID: string(p.ReferenceLookID)}
	}
	if p.RemoveBackground {
		t := true
		req.RemoveBackground = &t
	}
	return req
}

// CreateAvatarVideoResult is create_avatar_video's structured content.
type CreateAvatarVideoResult struct {
	VideoID      string `json:"video_id"`
	Status       string `json:"status" jsonschema:"description=HeyGen's initial status (e.g. waiting); wait_for_video and get_video report pending or processing or completed or failed."`
	OutputFormat string `json:"output_format,omitempty"`
	NextStep     string `json:"next_step"`

	simulated bool
}

func (r CreateAvatarVideoResult) toolText() string {
	took := "Rendering usually takes a few minutes, longer for long scripts."
	if r.simulated {
		took = "A simulated video takes seconds in the sandbox."
	}
	return fmt.Sprintf("Started avatar video %s (status %s). %s\nNext: %s", r.VideoID, r.Status, took, r.NextStep)
}

func (registry) CreateAvatarVideo() Definition {
	return define(Definition{
		Name: "create_avatar_video", Title: "Create an avatar video from a script", Toolset: ToolsetVideos,
		Example: `{"type": "avatar", "avatar_id": "look_anna_office", "script": "Hi! Here is this week's update in thirty seconds.", "voice_id": "voice_warm_01"}`,
		Hints:   Hints{ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true},
		Description: "Render a video of an avatar look (list_avatars) or a photo speaking a script (voice from list_voices) or lip-syncing audio, " +
			"with optional voice tuning, aspect ratio, resolution, background, captions and engine. Returns video_id at once; " +
			"then call wait_for_video with video_id until done. Each call starts a new paid video: do not repeat a call that may have succeeded.",
	}, Deps.createAvatarVideo)
}

func (d Deps) createAvatarVideo(ctx context.Context, p CreateAvatarVideoParams) (CreateAvatarVideoResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return CreateAvatarVideoResult{}, err
	}
	resp, err := c.CreateVideo(ctx, p.request())
	switch {
	case err == nil:
	case heygen.OutcomeUnknown(err) && ctx.Err() == nil:
		// Never sent again (heygen/idempotency.go): HeyGen may have started it.
		return CreateAvatarVideoResult{}, &retryAdviceError{err: err, advice: "The outcome is unknown: HeyGen may have started the video " +
			"before its reply was lost, so it may or may not have been created. Calling create_avatar_video again may start a second paid video: " +
			"check list_videos (newest first) before creating again."}
	default:
		return CreateAvatarVideoResult{}, notFoundAdvice(err, "avatar_id comes from list_avatars and voice_id from list_voices.")
	}
	return CreateAvatarVideoResult{
		VideoID: resp.VideoID, Status: resp.Status, OutputFormat: resp.OutputFormat, simulated: d.Simulated != nil,
		NextStep: fmt.Sprintf("call wait_for_video with video_id %q (again while done is false); it returns video_url when the video is ready.", resp.VideoID),
	}, nil
}
