package tools

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
	"github.com/heygen-mcp/heygen-mcp/internal/webhook"
)

// CreateVideoParams are the arguments of create_video (POST /v3/video-agents).
type CreateVideoParams struct {
	Prompt        string      `json:"prompt" jsonschema:"required,minLength=1,maxLength=10000,description=What the video should be: topic and audience and tone and length and any script. Example: 'A 60-second explainer on how solar panels work for high-school students.'"`
	Mode          string      `json:"mode,omitempty" jsonschema:"enum=generate,enum=chat,description=generate (default): one-shot; the agent makes one video without asking. chat: the agent may pause with a question (see get_session) and accepts revisions via send_message."`
	AvatarID      ID          `json:"avatar_id,omitempty" jsonschema:"description=Avatar look id from list_avatars (e.g. look_abc123). Omit to let the agent choose."`
	VoiceID       ID          `json:"voice_id,omitempty" jsonschema:"description=Voice id from list_voices. Omit to let the agent choose."`
	StyleID       ID          `json:"style_id,omitempty" jsonschema:"description=Visual style id from list_styles (e.g. style_noir_detective). Omit for the default look."`
	BrandKitID    ID          `json:"brand_kit_id,omitempty" jsonschema:"description=HeyGen brand kit id (logo and colors) to apply."`
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

func (registry) CreateVideo() Definition {
	return define(Definition{
		Name: "create_video", Title: "Create a video from a prompt", Toolset: ToolsetVideoAgent, Task: true,
		Example: `{"prompt": "A 30-second explainer on tides for high-school students", "orientation": "portrait"}`,
		Hints:   Hints{ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true},
		Description: "Start a HeyGen Video Agent session that turns a prompt into a finished video (avatar, voice, scenes, captions). " +
			"Returns session_id at once (or after wait_seconds); rendering takes minutes. Then call wait_for_video until done, " +
			"which returns video_url. In mode chat, answer the agent's questions with send_message. " +
			"Each call starts a new paid session: do not repeat a call that may have succeeded — check list_sessions first.",
	}, Deps.createVideo)
}

func (d Deps) createVideo(ctx context.Context, p CreateVideoParams) (CreateVideoResult, error) {
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
		Prompt: p.Prompt, Mode: mode, AvatarID: string(p.AvatarID), VoiceID: string(p.VoiceID), StyleID: string(p.StyleID),
		BrandKitID: string(p.BrandKitID), Orientation: p.Orientation, Files: files,
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
