package tools_test

import (
	"context"
	"net"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/internal/creds"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

// A refused connection proves nothing reached HeyGen: even a send_message,
// which is never retried blindly, is then safe to repeat, and says so.
func TestUnreachableHeyGenSaysNothingWasSent(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // nothing listens there now: connections are refused

	pool := creds.NewPool(testKey, func(key string) (*heygen.Client, error) {
		return heygen.NewClient(heygen.WithBaseURL("http://"+addr), heygen.WithAPIKey(key),
			heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 0}))
	})
	srv := server.NewMCPServer("unreachable-test", "0", server.WithToolCapabilities(false))
	tools.Register(srv, tools.Deps{Clients: pool}, tools.SelectAll(false))
	c := mcptest.Connect(t, srv, mcptest.Protocol(""))
	ctx := context.Background()

	req := mcp.CallToolRequest{}
	req.Params.Name = "send_message"
	req.Params.Arguments = map[string]any{"session_id": "sess_1", "message": "Use the warm voice"}
	res, err := c.CallTool(ctx, req)
	require.NoError(t, err)
	info := errorMeta(t, res)
	assert.Equal(t, "heygen_unreachable", info["kind"])
	assert.Equal(t, false, info["sent_to_heygen"])
	assert.Equal(t, true, info["safe_to_retry"])
	assert.Contains(t, resultText(t, res), "never reached HeyGen")
}

// An unreadable 2xx to a change (send_message) means the change was probably
// made: unlike a read, repeating it is not called safe.
func TestBadReplyToAChangeIsNotSafeToRepeat(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	h.sim.InjectFault(sim.Fault{Method: "POST", Path: "/v3/video-agents/*", Status: 200, Body: "<html>proxy</html>", ContentType: "text/html"})
	info, text := h.fail(t, "send_message", map[string]any{"session_id": "sess_1", "message": "Use the warm voice"})
	assert.Equal(t, "heygen_bad_reply", info["kind"])
	assert.Equal(t, false, info["safe_to_retry"])
	assert.Contains(t, text, "check with get_session before repeating it")

	h.sim.InjectFault(sim.Fault{Method: "GET", Path: "/v3/voices", Status: 200, Body: "<html>proxy</html>", ContentType: "text/html"})
	info, _ = h.fail(t, "list_voices", nil)
	assert.Equal(t, true, info["safe_to_retry"], "a read can be repeated")
}
