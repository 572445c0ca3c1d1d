package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// TextToSpeechParams are the arguments of text_to_speech (POST /v3/voices/speech).
type TextToSpeechParams struct {
	Text      string  `json:"text" jsonschema:"required,minLength=1,maxLength=5000,description=What the voice says: 1-5000 characters of plain text (or SSML markup when input_type is ssml)."`
	VoiceID   ID      `json:"voice_id" jsonschema:"required,minLength=1,description=Voice id from list_voices with engine starfish (e.g. voice_warm_01); other voices cannot speak here."`
	InputType string  `json:"input_type,omitempty" jsonschema:"enum=text,enum=ssml,description=text (default): plain text. ssml: SSML markup such as <break time=\"1s\"/> pauses."`
	Speed     float64 `json:"speed,omitempty" jsonschema:"minimum=0.5,maximum=2,description=Speaking speed multiplier from 0.5 to 2 (default 1)."`
	Language  string  `json:"language,omitempty" jsonschema:"maxLength=16,description=Base language code such as en or pt; detected from the text when omitted."`
	Locale    string  `json:"locale,omitempty" jsonschema:"maxLength=35,description=BCP-47 locale such as en-US or pt-BR; when set the language follows from it."`
}

func (p TextToSpeechParams) validate() error {
	if strings.TrimSpace(p.Text) == "" {
		return argErr("text", "must contain the words to speak")
	}
	return nil
}

// TextToSpeechResult is text_to_speech's structured content. Word timings
// are not passed on (up to a thousand entries); words counts them.
type TextToSpeechResult struct {
	AudioURL  string  `json:"audio_url"`
	Duration  float64 `json:"duration" jsonschema:"description=Length in seconds."`
	VoiceID   string  `json:"voice_id"`
	Words     int     `json:"words,omitempty" jsonschema:"description=How many words HeyGen timed."`
	RequestID string  `json:"request_id,omitempty"`
	NextStep  string  `json:"next_step"`
}

func (r TextToSpeechResult) toolText() string {
	return fmt.Sprintf("Speech ready (voice %s, %.1f s).\nAudio URL: %s\nNext: %s", r.VoiceID, r.Duration, r.AudioURL, r.NextStep)
}

func (registry) TextToSpeech() Definition {
	return define(Definition{
		Name: "text_to_speech", Title: "Turn text into speech", Toolset: ToolsetSpeech,
		Example: `{"text": "Welcome to our product tour.", "voice_id": "voice_warm_01"}`,
		Hints:   Hints{ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true},
		Description: "Turn text (1-5000 characters, plain or SSML) into speech with a HeyGen voice; returns audio_url and duration in seconds " +
			"at once (no job to wait for). The voice must support the starfish engine: find one with list_voices (engine starfish). " +
			"Each call may cost credits: do not repeat a call that succeeded.",
	}, Deps.textToSpeech)
}

func (d Deps) textToSpeech(ctx context.Context, p TextToSpeechParams) (TextToSpeechResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return TextToSpeechResult{}, err
	}
	sp, err := c.CreateSpeech(ctx, &heygen.SpeechRequest{
		Text: p.Text, VoiceID: string(p.VoiceID), InputType: p.InputType, Speed: p.Speed, Language: p.Language, Locale: p.Locale,
	})
	switch {
	case heygen.OutcomeUnknown(err):
		// Never re-sent (heygen/idempotency.go), and there is no way to look
		// a speech up afterwards.
		return TextToSpeechResult{}, &retryAdviceError{err: err, advice: "The outcome is unknown: the audio may or may not have been created " +
			"(and charged for) before the reply was lost, and it cannot be looked up. Ask the user before calling text_to_speech again."}
	case err != nil:
		return TextToSpeechResult{}, notFoundAdvice(err, voiceNotFoundAdvice)
	}
	return TextToSpeechResult{
		AudioURL: sp.AudioURL, Duration: sp.Duration, VoiceID: string(p.VoiceID), Words: len(sp.WordTimestamps),
		RequestID: deref(sp.RequestID),
		NextStep: "give the user audio_url (a download link that may expire). The audio is made: call text_to_speech again " +
			"only for a different text or voice.",
	}, nil
}

// voiceNotFoundAdvice says where voice ids come from.
const voiceNotFoundAdvice = "The voice_id is not one this account can use: list_voices lists them (engine starfish for text_to_speech)."
