package tools

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
	"github.com/heygen-mcp/heygen-mcp/internal/webhook"
)

// CreateVideoParams are the arguments of create_video (POST /v3/video-agents).
type CreateVideoParams struct {
	Prompt        string      `json:"prompt" jsonschema:"required,minLength=1,maxLength=10000,description=What the video should be: topic and audience and tone and length and any script. Example: 'A 60-second explainer on how solar panels work for high-school students.'"`
	Mode          string      `json:"mode,omitempty" jsonschema:"enum=generate,enum=chat,description=generate (default): one-shot; the agent makes one video without asking. chat: the agent may pause with a question (see get_session) and accepts revisions via send_message."`
	AvatarID      string      `json:"avatar_id,omitempty" jsonschema:"maxLength=128,pattern=^[A-Za-z0-9_.:=-]+$,description=Avatar look id from list_avatars (e.g. look_abc123). Omit to let the agent choose."`
	VoiceID       string      `json:"voice_id,omitempty" jsonschema:"maxLength=128,pattern=^[A-Za-z0-9_.:=-]+$,description=Voice id from list_voices. Omit to let the agent choose."`
	StyleID       string      `json:"style_id,omitempty" jsonschema:"maxLength=128,pattern=^[A-Za-z0-9_.:=-]+$,description=Visual style id from list_styles (e.g. style_noir_detective). Omit for the default look."`
	BrandKitID    string      `json:"brand_kit_id,omitempty" jsonschema:"maxLength=128,pattern=^[A-Za-z0-9_.:=-]+$,description=HeyGen brand kit id (logo and colors) to apply."`
	Orientation   string      `json:"orientation,omitempty" jsonschema:"enum=landscape,enum=portrait,description=landscape (16:9) or portrait (9:16). Omit to let the agent decide from the content."`
	Files         []FileInput `json:"files,omitempty" jsonschema:"maxItems=20,description=Up to 20 reference files (images/video/audio/PDF) the agent may use: public https urls or uploaded asset ids or inline base64 or local paths inside the allowed directories (uploaded first)."`
	CallbackURL   string      `json:"callback_url,omitempty" jsonschema:"maxLength=2048,description=Optional https URL HeyGen calls when the session completes or fails."`
	CallbackID    string      `json:"callback_id,omitempty" jsonschema:"maxLength=256,description=Optional id of yours echoed in the callback."`
	IncognitoMode bool        `json:"incognito_mode,omitempty" jsonschema:"description=true: the agent neither uses nor stores memory from this session."`
	WaitSeconds   int         `json:"wait_seconds,omitempty" jsonschema:"minimum=0,maximum=600,description=After creating: wait up to this many seconds for the video (default 0 = return at once). Clients usually give up on a call after about 60 s: use 45 or less and then continue with wait_for_video."`
}

func (p CreateVideoParams) validate() error {
	if strings.TrimSpace(p.Prompt) == "" {
		return argErr("prompt", "must contain text describing the video")
	}
	if p.CallbackURL != "" && !isHTTPSURL(p.CallbackURL) {
		return argErr("callback_url", "must be an absolute https URL, e.g. https://example.com/heygen-hook")
	}
	return nil // files are checked (and converted once) first thing in the handler
}

// CreateVideoResult is create_video's structured content.
type CreateVideoResult struct {
	SessionID string `json:"session_id"`
	Status    string `json:"status"`
	Mode      string `json:"mode"`
	VideoID   string `json:"video_id"`
	CreatedAt int64  `json:"created_at"`
	NextStep  string `json:"next_step"`
	// Wait is the outcome of wait_seconds (absent when it was 0).
	Wait *WaitResult `json:"wait,omitempty"`

	// renderTime says how long a video takes here (real or sandbox).
	renderTime string
	// recovered: the create's reply was lost or unreadable and the session
	// was found by FindCreatedSession instead.
	recovered bool
}

