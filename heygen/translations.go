package heygen

import (
	"context"
	"fmt"
	"net/http"
)

// Video translation statuses (GET /v3/video-translations/{id}).
const (
	TranslationPending   = "pending"
	TranslationRunning   = "running"
	TranslationCompleted = "completed"
	TranslationFailed    = "failed"
)

// Translation modes: speed (HeyGen's default) or precision (better lip-sync).
const (
	TranslationModeSpeed     = "speed"
	TranslationModePrecision = "precision"
)

// CreateVideoTranslationRequest is the body of POST /v3/video-translations,
// with HeyGen's field names. Video must be a url or an asset_id (the route
// takes no base64). Zero values are left out, so HeyGen's defaults apply;
// EnableDynamicDuration and KeepTheSameFormat are pointers because their
// false is not the default.
type CreateVideoTranslationRequest struct {
	Video                   AssetInput  `json:"video"`
	OutputLanguages         []string    `json:"output_languages"`
	Title                   string      `json:"title,omitempty"`
	InputLanguage           string      `json:"input_language,omitempty"`
	Mode                    string      `json:"mode,omitempty"`
	TranslateAudioOnly      bool        `json:"translate_audio_only,omitempty"`
	SpeakerNum              *int        `json:"speaker_num,omitempty"`
	EnableCaption           bool        `json:"enable_caption,omitempty"`
	EnableDynamicDuration   *bool       `json:"enable_dynamic_duration,omitempty"`
	DisableMusicTrack       bool        `json:"disable_music_track,omitempty"`
	EnableSpeechEnhancement bool        `json:"enable_speech_enhancement,omitempty"`
	EnableWatermark         bool        `json:"enable_watermark,omitempty"`
	KeepTheSameFormat       *bool       `json:"keep_the_same_format,omitempty"`
	BrandGlossaryID         string      `json:"brand_glossary_id,omitempty"`
	FolderID                string      `json:"folder_id,omitempty"`
	StartTime               *float64    `json:"start_time,omitempty"`
	EndTime                 *float64    `json:"end_time,omitempty"`
	Audio                   *AssetInput `json:"audio,omitempty"`
	SRT                     *AssetInput `json:"srt,omitempty"`
	SRTRole                 string      `json:"srt_role,omitempty"`
	FPSMode                 string      `json:"fps_mode,omitempty"`
	CallbackURL             string      `json:"callback_url,omitempty"`
	CallbackID              string      `json:"callback_id,omitempty"`
}

// CreateVideoTranslationResponse is the data of POST /v3/video-translations:
// one id per output language (in the order asked; inferred).
type CreateVideoTranslationResponse struct {
	VideoTranslationIDs []string `json:"video_translation_ids"`
}

// VideoTranslation is the data of GET /v3/video-translations/{id}. URLs are
// present only once status is completed; FailureMessage only when failed.
type VideoTranslation struct {
	ID                 string   `json:"id"`
	Status             string   `json:"status"`
	Title              *string  `json:"title"`
	InputLanguage      *string  `json:"input_language"`
	OutputLanguage     *string  `json:"output_language"`
	CreatedAt          *int64   `json:"created_at"`
	Duration           *float64 `json:"duration"`
	TranslateAudioOnly *bool    `json:"translate_audio_only"`
	VideoURL           *string  `json:"video_url"`
	AudioURL           *string  `json:"audio_url"`
	SRTCaptionURL      *string  `json:"srt_caption_url"`
	VTTCaptionURL      *string  `json:"vtt_caption_url"`
	CallbackID         *string  `json:"callback_id"`
	FailureMessage     *string  `json:"failure_message"`
}

// TranslationLanguages is the data of GET /v3/video-translations/languages.
type TranslationLanguages struct {
	Languages []string `json:"languages"`
}

// CreateVideoTranslation starts one paid translation per output language:
// POST /v3/video-translations.
//
// HeyGen documents no Idempotency-Key on this route, so no key is sent and
// the request is never re-sent once it may have arrived: only a 429 or a
// request that provably never left is retried (idempotency.go, replayable).
func (c *Client) CreateVideoTranslation(ctx context.Context, req *CreateVideoTranslationRequest) (*CreateVideoTranslationResponse, error) {
	if err := validateTranslation(req); err != nil {
		return nil, err
	}
	r, err := c.newJSON(http.MethodPost, "v3/video-translations", req)
	if err != nil {
		return nil, err
	}
	return doData[CreateVideoTranslationResponse](ctx, c, r)
}

func validateTranslation(req *CreateVideoTranslationRequest) error {
	if req == nil {
		return &ValidationError{Param: "request", Message: "is nil; pass a CreateVideoTranslationRequest with a video and output_languages"}
	}
	if err := urlOrAsset("video", &req.Video); err != nil {
		return err
	}
	if len(req.OutputLanguages) == 0 {
		return &ValidationError{Param: "output_languages", Message: "is required: at least one target language name"}
	}
	for i, l := range req.OutputLanguages {
		if l == "" {
			return &ValidationError{Param: fmt.Sprintf("output_languages[%d]", i), Message: "must not be empty"}
		}
	}
	for _, check := range []error{
		oneOf("mode", req.Mode, TranslationModeSpeed, TranslationModePrecision),
		oneOf("srt_role", req.SRTRole, "input", "output"),
		oneOf("fps_mode", req.FPSMode, "vfr", "cfr", "passthrough"),
		urlOrAsset("audio", req.Audio),
		urlOrAsset("srt", req.SRT),
	} {
		if check != nil {
			return check
		}
	}
	if req.SpeakerNum != nil && *req.SpeakerNum < 1 {
		return &ValidationError{Param: "speaker_num", Message: "must be at least 1"}
	}
	if req.StartTime != nil && *req.StartTime < 0 {
		return &ValidationError{Param: "start_time", Message: "must not be negative"}
	}
	if req.EndTime != nil && (*req.EndTime <= 0 || (req.StartTime != nil && *req.EndTime <= *req.StartTime)) {
		return &ValidationError{Param: "end_time", Message: "must be after start_time (seconds)"}
	}
	if req.CallbackURL != "" && !httpURL(req.CallbackURL) {
		return &ValidationError{Param: "callback_url", Message: "must be an absolute http(s) URL that HeyGen can reach"}
	}
	return nil
}

// urlOrAsset checks an asset field of a translation: a url or an asset_id
// (HeyGen's schema for these fields has no base64 member). A nil a is absent.
func urlOrAsset(param string, a *AssetInput) error {
	if a == nil {
		return nil
	}
	if err := a.Validate(); err != nil {
		return &ValidationError{Param: param, Message: err.Error()}
	}
	if a.kind != "url" && a.kind != "asset_id" {
		return &ValidationError{Param: param, Message: "must be a url or an asset_id"}
	}
	return nil
}

// GetVideoTranslation returns a translation's status, URLs and failure:
// GET /v3/video-translations/{video_translation_id}.
func (c *Client) GetVideoTranslation(ctx context.Context, id string) (*VideoTranslation, error) {
	p, err := pathf("v3/video-translations/%s", [2]string{"video_translation_id", id})
	if err != nil {
		return nil, err
	}
	return getData[VideoTranslation](ctx, c, p)
}

// ListTranslationLanguages returns the target language names a translation
// accepts: GET /v3/video-translations/languages.
func (c *Client) ListTranslationLanguages(ctx context.Context) (*TranslationLanguages, error) {
	return getData[TranslationLanguages](ctx, c, "v3/video-translations/languages")
}
