package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/require"
)

// callTool calls a tool on a child server and returns the result with its
// structured content as a map; stderr is the child's, shown on failure.
func callTool(t *testing.T, cl *client.Client, stderr fmt.Stringer, name string, args map[string]any) (*mcp.CallToolResult, map[string]any) {
	t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	if args != nil {
		req.Params.Arguments = args
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // liveness bound only
	defer cancel()
	res, err := cl.CallTool(ctx, req)
	require.NoError(t, err, "%s; stderr: %s", name, stderr.String())
	b, err := json.Marshal(res.StructuredContent)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	return res, m
}

// firstText is the text a model reads first in a result.
func firstText(res *mcp.CallToolResult) string {
	if len(res.Content) == 0 {
		return ""
	}
	tc, _ := res.Content[0].(mcp.TextContent)
	return tc.Text
}