func (r CreateVideoResult) toolText() string {
	var b strings.Builder
	if r.recovered {
		b.WriteString("Recovered after an unclear reply: HeyGen's reply to this create was lost or unreadable, so instead of sending it again the server looked " +
			"for the session it started (same prompt, created just now) and found it: this is that session. " +
			"Do not call create_video again for this prompt.\n")
	}
	fmt.Fprintf(&b, "Started Video Agent session %s (mode %s, status %s).", r.SessionID, r.Mode, r.Status)
	if r.VideoID != "" {
		fmt.Fprintf(&b, " Video id: %s.", r.VideoID)
	}
	if r.Wait != nil {
		b.WriteString("\nAfter waiting: " + r.Wait.toolText())
		return b.String()
	}
	b.WriteString(" " + r.renderTime + "\nNext: " + r.NextStep)
	return b.String()
}

func createVideoTool(d Deps) server.ServerTool {
	return NewTool("create_video", "Create a video from a prompt",
		"Start a HeyGen Video Agent session that turns a prompt into a finished video (avatar, voice, scenes, captions). "+
			"Returns session_id at once (or after wait_seconds); rendering takes minutes. Then call wait_for_video until done, "+
			"which returns video_url. In mode chat, answer the agent's questions with send_message. "+
			"Each call starts a new paid session: do not repeat a call that may have succeeded — check list_sessions first.",
		Hints{ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true},
		func(ctx context.Context, p CreateVideoParams) (CreateVideoResult, error) {
			files, err := toAssetInputs("files", p.Files)
			if err != nil {
				return CreateVideoResult{}, err
			}
			c, tenant, err := d.client(ctx)
			if err != nil {
				return CreateVideoResult{}, err
			}
			mode := p.Mode
			if mode == "" {
				mode = heygen.ModeGenerate
			}
			req := &heygen.CreateSessionRequest{
				Prompt: p.Prompt, Mode: mode, AvatarID: p.AvatarID, VoiceID: p.VoiceID, StyleID: p.StyleID,
				BrandKitID: p.BrandKitID, Orientation: p.Orientation, Files: files,
				CallbackURL: p.CallbackURL, CallbackID: p.CallbackID, IncognitoMode: p.IncognitoMode,
			}
			if err := d.addCallback(req); err != nil {
				return CreateVideoResult{}, err
			}
			// Local files are uploaded only now that every argument is valid,
			// and a failed upload stops before the session is created.
			if err := d.resolvePaths(ctx, c, "files", p.Files, req.Files); err != nil {
				return CreateVideoResult{}, err
			}
			since := c.Now()
			resp, err := c.CreateSession(ctx, req)
			recovered := false
			if err != nil {
				// The create is never re-sent once it may have reached HeyGen
				// (heygen/idempotency.go): when its outcome is unknown, look
				// for the session it may have started before answering.
				if resp, err = recoverCreate(ctx, c, req, since, err); err != nil {
					return CreateVideoResult{}, err
				}
				recovered = true
			}
			if d.OnSessionCreated != nil {
				d.OnSessionCreated(ctx, tenant, resp.SessionID)
			}
			r := CreateVideoResult{SessionID: resp.SessionID, Status: resp.Status, Mode: mode, VideoID: deref(resp.VideoID),
				CreatedAt: resp.CreatedAt, renderTime: d.renderTimeText(), recovered: recovered}
			r.NextStep = createNextStep(r.SessionID, mode)
			if p.WaitSeconds > 0 {
				w, err := d.wait(ctx, c, tenant, watch.Ref{SessionID: r.SessionID}, time.Duration(p.WaitSeconds)*time.Second, false)
				if err != nil {
					// The session exists and costs credits: never let a failed
					// wait look like a failed create.
					return CreateVideoResult{}, fmt.Errorf("session %s was created, but waiting for it failed (do not create it again; "+
						"call wait_for_video with session_id %q): %w", r.SessionID, r.SessionID, err)
				}
				r.Wait = &w
				r.NextStep = w.NextStep
				if r.VideoID == "" {
					r.VideoID = w.VideoID
				}
			}
			return r, nil
		})
}

// createNextStep is what the model does after create_video: wait with
// wait_for_video (the server instructions' step 3), and in chat mode answer
// the agent's questions with the user first.
func createNextStep(sessionID, mode string) string {
	if mode == heygen.ModeChat {
		return fmt.Sprintf("call wait_for_video with session_id %q. When the agent asks a question, ask the user, "+
			"answer with send_message, then call wait_for_video again.", sessionID)
	}
	return fmt.Sprintf("call wait_for_video with session_id %q (again while done is false); "+
		"it returns video_url when the video is ready.", sessionID)
}

