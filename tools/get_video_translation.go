package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// GetVideoTranslationParams are the arguments of get_video_translation
// (GET /v3/video-translations/{id}).
type GetVideoTranslationParams struct {
	VideoTranslationID ID `json:"video_translation_id" jsonschema:"required,minLength=1,description=Video translation id from create_video_translation (e.g. vt_abc123)."`
}

// TranslationResult is one video translation: get_video_translation's
// structured content and the translation part of wait_for_video_translation.
type TranslationResult struct {
	VideoTranslationID string  `json:"video_translation_id"`
	Status             string  `json:"status" jsonschema:"description=pending or running or completed or failed."`
	Title              string  `json:"title,omitempty"`
	OutputLanguage     string  `json:"output_language,omitempty"`
	InputLanguage      string  `json:"input_language,omitempty"`
	VideoURL           string  `json:"video_url,omitempty" jsonschema:"description=The translated video (a download link that expires); present once completed."`
	AudioURL           string  `json:"audio_url,omitempty"`
	SRTCaptionURL      string  `json:"srt_caption_url,omitempty"`
	VTTCaptionURL      string  `json:"vtt_caption_url,omitempty"`
	Duration           float64 `json:"duration,omitempty" jsonschema:"description=Length in seconds."`
	TranslateAudioOnly bool    `json:"translate_audio_only,omitempty"`
	FailureMessage     string  `json:"failure_message,omitempty"`
	CreatedAt          int64   `json:"created_at,omitempty"`
}

// NewTranslationResult is the one view of a HeyGen video translation.
func NewTranslationResult(t *heygen.VideoTranslation) TranslationResult {
	return TranslationResult{
		VideoTranslationID: t.ID, Status: t.Status, Title: deref(t.Title), OutputLanguage: deref(t.OutputLanguage),
		InputLanguage: deref(t.InputLanguage), VideoURL: deref(t.VideoURL), AudioURL: deref(t.AudioURL),
		SRTCaptionURL: deref(t.SRTCaptionURL), VTTCaptionURL: deref(t.VTTCaptionURL), Duration: deref(t.Duration),
		TranslateAudioOnly: deref(t.TranslateAudioOnly), FailureMessage: deref(t.FailureMessage), CreatedAt: deref(t.CreatedAt),
	}
}

func (r TranslationResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Video translation %s", r.VideoTranslationID)
	if r.OutputLanguage != "" {
		fmt.Fprintf(&b, " (%s)", r.OutputLanguage)
	}
	if r.Title != "" {
		fmt.Fprintf(&b, " %q", r.Title)
	}
	fmt.Fprintf(&b, ": %s.", orUnknown(r.Status))
	switch r.Status {
	case heygen.TranslationCompleted:
		if r.Duration > 0 {
			fmt.Fprintf(&b, " Duration %.1f s.", r.Duration)
		}
		for _, kv := range [][2]string{
			{"Video URL", r.VideoURL}, {"Audio", r.AudioURL}, {"Captions (SRT)", r.SRTCaptionURL}, {"Captions (VTT)", r.VTTCaptionURL},
		} {
			if kv[1] != "" {
				fmt.Fprintf(&b, "\n%s: %s", kv[0], kv[1])
			}
		}
		b.WriteString("\nGive the user video_url; links expire: call get_video_translation again for fresh ones.")
	case heygen.TranslationFailed:
		if r.FailureMessage != "" {
			fmt.Fprintf(&b, " Failure: %s.", strings.TrimRight(r.FailureMessage, ". "))
		}
		b.WriteString(" Explain the failure to the user; if the message says how, start again with create_video_translation.")
	default:
		fmt.Fprintf(&b, " Still translating: call wait_for_video_translation with video_translation_id %q to wait for it.", r.VideoTranslationID)
	}
	return b.String()
}

func (registry) GetVideoTranslation() Definition {
	return define(Definition{
		Name: "get_video_translation", Title: "Get a video translation's status and URL", Toolset: ToolsetTranslation,
		Example: `{"video_translation_id": "vt_abc123"}`,
		Hints:   readHints,
		Description: "Status of one video translation (pending, running, completed, failed) and its output language. When completed: " +
			"video_url (a download link that expires), audio and caption URLs. When failed: failure_message. " +
			"While it runs, call wait_for_video_translation.",
	}, Deps.getVideoTranslation)
}

func (d Deps) getVideoTranslation(ctx context.Context, p GetVideoTranslationParams) (TranslationResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return TranslationResult{}, err
	}
	t, err := c.GetVideoTranslation(ctx, string(p.VideoTranslationID))
	if err != nil {
		return TranslationResult{}, err
	}
	return NewTranslationResult(t), nil
}
