package sim

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// WithAudioURLFunc sets where generated speech points (audio_url of POST
// /v3/voices/speech); the sandbox serves a real audio sample there.
func WithAudioURLFunc(f func(requestID string) string) Option {
	return func(s *Simulator) {
		if f != nil {
			s.audioURL = f
		}
	}
}

func (s *Simulator) speechURL(requestID string) string {
	if s.audioURL != nil {
		return s.audioURL(requestID)
	}
	return simHost + "/speech/" + requestID + ".mp3"
}

// speechBody is POST /v3/voices/speech as the simulator reads it.
type speechBody struct {
	Text      *string  `json:"text"`
	VoiceID   *string  `json:"voice_id"`
	InputType *string  `json:"input_type"`
	Speed     *float64 `json:"speed"`
	Language  *string  `json:"language"`
	Locale    *string  `json:"locale"`
}

func (b *speechBody) validate() *reply {
	if r := checkText("text", b.Text, heygen.MaxSpeechTextLen); r != nil {
		return r
	}
	if b.VoiceID == nil || *b.VoiceID == "" {
		return badParam("voice_id", "voice_id is required: a voice that supports the starfish engine (GET /v3/voices?engine=starfish).")
	}
	if r := checkEnum("input_type", b.InputType, heygen.SpeechInputText, heygen.SpeechInputSSML); r != nil {
		return r
	}
	if b.Speed != nil && (math.IsNaN(*b.Speed) || *b.Speed < heygen.MinSpeechSpeed || *b.Speed > heygen.MaxSpeechSpeed) {
		return badParam("speed", "speed must be between %.1f and %.1f, not %v.",
			heygen.MinSpeechSpeed, heygen.MaxSpeechSpeed, *b.Speed)
	}
	return nil
}

// voiceNotFound is the 404 of an unknown voice; the code is the one HeyGen's
// spec names for DELETE /v3/voices/{voice_id} (voice_not_found).
func voiceNotFound(id string) reply {
	return errReply(http.StatusNotFound, "voice_not_found", fmt.Sprintf("Voice %q not found.", id), "voice_id")
}

func catalogVoice(id string) (heygen.Voice, bool) {
	i := slices.IndexFunc(voices(), func(v heygen.Voice) bool { return v.VoiceID == id })
	if i < 0 {
		return heygen.Voice{}, false
	}
	return voices()[i], true
}

// Speech pacing (inferred: a typical narration pace of 2.5 words a second at
// speed 1; HeyGen documents no timing).
const wordsPerSecond = 2.5

// createSpeech is POST /v3/voices/speech. It answers at once with the audio
// (the route is synchronous). A voice without the starfish engine is refused
// with a 400 naming voice_id (status and code inferred); the wallet is not
// charged (HeyGen documents no text-to-speech price).
func (s *Simulator) createSpeech(c *call) reply {
	var b speechBody
	if bad := decodeJSON(c.body, &b); bad != nil {
		return *bad
	}
	if bad := b.validate(); bad != nil {
		return *bad
	}
	v, ok := catalogVoice(*b.VoiceID)
	if !ok {
		return voiceNotFound(*b.VoiceID)
	}
	if !slices.Contains(voiceEngines(v.VoiceID), "starfish") {
		return invalidParam("voice_id", fmt.Sprintf(
			"Voice %q does not support the starfish engine; pick one from GET /v3/voices?engine=starfish.", v.VoiceID))
	}
	speed := 1.0
	if b.Speed != nil {
		speed = *b.Speed
	}
	text := *b.Text
	if b.InputType != nil && *b.InputType == heygen.SpeechInputSSML {
		text = stripTags(text)
	}
	s.mu.Lock()
	reqID := s.newIDLocked("tts_")
	s.mu.Unlock()
	out := heygen.Speech{AudioURL: s.speechURL(reqID), RequestID: &reqID, WordTimestamps: []heygen.WordTimestamp{}}
	step := 1 / (wordsPerSecond * speed)
	at := 0.0
	for _, w := range strings.Fields(text) {
		out.WordTimestamps = append(out.WordTimestamps, heygen.WordTimestamp{Word: w, Start: round3(at), End: round3(at + step*0.9)})
		at += step
	}
	out.Duration = round3(max(at, step))
	return dataReply(out)
}

// stripTags drops SSML markup, leaving the spoken words.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
			b.WriteRune(' ')
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

// voiceCreatedAt is when the account's cloned voice was made (a fixed date,
// 2026-01-01, so replies are repeatable).
const voiceCreatedAt = 1767225600

// getVoice is GET /v3/voices/{voice_id}: the catalogue voice's details. The
// cloned (private) voice carries the clone fields, status "complete";
// support_interactive_avatar follows the starfish engine (inferred).
func (s *Simulator) getVoice(c *call) reply {
	id := c.r.PathValue("voice_id")
	v, ok := catalogVoice(id)
	if !ok {
		return voiceNotFound(id)
	}
	out := heygen.VoiceDetail{
		VoiceID: v.VoiceID, Name: ptr(v.Name), Gender: v.Gender, Language: v.Language,
		PreviewAudioURL: v.PreviewAudioURL, SupportPause: v.SupportPause != nil && *v.SupportPause,
		SupportInteractiveAvatar: slices.Contains(voiceEngines(v.VoiceID), "starfish"),
	}
	if deref(v.Type) == "private" {
		out.Status = ptr(heygen.VoiceComplete)
		out.CreatedAt = ptr(int64(voiceCreatedAt))
	}
	return dataReply(out)
}