// addCallback asks HeyGen to call this server back when webhooks are set up,
// unless the user brought their own callback_url. The callback_id is a MAC of
// this create's Idempotency-Key, so the receiver can tell our deliveries apart.
func (d Deps) addCallback(req *heygen.CreateSessionRequest) error {
	if d.Webhook == nil || d.Webhook.PublicURL == "" || req.CallbackURL != "" {
		return nil
	}
	req.CallbackURL = webhook.CallbackURL(d.Webhook.PublicURL)
	if len(req.CallbackID) > webhook.MaxUserCallbackID {
		return nil // too long to extend: kept as is; deliveries then need HeyGen's signature
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return fmt.Errorf("making an idempotency key: %w", err)
	}
	req.IdempotencyKey = "hmcp-" + hex.EncodeToString(b[:])
	if req.CallbackID != "" {
		// The user's own id stays in front, with a suffix this server can verify.
		req.CallbackID, _ = webhook.UserCallbackID(d.Webhook.CallbackSecret, req.CallbackID, req.IdempotencyKey)
		return nil
	}
	req.CallbackID = webhook.CallbackID(d.Webhook.CallbackSecret, req.IdempotencyKey)
	return nil
}

// recoverCreate handles a failed create. When its outcome is unknown (a
// timeout, a connection lost after sending, a 5xx, 409 request_in_progress, a
// 2xx that could not be read: heygen.OutcomeUnknown) HeyGen may have started a
// paid session, so it looks for it (heygen.FindCreatedSession: same prompt,
// created since the attempt began). Found: that session is the create's
// result. Not found, or the lookup failed: an error that says the outcome is
// unknown and that calling again may start a second paid video
// (safe_to_retry false). Other errors are returned as they are.
func recoverCreate(ctx context.Context, c *heygen.Client, req *heygen.CreateSessionRequest, since time.Time, err error) (*heygen.CreateSessionResponse, error) {
	if !heygen.OutcomeUnknown(err) || ctx.Err() != nil {
		return nil, err
	}
	s, found, lerr := c.FindCreatedSession(ctx, req, since)
	if found {
		return &heygen.CreateSessionResponse{SessionID: s.SessionID, Status: s.Status, VideoID: s.VideoID, CreatedAt: s.CreatedAt}, nil
	}
	looked := "The server looked for it at once (sessions created since this call began, with this exact prompt) and found none, " +
		"but it may still appear."
	if lerr != nil {
		looked = "The server tried to look for it and could not (" + lerr.Error() + ")."
	}
	return nil, &retryAdviceError{err: err, advice: "The outcome is unknown: HeyGen may have started the session before its reply was lost. " +
		looked + " The session may or may not have been created: calling create_video again may start a second paid video, " +
		"so check list_sessions before creating again (get_session shows a session's prompt as its first message)."}
}

// SendMessageParams are the arguments of send_message (POST /v3/video-agents/{id}).
type SendMessageParams struct {
	SessionID  string      `json:"session_id" jsonschema:"required,minLength=1,maxLength=128,pattern=^[A-Za-z0-9_.:=-]+$,description=Session id from create_video (e.g. sess_abc123). The session must have been created with mode chat."`
	Message    string      `json:"message" jsonschema:"required,minLength=1,maxLength=10000,description=Your answer to the agent's question or a revision request (e.g. 'Use a warmer voice and shorten the intro')."`
	AvatarID   string      `json:"avatar_id,omitempty" jsonschema:"maxLength=128,pattern=^[A-Za-z0-9_.:=-]+$,description=Switch to this avatar look id (from list_avatars)."`
	VoiceID    string      `json:"voice_id,omitempty" jsonschema:"maxLength=128,pattern=^[A-Za-z0-9_.:=-]+$,description=Switch to this voice id (from list_voices)."`
	BrandKitID string      `json:"brand_kit_id,omitempty" jsonschema:"maxLength=128,pattern=^[A-Za-z0-9_.:=-]+$,description=Apply this HeyGen brand kit id."`
	Files      []FileInput `json:"files,omitempty" jsonschema:"maxItems=20,description=Up to 20 more reference files (same forms as in create_video)."`
	// AutoProceed is HeyGen's auto_proceed (reference §2.5).
	AutoProceed bool `json:"auto_proceed,omitempty" jsonschema:"description=true: skip the storyboard review and render at once."`
}

