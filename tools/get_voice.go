package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// GetVoiceParams are the arguments of get_voice (GET /v3/voices/{voice_id}).
type GetVoiceParams struct {
	VoiceID ID `json:"voice_id" jsonschema:"required,minLength=1,description=Voice id from list_voices (e.g. voice_warm_01)."`
}

// GetVoiceResult is get_voice's structured content. HeyGen's reply for one
// voice has no type (public or private) and no support_locale: list_voices has them.
type GetVoiceResult struct {
	VoiceID                  string `json:"voice_id"`
	Name                     string `json:"name,omitempty"`
	Gender                   string `json:"gender,omitempty"`
	Language                 string `json:"language,omitempty"`
	PreviewAudioURL          string `json:"preview_audio_url,omitempty"`
	SupportPause             bool   `json:"support_pause" jsonschema:"description=Whether SSML pause/break tags work with this voice."`
	SupportInteractiveAvatar bool   `json:"support_interactive_avatar"`
	Status                   string `json:"status,omitempty" jsonschema:"description=Cloned voices only: processing or complete or failed."`
	FailureMessage           string `json:"failure_message,omitempty"`
	CreatedAt                int64  `json:"created_at,omitempty"`
}

func (r GetVoiceResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Voice %s", r.VoiceID)
	if r.Name != "" {
		fmt.Fprintf(&b, " %q", r.Name)
	}
	var attrs []string
	for _, a := range []string{r.Language, r.Gender} {
		if a != "" {
			attrs = append(attrs, a)
		}
	}
	if len(attrs) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(attrs, ", "))
	}
	b.WriteString(".")
	fmt.Fprintf(&b, " SSML pauses: %s; interactive avatars: %s.", voiceYesNo(r.SupportPause), voiceYesNo(r.SupportInteractiveAvatar))
	if r.PreviewAudioURL != "" {
		fmt.Fprintf(&b, "\nPreview: %s", r.PreviewAudioURL)
	}
	switch r.Status {
	case heygen.VoiceProcessing:
		b.WriteString("\nThis cloned voice is still processing and cannot speak yet.")
	case heygen.VoiceFailed:
		b.WriteString("\nThis voice clone failed")
		if r.FailureMessage != "" {
			fmt.Fprintf(&b, ": %s", strings.TrimRight(r.FailureMessage, ". "))
		}
		b.WriteString(". Explain the failure to the user; the voice cannot be used.")
	default:
		fmt.Fprintf(&b, "\nNext: pass voice_id %q to text_to_speech.", r.VoiceID)
	}
	return b.String()
}

func voiceYesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

func (registry) GetVoice() Definition {
	return define(Definition{
		Name: "get_voice", Title: "Get a voice's details", Toolset: ToolsetSpeech,
		Example: `{"voice_id": "voice_warm_01"}`,
		Hints:   readHints,
		Description: "Details of one voice: name, gender, language, preview_audio_url, whether it supports SSML pauses and interactive avatars, " +
			"and for a cloned voice its status (processing, complete, failed). Pass its voice_id to text_to_speech.",
	}, Deps.getVoice)
}

func (d Deps) getVoice(ctx context.Context, p GetVoiceParams) (GetVoiceResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return GetVoiceResult{}, err
	}
	v, err := c.GetVoice(ctx, string(p.VoiceID))
	if err != nil {
		return GetVoiceResult{}, notFoundAdvice(err, voiceNotFoundAdvice)
	}
	return GetVoiceResult{
		VoiceID: v.VoiceID, Name: deref(v.Name), Gender: deref(v.Gender), Language: deref(v.Language),
		PreviewAudioURL: deref(v.PreviewAudioURL), SupportPause: v.SupportPause, SupportInteractiveAvatar: v.SupportInteractiveAvatar,
		Status: deref(v.Status), FailureMessage: deref(v.FailureMessage), CreatedAt: deref(v.CreatedAt),
	}, nil
}
