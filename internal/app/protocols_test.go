package app

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/tools"
)

// Every protocol revision a client may speak gets the same product: the
// tools, a sandbox video started, and a tool error it can read.
func TestEveryProtocolVersionServesTheTools(t *testing.T) {
	cfg, err := ParseConfig([]string{"--sandbox"}, env(nil))
	require.NoError(t, err)
	s, err := NewServer(cfg, quiet())
	require.NoError(t, err)
	defer s.Close()
	for _, version := range []string{mcp.ProtocolVersion20260728, "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"} {
		t.Run(version, func(t *testing.T) {
			ctx := context.Background()
			c, res := connectAt(t, s, version)
			require.Equal(t, version, res.ProtocolVersion)

			list, err := c.ListTools(ctx, mcp.ListToolsRequest{})
			require.NoError(t, err)
			assert.Len(t, list.Tools, len(tools.ServerTools(tools.Deps{}, tools.Selection{})))

			req := mcp.CallToolRequest{}
			req.Params.Name = "create_video"
			req.Params.Arguments = map[string]any{"prompt": "A video about protocol versions"}
			call, err := c.CallTool(ctx, req)
			require.NoError(t, err)
			require.False(t, call.IsError, "%v", call.Content)
			assert.True(t, strings.HasPrefix(call.Content[0].(mcp.TextContent).Text, "SIMULATED"))

			req.Params.Name = "get_session"
			req.Params.Arguments = map[string]any{"session_id": "sess_doesnotexist"}
			call, err = c.CallTool(ctx, req)
			require.NoError(t, err)
			require.True(t, call.IsError)
			assert.Nil(t, call.StructuredContent)
			info, ok := tools.ErrorInfoOf(call)
			require.True(t, ok)
			assert.Equal(t, "heygen_api", info.Kind)
			assert.Equal(t, 404, info.HTTPStatus)
		})
	}
}