func (p SendMessageParams) validate() error {
	if strings.TrimSpace(p.Message) == "" {
		return argErr("message", "must contain text: the answer or the revision you want")
	}
	return nil // files are checked (and converted once) first thing in the handler
}

// SendMessageResult is send_message's structured content.
type SendMessageResult struct {
	SessionID string `json:"session_id"`
	RunID     string `json:"run_id"`
	Title     string `json:"title,omitempty"`
	NextStep  string `json:"next_step"`
}

func (r SendMessageResult) toolText() string {
	return fmt.Sprintf("Message sent to session %s (run %s). The agent is working on it.\nNext: %s", r.SessionID, r.RunID, r.NextStep)
}

func sendMessageTool(d Deps) server.ServerTool {
	return NewTool("send_message", "Answer the agent or request a revision",
		"Send a message to a chat-mode Video Agent session: answer the question get_session shows, approve a storyboard, "+
			"or ask for a revision (a revision makes a new video). Then call wait_for_video.",
		Hints{ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true},
		func(ctx context.Context, p SendMessageParams) (SendMessageResult, error) {
			files, err := toAssetInputs("files", p.Files)
			if err != nil {
				return SendMessageResult{}, err
			}
			c, _, err := d.client(ctx)
			if err != nil {
				return SendMessageResult{}, err
			}
			if err := d.resolvePaths(ctx, c, "files", p.Files, files); err != nil {
				return SendMessageResult{}, err
			}
			resp, err := c.SendMessage(ctx, p.SessionID, &heygen.SendMessageRequest{
				Message: p.Message, AvatarID: p.AvatarID, VoiceID: p.VoiceID, BrandKitID: p.BrandKitID, Files: files,
				AutoProceed: p.AutoProceed,
			})
			if err != nil {
				return SendMessageResult{}, err
			}
			return SendMessageResult{
				SessionID: resp.SessionID, RunID: resp.RunID, Title: deref(resp.Title),
				NextStep: fmt.Sprintf("call wait_for_video with session_id %q (again while done is false).", resp.SessionID),
			}, nil
		})
}

// SessionIDParams identify one session.
type SessionIDParams struct {
	SessionID string `json:"session_id" jsonschema:"required,minLength=1,maxLength=128,pattern=^[A-Za-z0-9_.:=-]+$,description=Session id from create_video or list_sessions (e.g. sess_abc123)."`
}

// GetSessionParams are the arguments of get_session.
type GetSessionParams struct {
	SessionID    string `json:"session_id" jsonschema:"required,minLength=1,maxLength=128,pattern=^[A-Za-z0-9_.:=-]+$,description=Session id from create_video or list_sessions (e.g. sess_abc123)."`
	MessageLimit int    `json:"message_limit,omitempty" jsonschema:"minimum=1,maximum=40,description=How many of the newest messages to return (1-40; default 5)."`
}

// MessageResult is one session message, newest first.
type MessageResult struct {
	Role        string   `json:"role"`
	Type        string   `json:"type"`
	Content     string   `json:"content"`
	CreatedAt   int64    `json:"created_at,omitempty"`
	ResourceIDs []string `json:"resource_ids,omitempty"`
}

// SessionResult is get_session's structured content.
type SessionResult struct {
	SessionID  string `json:"session_id"`
	Status     string `json:"status"`
	Progress   int    `json:"progress"`
	Title      string `json:"title,omitempty"`
	VideoID    string `json:"video_id"`
	CreatedAt  int64  `json:"created_at,omitempty"`
	NeedsInput bool   `json:"needs_input"`
	// Question is the agent's newest message while the session waits for the user.
	Question string `json:"question,omitempty"`
	// Error is the newest error message of a failed session.
	Error    string          `json:"error,omitempty"`
	Messages []MessageResult `json:"messages"`
	NextStep string          `json:"next_step"`
}

