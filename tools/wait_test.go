package tools_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/dev/watchtest"
	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/creds"
	"github.com/heygen-mcp/heygen-mcp/internal/sandbox"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
	"github.com/heygen-mcp/heygen-mcp/internal/webhook"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

// waitHarness is a real MCP client on a server whose hub and simulator share
// a manual clock: the test moves time, nothing waits on the wall clock.
type waitHarness struct {
	env    *watchtest.Env
	hub    *watch.Hub
	client *client.Client
	srv    *server.MCPServer

	mu       sync.Mutex
	progress []mcp.JSONRPCNotification
	retries  []mcp.CallToolParams // tools/call params that carried a requestState
}

func newWaitHarness(t *testing.T, deps tools.Deps, opts ...client.ClientOption) *waitHarness {
	t.Helper()
	return newWaitHarnessAt(t, "2025-11-25", deps, opts...)
}

// newWaitHarnessAt connects the client at protocol version proto.
func newWaitHarnessAt(t *testing.T, proto string, deps tools.Deps, opts ...client.ClientOption) *waitHarness {
	t.Helper()
	h := &waitHarness{env: watchtest.NewEnv()}
	h.hub = watch.NewHub(watch.HubOptions{Clock: h.env.Clock})
	t.Cleanup(h.hub.Close)
	deps.Clients = creds.NewPool(testKey, func(key string) (*heygen.Client, error) { return h.env.Client(key), nil })
	deps.Hub = h.hub
	srv := server.NewMCPServer("wait-test", "0", server.WithToolCapabilities(false), server.WithOutputSchemaValidation(),
		server.WithElicitation(),
		server.WithToolHandlerMiddleware(func(next server.ToolHandlerFunc) server.ToolHandlerFunc {
			return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				if req.Params.RequestState != "" {
					h.mu.Lock()
					h.retries = append(h.retries, req.Params)
					h.mu.Unlock()
				}
				return next(ctx, req)
			}
		}))
	tools.Register(srv, deps, tools.SelectAll(false))
	var got *mcp.InitializeResult
	c := mcptest.Connect(t, srv, mcptest.Protocol(proto), mcptest.ClientOptions(opts...), mcptest.Result(&got),
		mcptest.OnNotification(func(n mcp.JSONRPCNotification) {
			if n.Method == string(mcp.MethodNotificationProgress) {
				h.mu.Lock()
				h.progress = append(h.progress, n)
				h.mu.Unlock()
			}
		}))
	require.Equal(t, proto, got.ProtocolVersion)
	h.client = c
	h.srv = srv
	return h
}

func (h *waitHarness) create(t *testing.T, prompt, mode string) string {
	t.Helper()
	resp, err := h.env.Client(testKey).CreateSession(context.Background(), &heygen.CreateSessionRequest{Prompt: prompt, Mode: mode})
	require.NoError(t, err)
	return resp.SessionID
}

type callOutcome struct {
	res *mcp.CallToolResult
	err error
}

// start calls a tool in the background with a progress token.
func (h *waitHarness) start(ctx context.Context, name string, args map[string]any) chan callOutcome {
	out := make(chan callOutcome, 1)
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	req.Params.Meta = &mcp.Meta{ProgressToken: "tok-1"}
	go func() {
		res, err := h.client.CallTool(ctx, req)
		out <- callOutcome{res, err}
	}()
	return out
}

// run calls a tool and drives the clock (poller + waiter timers) until it answers.
func (h *waitHarness) run(t *testing.T, name string, args map[string]any) (map[string]any, string) {
	t.Helper()
	out := h.start(context.Background(), name, args)
	watchtest.Drive(t, h.env.Clock, 2, func() bool { return len(out) == 1 })
	o := <-out
	require.NoError(t, o.err)
	text := resultText(t, o.res)
	require.False(t, o.res.IsError, text)
	return structured(t, o.res), text
}

func (h *waitHarness) notes() []map[string]any {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []map[string]any
	for _, n := range h.progress {
		out = append(out, n.Params.AdditionalFields)
	}
	return out
}

