package tools

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/heygen-mcp/heygen-mcp/internal/watch"
)

// Wait bounds. MCP clients time a call out around 60 s, hence the default.
const (
	defaultWaitSeconds = 45
	maxWaitSeconds     = 600
)

// WaitForVideoParams are the arguments of wait_for_video.
type WaitForVideoParams struct {
	SessionID      ID   `json:"session_id,omitempty" jsonschema:"description=Session id from create_video (e.g. sess_abc123). Give this or video_id; not both."`
	VideoID        ID   `json:"video_id,omitempty" jsonschema:"description=Video id from get_session or list_session_videos (e.g. vid_abc123). Give this or session_id; not both."`
	TimeoutSeconds *int `json:"timeout_seconds,omitempty" jsonschema:"minimum=1,maximum=600,description=How long to wait at most (1-600; default 45). Clients usually give up on a call after about 60 s: keep it at 45 or less unless yours waits longer."`
}

func (p WaitForVideoParams) validate() error {
	switch {
	case p.SessionID == "" && p.VideoID == "":
		return argErr("session_id", "give session_id (from create_video) or video_id (from get_session)")
	case p.SessionID != "" && p.VideoID != "":
		return argErr("video_id", "give session_id or video_id, not both")
	}
	return nil
}

func (p WaitForVideoParams) timeout() time.Duration { return waitTimeout(p.TimeoutSeconds) }

// waitTimeout is a wait tool's timeout_seconds, defaultWaitSeconds when absent.
func waitTimeout(seconds *int) time.Duration {
	if seconds == nil {
		return defaultWaitSeconds * time.Second
	}
	return time.Duration(*seconds) * time.Second
}

// WaitResult is wait_for_video's structured content: every get_video field
// (empty until a video exists) plus whether the wait is over and the session view.
type WaitResult struct {
	VideoResult
	Done          bool   `json:"done" jsonschema:"description=true once the video is completed or failed; false means call wait_for_video again."`
	SessionID     string `json:"session_id,omitempty"`
	SessionStatus string `json:"session_status,omitempty"`
	Progress      int    `json:"progress" jsonschema:"description=Session progress 0-100."`
	NeedsInput    bool   `json:"needs_input,omitempty" jsonschema:"description=true when a chat-mode agent waits for your answer (see question)."`
	Question      string `json:"question,omitempty"`
	// Answered lists the agent's questions the user answered in their client
	// (MCP elicitation) during this wait; each answer was sent to the agent.
	Answered []AnsweredQuestion `json:"answered,omitempty" jsonschema:"description=Questions of the agent that the user answered directly in their client during this wait; the answers were already sent to the agent."`
	NextStep string             `json:"next_step"`
}

// AnsweredQuestion is one question the user answered through elicitation.
type AnsweredQuestion struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// maxElicitRounds bounds how many of the agent's questions one wait asks the
// user directly before handing the next one to the model.
const maxElicitRounds = 3

func (r WaitResult) toolText() string {
	var b strings.Builder
	for _, a := range r.Answered {
		fmt.Fprintf(&b, "The user answered the agent's question %q with %q (sent to the agent).\n",
			truncate(oneLine(a.Question), 200), truncate(oneLine(a.Answer), 200))
	}
	switch {
	case r.Done && r.Status != "":
		b.WriteString(r.VideoResult.toolText())
	case r.Done:
		fmt.Fprintf(&b, "Session %s ended with status %s and no video.", r.SessionID, r.SessionStatus)
		if r.FailureMessage != "" {
			b.WriteString(" Failure: " + r.FailureMessage)
		}
	default:
		if r.SessionID != "" {
			fmt.Fprintf(&b, "Session %s: %s, %d%%.", r.SessionID, orUnknown(r.SessionStatus), r.Progress)
		}
		if r.VideoID != "" {
			fmt.Fprintf(&b, " Video %s: %s.", r.VideoID, orUnknown(r.Status))
		}
		if r.Question != "" {
			fmt.Fprintf(&b, "\nThe agent is asking: %s", r.Question)
		}
	}
	fmt.Fprintf(&b, "\nDone: %t. Next: %s", r.Done, r.NextStep)
	return strings.TrimSpace(b.String())
}

func orUnknown(s string) string {
	if s == "" {
		return "not known yet"
	}
	return s
}

func (registry) WaitForVideo() Definition {
	return define(Definition{
		Name: "wait_for_video", Title: "Wait for a video to finish", Toolset: ToolsetVideoAgent, Shared: []string{ToolsetVideos}, Task: true,
		Example: `{"session_id": "sess_abc123", "timeout_seconds": 45}`,
		Hints:   readHints,
		Description: "Wait (up to timeout_seconds, default 45) until a session's or a video's rendering is completed or failed, sending progress " +
			"notifications meanwhile. Returns get_video's fields plus done, session_status, progress and, in chat mode, the agent's question. " +
			"When done is false, call it again. Cancelling the call stops the wait, not the video.",
	}, Deps.waitForVideo)
}

func (d Deps) waitForVideo(ctx context.Context, p WaitForVideoParams) (WaitResult, error) {
	c, tenant, err := d.client(ctx)
	if err != nil {
		return WaitResult{}, err
	}
	return d.wait(ctx, c, tenant, watch.Ref{SessionID: string(p.SessionID), VideoID: string(p.VideoID)}, p.timeout(), true)
}