func (r SessionResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Session %s", r.SessionID)
	if r.Title != "" {
		fmt.Fprintf(&b, " %q", r.Title)
	}
	fmt.Fprintf(&b, ": status %s, progress %d%%.", r.Status, r.Progress)
	if r.VideoID != "" {
		fmt.Fprintf(&b, " Video id: %s.", r.VideoID)
	}
	if r.Question != "" {
		fmt.Fprintf(&b, "\nThe agent is asking: %s\nAnswer with send_message (session_id %q).", truncate(r.Question, 1500), r.SessionID)
	}
	if r.Error != "" {
		fmt.Fprintf(&b, "\nThe agent reported an error: %s", truncate(r.Error, 800))
	}
	b.WriteString("\nNext: " + r.NextStep)
	if len(r.Messages) > 0 && r.Question == "" {
		b.WriteString("\nNewest messages (newest first):")
		for _, m := range r.Messages {
			fmt.Fprintf(&b, "\n- %s: %s", m.Role, truncate(oneLine(m.Content), 300))
		}
	}
	return b.String()
}

func getSessionTool(d Deps) server.ServerTool {
	return NewTool("get_session", "Check a video session",
		"Status of a Video Agent session: status (thinking, waiting_for_input, reviewing, generating, completed, failed), progress 0-100, "+
			"title, video_id once rendering starts, and the newest messages. When the agent waits for you it shows its question: answer with send_message. "+
			"To wait for the video, use wait_for_video.",
		readHints,
		func(ctx context.Context, p GetSessionParams) (SessionResult, error) {
			c, _, err := d.client(ctx)
			if err != nil {
				return SessionResult{}, err
			}
			s, err := c.GetSession(ctx, p.SessionID)
			if err != nil {
				return SessionResult{}, err
			}
			limit := p.MessageLimit
			if limit == 0 {
				limit = 5
			}
			return sessionResult(s, limit), nil
		})
}

func sessionResult(s *heygen.Session, limit int) SessionResult {
	r := SessionResult{
		SessionID: s.SessionID, Status: s.Status, Progress: s.Progress, Title: deref(s.Title),
		VideoID: deref(s.VideoID), CreatedAt: s.CreatedAt, NeedsInput: heygen.SessionNeedsInput(s.Status),
		Messages: make([]MessageResult, 0, min(limit, len(s.Messages))),
	}
	for i, m := range s.Messages {
		if i >= limit {
			break
		}
		r.Messages = append(r.Messages, MessageResult{Role: m.Role, Type: m.Type, Content: m.Content, CreatedAt: deref(m.CreatedAt), ResourceIDs: m.ResourceIDs})
	}
	if r.NeedsInput {
		// There is no question object: the question is the newest model message
		// while paused (inferred, heygen-v3-api.md §2.4).
		if m, ok := s.LatestModelMessage(); ok {
			r.Question = m.Content
			if len(m.ResourceIDs) > 0 {
				r.Question += fmt.Sprintf(" (attached resources: %s; open them with get_session_resource)", strings.Join(m.ResourceIDs, ", "))
			}
		}
	}
	if s.Status == heygen.SessionFailed {
		for _, m := range s.Messages {
			if m.Type == heygen.MessageError {
				r.Error = m.Content
				break
			}
		}
	}
	switch {
	case r.NeedsInput:
		r.NextStep = fmt.Sprintf("ask the user the agent's question, answer with send_message (session_id %q), "+
			"then call wait_for_video with the same session_id.", r.SessionID)
	case s.Status == heygen.SessionFailed:
		r.NextStep = "the session failed: explain the error to the user and, if it says how, start again with create_video."
	case r.VideoID != "":
		r.NextStep = fmt.Sprintf("call wait_for_video with session_id %q; it returns video_url when the video is ready.", r.SessionID)
	case s.Status == heygen.SessionCompleted:
		r.NextStep = fmt.Sprintf("list the session's videos with list_session_videos (session_id %q).", r.SessionID)
	default:
		r.NextStep = fmt.Sprintf("the agent is working: call wait_for_video with session_id %q.", r.SessionID)
	}
	return r
}

// StopSessionResult is stop_session's structured content.
type StopSessionResult struct {
	SessionID string `json:"session_id"`
	Stopped   bool   `json:"stopped"`
	NextStep  string `json:"next_step"`
}

