package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// CreateVideoTranslationParams are the arguments of create_video_translation
// (POST /v3/video-translations), flattened from HeyGen's body: the source
// video is video_url or video_asset_id. output_languages is capped at 10 here
// (each language is a separate paid translation, so a model cannot start dozens
// by mistake); HeyGen documents no limit on this route.
type CreateVideoTranslationParams struct {
	VideoURL           string   `json:"video_url,omitempty" jsonschema:"maxLength=2048,description=Public https URL of the video to translate (e.g. https://example.com/talk.mp4). Give this or video_asset_id."`
	VideoAssetID       ID       `json:"video_asset_id,omitempty" jsonschema:"description=Asset id of an uploaded video (from upload_asset). Give this or video_url."`
	OutputLanguages    []string `json:"output_languages" jsonschema:"required,minItems=1,maxItems=10,description=Target language names from list_translation_languages (e.g. Spanish (Spain)). Each language is a separate paid translation with its own id."`
	InputLanguage      string   `json:"input_language,omitempty" jsonschema:"maxLength=64,description=Language spoken in the source video; omit to let HeyGen detect it."`
	Mode               string   `json:"mode,omitempty" jsonschema:"enum=speed,enum=precision,description=speed (default): faster. precision: better lip-sync and slower."`
	Title              string   `json:"title,omitempty" jsonschema:"maxLength=256,description=Title of the translation job."`
	TranslateAudioOnly bool     `json:"translate_audio_only,omitempty" jsonschema:"description=true: translate only the audio and keep the original picture (no lip-sync)."`
	SpeakerNum         int      `json:"speaker_num,omitempty" jsonschema:"minimum=1,maximum=20,description=Number of speakers in the video (helps separate voices); omit if unsure."`
	EnableCaption      bool     `json:"enable_caption,omitempty" jsonschema:"description=true: also make SRT and VTT captions of the translation."`
	DisableMusicTrack  bool     `json:"disable_music_track,omitempty" jsonschema:"description=true: remove the background music."`
	BrandGlossaryID    ID       `json:"brand_glossary_id,omitempty" jsonschema:"description=Brand glossary id with custom term translations."`
	FolderID           ID       `json:"folder_id,omitempty" jsonschema:"description=Folder id to file the translation in."`
	StartTime          *float64 `json:"start_time,omitempty" jsonschema:"minimum=0,description=Translate only from this second of the video."`
	EndTime            *float64 `json:"end_time,omitempty" jsonschema:"minimum=0,description=Translate only up to this second of the video (after start_time)."`
	CallbackURL        string   `json:"callback_url,omitempty" jsonschema:"maxLength=2048,description=Optional https URL HeyGen calls when each translation completes or fails."`
	CallbackID         string   `json:"callback_id,omitempty" jsonschema:"maxLength=256,description=Optional id of yours echoed in the callback."`
}

func (p CreateVideoTranslationParams) validate() error {
	switch {
	case p.VideoURL == "" && p.VideoAssetID == "":
		return argErr("video_url", "give the source video: video_url (public https URL) or video_asset_id (from upload_asset)")
	case p.VideoURL != "" && p.VideoAssetID != "":
		return argErr("video_asset_id", "give video_url or video_asset_id, not both")
	case p.VideoURL != "" && !isHTTPSURL(p.VideoURL):
		return argErr("video_url", "must be a public https URL, e.g. https://example.com/talk.mp4")
	}
	seen := map[string]bool{}
	for i, l := range p.OutputLanguages {
		name := strings.ToLower(strings.TrimSpace(l))
		field := fmt.Sprintf("output_languages[%d]", i)
		if name == "" || len(name) > 100 {
			return argErr(field, "must be a language name from list_translation_languages, e.g. Spanish (Spain)")
		}
		if seen[name] {
			return argErr(field, "%q is listed twice; each language is a separate paid translation", l)
		}
		seen[name] = true
	}
	if p.StartTime != nil && p.EndTime != nil && *p.EndTime <= *p.StartTime {
		return argErr("end_time", "must be after start_time (both in seconds)")
	}
	if p.EndTime != nil && *p.EndTime == 0 {
		return argErr("end_time", "must be after the start of the video (seconds); omit it to translate to the end")
	}
	if p.CallbackURL != "" && !isHTTPSURL(p.CallbackURL) {
		return argErr("callback_url", "must be an absolute https URL, e.g. https://example.com/heygen-hook")
	}
	return nil
}

