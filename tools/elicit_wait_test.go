package tools_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

// scriptedUser answers (or declines) elicitation/create like a user in their
// MCP client: with the first offered choice, or a fixed free-text answer.
type scriptedUser struct {
	decline bool

	mu       sync.Mutex
	messages []string
}

func (u *scriptedUser) Elicit(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	u.mu.Lock()
	u.messages = append(u.messages, req.Params.Message)
	u.mu.Unlock()
	if u.decline {
		return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionDecline}}, nil
	}
	b, err := json.Marshal(req.Params.RequestedSchema)
	if err != nil {
		return nil, err
	}
	var schema struct {
		Properties struct {
			Choice *struct {
				OneOf []struct {
					Const string `json:"const"`
				} `json:"oneOf"`
			} `json:"choice"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(b, &schema); err != nil {
		return nil, err
	}
	content := map[string]any{"answer": "Make it upbeat"}
	if ch := schema.Properties.Choice; ch != nil && len(ch.OneOf) > 0 {
		content = map[string]any{"choice": ch.OneOf[0].Const}
	}
	return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept, Content: content}}, nil
}

func (u *scriptedUser) asked() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.messages...)
}

// messageBodies are the send_message requests the simulator received for sid.
func messageBodies(t *testing.T, h *waitHarness, sid string) []heygen.SendMessageRequest {
	t.Helper()
	var out []heygen.SendMessageRequest
	for _, r := range h.env.Sim.Requests() {
		if r.Method == "POST" && r.Path == "/v3/video-agents/"+sid {
			var b heygen.SendMessageRequest
			require.NoError(t, json.Unmarshal([]byte(r.Body), &b))
			out = append(out, b)
		}
	}
	return out
}

func TestWaitForVideoAsksTheUserAndGoesOn(t *testing.T) {
	u := &scriptedUser{}
	h := newWaitHarness(t, tools.Deps{}, client.WithElicitationHandler(u))
	sid := h.create(t, "A teaser", heygen.ModeChat)
	st, text := h.run(t, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": 600})

	asked := u.asked()
	require.NotEmpty(t, asked, "the user was never asked")
	assert.Contains(t, asked[0], "voice_id voice_warm_01")
	sent := messageBodies(t, h, sid)
	require.NotEmpty(t, sent, "the answer never reached the agent")
	assert.Equal(t, "Warm narrator (voice_id voice_warm_01)", sent[0].Message)
	assert.Len(t, sent, len(asked), "one send_message per answered question")

	answered, ok := st["answered"].([]any)
	require.True(t, ok, "answered missing: %v", st)
	require.Len(t, answered, len(asked))
	first := answered[0].(map[string]any)
	assert.Contains(t, first["question"], "voice_id voice_warm_01")
	assert.Equal(t, "Warm narrator (voice_id voice_warm_01)", first["answer"])
	assert.NotEqual(t, true, st["needs_input"], "the question the user answered must not go back to the model: %v", st)
	assert.Contains(t, text, "The user answered the agent's question")
	// The session went on past the question: it ended or is still working,
	// but no longer waits for the answer the user gave.
	if st["done"] != true {
		assert.NotEqual(t, heygen.SessionWaitingForInput, st["session_status"])
	}
}

func TestWaitForVideoDeclinedQuestionGoesToTheModel(t *testing.T) {
	u := &scriptedUser{decline: true}
	h := newWaitHarness(t, tools.Deps{}, client.WithElicitationHandler(u))
	sid := h.create(t, "A teaser", heygen.ModeChat)
	st, _ := h.run(t, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": 600})
	assert.Len(t, u.asked(), 1)
	assert.Equal(t, true, st["needs_input"])
	assert.NotEmpty(t, st["question"])
	assert.Contains(t, st["next_step"], "send_message")
	assert.NotContains(t, st, "answered")
	assert.Empty(t, messageBodies(t, h, sid), "a declined question sends nothing to the agent")
}

func TestWaitForVideoWithoutElicitationReturnsTheQuestion(t *testing.T) {
	h := newWaitHarness(t, tools.Deps{}) // the client has no elicitation capability
	sid := h.create(t, "A teaser", heygen.ModeChat)
	st, text := h.run(t, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": 600})
	assert.Equal(t, true, st["needs_input"])
	assert.True(t, strings.Contains(text, "The agent is asking"), text)
	assert.NotContains(t, st, "answered")
	assert.Empty(t, messageBodies(t, h, sid))
}

func TestCreateVideoWaitAsksTheUser(t *testing.T) {
	u := &scriptedUser{}
	h := newWaitHarness(t, tools.Deps{}, client.WithElicitationHandler(u))
	st, _ := h.run(t, "create_video", map[string]any{"prompt": "A teaser", "mode": "chat", "wait_seconds": 600})
	sid := st["session_id"].(string)
	require.NotEmpty(t, u.asked())
	sent := messageBodies(t, h, sid)
	require.NotEmpty(t, sent)
	assert.Equal(t, "Warm narrator (voice_id voice_warm_01)", sent[0].Message)
	w, ok := st["wait"].(map[string]any)
	require.True(t, ok, "wait fields missing: %v", st)
	assert.NotEmpty(t, w["answered"])
}
