package sim

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// createSession is POST /v3/video-agents. Every call starts a
// session: Idempotency-Key is ignored unless WithCreateIdempotency (HeyGen does
// not document it here, idempotency.go).
func (s *Simulator) createSession(c *call) reply {
	var b createBody
	if bad := decodeJSON(c.body, &b); bad != nil {
		return *bad
	}
	if bad := b.validate(); bad != nil {
		return *bad
	}
	now := s.lockAt()
	defer s.mu.Unlock()
	t := s.tenantLocked(c.key)
	if n := activeJobs(t); n >= s.maxJobs {
		secs := int(math.Ceil(s.timings.RetryAfter.Seconds()))
		rep := errReply(http.StatusTooManyRequests, "rate_limit_exceeded", fmt.Sprintf(
			"Too many concurrent jobs: %d sessions are already running (limit %d). Retry after %d seconds.",
			n, s.maxJobs, secs), "")
		rep.header().Set("Retry-After", strconv.Itoa(max(1, secs)))
		return rep
	}
	if t.credits < 1 {
		return errReply(http.StatusPaymentRequired, "insufficient_credit", fmt.Sprintf(
			"Your account has %.2f credits but this video requires at least 1 credit.", t.credits), "")
	}
	mode := heygen.ModeGenerate
	if b.Mode != nil {
		mode = *b.Mode
	}
	ss := &session{
		id:          s.newIDLocked("sess_"),
		mode:        mode,
		prompt:      *b.Prompt,
		createdAt:   now,
		status:      heygen.SessionThinking,
		resources:   map[string]*resource{},
		callbackURL: deref(b.CallbackURL),
		callbackID:  deref(b.CallbackID),
		failRender:  strings.Contains(*b.Prompt, markerFail),
		stuck:       strings.Contains(*b.Prompt, markerStuck),
	}
	ss.addMessage(heygen.RoleUser, heygen.MessageText, ss.prompt, now)
	t.sessions[ss.id] = ss
	t.sessionOrder = append(t.sessionOrder, ss.id)
	switch {
	case ss.stuck:
		ss.pause(heygen.SessionThinking, 0)
	case mode == heygen.ModeChat:
		ss.schedule(stepAsk, now, s.timings.Thinking, progAsked)
	default:
		ss.schedule(stepStartRender, now, s.timings.Thinking, progRendering)
	}
	if s.videoIDAtCreate && mode == heygen.ModeGenerate {
		ss.preVideo = s.newVideoLocked(t, ss, now)
	}
	resp := heygen.CreateSessionResponse{SessionID: ss.id, Status: ss.status, CreatedAt: now.Unix()}
	if ss.videoID != "" {
		resp.VideoID = &ss.videoID
	}
	return dataReply(resp)
}

// activeJobs counts the sessions the agent is working on. Sessions paused for
// the user are not counted: they hold no render slot (inferred; HeyGen's
// limit counts "concurrent async jobs").
func activeJobs(t *tenant) int {
	n := 0
	for _, ss := range t.sessions {
		if ss.status == heygen.SessionThinking || ss.status == heygen.SessionGenerating {
			n++
		}
	}
	return n
}

func sessionNotFound() reply { return notFound("not_found", "Session not found") }

// sessionLocked finds the caller's session; another key's session is "not found".
func (s *Simulator) sessionLocked(c *call) (*tenant, *session) {
	t := s.tenantLocked(c.key)
	return t, t.sessions[c.r.PathValue("session_id")]
}

// getSession is GET /v3/video-agents/{session_id}.
func (s *Simulator) getSession(c *call) reply {
	now := s.lockAt()
	defer s.mu.Unlock()
	_, ss := s.sessionLocked(c)
	if ss == nil {
		return sessionNotFound()
	}
	if s.sessionGoneAfter > 0 && !ss.firstVideo.IsZero() && now.Sub(ss.firstVideo) >= s.sessionGoneAfter {
		return sessionNotFound()
	}
	return dataReply(ss.wire(now))
}

func (ss *session) wire(now time.Time) heygen.Session {
	out := heygen.Session{
		SessionID: ss.id,
		Status:    ss.status,
		Progress:  ss.currentProgress(now),
		Title:     ss.title,
		CreatedAt: ss.createdAt.Unix(),
		Messages:  []heygen.Message{},
	}
	if ss.videoID != "" {
		id := ss.videoID
		out.VideoID = &id
	}
	for i := len(ss.messages) - 1; i >= 0 && len(out.Messages) < heygen.MaxSessionMsgs; i-- {
		m := ss.messages[i]
		at := m.at.Unix()
		out.Messages = append(out.Messages, heygen.Message{
			Role: m.role, Content: m.content, Type: m.typ, CreatedAt: &at, ResourceIDs: m.resourceIDs,
		})
	}
	return out
}

