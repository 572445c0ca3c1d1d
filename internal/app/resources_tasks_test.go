package app

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/internal/webhook"
	"github.com/heygen-mcp/heygen-mcp/resources"
	"github.com/heygen-mcp/heygen-mcp/transport"
)

func TestResourcesListShowsTheCallersCreatedSession(t *testing.T) {
	cfg, err := ParseConfig([]string{"--sandbox"}, env(nil))
	require.NoError(t, err)
	s, err := NewServer(cfg, quiet())
	require.NoError(t, err)
	defer s.Close()
	c := connect(t, s)
	req := mcp.CallToolRequest{}
	req.Params.Name = "create_video"
	req.Params.Arguments = map[string]any{"prompt": "A teaser"}
	res, err := c.CallTool(context.Background(), req)
	require.NoError(t, err)
	require.False(t, res.IsError)
	sid := res.StructuredContent.(map[string]any)["session_id"].(string)

	list, err := c.ListResources(context.Background(), mcp.ListResourcesRequest{})
	require.NoError(t, err)
	var uris []string
	for _, r := range list.Resources {
		uris = append(uris, r.URI)
	}
	assert.Contains(t, uris, resources.SessionURI(sid))
}

func TestServerCapabilitiesPerTransport(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		tasks bool
	}{{nil, true}, {[]string{"--transport", "http"}, false}} {
		cfg, err := ParseConfig(append(tc.args, "--sandbox"), env(nil))
		require.NoError(t, err)
		s, err := NewServer(cfg, quiet())
		require.NoError(t, err)
		c := connect(t, s)
		caps := c.GetServerCapabilities()
		require.NotNil(t, caps.Resources)
		assert.True(t, caps.Resources.Subscribe)
		assert.True(t, caps.Resources.ListChanged)
		assert.Equal(t, tc.tasks, caps.Tasks != nil, "tasks on %v", tc.args)
		list, err := c.ListTools(context.Background(), mcp.ListToolsRequest{})
		require.NoError(t, err)
		for _, tl := range list.Tools {
			want := tc.tasks && (tl.Name == "create_video" || tl.Name == "wait_for_video")
			assert.Equal(t, want, tl.Execution != nil && tl.Execution.TaskSupport == mcp.TaskSupportOptional, "%s on %v", tl.Name, tc.args)
		}
		s.Close()
	}
}

func TestWebhookRouteMountedOnlyWithPublicURL(t *testing.T) {
	cfg, err := ParseConfig([]string{"--transport", "http", "--public-url", "https://mcp.example.com"},
		env(map[string]string{"HEYGEN_API_KEY": "sk-x", "HEYGEN_WEBHOOK_SECRET": "whsec-1"}))
	require.NoError(t, err)
	s, err := NewServer(cfg, quiet())
	require.NoError(t, err)
	defer s.Close()
	require.NotNil(t, s.Webhook)
	o := s.httpOptions()
	o.Addr = "" // no listener: serve through httptest
	h, shutdown, err := transport.NewHTTPHandler(s.MCP, o)
	require.NoError(t, err)
	defer func() { _ = shutdown(context.Background()) }()
	ts := httptest.NewServer(h)
	defer ts.Close()
	resp, err := http.Post(ts.URL+webhook.Path, "application/json", strings.NewReader(`{"event_type":"video_agent.completed","event_data":{"session_id":"s_1","callback_id":"forged"}}`))
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the receiver answers (and refuses a forged delivery)")

	// stdio, the sandbox, or no public URL: no receiver.
	for _, args := range [][]string{{"--public-url", "https://mcp.example.com"}, {"--transport", "http"},
		{"--transport", "http", "--sandbox", "--public-url", "https://mcp.example.com"}} {
		cfg, err := ParseConfig(args, env(map[string]string{"HEYGEN_API_KEY": "sk-x"}))
		require.NoError(t, err)
		s, err := NewServer(cfg, quiet())
		require.NoError(t, err)
		assert.Nil(t, s.Webhook, "%v", args)
		assert.NotContains(t, s.routes(), webhook.Path, "%v", args)
		s.Close()
	}
}

func TestCallbackSecret(t *testing.T) {
	a, err := callbackSecret("whsec-1")
	require.NoError(t, err)
	b, err := callbackSecret("whsec-1")
	require.NoError(t, err)
	assert.Equal(t, a, b, "derived: stable across restarts and replicas")
	assert.NotContains(t, string(a), "whsec-1")
	r1, err := callbackSecret("")
	require.NoError(t, err)
	r2, err := callbackSecret("")
	require.NoError(t, err)
	assert.Len(t, r1, 32)
	assert.NotEqual(t, r1, r2, "random per process without HEYGEN_WEBHOOK_SECRET")
}

func TestPublicURLValidation(t *testing.T) {
	for _, ok := range []string{"https://mcp.example.com", "https://mcp.example.com/prefix", "http://localhost:8080", "http://127.0.0.1:9", "http://[::1]:8080"} {
		_, err := ParseConfig([]string{"--public-url", ok}, env(nil))
		assert.NoError(t, err, ok)
	}
	for _, bad := range []string{"http://mcp.example.com", "ftp://x", "mcp.example.com", "https://u:p@mcp.example.com", "https://mcp.example.com/?a=1"} {
		_, err := ParseConfig([]string{"--public-url", bad}, env(nil))
		require.Error(t, err, bad)
		assert.Contains(t, err.Error(), "--public-url", bad)
	}
}

// TestTaskAugmentedCreateOverStdio: tools/call with "task" answers with a task
// at once, and tasks/result yields create_video's result.
func TestTaskAugmentedCreateOverStdio(t *testing.T) {
	cfg, err := ParseConfig([]string{"--sandbox"}, env(nil))
	require.NoError(t, err)
	s, err := NewServer(cfg, quiet())
	require.NoError(t, err)
	defer s.Close()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- transport.ServeStdio(ctx, s.MCP, inR, outW, quiet()) }()
	defer func() {
		cancel()
		_ = inW.Close()
		<-served
		_ = outW.Close()
	}()
	lines := make(chan map[string]any, 64)
	go func() {
		sc := bufio.NewScanner(outR)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				lines <- m
			}
		}
		close(lines)
	}()
	send := func(l string) {
		_, err := inW.Write([]byte(l + "\n"))
		require.NoError(t, err)
	}
	// response returns the answer to id, skipping notifications.
	response := func(id float64) map[string]any {
		for m := range lines {
			if m["id"] == id {
				return m
			}
		}
		t.Fatal("stdout closed")
		return nil
	}
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`)
	response(1)
	send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"create_video","arguments":{"prompt":"A teaser"},"task":{"ttl":60000}}}`)
	r := response(2)
	require.Contains(t, r, "result", "%v", r)
	task := r["result"].(map[string]any)["task"].(map[string]any)
	id, _ := task["taskId"].(string)
	require.NotEmpty(t, id)
	assert.Equal(t, "working", task["status"])

	send(`{"jsonrpc":"2.0","id":3,"method":"tasks/result","params":{"taskId":"` + id + `"}}`)
	r = response(3)
	require.Contains(t, r, "result", "%v", r)
	res := r["result"].(map[string]any)
	assert.NotEqual(t, true, res["isError"], "%v", res)
	sc, _ := res["structuredContent"].(map[string]any)
	assert.NotEmpty(t, sc["session_id"], "%v", res)
}
