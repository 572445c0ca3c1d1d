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

	"github.com/heygen-mcp/heygen-mcp/dev/watchtest"
	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

// scriptedUser answers (or declines) elicitation/create like a user in their
// MCP client: with the first offered choice, or a fixed free-text answer.
type scriptedUser struct {
	decline bool
	// acceptOnly, when > 0, answers only the first acceptOnly questions and
	// declines the rest.
	acceptOnly int

	mu       sync.Mutex
	messages []string
}

func (u *scriptedUser) Elicit(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	u.mu.Lock()
	u.messages = append(u.messages, req.Params.Message)
	n := len(u.messages)
	u.mu.Unlock()
	if u.decline || (u.acceptOnly > 0 && n > u.acceptOnly) {
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

// On 2026-07-28 the server cannot send elicitation/create: wait_for_video
// returns an input_required result and the client (mcp-go's, like the
// official SDKs) asks the user and retries the call with the answer.
func TestWaitForVideoAsksThroughInputRequiredOnNewestProtocol(t *testing.T) {
	u := &scriptedUser{}
	h := newWaitHarnessAt(t, mcp.ProtocolVersion20260728, tools.Deps{}, client.WithElicitationHandler(u))
	sid := h.create(t, "A teaser", heygen.ModeChat)
	st, text := h.run(t, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": 600})

	asked := u.asked()
	require.NotEmpty(t, asked, "the user was never asked")
	assert.Contains(t, asked[0], "voice_id voice_warm_01")
	sent := messageBodies(t, h, sid)
	require.Len(t, sent, len(asked), "one send_message per answered question")
	assert.Equal(t, "Warm narrator (voice_id voice_warm_01)", sent[0].Message)
	answered, ok := st["answered"].([]any)
	require.True(t, ok, "answered missing: %v", st)
	assert.Len(t, answered, len(asked), "answers carried across the retries")
	assert.Contains(t, text, "The user answered the agent's question")
	assert.NotEqual(t, true, st["needs_input"], "%v", st)
}

func TestWaitForVideoDeclinedOnNewestProtocolGoesToTheModel(t *testing.T) {
	u := &scriptedUser{decline: true}
	h := newWaitHarnessAt(t, mcp.ProtocolVersion20260728, tools.Deps{}, client.WithElicitationHandler(u))
	sid := h.create(t, "A teaser", heygen.ModeChat)
	st, _ := h.run(t, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": 600})
	assert.Len(t, u.asked(), 1, "a declined question is not asked again")
	assert.Equal(t, true, st["needs_input"])
	assert.Contains(t, st["next_step"], "send_message")
	assert.Empty(t, messageBodies(t, h, sid))
}

func TestWaitForVideoWithoutElicitationOnNewestProtocol(t *testing.T) {
	h := newWaitHarnessAt(t, mcp.ProtocolVersion20260728, tools.Deps{})
	sid := h.create(t, "A teaser", heygen.ModeChat)
	st, _ := h.run(t, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": 600})
	assert.Equal(t, true, st["needs_input"])
	assert.Empty(t, messageBodies(t, h, sid))
}

// A client that repeats a retry (a network replay, a confused client) must
// not answer the agent twice: the answer is sent only while the session still
// waits on the question it answers.
func TestWaitForVideoReplayedRetrySendsNothingTwice(t *testing.T) {
	// The user answers the first question (the voice) and declines the
	// second (the storyboard), so the session waits on the second one.
	u := &scriptedUser{acceptOnly: 1}
	h := newWaitHarnessAt(t, mcp.ProtocolVersion20260728, tools.Deps{}, client.WithElicitationHandler(u))
	sid := h.create(t, "A teaser", heygen.ModeChat)
	st, _ := h.run(t, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": 600})
	require.Equal(t, true, st["needs_input"], "waits on the second question: %v", st)
	sent := len(messageBodies(t, h, sid))
	require.Equal(t, 1, sent)
	h.mu.Lock()
	require.NotEmpty(t, h.retries, "the client retried with the answer")
	first := h.retries[0]
	h.mu.Unlock()

	params, err := json.Marshal(map[string]any{
		"name": "wait_for_video", "arguments": map[string]any{"session_id": sid, "timeout_seconds": 1},
		"inputResponses": first.InputResponses, "requestState": first.RequestState,
		"_meta": map[string]any{"io.modelcontextprotocol/protocolVersion": mcp.ProtocolVersion20260728,
			"io.modelcontextprotocol/clientCapabilities": map[string]any{"elicitation": map[string]any{}}},
	})
	require.NoError(t, err)
	out := make(chan mcp.JSONRPCMessage, 1)
	go func() {
		out <- h.srv.HandleMessage(context.Background(), json.RawMessage(`{"jsonrpc":"2.0","id":99,"method":"tools/call","params":`+string(params)+`}`))
	}()
	watchtest.Drive(t, h.env.Clock, 1, func() bool { return len(out) == 1 })
	resp := <-out
	_, isErr := resp.(mcp.JSONRPCError)
	require.False(t, isErr, "%v", resp)
	assert.Len(t, messageBodies(t, h, sid), sent, "the replayed answer was not sent again")

	// A state this server did not issue is refused before anything is sent.
	bad, err := json.Marshal(map[string]any{"name": "wait_for_video", "arguments": map[string]any{"session_id": sid},
		"requestState": "not-ours",
		"_meta": map[string]any{"io.modelcontextprotocol/protocolVersion": mcp.ProtocolVersion20260728,
			"io.modelcontextprotocol/clientCapabilities": map[string]any{}}})
	require.NoError(t, err)
	resp = h.srv.HandleMessage(context.Background(), json.RawMessage(`{"jsonrpc":"2.0","id":100,"method":"tools/call","params":`+string(bad)+`}`))
	b, err := json.Marshal(resp)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"isError":true`)
	assert.Contains(t, string(b), "requestState this server did not issue")
	assert.Len(t, messageBodies(t, h, sid), sent)
}

// create_video cannot be re-run safely (a re-run starts another paid
// session), so on 2026-07-28 its own wait never asks through input_required:
// the agent's question goes to the model, and exactly one session exists.
func TestCreateVideoWaitOnNewestProtocolNeverAsksByRetry(t *testing.T) {
	u := &scriptedUser{}
	h := newWaitHarnessAt(t, mcp.ProtocolVersion20260728, tools.Deps{}, client.WithElicitationHandler(u))
	st, _ := h.run(t, "create_video", map[string]any{"prompt": "A teaser", "mode": "chat", "wait_seconds": 600})
	assert.Len(t, createBodies(t, h), 1, "one create, however the wait went")
	assert.Empty(t, u.asked(), "no input_required from create_video")
	w, ok := st["wait"].(map[string]any)
	require.True(t, ok, "wait fields missing: %v", st)
	assert.Equal(t, true, w["needs_input"], "the question goes to the model: %v", w)
}
