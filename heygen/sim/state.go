package sim

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// Prompt and message markers that script the simulated agent (see doc.go).
const (
	markerFail  = "[[fail]]"
	markerStuck = "[[stuck]]"
)

// defaultCredits is each tenant's opening wallet balance.
const defaultCredits = 1000.0

// creditsPerSecond is the documented enterprise price of Video Agent output.
const creditsPerSecond = 0.0667

// tenant is everything one API key owns; keys never see each other's data.
type tenant struct {
	sessions     map[string]*session
	sessionOrder []string // creation order
	videos       map[string]*video
	videoOrder   []string // creation order
	assets       int
	avatars      avatarState // created with POST /v3/avatars (avatars.go)
	idem         map[string]*idemRecord
	credits      float64
	username     string
	uploads      map[string]*directUpload // direct_upload.go; made on first use
	direct       directVideos             // POST /v3/videos renders (avatar_videos.go)
	translations map[string]*translation  // made on first create
}

func (s *Simulator) tenantLocked(key string) *tenant {
	t, ok := s.tenants[key]
	if !ok {
		t = &tenant{
			sessions: map[string]*session{},
			videos:   map[string]*video{},
			idem:     map[string]*idemRecord{},
			credits:  s.credits,
			username: fmt.Sprintf("sim_user_%d", len(s.tenants)+1),
		}
		s.tenants[key] = t
	}
	return t
}

// step is what a session does when its nextAt comes.
type step int

const (
	stepNone        step = iota // paused for a message, terminal, or stuck
	stepAsk                     // thinking -> waiting_for_input (chat, first run)
	stepReview                  // thinking -> reviewing (chat, storyboard draft)
	stepStartRender             // thinking -> generating, video pending
	stepProcess                 // video pending -> processing
	stepFinish                  // video processing -> completed | failed
)

// Progress ranges per phase: progress rises linearly through each one.
const (
	progAsked     = 10
	progReviewed  = 25
	progRendering = 30
	progProcess   = 40
	progFinish    = 99
)

type message struct {
	role, content, typ string
	at                 time.Time
	resourceIDs        []string
}

type resource struct {
	id, typ, source string
	url, preview    string
	metadata        map[string]any
	at              time.Time
}

type session struct {
	id          string
	mode        string
	prompt      string
	title       *string
	createdAt   time.Time
	status      string
	videoID     string
	firstVideo  time.Time // when the session's first video_id appeared (quirk knob)
	videos      []string  // creation order
	messages    []message // oldest first
	resources   map[string]*resource
	callbackURL string
	callbackID  string

	step       step
	stepStart  time.Time
	nextAt     time.Time
	progLo     int
	progHi     int
	progress   int // frozen progress when not moving
	failRender bool
	stuck      bool
	stopAsked  bool
	preVideo   *video // created at create time by WithVideoIDAtCreate
}

type video struct {
	id          string
	sessionID   string
	title       string
	status      string
	createdAt   time.Time
	completedAt time.Time
	duration    float64
	failMessage string
}

// schedule starts a timed step, progress moving from the current value to hi.
func (ss *session) schedule(st step, from time.Time, d time.Duration, hi int) {
	ss.step, ss.stepStart, ss.nextAt = st, from, from.Add(d)
	ss.progLo, ss.progHi = ss.progress, hi
}

// pause stops the clock-driven steps until a message arrives.
func (ss *session) pause(status string, progress int) {
	ss.status, ss.step, ss.nextAt = status, stepNone, time.Time{}
	ss.progress = progress
}

func (ss *session) currentProgress(now time.Time) int {
	if ss.step == stepNone || ss.nextAt.IsZero() {
		return ss.progress
	}
	total := ss.nextAt.Sub(ss.stepStart)
	if total <= 0 {
		return ss.progHi
	}
	frac := float64(now.Sub(ss.stepStart)) / float64(total)
	frac = math.Max(0, math.Min(1, frac))
	return ss.progLo + int(frac*float64(ss.progHi-ss.progLo))
}

