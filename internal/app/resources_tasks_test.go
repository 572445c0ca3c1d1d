package app

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
