package app

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/resources"
)

// TestResourcesShowWhatTheToolsReturn: heygen://videos/{id} is get_video's
// structured result and heygen://sessions/{id} is get_session's (with the
// most messages), byte for byte in meaning.
func TestResourcesShowWhatTheToolsReturn(t *testing.T) {
	_, c, _ := sandboxServer(t, "--sandbox-speed", "1000")
	ctx := context.Background()
	created := callStructured(t, c, "create_video", map[string]any{"prompt": "A teaser about views", "wait_seconds": 30})
	sid, _ := created["session_id"].(string)
	require.NotEmpty(t, sid)
	wait, _ := created["wait"].(map[string]any)
	require.Equal(t, true, wait["done"], "the sandbox video finished: %v", created)
	vid, _ := wait["video_id"].(string)
	require.NotEmpty(t, vid)

	for _, tc := range []struct {
		tool string
		args map[string]any
		uri  string
	}{
		{"get_video", map[string]any{"video_id": vid}, resources.VideoURI(vid)},
		{"get_session", map[string]any{"session_id": sid, "message_limit": 40}, resources.SessionURI(sid)},
	} {
		fromTool, err := json.Marshal(callStructured(t, c, tc.tool, tc.args))
		require.NoError(t, err)
		read, err := c.ReadResource(ctx, mcp.ReadResourceRequest{Params: mcp.ReadResourceParams{URI: tc.uri}})
		require.NoError(t, err)
		require.Len(t, read.Contents, 1)
		text, ok := read.Contents[0].(mcp.TextResourceContents)
		require.True(t, ok)
		assert.JSONEq(t, string(fromTool), text.Text, "%s vs %s", tc.tool, tc.uri)
	}
}

func callStructured(t *testing.T, c *client.Client, name string, args map[string]any) map[string]any {
	t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name, req.Params.Arguments = name, args
	res, err := c.CallTool(context.Background(), req)
	require.NoError(t, err)
	require.False(t, res.IsError, "%s: %v", name, res.Content)
	b, err := json.Marshal(res.StructuredContent)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	return m
}