func (r StopSessionResult) toolText() string {
	return fmt.Sprintf("Stop requested for session %s: the agent stops at its next checkpoint and keeps partial results.\nNext: %s", r.SessionID, r.NextStep)
}

func stopSessionTool(d Deps) server.ServerTool {
	return NewTool("stop_session", "Stop a video session",
		"Stop the active run of a Video Agent session at its next checkpoint (partial results are kept; a stopped run may produce no video). "+
			"Use only when the user asks to cancel. Check the outcome with get_session.",
		Hints{ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: true},
		func(ctx context.Context, p SessionIDParams) (StopSessionResult, error) {
			c, _, err := d.client(ctx)
			if err != nil {
				return StopSessionResult{}, err
			}
			resp, err := c.StopSession(ctx, p.SessionID)
			if err != nil {
				return StopSessionResult{}, err
			}
			id := resp.SessionID
			if id == "" {
				id = p.SessionID
			}
			return StopSessionResult{SessionID: id, Stopped: true, NextStep: fmt.Sprintf("call get_session with session_id %q to see where it stopped.", id)}, nil
		})
}

// ListSessionsParams are the arguments of list_sessions.
type ListSessionsParams struct {
	Limit int    `json:"limit,omitempty" jsonschema:"minimum=1,maximum=100,description=Sessions per page (1-100; default 20)."`
	Token string `json:"token,omitempty" jsonschema:"maxLength=2048,description=next_token from the previous page; omit for the first (newest) page."`
}

// SessionSummaryResult is one listed session.
type SessionSummaryResult struct {
	SessionID string `json:"session_id"`
	Title     string `json:"title,omitempty"`
	CreatedAt int64  `json:"created_at"`
}

// ListSessionsResult is list_sessions' structured content.
type ListSessionsResult struct {
	Sessions  []SessionSummaryResult `json:"sessions"`
	HasMore   bool                   `json:"has_more"`
	NextToken string                 `json:"next_token,omitempty"`
}

func (r ListSessionsResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d session(s), newest first (list items carry no status: call get_session for one).", len(r.Sessions))
	for _, s := range r.Sessions {
		fmt.Fprintf(&b, "\n- %s", s.SessionID)
		if s.Title != "" {
			fmt.Fprintf(&b, " %q", s.Title)
		}
		fmt.Fprintf(&b, " created %s", unixTime(s.CreatedAt))
	}
	b.WriteString(moreText(r.HasMore, r.NextToken))
	return b.String()
}

func listSessionsTool(d Deps) server.ServerTool {
	return NewTool("list_sessions", "List video sessions",
		"List this account's Video Agent sessions, newest first, with title and creation time (no status: use get_session). "+
			"Use it to find a session id, or to check whether a create_video that failed to answer actually started a session.",
		readHints,
		func(ctx context.Context, p ListSessionsParams) (ListSessionsResult, error) {
			c, _, err := d.client(ctx)
			if err != nil {
				return ListSessionsResult{}, err
			}
			page, err := c.ListSessions(ctx, &heygen.ListOptions{Limit: p.Limit, Token: p.Token})
			if err != nil {
				return ListSessionsResult{}, err
			}
			r := ListSessionsResult{Sessions: make([]SessionSummaryResult, 0, len(page.Data)), HasMore: page.HasMore, NextToken: page.Next()}
			for _, s := range page.Data {
				r.Sessions = append(r.Sessions, SessionSummaryResult{SessionID: s.SessionID, Title: deref(s.Title), CreatedAt: s.CreatedAt})
			}
			return r, nil
		})
}

// ListSessionVideosParams are the arguments of list_session_videos.
type ListSessionVideosParams struct {
	SessionID string `json:"session_id" jsonschema:"required,minLength=1,maxLength=128,pattern=^[A-Za-z0-9_.:=-]+$,description=Session id (e.g. sess_abc123)."`
	Limit     int    `json:"limit,omitempty" jsonschema:"minimum=1,maximum=100,description=Videos per page (1-100)."`
	Token     string `json:"token,omitempty" jsonschema:"maxLength=2048,description=next_token from the previous page; omit for the first page."`
}

// ListSessionVideosResult is list_session_videos' structured content.
type ListSessionVideosResult struct {
	SessionID string        `json:"session_id"`
	Videos    []VideoResult `json:"videos"`
	HasMore   bool          `json:"has_more"`
	NextToken string        `json:"next_token,omitempty"`
}

