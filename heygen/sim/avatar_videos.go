package sim

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// POST /v3/videos, direct ("structured") video creation: a video from an
// avatar look or a photo speaking a script or lip-syncing audio. The
// simulator accepts the "avatar" and "image" types (HeyGen's CLI also lists
// "cinematic_avatar" and "studio"; they answer 400 here). The video is one of
// the tenant's videos like an agent's: GET, list and DELETE /v3/videos serve
// it, and its URLs are the same (WithVideoURLFunc), so the sandbox serves its
// sample clip. It progresses on the clock:
//
//	create -> pending (the create answers status "waiting")
//	Queued later -> processing
//	Rendering later -> completed, or failed when the script holds [[fail]]
//
// Inferred where HeyGen documents nothing: an unknown avatar_id answers 404
// avatar_not_found and an unknown voice_id 404 voice_not_found (codes from
// HeyGen's error list); an engine the look does not list in
// supported_api_engines answers 400; neither script nor audio answers 400;
// the video costs 0.0667 credits per second like an agent's; concurrent
// renders count against the same job limit as sessions; the callback event is
// avatar_video.success / avatar_video.fail (HeyGen's v2 names).

// Callback events of a direct video (inferred: the v2 names).
const (
	eventAvatarVideoSuccess = "avatar_video.success"
	eventAvatarVideoFail    = "avatar_video.fail"
)

// directVideos are a tenant's POST /v3/videos renders.
type directVideos struct {
	jobs []*directJob // in flight, creation order
	made int          // every create that started a render
}

// directJob moves one direct video through pending -> processing -> done.
type directJob struct {
	v           *video
	step        step // stepProcess or stepFinish
	nextAt      time.Time
	fail        bool
	callbackURL string
	callbackID  string
}

// DirectVideoCount is how many videos POST /v3/videos has started, over every
// API key and token: what the account(s) would be billed for.
func (s *Simulator) DirectVideoCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, t := range s.tenants {
		n += t.direct.made
	}
	return n
}

// advanceDirectLocked applies the direct videos' due steps, each dated at its
// scheduled time. A deleted video's job is dropped.
func (s *Simulator) advanceDirectLocked(t *tenant, now time.Time) {
	kept := t.direct.jobs[:0]
	for _, j := range t.direct.jobs {
		for t.videos[j.v.id] == j.v && j.step != stepNone && !j.nextAt.After(now) {
			s.applyDirectStepLocked(t, j)
		}
		if t.videos[j.v.id] == j.v && j.step != stepNone {
			kept = append(kept, j)
		}
	}
	clear(t.direct.jobs[len(kept):])
	t.direct.jobs = kept
}

func (s *Simulator) applyDirectStepLocked(t *tenant, j *directJob) {
	at := j.nextAt
	switch j.step {
	case stepProcess:
		j.v.status = heygen.VideoProcessing
		j.step, j.nextAt = stepFinish, at.Add(s.timings.Rendering)
	case stepFinish:
		j.step, j.nextAt = stepNone, time.Time{}
		if j.fail {
			msg := "Rendering failed: the simulated render was scripted to fail by the [[fail]] marker."
			j.v.status, j.v.failMessage = heygen.VideoFailed, msg
			s.queueVideoCallbackLocked(j, eventAvatarVideoFail, "", msg)
			return
		}
		j.v.status, j.v.completedAt = heygen.VideoCompleted, at
		t.credits = math.Max(0, t.credits-math.Round(j.v.duration*creditsPerSecond*100)/100)
		s.queueVideoCallbackLocked(j, eventAvatarVideoSuccess, s.videoURL(j.v.id), "")
	default:
		j.step, j.nextAt = stepNone, time.Time{}
	}
}