func TestWaitForVideoSendsProgressUntilDone(t *testing.T) {
	h := newWaitHarness(t, tools.Deps{})
	sid := h.create(t, "A 30 second teaser", heygen.ModeGenerate)
	st, text := h.run(t, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": 600})

	assert.Equal(t, true, st["done"])
	assert.Equal(t, heygen.VideoCompleted, st["status"])
	assert.Equal(t, sid, st["session_id"])
	assert.Equal(t, heygen.SessionCompleted, st["session_status"])
	assert.EqualValues(t, 100, st["progress"])
	assert.NotEmpty(t, st["video_url"])
	assert.NotEmpty(t, st["video_id"])
	assert.Contains(t, text, "video_url")

	// Notifications travel apart from the response: the last may land just after it.
	watchtest.WaitFor(t, "the final progress notification", func() bool {
		n := h.notes()
		return len(n) > 0 && strings.Contains(n[len(n)-1]["message"].(string), "video completed")
	})
	notes := h.notes()
	require.GreaterOrEqual(t, len(notes), 3, "one progress notification per fetch")
	last := -1.0
	var msgs []string
	for _, n := range notes {
		assert.Equal(t, "tok-1", n["progressToken"])
		assert.EqualValues(t, 100, n["total"])
		p, _ := n["progress"].(float64)
		assert.Greater(t, p, last, "progress must increase: %v", notes)
		last = p
		msgs = append(msgs, n["message"].(string))
	}
	assert.Contains(t, msgs[0], "session thinking")
	assert.Contains(t, msgs[len(msgs)-1], "video completed")
	// Statuses appear in the order the session goes through them.
	order := []string{"session thinking", "video pending", "video processing", "video completed"}
	at := 0
	for _, m := range msgs {
		for i := at; i < len(order); i++ {
			if strings.Contains(m, order[i]) {
				at = i
			}
		}
		for i := 0; i < at; i++ {
			assert.NotContains(t, m, order[i]+",", "status went back: %v", msgs)
		}
	}
	assert.Equal(t, 0, h.hub.Watchers(), "the poller stopped at the terminal state")
}

func TestWaitForVideoTimeoutSaysCallAgain(t *testing.T) {
	h := newWaitHarness(t, tools.Deps{})
	sid := h.create(t, "A teaser", heygen.ModeGenerate)
	st, text := h.run(t, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": 1})
	assert.Equal(t, false, st["done"])
	assert.Equal(t, heygen.SessionThinking, st["session_status"])
	assert.Contains(t, st["next_step"], "call wait_for_video again")
	assert.Contains(t, text, "Done: false")
	watchtest.WaitFor(t, "the poller to stop with its only waiter", func() bool { return h.hub.Watchers() == 0 })
}

func TestWaitForVideoChatPauseSaysSendMessage(t *testing.T) {
	h := newWaitHarness(t, tools.Deps{})
	sid := h.create(t, "A teaser", heygen.ModeChat)
	st, _ := h.run(t, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": 600})
	assert.Equal(t, false, st["done"])
	assert.Equal(t, true, st["needs_input"])
	assert.NotEmpty(t, st["question"])
	assert.Contains(t, st["next_step"], "send_message")
	assert.Contains(t, st["next_step"], "wait_for_video again")
	watchtest.WaitFor(t, "the question in a progress message", func() bool {
		n := h.notes()
		return len(n) > 0 && strings.Contains(n[len(n)-1]["message"].(string), "the agent asks")
	})
}

func TestWaitForVideoFailedIsAResult(t *testing.T) {
	h := newWaitHarness(t, tools.Deps{})
	sid := h.create(t, "A teaser [[fail]]", heygen.ModeGenerate)
	st, text := h.run(t, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": 600})
	assert.Equal(t, true, st["done"])
	assert.Equal(t, heygen.VideoFailed, st["status"])
	assert.Equal(t, "rendering_failed", st["failure_code"])
	assert.NotEmpty(t, st["failure_message"])
	assert.Contains(t, text, "rendering_failed")
}

func TestWaitForVideoByVideoID(t *testing.T) {
	h := newWaitHarness(t, tools.Deps{})
	sid := h.create(t, "A teaser", heygen.ModeGenerate)
	first, _ := h.run(t, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": 600})
	vid := first["video_id"].(string)
	st, _ := h.run(t, "wait_for_video", map[string]any{"video_id": vid})
	assert.Equal(t, true, st["done"])
	assert.Equal(t, vid, st["video_id"])
	assert.Empty(t, st["session_id"])
}

func TestWaitForVideoRejectsBadInputWithoutCallingHeyGen(t *testing.T) {
	h := newWaitHarness(t, tools.Deps{})
	h.env.Sim.ResetRequests()
	for _, tc := range []struct {
		args  map[string]any
		field string
	}{
		{map[string]any{}, "session_id"},
		{map[string]any{"session_id": "s_1", "video_id": "v_1"}, "video_id"},
		{map[string]any{"session_id": "s_1", "timeout_seconds": 0}, "timeout_seconds"},
		{map[string]any{"session_id": "s_1", "timeout_seconds": 601}, "timeout_seconds"},
		{map[string]any{"video_id": "../x"}, "video_id"},
	} {
		req := mcp.CallToolRequest{}
		req.Params.Name = "wait_for_video"
		req.Params.Arguments = tc.args
		res, err := h.client.CallTool(context.Background(), req)
		require.NoError(t, err)
		require.True(t, res.IsError, "%v", tc.args)
		assert.Contains(t, resultText(t, res), tc.field, "%v", tc.args)
	}
	assert.Zero(t, h.env.Sim.RequestCount("", "/"))
}

func TestWaitForVideoCancelStopsTheWaitNotTheVideo(t *testing.T) {
	h := newWaitHarness(t, tools.Deps{})
	sid := h.create(t, "A teaser", heygen.ModeGenerate)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := h.start(ctx, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": 600})
	// The wait's first fetch happens at once (no clock move needed).
	watchtest.WaitFor(t, "the first progress notification", func() bool { return len(h.notes()) > 0 })
	cancel()
	o := <-out
	require.Error(t, o.err)
	watchtest.WaitFor(t, "the server to drop the wait", func() bool { return h.hub.Watchers() == 0 })
	for _, r := range h.env.Sim.Requests() {
		assert.False(t, r.Method == "POST" && strings.HasSuffix(r.Path, "/stop"), "the video was stopped: %s %s", r.Method, r.Path)
	}
	s, err := h.env.Client(testKey).GetSession(context.Background(), sid)
	require.NoError(t, err)
	assert.NotEqual(t, heygen.SessionFailed, s.Status)
}

func TestCreateVideoWaitSeconds(t *testing.T) {
	var created []string
	var mu sync.Mutex
	h := newWaitHarness(t, tools.Deps{OnSessionCreated: func(_ context.Context, tenant, sid string) {
		mu.Lock()
		defer mu.Unlock()
		created = append(created, tenant+"/"+sid)
	}})
	st, text := h.run(t, "create_video", map[string]any{"prompt": "A teaser", "wait_seconds": 600})
	sid := st["session_id"].(string)
	w, ok := st["wait"].(map[string]any)
	require.True(t, ok, "wait fields missing: %v", st)
	assert.Equal(t, true, w["done"])
	assert.Equal(t, heygen.VideoCompleted, w["status"])
	assert.Equal(t, sid, w["session_id"])
	assert.Equal(t, w["video_id"], st["video_id"])
	assert.Contains(t, text, "After waiting")
	mu.Lock()
	assert.Equal(t, []string{creds.Tenant(testKey) + "/" + sid}, created)
	mu.Unlock()

	// Without wait_seconds nothing waits and no wait fields appear.
	st, _ = h.run(t, "create_video", map[string]any{"prompt": "Another"})
	assert.NotContains(t, st, "wait")
}

func createBodies(t *testing.T, h *waitHarness) []heygen.CreateSessionRequest {
	t.Helper()
	var out []heygen.CreateSessionRequest
	for _, r := range h.env.Sim.Requests() {
		if r.Method == "POST" && r.Path == "/v3/video-agents" {
			var b heygen.CreateSessionRequest
			require.NoError(t, json.Unmarshal([]byte(r.Body), &b))
			out = append(out, b)
		}
	}
	return out
}

func TestCreateVideoPassesOurCallbackWhenWebhooksAreOn(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	h := newWaitHarness(t, tools.Deps{Webhook: &tools.WebhookConfig{PublicURL: "https://mcp.example.com/", CallbackSecret: secret}})
	h.run(t, "create_video", map[string]any{"prompt": "A teaser"})
	h.run(t, "create_video", map[string]any{"prompt": "Mine", "callback_url": "https://me.example/hook", "callback_id": "mine-1"})
	h.run(t, "create_video", map[string]any{"prompt": "Id only", "callback_id": "mine-2"})
	bodies := createBodies(t, h)
	require.Len(t, bodies, 3)

	assert.Equal(t, "https://mcp.example.com/webhooks/heygen", bodies[0].CallbackURL)
	assert.True(t, webhook.VerifyCallbackID(secret, bodies[0].CallbackID), "callback_id %q", bodies[0].CallbackID)
	assert.Equal(t, "https://me.example/hook", bodies[1].CallbackURL, "the user's own callback is kept")
	assert.Equal(t, "mine-1", bodies[1].CallbackID)
	assert.Equal(t, "https://mcp.example.com/webhooks/heygen", bodies[2].CallbackURL)
	assert.True(t, strings.HasPrefix(bodies[2].CallbackID, "mine-2.hmcp1."), "the user's own callback_id is kept in front: %q", bodies[2].CallbackID)
	assert.True(t, webhook.VerifyCallbackID(secret, bodies[2].CallbackID), "and our server accepts its deliveries")

	// Without webhooks nothing is added.
	plain := newWaitHarness(t, tools.Deps{})
	plain.run(t, "create_video", map[string]any{"prompt": "A teaser"})
	b := createBodies(t, plain)
	require.Len(t, b, 1)
	assert.Empty(t, b[0].CallbackURL)
	assert.Empty(t, b[0].CallbackID)
}

func TestWaitForVideoSandboxIsMarked(t *testing.T) {
	h := newWaitHarness(t, tools.Deps{Simulated: simulatedIf(true)})
	sid := h.create(t, "A teaser", heygen.ModeGenerate)
	_, text := h.run(t, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": 1})
	assert.True(t, strings.HasPrefix(text, sandbox.Notice), text)
}