func (r ListSessionVideosResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Session %s has %d video(s) on this page, newest first.", r.SessionID, len(r.Videos))
	for _, v := range r.Videos {
		b.WriteString("\n- " + v.summaryLine())
	}
	b.WriteString(moreText(r.HasMore, r.NextToken))
	return b.String()
}

func listSessionVideosTool(d Deps) server.ServerTool {
	return NewTool("list_session_videos", "List a session's videos",
		"Every video a Video Agent session produced (chat-mode revisions make new ones), newest first, with status and URLs. "+
			"For one video's full details call get_video.",
		readHints,
		func(ctx context.Context, p ListSessionVideosParams) (ListSessionVideosResult, error) {
			c, _, err := d.client(ctx)
			if err != nil {
				return ListSessionVideosResult{}, err
			}
			page, err := c.ListSessionVideos(ctx, p.SessionID, &heygen.ListOptions{Limit: p.Limit, Token: p.Token})
			if err != nil {
				return ListSessionVideosResult{}, err
			}
			r := ListSessionVideosResult{SessionID: p.SessionID, Videos: make([]VideoResult, 0, len(page.Data)), HasMore: page.HasMore, NextToken: page.Next()}
			for i := range page.Data {
				r.Videos = append(r.Videos, videoResult(&page.Data[i]))
			}
			return r, nil
		})
}

// GetSessionResourceParams are the arguments of get_session_resource.
type GetSessionResourceParams struct {
	SessionID  string `json:"session_id" jsonschema:"required,minLength=1,maxLength=128,pattern=^[A-Za-z0-9_.:=-]+$,description=Session id (e.g. sess_abc123)."`
	ResourceID string `json:"resource_id" jsonschema:"required,minLength=1,maxLength=128,pattern=^[A-Za-z0-9_.:=-]+$,description=Resource id from a message's resource_ids in get_session (e.g. res_abc123)."`
}

// SessionResourceResult is get_session_resource's structured content.
type SessionResourceResult struct {
	ResourceID   string         `json:"resource_id"`
	ResourceType string         `json:"resource_type"`
	SourceType   string         `json:"source_type,omitempty"`
	URL          string         `json:"url,omitempty"`
	PreviewURL   string         `json:"preview_url,omitempty"`
	ThumbnailURL string         `json:"thumbnail_url,omitempty"`
	Metadata     map[string]any `json:"metadata,omitempty"`
	CreatedAt    int64          `json:"created_at,omitempty"`
}

func (r SessionResourceResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Resource %s (%s", r.ResourceID, r.ResourceType)
	if r.SourceType != "" {
		b.WriteString(", " + r.SourceType)
	}
	b.WriteString(").")
	for _, kv := range [][2]string{{"URL", r.URL}, {"Preview", r.PreviewURL}, {"Thumbnail", r.ThumbnailURL}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, "\n%s: %s", kv[0], kv[1])
		}
	}
	if len(r.Metadata) > 0 {
		b.WriteString("\nMetadata is in the structured result.")
	}
	return b.String()
}

func getSessionResourceTool(d Deps) server.ServerTool {
	return NewTool("get_session_resource", "Open a session resource",
		"Fetch one resource a Video Agent session refers to (storyboard draft, image, video, avatar or voice) by the resource_ids "+
			"listed in get_session messages: its type, URLs and metadata. Use it to show the user a storyboard before approving it.",
		readHints,
		func(ctx context.Context, p GetSessionResourceParams) (SessionResourceResult, error) {
			c, _, err := d.client(ctx)
			if err != nil {
				return SessionResourceResult{}, err
			}
			res, err := c.GetSessionResource(ctx, p.SessionID, p.ResourceID)
			if err != nil {
				return SessionResourceResult{}, err
			}
			return SessionResourceResult{
				ResourceID: res.ResourceID, ResourceType: res.ResourceType, SourceType: deref(res.SourceType),
				URL: deref(res.URL), PreviewURL: deref(res.PreviewURL), ThumbnailURL: deref(res.ThumbnailURL),
				Metadata: res.Metadata, CreatedAt: deref(res.CreatedAt),
			}, nil
		})
}
