package sim

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// translation is one video translation (one output language).
type translation struct {
	id, title, outputLang, inputLang string
	callbackID                       string
	createdAt                        time.Time
	duration                         float64 // of the output, seconds
	work                             time.Duration
	audioOnly, captions, fail        bool
}

// translationLanguages are the target names GET /v3/video-translations/languages
// returns and create accepts (case-insensitively; inferred). HeyGen's list is
// much longer; these follow its naming ("Spanish (Spain)").
func translationLanguages() []string {
	return []string{
		"English", "Spanish (Spain)", "Spanish (Mexico)", "French (France)", "German (Germany)",
		"Italian", "Portuguese (Brazil)", "Japanese", "Korean", "Hindi", "Arabic",
		"Chinese (Mandarin, Simplified)", "Chinese (Cantonese, Traditional)",
	}
}

func canonicalLanguage(name string) (string, bool) {
	for _, l := range translationLanguages() {
		if strings.EqualFold(l, strings.TrimSpace(name)) {
			return l, true
		}
	}
	return "", false
}

// translationStatusAt is the translation's status on the clock: pending while
// queued, running while it translates, then completed or failed. The phases
// reuse the video timings: queued, then thinking + rendering (6 min by
// default) per minute of output, see createTranslation. HeyGen documents no
// durations (inferred).
func (s *Simulator) translationStatusAt(tr *translation, now time.Time) (status string, doneAt time.Time) {
	queued := tr.createdAt.Add(s.timings.Queued)
	doneAt = queued.Add(tr.work)
	switch {
	case now.Before(queued):
		return heygen.TranslationPending, doneAt
	case now.Before(doneAt):
		return heygen.TranslationRunning, doneAt
	case tr.fail:
		return heygen.TranslationFailed, doneAt
	}
	return heygen.TranslationCompleted, doneAt
}

func (s *Simulator) translationWire(tr *translation, now time.Time) heygen.VideoTranslation {
	status, _ := s.translationStatusAt(tr, now)
	created := tr.createdAt.Unix()
	out := heygen.VideoTranslation{
		ID: tr.id, Status: status, CreatedAt: &created, OutputLanguage: ptr(tr.outputLang),
		TranslateAudioOnly: ptr(tr.audioOnly),
	}
	if tr.title != "" {
		out.Title = ptr(tr.title)
	}
	if tr.inputLang != "" {
		out.InputLanguage = ptr(tr.inputLang)
	} else if status != heygen.TranslationPending {
		out.InputLanguage = ptr("English") // "detected" once work started (inferred)
	}
	if tr.callbackID != "" {
		out.CallbackID = ptr(tr.callbackID)
	}
	switch status {
	case heygen.TranslationCompleted:
		// The translated video points where the simulator's videos do (the
		// sandbox's sample clip in sandbox mode).
		out.Duration = ptr(tr.duration)
		out.VideoURL = ptr(s.videoURL(tr.id))
		out.AudioURL = ptr(simHost + "/translations/" + tr.id + ".mp3")
		if tr.captions {
			out.SRTCaptionURL = ptr(simHost + "/translations/" + tr.id + ".srt")
			out.VTTCaptionURL = ptr(simHost + "/translations/" + tr.id + ".vtt")
		}
	case heygen.TranslationFailed:
		out.FailureMessage = ptr("Translation failed: the simulated translation was scripted to fail by the [[fail]] marker.")
	}
	return out
}

// translationBody is POST /v3/video-translations as the simulator reads it.
// Fields it does not check (audio, srt, stock_voice_config, the booleans
// with no visible effect) are accepted and ignored.
type translationBody struct {
	Video              json.RawMessage `json:"video"`
	OutputLanguages    []string        `json:"output_languages"`
	Title              *string         `json:"title"`
	InputLanguage      *string         `json:"input_language"`
	Mode               *string         `json:"mode"`
	TranslateAudioOnly *bool           `json:"translate_audio_only"`
	SpeakerNum         *int            `json:"speaker_num"`
	EnableCaption      *bool           `json:"enable_caption"`
	StartTime          *float64        `json:"start_time"`
	EndTime            *float64        `json:"end_time"`
	SRTRole            *string         `json:"srt_role"`
	FPSMode            *string         `json:"fps_mode"`
	CallbackURL        *string         `json:"callback_url"`
	CallbackID         *string         `json:"callback_id"`
}