func (s *Simulator) queueVideoCallbackLocked(j *directJob, event, videoURL, msg string) {
	if j.callbackURL == "" || s.callbackClient == nil {
		return
	}
	body, err := json.Marshal(heygen.WebhookEvent{EventType: event, EventData: heygen.WebhookEventData{
		VideoID: j.v.id, URL: videoURL, CallbackID: j.callbackID, Message: msg,
	}})
	if err != nil {
		return
	}
	s.outbox = append(s.outbox, delivery{url: j.callbackURL, body: body})
}

// createVideoBody is POST /v3/videos as the simulator reads it; fields it
// does not check (watermark, voice engine_settings, locale) are ignored.
type createVideoBody struct {
	Type          *string          `json:"type"`
	AvatarID      *string          `json:"avatar_id"`
	Image         *json.RawMessage `json:"image"`
	Title         *string          `json:"title"`
	Script        *string          `json:"script"`
	VoiceID       *string          `json:"voice_id"`
	AudioURL      *string          `json:"audio_url"`
	AudioAssetID  *string          `json:"audio_asset_id"`
	VoiceSettings *struct {
		Speed  *float64 `json:"speed"`
		Pitch  *float64 `json:"pitch"`
		Volume *float64 `json:"volume"`
	} `json:"voice_settings"`
	AspectRatio  *string `json:"aspect_ratio"`
	Resolution   *string `json:"resolution"`
	OutputFormat *string `json:"output_format"`
	Background   *struct {
		Type    *string `json:"type"`
		Value   *string `json:"value"`
		URL     *string `json:"url"`
		AssetID *string `json:"asset_id"`
	} `json:"background"`
	Caption *struct {
		FileFormat *string `json:"file_format"`
		Style      *string `json:"style"`
	} `json:"caption"`
	Engine *struct {
		Type            *string `json:"type"`
		ReferenceLookID *string `json:"reference_look_id"`
	} `json:"engine"`
	Expressiveness *string `json:"expressiveness"`
	MotionPrompt   *string `json:"motion_prompt"`
	Fit            *string `json:"fit"`
	CallbackURL    *string `json:"callback_url"`
	CallbackID     *string `json:"callback_id"`
}

