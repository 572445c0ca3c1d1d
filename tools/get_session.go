package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// GetSessionParams are the arguments of get_session.
type GetSessionParams struct {
	SessionID    ID  `json:"session_id" jsonschema:"required,minLength=1,description=Session id from create_video or list_sessions (e.g. sess_abc123)."`
	MessageLimit int `json:"message_limit,omitempty" jsonschema:"minimum=1,maximum=40,description=How many of the newest messages to return (1-40; default 5)."`
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
	// Note explains a view not read from the session itself.
	Note string `json:"note,omitempty"`
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

func (registry) GetSession() Definition {
	return define(Definition{
		Name: "get_session", Title: "Check a video session", Toolset: ToolsetVideoAgent,
		Example: `{"session_id": "sess_abc123"}`,
		Hints:   readHints,
		Description: "Status of a Video Agent session: status (thinking, waiting_for_input, reviewing, generating, completed, failed), progress 0-100, " +
			"title, video_id once rendering starts, and the newest messages. When the agent waits for you it shows its question: answer with send_message. " +
			"To wait for the video, use wait_for_video.",
	}, Deps.getSession)
}

func (d Deps) getSession(ctx context.Context, p GetSessionParams) (SessionResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return SessionResult{}, err
	}
	s, err := c.GetSession(ctx, string(p.SessionID))
	if err != nil {
		return SessionResult{}, err
	}
	limit := p.MessageLimit
	if limit == 0 {
		limit = 5
	}
	return NewSessionResult(s, limit), nil
}

// MaxMessageLimit is the most session messages a session view carries.
const MaxMessageLimit = 40

// NewSessionResult is the one view of a HeyGen session: get_session's result
// and the JSON of the heygen://sessions/{id} resource, with the newest limit
// messages.
func NewSessionResult(s *heygen.Session, limit int) SessionResult {
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
		// while paused (inferred: HeyGen documents no question field).
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
