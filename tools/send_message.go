package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// SendMessageParams are the arguments of send_message (POST /v3/video-agents/{id}).
type SendMessageParams struct {
	SessionID  ID          `json:"session_id" jsonschema:"required,minLength=1,description=Session id from create_video (e.g. sess_abc123). The session must have been created with mode chat."`
	Message    string      `json:"message" jsonschema:"required,minLength=1,maxLength=10000,description=Your answer to the agent's question or a revision request (e.g. 'Use a warmer voice and shorten the intro')."`
	AvatarID   ID          `json:"avatar_id,omitempty" jsonschema:"description=Switch to this avatar look id (from list_avatars)."`
	VoiceID    ID          `json:"voice_id,omitempty" jsonschema:"description=Switch to this voice id (from list_voices)."`
	BrandKitID ID          `json:"brand_kit_id,omitempty" jsonschema:"description=Apply this HeyGen brand kit id."`
	Files      []FileInput `json:"files,omitempty" jsonschema:"maxItems=20,description=Up to 20 more reference files (same forms as in create_video)."`
	// AutoProceed is HeyGen's auto_proceed field of POST /v3/video-agents/{id}.
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

func (registry) SendMessage() Definition {
	return define(Definition{
		Name: "send_message", Title: "Answer the agent or request a revision", Toolset: ToolsetVideoAgent,
		Example: `{"session_id": "sess_abc123", "message": "Use a warmer voice and shorten the intro"}`,
		Hints:   Hints{ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true},
		Description: "Send a message to a chat-mode Video Agent session: answer the question get_session shows, approve a storyboard, " +
			"or ask for a revision (a revision makes a new video). Then call wait_for_video.",
	}, Deps.sendMessage)
}

func (d Deps) sendMessage(ctx context.Context, p SendMessageParams) (SendMessageResult, error) {
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
	resp, err := c.SendMessage(ctx, string(p.SessionID), &heygen.SendMessageRequest{
		Message: p.Message, AvatarID: string(p.AvatarID), VoiceID: string(p.VoiceID), BrandKitID: string(p.BrandKitID), Files: files,
		AutoProceed: p.AutoProceed,
	})
	if err != nil {
		return SendMessageResult{}, err
	}
	return SendMessageResult{
		SessionID: resp.SessionID, RunID: resp.RunID, Title: deref(resp.Title),
		NextStep: fmt.Sprintf("call wait_for_video with session_id %q (again while done is false).", resp.SessionID),
	}, nil
}
