package tools

import (
	"context"
	"fmt"
)

// SessionIDParams identify one session.
type SessionIDParams struct {
	SessionID ID `json:"session_id" jsonschema:"required,minLength=1,description=Session id from create_video or list_sessions (e.g. sess_abc123)."`
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

func (registry) StopSession() Definition {
	return define(Definition{
		Name: "stop_session", Title: "Stop a video session", Toolset: ToolsetVideoAgent,
		Example: `{"session_id": "sess_abc123"}`,
		Hints:   Hints{ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: true},
		Description: "Stop the active run of a Video Agent session at its next checkpoint (partial results are kept; a stopped run may produce no video). " +
			"Use only when the user asks to cancel. Check the outcome with get_session.",
	}, Deps.stopSession)
}

func (d Deps) stopSession(ctx context.Context, p SessionIDParams) (StopSessionResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return StopSessionResult{}, err
	}
	resp, err := c.StopSession(ctx, string(p.SessionID))
	if err != nil {
		return StopSessionResult{}, err
	}
	id := resp.SessionID
	if id == "" {
		id = string(p.SessionID)
	}
	return StopSessionResult{SessionID: id, Stopped: true, NextStep: fmt.Sprintf("call get_session with session_id %q to see where it stopped.", id)}, nil
}