// sendMessage is POST /v3/video-agents/{session_id}.
func (s *Simulator) sendMessage(c *call) reply {
	var b messageBody
	bad := decodeJSON(c.body, &b)
	if bad == nil {
		bad = b.validate()
	}
	now := s.lockAt()
	defer s.mu.Unlock()
	_, ss := s.sessionLocked(c)
	if ss == nil {
		return sessionNotFound()
	}
	if bad != nil {
		return *bad
	}
	if ss.mode != heygen.ModeChat {
		// Status and code are not documented: a 400
		// invalid_parameter naming the session is inferred.
		return invalidParam("session_id",
			"Messages can only be sent to chat-mode sessions; this one was created in generate mode. Create a session with mode \"chat\" to converse.")
	}
	if ss.status == heygen.SessionThinking || ss.status == heygen.SessionGenerating {
		// Sending while a run is active is undocumented; 409 is inferred.
		return errReply(http.StatusConflict, "conflict", fmt.Sprintf(
			"The session is %s; wait until it asks for input or completes before sending a message.", ss.status), "")
	}
	text := *b.Message
	ss.addMessage(heygen.RoleUser, heygen.MessageText, text, now)
	ss.stopAsked = false
	ss.failRender = strings.Contains(text, markerFail)
	previous := ss.status
	ss.status = heygen.SessionThinking
	// auto_proceed skips the storyboard review: the answer goes straight to
	// rendering (its documented meaning; whether HeyGen still honours the
	// field is inferred).
	autoProceed := b.AutoProceed != nil && *b.AutoProceed
	switch {
	case previous == heygen.SessionWaitingForInput && !autoProceed:
		ss.schedule(stepReview, now, s.timings.Replying, progReviewed)
	case previous == heygen.SessionWaitingForInput, previous == heygen.SessionReviewing:
		ss.schedule(stepStartRender, now, s.timings.Replying, progRendering)
	default: // completed or failed: a revision, which renders a new video
		ss.progress = 0
		ss.schedule(stepStartRender, now, s.timings.Replying, progRendering)
	}
	return dataReply(heygen.SendMessageResponse{SessionID: ss.id, RunID: s.newIDLocked("run_"), Title: ss.title})
}

// stopSession is POST /v3/video-agents/{session_id}/stop. The
// session stops at its next checkpoint: at once when paused for the user, at the
// end of the current thinking step otherwise; a running render is not cancelled;
// a finished session is left as it is (inferred, see doc.go).
func (s *Simulator) stopSession(c *call) reply {
	now := s.lockAt()
	defer s.mu.Unlock()
	_, ss := s.sessionLocked(c)
	if ss == nil {
		return sessionNotFound()
	}
	switch ss.status {
	case heygen.SessionWaitingForInput, heygen.SessionReviewing:
		s.stopNowLocked(ss, now)
	case heygen.SessionThinking:
		ss.stopAsked = true
		if ss.stuck {
			s.stopNowLocked(ss, now)
		}
	}
	return dataReply(heygen.StopSessionResponse{SessionID: ss.id})
}

// listSessions is GET /v3/video-agents, newest first.
func (s *Simulator) listSessions(c *call) reply {
	s.lockAt()
	defer s.mu.Unlock()
	t := s.tenantLocked(c.key)
	items := make([]heygen.SessionSummary, 0, len(t.sessionOrder))
	for i := len(t.sessionOrder) - 1; i >= 0; i-- {
		ss := t.sessions[t.sessionOrder[i]]
		items = append(items, heygen.SessionSummary{SessionID: ss.id, CreatedAt: ss.createdAt.Unix(), Title: ss.title})
	}
	return paginate(c.r, "sessions", items, func(x heygen.SessionSummary) string { return x.SessionID },
		heygen.DefaultListLimit, heygen.MaxListLimit)
}

// listSessionVideos is GET /v3/video-agents/{session_id}/videos, newest first.
// Paging parameters are not documented for it; the common
// limit/token convention is accepted (inferred).
func (s *Simulator) listSessionVideos(c *call) reply {
	s.lockAt()
	defer s.mu.Unlock()
	t, ss := s.sessionLocked(c)
	if ss == nil {
		return sessionNotFound()
	}
	items := []heygen.Video{}
	for i := len(ss.videos) - 1; i >= 0; i-- {
		if v := t.videos[ss.videos[i]]; v != nil {
			items = append(items, s.videoWire(v))
		}
	}
	return paginate(c.r, "session_videos:"+ss.id, items, func(v heygen.Video) string { return v.ID },
		heygen.DefaultListLimit, heygen.MaxListLimit)
}

// getResource is GET /v3/video-agents/{session_id}/resources/{resource_id}.
func (s *Simulator) getResource(c *call) reply {
	s.lockAt()
	defer s.mu.Unlock()
	_, ss := s.sessionLocked(c)
	if ss == nil {
		return sessionNotFound()
	}
	r := ss.resources[c.r.PathValue("resource_id")]
	if r == nil {
		return notFound("resource_not_found", "Resource not found in this session.")
	}
	at := r.at.Unix()
	src, u, prev := r.source, r.url, r.preview
	return dataReply(heygen.SessionResource{
		ResourceID: r.id, ResourceType: r.typ, SourceType: &src, URL: &u, PreviewURL: &prev,
		Metadata: r.metadata, CreatedAt: &at,
	})
}