func (ss *session) addMessage(role, typ, content string, at time.Time, resourceIDs ...string) {
	ss.messages = append(ss.messages, message{role: role, content: content, typ: typ, at: at, resourceIDs: resourceIDs})
}

// advanceLocked applies every transition that is due at now, in time order per
// session. Each step is dated at its scheduled time, not at now, so results do
// not depend on how often anyone ticks.
func (s *Simulator) advanceLocked(now time.Time) {
	for _, t := range s.tenants {
		for _, id := range t.sessionOrder {
			ss := t.sessions[id]
			for ss.step != stepNone && !ss.nextAt.IsZero() && !ss.nextAt.After(now) {
				s.applyStepLocked(t, ss, ss.nextAt)
			}
		}
		s.advanceDirectLocked(t, now)
	}
}

func (s *Simulator) applyStepLocked(t *tenant, ss *session, at time.Time) {
	if ss.stopAsked && ss.status == heygen.SessionThinking {
		s.stopNowLocked(ss, at)
		return
	}
	switch ss.step {
	case stepAsk:
		s.setTitle(ss)
		ss.addMessage(heygen.RoleModel, heygen.MessageText, voiceQuestion(), at)
		ss.pause(heygen.SessionWaitingForInput, progAsked)
	case stepReview:
		s.setTitle(ss)
		r := s.draftResourceLocked(ss, at)
		ss.addMessage(heygen.RoleModel, heygen.MessageResource,
			"Here is the storyboard draft: 4 scenes, about 45 seconds. Reply \"approve\" to render it, or tell me what to change.",
			at, r.id)
		ss.pause(heygen.SessionReviewing, progReviewed)
	case stepStartRender:
		s.setTitle(ss)
		v := ss.preVideo
		ss.preVideo = nil
		if v == nil {
			v = s.newVideoLocked(t, ss, at)
		}
		ss.status = heygen.SessionGenerating
		ss.addMessage(heygen.RoleModel, heygen.MessageText, "The script is ready. Rendering your video now.", at)
		ss.progress = progRendering
		ss.schedule(stepProcess, at, s.timings.Queued, progProcess)
		v.status = heygen.VideoPending
	case stepProcess:
		if v := t.videos[ss.videoID]; v != nil {
			v.status = heygen.VideoProcessing
		}
		ss.progress = progProcess
		ss.schedule(stepFinish, at, s.timings.Rendering, progFinish)
	case stepFinish:
		s.finishRenderLocked(t, ss, at)
	default:
		ss.step, ss.nextAt = stepNone, time.Time{}
	}
}

// finishRenderLocked ends a render. A stop asked during generating does not
// cancel it (inferred): the render is already paid for and "partial results
// are kept".
func (s *Simulator) finishRenderLocked(t *tenant, ss *session, at time.Time) {
	ss.stopAsked = false
	v := t.videos[ss.videoID]
	if ss.failRender {
		msg := "Rendering failed: the simulated render was scripted to fail by the [[fail]] marker."
		if v != nil {
			v.status, v.failMessage = heygen.VideoFailed, msg
		}
		ss.addMessage(heygen.RoleModel, heygen.MessageError, msg, at)
		ss.failRender = false
		ss.pause(heygen.SessionFailed, ss.currentProgress(at))
		s.queueCallbackLocked(ss, heygen.EventVideoAgentFail, "", msg)
		return
	}
	url := ""
	if v != nil {
		v.status, v.completedAt = heygen.VideoCompleted, at
		t.credits = math.Max(0, t.credits-math.Round(v.duration*creditsPerSecond*100)/100)
		url = s.videoURL(v.id)
	}
	ss.addMessage(heygen.RoleModel, heygen.MessageText, "Your video is ready.", at)
	ss.pause(heygen.SessionCompleted, 100)
	s.queueCallbackLocked(ss, heygen.EventVideoAgentSuccess, url, "")
}

