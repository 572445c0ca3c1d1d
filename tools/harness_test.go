package tools_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/internal/creds"
	"github.com/heygen-mcp/heygen-mcp/internal/sandbox"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

const testKey = "sk-test-0123456789abcdef"

// harness is a real MCP client talking in-process to a server whose tools call
// the HeyGen simulator over httptest, mounted under a path prefix so absolute
// paths in the client would show up as 404s.
type harness struct {
	sim    *sim.Simulator
	client *client.Client
}

type harnessOpts struct {
	key      string // the server's default key; "" = none
	sandbox  bool
	readOnly bool
	noRetry  bool // the client gives up after the first attempt
	created  func(ctx context.Context, tenant, sessionID string)
	simOpts  []sim.Option
}

func newHarness(t *testing.T, o harnessOpts) *harness {
	t.Helper()
	clock := sim.NewFakeClock(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	s := sim.New(append([]sim.Option{sim.WithClock(clock), sim.WithAPIKeys(testKey), sim.WithSeed(7)}, o.simOpts...)...)
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", s))
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)

	retries := 1
	if o.noRetry {
		retries = 0
	}
	pool := creds.NewPool(o.key, func(key string) (*heygen.Client, error) {
		return heygen.NewClient(
			heygen.WithBaseURL(ts.URL+"/api"),
			heygen.WithAPIKey(key),
			heygen.WithHTTPClient(ts.Client()),
			heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: retries, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxRetryAfter: time.Hour}),
			// Retries happen without waiting: tests never depend on wall time.
			heygen.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }),
		)
	})
	mcpSrv := server.NewMCPServer("heygen-mcp-test", "0.0.0",
		server.WithToolCapabilities(false),
		// Every structured result is checked against its advertised output schema.
		server.WithOutputSchemaValidation())
	// Every wait runs on a hub, as in the assembled server (wall time, default schedule).
	hub := watch.NewHub(watch.HubOptions{})
	t.Cleanup(hub.Close)
	tools.Register(mcpSrv, tools.Deps{Clients: pool, Simulated: simulatedIf(o.sandbox), OnSessionCreated: o.created, Hub: hub}, tools.SelectAll(o.readOnly))

	c := mcptest.Connect(t, mcpSrv, mcptest.Protocol(mcp.LATEST_PROTOCOL_VERSION))
	return &harness{sim: s, client: c}
}

// call invokes a tool; args nil sends no "arguments" member at all.
func (h *harness) call(t *testing.T, name string, args any) *mcp.CallToolResult {
	t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := h.client.CallTool(context.Background(), req)
	require.NoError(t, err, "tool %s: protocol error", name)
	return res
}

func (h *harness) ok(t *testing.T, name string, args any) (map[string]any, string) {
	t.Helper()
	res := h.call(t, name, args)
	text := resultText(t, res)
	require.False(t, res.IsError, "tool %s failed: %s", name, text)
	return structured(t, res), text
}

func (h *harness) fail(t *testing.T, name string, args any) (map[string]any, string) {
	t.Helper()
	res := h.call(t, name, args)
	text := resultText(t, res)
	require.True(t, res.IsError, "tool %s should have failed: %s", name, text)
	return errorMeta(t, res), text
}

// errorMeta is the ErrorInfo of an isError result as the client decoded it
// (from _meta), checking the contract every client relies on: no
// structuredContent on an error, the facts in _meta and in the text.
func errorMeta(t *testing.T, res *mcp.CallToolResult) map[string]any {
	t.Helper()
	require.True(t, res.IsError)
	require.Nil(t, res.StructuredContent, "an error result must not carry structuredContent (it would fail the output schema)")
	require.NotNil(t, res.Meta, "error result without _meta")
	raw, ok := res.Meta.AdditionalFields[tools.ErrorMetaKey]
	require.True(t, ok, "_meta[%q] missing: %v", tools.ErrorMetaKey, res.Meta.AdditionalFields)
	b, err := json.Marshal(raw)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	info, ok := tools.ErrorInfoOf(res)
	require.True(t, ok)
	require.Equal(t, m["kind"], info.Kind)
	text := resultText(t, res)
	lines := strings.Split(strings.TrimSpace(text), "\n")
	require.True(t, strings.HasPrefix(lines[len(lines)-1], "Details: kind="+info.Kind), "last line of %q", text)
	return m
}

func resultText(t *testing.T, res *mcp.CallToolResult) string {
	t.Helper()
	require.NotEmpty(t, res.Content)
	tc, ok := res.Content[0].(mcp.TextContent)
	require.True(t, ok, "first content is %T", res.Content[0])
	return tc.Text
}

func structured(t *testing.T, res *mcp.CallToolResult) map[string]any {
	t.Helper()
	b, err := json.Marshal(res.StructuredContent)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	return m
}

// simulatedIf is what the assembly passes in sandbox mode (nil otherwise).
func simulatedIf(on bool) *tools.Simulated {
	if !on {
		return nil
	}
	return &tools.Simulated{Notice: sandbox.Notice, RenderTime: sandbox.RenderTimeText(1), IsSampleURL: sandbox.IsSandboxURL}
}