var simHexColor = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$`)

func badParam(param, format string, a ...any) *reply {
	r := invalidParam(param, fmt.Sprintf(format, a...))
	return &r
}

func set(p *string) bool { return p != nil && *p != "" }

func (b *createVideoBody) validate() *reply {
	if !set(b.Type) {
		return badParam("type", "type is required: one of avatar, image, cinematic_avatar, studio.")
	}
	switch *b.Type {
	case heygen.VideoTypeAvatar:
		if !set(b.AvatarID) {
			return badParam("avatar_id", "avatar_id is required when type is \"avatar\".")
		}
	case heygen.VideoTypeImage:
		if b.Image == nil {
			return badParam("image", "image is required when type is \"image\".")
		}
		if r := checkAssetInput("image", *b.Image, imageMedia); r != nil {
			return r
		}
	case "cinematic_avatar", "studio":
		return badParam("type", "type %q is not available in the simulator; use avatar or image.", *b.Type)
	default:
		return badParam("type", "type must be one of avatar, image, cinematic_avatar, studio, not %q.", *b.Type)
	}
	n := 0
	for _, p := range []*string{b.Script, b.AudioURL, b.AudioAssetID} {
		if set(p) {
			n++
		}
	}
	switch {
	case n == 0:
		return badParam("script", "Provide script (with voice_id) or audio_url or audio_asset_id.")
	case n > 1:
		return badParam("script", "script is mutually exclusive with audio_url and audio_asset_id; provide exactly one.")
	}
	if set(b.Script) {
		if r := checkText("script", b.Script, heygen.MaxScriptLen); r != nil {
			return r
		}
		if !set(b.VoiceID) && *b.Type == heygen.VideoTypeImage {
			return badParam("voice_id", "voice_id is required when script is provided without avatar_id.")
		}
	}
	if set(b.AudioURL) && !absHTTP(*b.AudioURL) {
		return badParam("audio_url", "audio_url must be a public http(s) URL.")
	}
	if vs := b.VoiceSettings; vs != nil {
		for _, r := range []struct {
			param  string
			v      *float64
			lo, hi float64
		}{
			{"voice_settings.speed", vs.Speed, heygen.MinVoiceSpeed, heygen.MaxVoiceSpeed},
			{"voice_settings.pitch", vs.Pitch, heygen.MinVoicePitch, heygen.MaxVoicePitch},
			{"voice_settings.volume", vs.Volume, heygen.MinVoiceVolume, heygen.MaxVoiceVolume},
		} {
			if r.v != nil && (*r.v < r.lo || *r.v > r.hi) {
				return badParam(r.param, "%s must be between %g and %g.", r.param, r.lo, r.hi)
			}
		}
	}
	for _, e := range []struct {
		param   string
		v       *string
		allowed []string
	}{
		{"aspect_ratio", b.AspectRatio, heygen.VideoAspectRatios},
		{"resolution", b.Resolution, heygen.VideoResolutions},
		{"output_format", b.OutputFormat, heygen.VideoOutputFormats},
		{"fit", b.Fit, heygen.VideoFits},
		{"expressiveness", b.Expressiveness, heygen.VideoExpressiveness},
	} {
		if r := checkEnum(e.param, e.v, e.allowed...); r != nil {
			return r
		}
	}
	if bg := b.Background; bg != nil {
		if set(b.OutputFormat) && *b.OutputFormat == "webm" {
			return badParam("background", "background is not allowed with output_format webm.")
		}
		if r := checkEnum("background.type", orEmpty(bg.Type), heygen.VideoBackgroundTypes...); r != nil {
			return r
		}
		switch deref(bg.Type) {
		case "color":
			if !set(bg.Value) || !simHexColor.MatchString(*bg.Value) {
				return badParam("background.value", "background.value must be a hex color (e.g. '#ff0000') when type is \"color\".")
			}
		case "image":
			if set(bg.URL) == set(bg.AssetID) {
				return badParam("background.url", "Provide exactly one of background.url and background.asset_id when type is \"image\".")
			}
			if set(bg.URL) && !absHTTP(*bg.URL) {
				return badParam("background.url", "background.url must be a public http(s) URL.")
			}
		}
	}
	if cp := b.Caption; cp != nil {
		if r := checkEnum("caption.file_format", cp.FileFormat, "srt"); r != nil {
			return r
		}
		if r := checkEnum("caption.style", cp.Style, heygen.VideoCaptionStyles...); r != nil {
			return r
		}
	}
	if e := b.Engine; e != nil {
		if r := checkEnum("engine.type", orEmpty(e.Type), heygen.VideoEngines...); r != nil {
			return r
		}
		if *e.Type == "avatar_iii" && *b.Type == heygen.VideoTypeImage {
			return badParam("engine.type", "avatar_iii is not supported for type \"image\".")
		}
		if *e.Type == "avatar_v" && set(b.Expressiveness) {
			return badParam("expressiveness", "expressiveness is not supported when engine.type is \"avatar_v\".")
		}
	}
	return checkCallbackURL(b.CallbackURL)
}

// orEmpty makes a missing required enum an empty value, which checkEnum refuses.
func orEmpty(p *string) *string {
	if p == nil {
		return new(string)
	}
	return p
}

// imageMedia is what the image of type "image" may carry inline.
var imageMedia = inlineMedia{
	ok:  func(mt string) bool { return mt == "image/png" || mt == "image/jpeg" },
	use: "image/png or image/jpeg",
}

func absHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// createDirectVideo is POST /v3/videos.
func (s *Simulator) createDirectVideo(c *call) reply {
	var b createVideoBody
	if bad := decodeJSON(c.body, &b); bad != nil {
		return *bad
	}
	if bad := b.validate(); bad != nil {
		return *bad
	}
	if set(b.AvatarID) {
		i := slices.IndexFunc(avatarLooks(), func(l heygen.AvatarLook) bool { return l.ID == *b.AvatarID })
		if i < 0 {
			return errReply(http.StatusNotFound, "avatar_not_found",
				"Avatar "+*b.AvatarID+" not found. Use a look id from GET /v3/avatars/looks.", "avatar_id")
		}
		if b.Engine != nil && !slices.Contains(avatarLooks()[i].SupportedAPIEngines, *b.Engine.Type) {
			return invalidParam("engine.type", fmt.Sprintf("Avatar %s does not support engine %s; its supported_api_engines are %s.",
				*b.AvatarID, *b.Engine.Type, strings.Join(avatarLooks()[i].SupportedAPIEngines, ", ")))
		}
	}
	if _, ok := catalogVoice(deref(b.VoiceID)); set(b.VoiceID) && !ok {
		return errReply(http.StatusNotFound, "voice_not_found",
			"Voice "+*b.VoiceID+" not found. Use a voice_id from GET /v3/voices.", "voice_id")
	}

	now := s.lockAt()
	defer s.mu.Unlock()
	t := s.tenantLocked(c.key)
	if n := activeJobs(t) + len(t.direct.jobs); n >= s.maxJobs {
		secs := int(math.Ceil(s.timings.RetryAfter.Seconds()))
		rep := errReply(http.StatusTooManyRequests, "rate_limit_exceeded", fmt.Sprintf(
			"Too many concurrent jobs: %d are already running (limit %d). Retry after %d seconds.", n, s.maxJobs, secs), "")
		rep.header().Set("Retry-After", strconv.Itoa(max(1, secs)))
		return rep
	}
	if t.credits < 1 {
		return errReply(http.StatusPaymentRequired, "insufficient_credit", fmt.Sprintf(
			"Your account has %.2f credits but this video requires at least 1 credit.", t.credits), "")
	}
	v := &video{
		id:        s.newIDLocked("vid_"),
		status:    heygen.VideoPending,
		createdAt: now,
		title:     directTitle(&b),
		duration:  s.directDurationLocked(&b),
	}
	t.videos[v.id] = v
	t.videoOrder = append(t.videoOrder, v.id)
	t.direct.made++
	t.direct.jobs = append(t.direct.jobs, &directJob{
		v: v, step: stepProcess, nextAt: now.Add(s.timings.Queued),
		fail:        set(b.Script) && strings.Contains(*b.Script, markerFail),
		callbackURL: deref(b.CallbackURL), callbackID: deref(b.CallbackID),
	})
	format := "mp4"
	if set(b.OutputFormat) {
		format = *b.OutputFormat
	}
	return dataReply(heygen.CreateVideoResponse{VideoID: v.id, Status: heygen.VideoWaiting, OutputFormat: format})
}

func directTitle(b *createVideoBody) string {
	if set(b.Title) {
		return *b.Title
	}
	if set(b.Script) {
		return titleFromPrompt(*b.Script)
	}
	return "Untitled video"
}

// directDurationLocked estimates the spoken length: 150 words a minute at
// speed 1 for a script, 10-60 s for audio (inferred), one decimal, at least 1 s.
func (s *Simulator) directDurationLocked(b *createVideoBody) float64 {
	if !set(b.Script) {
		return float64(100+s.rng.IntN(501)) / 10
	}
	speed := 1.0
	if b.VoiceSettings != nil && b.VoiceSettings.Speed != nil && *b.VoiceSettings.Speed > 0 {
		speed = *b.VoiceSettings.Speed
	}
	words := len(strings.Fields(*b.Script))
	d := float64(words) / 2.5 / speed
	if utf8.RuneCountInString(*b.Script) > 0 && d < 1 {
		d = 1
	}
	return math.Round(d*10) / 10
}
