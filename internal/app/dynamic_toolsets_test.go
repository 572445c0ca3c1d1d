package app

import (
	"context"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

// offToolset is a toolset that is off by default and has tools of its own.
func offToolset(t *testing.T) (string, []string) {
	t.Helper()
	for _, ts := range tools.Toolsets() {
		if ts.Default {
			continue
		}
		var own []string
		for _, def := range tools.Definitions() {
			if def.Toolset == ts.Name {
				own = append(own, def.Name)
			}
		}
		if len(own) > 0 {
			return ts.Name, own
		}
	}
	t.Fatal("no toolset off by default has tools of its own")
	return "", nil
}

func toolNames(t *testing.T, list *mcp.ListToolsResult) []string {
	t.Helper()
	var names []string
	for _, tl := range list.Tools {
		names = append(names, tl.Name)
	}
	return names
}

// TestEnableToolset: with --dynamic-toolsets the model turns a toolset on;
// its tools appear in the caller's list and the client hears list_changed,
// over stdio (the server's own list) and over stateful HTTP (the session's).
func TestEnableToolset(t *testing.T) {
	name, own := offToolset(t)
	for _, transportName := range []string{"stdio", "http"} {
		t.Run(transportName, func(t *testing.T) {
			cfg, err := ParseConfig([]string{"--sandbox", "--dynamic-toolsets", "--transport", transportName}, env(nil))
			require.NoError(t, err)
			s, err := NewServer(cfg, quiet())
			require.NoError(t, err)
			t.Cleanup(s.Close)
			var changed atomic.Int32
			onNote := mcptest.OnNotification(func(n mcp.JSONRPCNotification) {
				if n.Method == "notifications/tools/list_changed" {
					changed.Add(1)
				}
			})
			var c interface {
				ListTools(context.Context, mcp.ListToolsRequest) (*mcp.ListToolsResult, error)
				CallTool(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error)
			}
			if transportName == "stdio" {
				c = mcptest.Connect(t, s.MCP, onNote)
			} else {
				ts := httptest.NewServer(server.NewStreamableHTTPServer(s.MCP))
				t.Cleanup(ts.Close)
				// Notifications outside a request travel on the GET stream, which
				// the client must hold (as real clients do).
				c = mcptest.ConnectHTTP(t, ts.URL, nil, onNote, mcptest.HTTPOptions(transport.WithContinuousListening()))
			}
			ctx := context.Background()
			before, err := c.ListTools(ctx, mcp.ListToolsRequest{})
			require.NoError(t, err)
			assert.Contains(t, toolNames(t, before), "enable_toolset")
			assert.NotContains(t, toolNames(t, before), own[0])

			req := mcp.CallToolRequest{}
			req.Params.Name, req.Params.Arguments = "enable_toolset", map[string]any{"toolset": name}
			res, err := c.CallTool(ctx, req)
			require.NoError(t, err)
			require.False(t, res.IsError, "%v", res.Content)
			assert.Eventually(t, func() bool { return changed.Load() > 0 }, 5*time.Second, 10*time.Millisecond, "list_changed")
			after, err := c.ListTools(ctx, mcp.ListToolsRequest{})
			require.NoError(t, err)
			for _, n := range own {
				assert.True(t, slices.Contains(toolNames(t, after), n), "%s listed after enable_toolset %s", n, name)
			}

			// Again: nothing more to add.
			res, err = c.CallTool(ctx, req)
			require.NoError(t, err)
			require.False(t, res.IsError)
			assert.Contains(t, res.Content[0].(mcp.TextContent).Text, "already on")
		})
	}
}

func TestEnableToolsetUnknownName(t *testing.T) {
	_, c, _ := sandboxServer(t, "--dynamic-toolsets")
	req := mcp.CallToolRequest{}
	req.Params.Name, req.Params.Arguments = "enable_toolset", map[string]any{"toolset": "everything"}
	res, err := c.CallTool(context.Background(), req)
	require.NoError(t, err)
	require.True(t, res.IsError)
	assert.Contains(t, res.Content[0].(mcp.TextContent).Text, "toolset")
}
