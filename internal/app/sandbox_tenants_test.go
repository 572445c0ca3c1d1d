package app

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/transport"
)

// sandboxHTTP serves a --sandbox server over HTTP (httptest) and returns the
// /mcp URL.
func sandboxHTTP(t *testing.T, args ...string) string {
	t.Helper()
	cfg, err := ParseConfig(append([]string{"--transport", "http", "--sandbox"}, args...), env(nil))
	require.NoError(t, err)
	s, err := NewServer(cfg, quiet())
	require.NoError(t, err)
	t.Cleanup(s.Close)
	o := s.httpOptions()
	o.Addr = "" // no listener: serve through httptest
	h, shutdown, err := transport.NewHTTPHandler(s.MCP, o)
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	t.Cleanup(func() {
		_ = shutdown(context.Background())
		ts.Close()
	})
	return ts.URL + transport.MCPPath
}

// toolJSON calls a tool and returns its structured result as JSON text (or
// its text when it has none) and whether it is a tool error.
func toolJSON(t *testing.T, c *client.Client, name string, args map[string]any) (string, bool) {
	t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := c.CallTool(context.Background(), req)
	require.NoError(t, err)
	if res.StructuredContent != nil {
		b, err := json.Marshal(res.StructuredContent)
		require.NoError(t, err)
		return string(b), res.IsError
	}
	var text strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			text.WriteString(tc.Text)
		}
	}
	return text.String(), res.IsError
}

// resourceURIs lists the resources a client sees.
func resourceURIs(t *testing.T, c *client.Client) string {
	t.Helper()
	res, err := c.ListResources(context.Background(), mcp.ListResourcesRequest{})
	require.NoError(t, err)
	var uris []string
	for _, r := range res.Resources {
		uris = append(uris, r.URI)
	}
	return strings.Join(uris, " ")
}

// createVideo starts a sandbox video and returns its session id.
func createVideo(t *testing.T, c *client.Client) string {
	t.Helper()
	out, isErr := toolJSON(t, c, "create_video", map[string]any{"prompt": "A private explainer"})
	require.False(t, isErr, out)
	var cv struct {
		SessionID string `json:"session_id"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &cv), out)
	require.NotEmpty(t, cv.SessionID, out)
	return cv.SessionID
}

// TestSandboxKeylessHTTPClientsAreApart: over HTTP, two sandbox clients that
// send no key each get a simulated tenant of their own (per MCP session), so
// neither sees the other's videos, by tool or by resource. Clients that send
// the same key share its tenant, as they would on HeyGen.
func TestSandboxKeylessHTTPClientsAreApart(t *testing.T) {
	url := sandboxHTTP(t)
	a := mcptest.ConnectHTTP(t, url, nil)
	b := mcptest.ConnectHTTP(t, url, nil)
	sid := createVideo(t, a)

	list, isErr := toolJSON(t, a, "list_sessions", nil)
	require.False(t, isErr, list)
	require.Contains(t, list, sid, "the creator lists its session")
	require.Contains(t, resourceURIs(t, a), sid, "the creator sees its session resource")
	got, isErr := toolJSON(t, a, "get_session", map[string]any{"session_id": sid})
	require.False(t, isErr, got)

	list, isErr = toolJSON(t, b, "list_sessions", nil)
	require.False(t, isErr, list)
	assert.NotContains(t, list, sid, "another keyless client lists the creator's session")
	assert.NotContains(t, resourceURIs(t, b), sid, "another keyless client sees the creator's session resource")
	got, isErr = toolJSON(t, b, "get_session", map[string]any{"session_id": sid})
	assert.True(t, isErr, "another keyless client reads the creator's session: %s", got)

	// The same key in two sessions is one tenant: the way to share on purpose.
	key := map[string]string{transport.HeaderAPIKey: "shared-demo"}
	c := mcptest.ConnectHTTP(t, url, key)
	d := mcptest.ConnectHTTP(t, url, key)
	shared := createVideo(t, c)
	list, isErr = toolJSON(t, d, "list_sessions", nil)
	require.False(t, isErr, list)
	assert.Contains(t, list, shared, "clients with the same key share its tenant")
	list, _ = toolJSON(t, a, "list_sessions", nil)
	assert.NotContains(t, list, shared, "a keyless client sees a keyed tenant's session")
}
