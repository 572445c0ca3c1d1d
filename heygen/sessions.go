package heygen

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"unicode/utf8"
)

// CreateSession starts a Video Agent session: POST /v3/video-agents.
//
// The request carries an Idempotency-Key (req.IdempotencyKey, or one generated
// per call), but HeyGen does not document it on this route, so it is
// never re-sent once it may have arrived: only a 429 or a request that provably
// never left is retried (idempotency.go). An unclear outcome is settled by
// FindCreatedSession.
func (c *Client) CreateSession(ctx context.Context, req *CreateSessionRequest) (*CreateSessionResponse, error) {
	if err := validateCreate(req); err != nil {
		return nil, err
	}
	key := req.IdempotencyKey
	if key == "" {
		key = c.newIdempotencyKey()
	}
	if !ValidIdempotencyKey(key) {
		return nil, &ValidationError{Param: "idempotency_key", Message: "must be 1-255 characters of A-Z a-z 0-9 _ - : ."}
	}
	r, err := c.newJSON(http.MethodPost, "v3/video-agents", req)
	if err != nil {
		return nil, err
	}
	r.idemKey = key
	return doData[CreateSessionResponse](ctx, c, r)
}

func validateCreate(req *CreateSessionRequest) error {
	if req == nil {
		return &ValidationError{Param: "request", Message: "is nil; pass a CreateSessionRequest with a prompt"}
	}
	if err := validText("prompt", req.Prompt, MaxPromptLen); err != nil {
		return err
	}
	if err := oneOf("mode", req.Mode, ModeGenerate, ModeChat); err != nil {
		return err
	}
	if err := oneOf("orientation", req.Orientation, OrientationLandscape, OrientationPortrait); err != nil {
		return err
	}
	if err := validFiles(req.Files); err != nil {
		return err
	}
	if req.CallbackURL != "" && !httpURL(req.CallbackURL) {
		return &ValidationError{Param: "callback_url", Message: "must be an absolute http(s) URL that HeyGen can reach"}
	}
	return nil
}

func validText(param, s string, maxLen int) error {
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		return &ValidationError{Param: param, Message: "is required and must not be empty"}
	case n > maxLen:
		return &ValidationError{Param: param, Message: fmt.Sprintf("is %d characters; HeyGen accepts at most %d", n, maxLen)}
	case !utf8.ValidString(s):
		return &ValidationError{Param: param, Message: "is not valid UTF-8"}
	}
	return nil
}

func validFiles(files []AssetInput) error {
	if len(files) > MaxFiles {
		return &ValidationError{Param: "files", Message: fmt.Sprintf("has %d entries; HeyGen accepts at most %d", len(files), MaxFiles)}
	}
	for i, f := range files {
		if err := f.Validate(); err != nil {
			return &ValidationError{Param: fmt.Sprintf("files[%d]", i), Message: err.Error()}
		}
	}
	return nil
}

// GetSession returns a session's status, progress, video_id and newest messages:
// GET /v3/video-agents/{session_id}.
func (c *Client) GetSession(ctx context.Context, sessionID string) (*Session, error) {
	p, err := pathf("v3/video-agents/%s", [2]string{"session_id", sessionID})
	if err != nil {
		return nil, err
	}
	return getData[Session](ctx, c, p)
}

// SendMessage answers or revises a chat-mode session: POST /v3/video-agents/{session_id}.
// It is never retried on 5xx or timeouts: HeyGen documents no idempotency for it.
func (c *Client) SendMessage(ctx context.Context, sessionID string, req *SendMessageRequest) (*SendMessageResponse, error) {
	p, err := pathf("v3/video-agents/%s", [2]string{"session_id", sessionID})
	if err != nil {
		return nil, err
	}
	if req == nil {
		return nil, &ValidationError{Param: "request", Message: "is nil; pass a SendMessageRequest with a message"}
	}
	if err := validText("message", req.Message, MaxMessageLen); err != nil {
		return nil, err
	}
	if err := validFiles(req.Files); err != nil {
		return nil, err
	}
	r, err := c.newJSON(http.MethodPost, p, req)
	if err != nil {
		return nil, err
	}
	return doData[SendMessageResponse](ctx, c, r)
}

// StopSession stops the active run at its next checkpoint:
// POST /v3/video-agents/{session_id}/stop. The body is an empty object.
func (c *Client) StopSession(ctx context.Context, sessionID string) (*StopSessionResponse, error) {
	p, err := pathf("v3/video-agents/%s/stop", [2]string{"session_id", sessionID})
	if err != nil {
		return nil, err
	}
	r, err := c.newJSON(http.MethodPost, p, struct{}{})
	if err != nil {
		return nil, err
	}
	return doData[StopSessionResponse](ctx, c, r)
}

// ListSessions lists the caller's sessions, newest first: GET /v3/video-agents.
// Items carry no status; GET each session for it.
func (c *Client) ListSessions(ctx context.Context, opts *ListOptions) (*Page[SessionSummary], error) {
	q, err := opts.query(MaxListLimit)
	if err != nil {
		return nil, err
	}
	return getPage[SessionSummary](ctx, c, "v3/video-agents", q)
}

// ListSessionVideos lists the videos a session produced, newest first:
// GET /v3/video-agents/{session_id}/videos. HeyGen's CLI exposes no
// query parameters here, so limit/token support is inferred; they are sent only when set.
func (c *Client) ListSessionVideos(ctx context.Context, sessionID string, opts *ListOptions) (*Page[Video], error) {
	p, err := pathf("v3/video-agents/%s/videos", [2]string{"session_id", sessionID})
	if err != nil {
		return nil, err
	}
	q, err := opts.query(MaxListLimit)
	if err != nil {
		return nil, err
	}
	return getPage[Video](ctx, c, p, q)
}

// GetSessionResource returns one session resource (draft, image, video, …):
// GET /v3/video-agents/{session_id}/resources/{resource_id}.
func (c *Client) GetSessionResource(ctx context.Context, sessionID, resourceID string) (*SessionResource, error) {
	p, err := pathf("v3/video-agents/%s/resources/%s",
		[2]string{"session_id", sessionID}, [2]string{"resource_id", resourceID})
	if err != nil {
		return nil, err
	}
	return getData[SessionResource](ctx, c, p)
}

// getData is a GET of one object (HeyGen's {"data": {...}} envelope).
func getData[T any](ctx context.Context, c *Client, path string) (*T, error) {
	return doData[T](ctx, c, c.newGet(path, nil))
}

// doData sends r and decodes HeyGen's {"data": {...}} reply.
func doData[T any](ctx context.Context, c *Client, r *request) (*T, error) {
	body, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	return decodeData[T](c, r, body)
}

// getPage is a GET of one page of a list.
func getPage[T any](ctx context.Context, c *Client, path string, q url.Values) (*Page[T], error) {
	r := c.newGet(path, q)
	body, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	return decodePage[T](c, r, body)
}
