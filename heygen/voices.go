package heygen

import (
	"context"
	"fmt"
	"math"
	"net/http"
)

// Text-to-speech bounds, from HeyGen's OpenAPI spec as generated into its CLI
// (gen/voice.go, VoiceSpeechCreate): "Text to synthesize (1-5000 characters)"
// and "Speed multiplier (0.5-2.0)".
const (
	MaxSpeechTextLen = 5000
	MinSpeechSpeed   = 0.5
	MaxSpeechSpeed   = 2.0
)

// Speech input types (input_type): plain text, or SSML markup.
const (
	SpeechInputText = "text"
	SpeechInputSSML = "ssml"
)

// SpeechRequest is the body of POST /v3/voices/speech. Empty optional fields
// are left out, so HeyGen applies its defaults (input_type text, speed 1,
// language detected from the text).
type SpeechRequest struct {
	Text      string `json:"text"`
	VoiceID   string `json:"voice_id"`
	InputType string `json:"input_type,omitempty"`
	// Speed is the multiplier, 0.5-2.0; 0 leaves it out (HeyGen's default 1).
	Speed    float64 `json:"speed,omitempty"`
	Language string  `json:"language,omitempty"`
	Locale   string  `json:"locale,omitempty"`
}

// Speech is the data of a POST /v3/voices/speech reply: the audio is ready at
// once (the route is synchronous; there is no job to poll).
type Speech struct {
	AudioURL       string          `json:"audio_url"`
	Duration       float64         `json:"duration"`
	RequestID      *string         `json:"request_id"`
	WordTimestamps []WordTimestamp `json:"word_timestamps"`
}

// WordTimestamp is one word's timing in a Speech, in seconds.
type WordTimestamp struct {
	Word  string  `json:"word"`
	Start float64 `json:"start"`
	End   float64 `json:"end"`
}

// VoiceDetail is the data of GET /v3/voices/{voice_id}. Unlike a list item it
// has no type or support_locale; status, failure_message and created_at are
// set for cloned voices only.
type VoiceDetail struct {
	VoiceID                  string  `json:"voice_id"`
	Name                     *string `json:"name"`
	Gender                   *string `json:"gender"`
	Language                 *string `json:"language"`
	PreviewAudioURL          *string `json:"preview_audio_url"`
	Status                   *string `json:"status"`
	FailureMessage           *string `json:"failure_message"`
	CreatedAt                *int64  `json:"created_at"`
	SupportPause             bool    `json:"support_pause"`
	SupportInteractiveAvatar bool    `json:"support_interactive_avatar"`
}

// Voice clone statuses (VoiceDetail.Status).
const (
	VoiceProcessing = "processing"
	VoiceComplete   = "complete"
	VoiceFailed     = "failed"
)

// CreateSpeech synthesizes speech from text with a starfish-engine voice:
// POST /v3/voices/speech. It may cost credits and HeyGen documents no
// Idempotency-Key for it, so it is never re-sent once it may have reached
// HeyGen (idempotency.go).
func (c *Client) CreateSpeech(ctx context.Context, req *SpeechRequest) (*Speech, error) {
	if err := validateSpeech(req); err != nil {
		return nil, err
	}
	r, err := c.newJSON(http.MethodPost, "v3/voices/speech", req)
	if err != nil {
		return nil, err
	}
	return doData[Speech](ctx, c, r)
}

func validateSpeech(req *SpeechRequest) error {
	if req == nil {
		return &ValidationError{Param: "request", Message: "is nil; pass a SpeechRequest with text and voice_id"}
	}
	if err := validText("text", req.Text, MaxSpeechTextLen); err != nil {
		return err
	}
	if err := validPathParam("voice_id", req.VoiceID); err != nil {
		return err
	}
	if err := oneOf("input_type", req.InputType, SpeechInputText, SpeechInputSSML); err != nil {
		return err
	}
	if s := req.Speed; s != 0 && (math.IsNaN(s) || s < MinSpeechSpeed || s > MaxSpeechSpeed) {
		return &ValidationError{Param: "speed", Message: fmt.Sprintf("is %v; HeyGen accepts %.1f to %.1f", s, MinSpeechSpeed, MaxSpeechSpeed)}
	}
	return nil
}

// GetVoice returns one voice's details (and a clone's status):
// GET /v3/voices/{voice_id}.
func (c *Client) GetVoice(ctx context.Context, voiceID string) (*VoiceDetail, error) {
	p, err := pathf("v3/voices/%s", [2]string{"voice_id", voiceID})
	if err != nil {
		return nil, err
	}
	return getData[VoiceDetail](ctx, c, p)
}