// stopNowLocked ends a session that was asked to stop at a checkpoint. There is
// no "stopped" status in v3: the simulator reports failed with an error
// message, which every client already treats as final (inferred).
func (s *Simulator) stopNowLocked(ss *session, at time.Time) {
	ss.stopAsked = false
	msg := "Stopped at your request before a video was rendered."
	if ss.preVideo != nil {
		// The video announced at create (WithVideoIDAtCreate) will never render.
		ss.preVideo.status, ss.preVideo.failMessage = heygen.VideoFailed, msg
		ss.preVideo = nil
	}
	ss.addMessage(heygen.RoleModel, heygen.MessageError, msg, at)
	ss.pause(heygen.SessionFailed, ss.currentProgress(at))
	s.queueCallbackLocked(ss, heygen.EventVideoAgentFail, "", msg)
}

func (s *Simulator) newVideoLocked(t *tenant, ss *session, at time.Time) *video {
	v := &video{
		id:        s.newIDLocked("vid_"),
		sessionID: ss.id,
		status:    heygen.VideoPending,
		createdAt: at,
		// 30-90 s, one decimal: a typical short Video Agent output.
		duration: float64(300+s.rng.IntN(601)) / 10,
	}
	if ss.title != nil {
		v.title = *ss.title
	} else {
		v.title = titleFromPrompt(ss.prompt)
	}
	if len(ss.videos) > 0 {
		v.title = fmt.Sprintf("%s (revision %d)", v.title, len(ss.videos))
	}
	t.videos[v.id] = v
	t.videoOrder = append(t.videoOrder, v.id)
	ss.videos = append(ss.videos, v.id)
	ss.videoID = v.id
	if ss.firstVideo.IsZero() {
		ss.firstVideo = at
	}
	return v
}

func (s *Simulator) draftResourceLocked(ss *session, at time.Time) *resource {
	r := &resource{
		id:     s.newIDLocked("res_"),
		typ:    "draft",
		source: "generated",
		at:     at,
		metadata: map[string]any{
			"kind":               "storyboard",
			"estimated_duration": 45,
			"scenes": []map[string]any{
				{"index": 1, "summary": "Hook: the question the video answers"},
				{"index": 2, "summary": "Context and the key idea"},
				{"index": 3, "summary": "Example or demonstration"},
				{"index": 4, "summary": "Summary and call to action"},
			},
		},
	}
	r.url = simHost + "/drafts/" + r.id + ".json"
	r.preview = simHost + "/drafts/" + r.id + ".png"
	ss.resources[r.id] = r
	return r
}

func (s *Simulator) setTitle(ss *session) {
	if ss.title == nil {
		t := titleFromPrompt(ss.prompt)
		ss.title = &t
	}
}

// newIDLocked returns an opaque id drawn from the seeded generator.
func (s *Simulator) newIDLocked(prefix string) string {
	return fmt.Sprintf("%s%016x", prefix, s.rng.Uint64())
}

// titleFromPrompt stands in for the LLM-generated title: the prompt's first
// words, markers removed.
func titleFromPrompt(prompt string) string {
	p := strings.NewReplacer(markerFail, "", markerStuck, "").Replace(prompt)
	words := strings.Fields(p)
	if len(words) > 6 {
		words = words[:6]
	}
	t := strings.Join(words, " ")
	if t == "" {
		return "Untitled video"
	}
	return strings.ToUpper(t[:1]) + t[1:]
}

// voiceQuestion is the chat-mode agent's first question; the options name
// voices from the /v3/voices catalogue.
func voiceQuestion() string {
	var b strings.Builder
	b.WriteString("Which voice should I use? Options: ")
	for i, v := range questionVoices() {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (voice_id %s)", v.Name, v.VoiceID)
	}
	b.WriteString(". Reply with your choice, or say \"you pick\".")
	return b.String()
}
