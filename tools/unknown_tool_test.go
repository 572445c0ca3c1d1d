package tools_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

func unknownToolServer(t *testing.T, readOnly bool) *server.MCPServer {
	t.Helper()
	s := server.NewMCPServer("unknown-tool-test", "0", server.WithToolCapabilities(false), server.WithHooks(&server.Hooks{}))
	tools.Register(s, tools.Deps{}, tools.SelectAll(readOnly))
	require.NoError(t, tools.RegisterUnknownToolHook(s))
	return s
}

// visibleNames are the tools Register adds, sorted, from the registry itself.
func visibleNames(readOnly bool) []string {
	var names []string
	for _, st := range tools.ServerTools(tools.Deps{}, tools.SelectAll(readOnly)) {
		names = append(names, st.Tool.Name)
	}
	slices.Sort(names)
	return names
}

// TestUnknownToolMessage: an unknown tool stays a -32602 protocol error (MCP
// spec, tools: error handling) whose message names the tools the caller can
// see; under --read-only the write tools are not offered.
func TestUnknownToolMessage(t *testing.T) {
	for _, readOnly := range []bool{false, true} {
		s := unknownToolServer(t, readOnly)
		for _, name := range []string{"make_video", "create_video"} {
			if !readOnly && name == "create_video" {
				continue // a real tool
			}
			msg := `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"` + name + `","arguments":{}}}`
			resp := s.HandleMessage(context.Background(), json.RawMessage(msg))
			b, err := json.Marshal(resp)
			require.NoError(t, err)
			var got struct {
				ID    int `json:"id"`
				Error struct {
					Code    int    `json:"code"`
					Message string `json:"message"`
				} `json:"error"`
			}
			require.NoError(t, json.Unmarshal(b, &got), string(b))
			assert.Equal(t, 7, got.ID)
			assert.Equal(t, mcp.INVALID_PARAMS, got.Error.Code, string(b))
			want := `unknown tool "` + name + `"; this server's tools are: ` + strings.Join(visibleNames(readOnly), ", ")
			assert.Equal(t, want, got.Error.Message, "read-only %v", readOnly)
		}
	}
}

func TestUnknownToolOverTheClient(t *testing.T) {
	s := unknownToolServer(t, true)
	c := mcptest.Connect(t, s, mcptest.Protocol(mcp.LATEST_PROTOCOL_VERSION))
	ctx := context.Background()

	req := mcp.CallToolRequest{}
	req.Params.Name = strings.Repeat("x", 500)
	_, err := c.CallTool(ctx, req)
	require.Error(t, err)
	assert.True(t, errors.Is(err, mcp.ErrInvalidParams), "%v", err)
	assert.Contains(t, err.Error(), `unknown tool "`+strings.Repeat("x", 100)+`…"`, "a long name is cut")
	assert.Contains(t, err.Error(), strings.Join(visibleNames(true), ", "))
	assert.NotContains(t, err.Error(), "create_video", "read-only: write tools are not offered")

	// Known tools and other errors are untouched.
	req.Params.Name = "get_account"
	res, err := c.CallTool(ctx, req)
	require.NoError(t, err)
	assert.True(t, res.IsError, "no key: a tool error, not a protocol error")
}

func TestUnknownToolErrorWrapsToolNotFound(t *testing.T) {
	err := &tools.UnknownToolError{Name: "x"}
	assert.ErrorIs(t, err, server.ErrToolNotFound)
	assert.Equal(t, `unknown tool "x"; this server offers no tools to this caller`, err.Error())
}

func TestRegisterUnknownToolHookNeedsHooks(t *testing.T) {
	assert.Error(t, tools.RegisterUnknownToolHook(server.NewMCPServer("x", "0")))
}