func (p CreateVideoTranslationParams) request() *heygen.CreateVideoTranslationRequest {
	video := heygen.URLFile(p.VideoURL)
	if p.VideoAssetID != "" {
		video = heygen.AssetFile(string(p.VideoAssetID))
	}
	langs := make([]string, len(p.OutputLanguages))
	for i, l := range p.OutputLanguages {
		langs[i] = strings.TrimSpace(l)
	}
	req := &heygen.CreateVideoTranslationRequest{
		Video: video, OutputLanguages: langs, InputLanguage: p.InputLanguage, Mode: p.Mode, Title: p.Title,
		TranslateAudioOnly: p.TranslateAudioOnly, EnableCaption: p.EnableCaption, DisableMusicTrack: p.DisableMusicTrack,
		BrandGlossaryID: string(p.BrandGlossaryID), FolderID: string(p.FolderID), StartTime: p.StartTime, EndTime: p.EndTime,
		CallbackURL: p.CallbackURL, CallbackID: p.CallbackID,
	}
	if p.SpeakerNum > 0 {
		n := p.SpeakerNum
		req.SpeakerNum = &n
	}
	return req
}

// TranslationStarted is one translation a create started.
type TranslationStarted struct {
	VideoTranslationID string `json:"video_translation_id"`
	OutputLanguage     string `json:"output_language"`
}

// CreateVideoTranslationResult is create_video_translation's structured content.
type CreateVideoTranslationResult struct {
	Translations []TranslationStarted `json:"translations" jsonschema:"description=One translation per output language; each has its own id."`
	Status       string               `json:"status" jsonschema:"description=pending: the translations were accepted and are queued."`
	NextStep     string               `json:"next_step"`
}

func (r CreateVideoTranslationResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Started %d video translation(s), status %s:", len(r.Translations), r.Status)
	for _, t := range r.Translations {
		fmt.Fprintf(&b, "\n- %s: %s", t.VideoTranslationID, t.OutputLanguage)
	}
	b.WriteString("\nTranslating takes minutes. Next: " + r.NextStep)
	return b.String()
}

func (registry) CreateVideoTranslation() Definition {
	return define(Definition{
		Name: "create_video_translation", Title: "Translate a video into other languages", Toolset: ToolsetTranslation,
		Example: `{"video_url": "https://example.com/talk.mp4", "output_languages": ["Spanish (Spain)"]}`,
		Hints:   Hints{ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true},
		Description: "Translate a video (public https URL or uploaded asset) into one or more languages with voice cloning and lip-sync. " +
			"Returns one video_translation_id per language; then call wait_for_video_translation. Language names come from " +
			"list_translation_languages. Each call starts new paid translations: do not repeat a call that may have succeeded.",
	}, Deps.createVideoTranslation)
}

func (d Deps) createVideoTranslation(ctx context.Context, p CreateVideoTranslationParams) (CreateVideoTranslationResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return CreateVideoTranslationResult{}, err
	}
	req := p.request()
	// Never re-sent once it may have reached HeyGen: the route documents no
	// Idempotency-Key (heygen/idempotency.go). An unknown outcome is an error
	// that says so (tools/errors.go), not a retry.
	resp, err := c.CreateVideoTranslation(ctx, req)
	if err != nil {
		if heygen.OutcomeUnknown(err) {
			return CreateVideoTranslationResult{}, &retryAdviceError{err: err, advice: "The translations may or may not have been created: " +
				"HeyGen's reply was lost, and calling create_video_translation again may start them a second time (paid). " +
				"Ask the user to check their translations in HeyGen's web app before repeating it."}
		}
		return CreateVideoTranslationResult{}, err
	}
	// HeyGen returns ids only, one per language in the order asked (inferred);
	// a just-created translation is pending.
	r := CreateVideoTranslationResult{Translations: make([]TranslationStarted, 0, len(resp.VideoTranslationIDs)), Status: heygen.TranslationPending}
	for i, id := range resp.VideoTranslationIDs {
		t := TranslationStarted{VideoTranslationID: id}
		if len(resp.VideoTranslationIDs) == len(req.OutputLanguages) {
			t.OutputLanguage = req.OutputLanguages[i]
		}
		r.Translations = append(r.Translations, t)
	}
	if len(r.Translations) == 0 {
		return CreateVideoTranslationResult{}, fmt.Errorf("HeyGen accepted the translation but returned no video_translation_ids; " +
			"do not create it again: check the translations in HeyGen's web app")
	}
	r.NextStep = fmt.Sprintf("call wait_for_video_translation with video_translation_id %q", r.Translations[0].VideoTranslationID)
	if len(r.Translations) > 1 {
		r.NextStep += " (then with each other id)"
	}
	r.NextStep += " until done; it returns video_url."
	return r, nil
}