// validate checks the body; it returns the canonical language names.
func (b *translationBody) validate() ([]string, *reply) {
	if len(b.Video) == 0 || string(b.Video) == "null" {
		return nil, badParam("video", "video is required: {type: 'url', url: '...'} or {type: 'asset_id', asset_id: '...'}.")
	}
	var v struct {
		Type *string `json:"type"`
	}
	if err := json.Unmarshal(b.Video, &v); err != nil || v.Type == nil || (*v.Type != "url" && *v.Type != "asset_id") {
		return nil, badParam("video.type", "video.type must be one of url, asset_id.")
	}
	// The union's members are checked like Video Agent's files.
	if bad := checkAssetInput("video", b.Video, agentFileMedia); bad != nil {
		return nil, bad
	}
	if len(b.OutputLanguages) == 0 {
		return nil, badParam("output_languages", "output_languages is required: one or more names from GET /v3/video-translations/languages.")
	}
	langs := make([]string, 0, len(b.OutputLanguages))
	for i, l := range b.OutputLanguages {
		name, ok := canonicalLanguage(l)
		if !ok {
			return nil, badParam(fmt.Sprintf("output_languages[%d]", i),
				"Unsupported output language %q; use a name from GET /v3/video-translations/languages, e.g. \"Spanish (Spain)\".", l)
		}
		for _, seen := range langs {
			if seen == name {
				// Duplicates are not documented; rejecting them is inferred.
				return nil, badParam(fmt.Sprintf("output_languages[%d]", i), "%q is listed twice.", name)
			}
		}
		langs = append(langs, name)
	}
	for _, bad := range []*reply{
		checkEnum("mode", b.Mode, heygen.TranslationModeSpeed, heygen.TranslationModePrecision),
		checkEnum("srt_role", b.SRTRole, "input", "output"),
		checkEnum("fps_mode", b.FPSMode, "vfr", "cfr", "passthrough"),
		checkCallbackURL(b.CallbackURL),
	} {
		if bad != nil {
			return nil, bad
		}
	}
	if b.SpeakerNum != nil && *b.SpeakerNum < 1 {
		return nil, badParam("speaker_num", "speaker_num must be at least 1.")
	}
	if b.StartTime != nil && *b.StartTime < 0 {
		return nil, badParam("start_time", "start_time must not be negative.")
	}
	if b.EndTime != nil && (*b.EndTime <= 0 || (b.StartTime != nil && *b.EndTime <= *b.StartTime)) {
		return nil, badParam("end_time", "end_time must be after start_time.")
	}
	return langs, nil
}

// createTranslation is POST /v3/video-translations: one translation per
// output language. Every call creates new ones: the route documents no
// Idempotency-Key. Callbacks are not delivered for translations (the
// simulator's callbacks follow Video Agent sessions only).
func (s *Simulator) createTranslation(c *call) reply {
	var b translationBody
	if bad := decodeJSON(c.body, &b); bad != nil {
		return *bad
	}
	langs, bad := b.validate()
	if bad != nil {
		return *bad
	}
	now := s.lockAt()
	defer s.mu.Unlock()
	t := s.tenantLocked(c.key)
	if t.translations == nil {
		t.translations = map[string]*translation{}
	}
	fail := strings.Contains(deref(b.Title), markerFail) || strings.Contains(string(b.Video), markerFail)
	resp := heygen.CreateVideoTranslationResponse{VideoTranslationIDs: []string{}}
	// A partial translation (start_time/end_time) is shorter and takes
	// proportionally less work, at least a twelfth of a whole one (inferred).
	whole := s.timings.Thinking + s.timings.Rendering
	for _, l := range langs {
		duration := float64(300+s.rng.IntN(601)) / 10
		if b.EndTime != nil || b.StartTime != nil {
			from, to := 0.0, duration
			if b.StartTime != nil {
				from = min(*b.StartTime, duration)
			}
			if b.EndTime != nil {
				to = min(*b.EndTime, duration)
			}
			duration = max(to-from, 1)
		}
		work := time.Duration(float64(whole) * min(1, max(duration/60, 1.0/12)))
		tr := &translation{
			id: s.newIDLocked("vt_"), title: deref(b.Title), outputLang: l, inputLang: deref(b.InputLanguage),
			callbackID: deref(b.CallbackID), createdAt: now,
			duration: duration, work: work,
			audioOnly: b.TranslateAudioOnly != nil && *b.TranslateAudioOnly,
			captions:  b.EnableCaption != nil && *b.EnableCaption,
			fail:      fail,
		}
		t.translations[tr.id] = tr
		resp.VideoTranslationIDs = append(resp.VideoTranslationIDs, tr.id)
	}
	return dataReply(resp)
}

// getTranslation is GET /v3/video-translations/{video_translation_id}.
func (s *Simulator) getTranslation(c *call) reply {
	now := s.lockAt()
	defer s.mu.Unlock()
	tr := s.tenantLocked(c.key).translations[c.r.PathValue("video_translation_id")]
	if tr == nil {
		return notFound("not_found", "Video translation not found")
	}
	return dataReply(s.translationWire(tr, now))
}

// listTranslationLanguages is GET /v3/video-translations/languages.
func (s *Simulator) listTranslationLanguages(*call) reply {
	return dataReply(heygen.TranslationLanguages{Languages: translationLanguages()})
}
