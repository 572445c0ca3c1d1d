package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

func TestMainExitCodes(t *testing.T) {
	var out, errb bytes.Buffer
	code := Main(context.Background(), []string{"--transport", "carrier-pigeon"}, env(nil), strings.NewReader(""), &out, &errb)
	assert.Equal(t, 2, code)
	assert.Empty(t, out.String(), "errors never go to stdout")
	assert.Contains(t, errb.String(), "--transport")

	out.Reset()
	errb.Reset()
	assert.Equal(t, 0, Main(context.Background(), []string{"--version"}, env(nil), nil, &out, &errb))
	assert.Contains(t, out.String(), "heygen-mcp ")

	out.Reset()
	assert.Equal(t, 0, Main(context.Background(), []string{"--help"}, env(nil), nil, &out, &errb))
	assert.Contains(t, out.String(), "-read-only")
	assert.Contains(t, out.String(), "HEYGEN_API_KEY")
}

// TestMainServesStdioUntilEOF: a stdio run with no key answers initialize and
// writes nothing but JSON-RPC to stdout.
func TestMainServesStdioUntilEOF(t *testing.T) {
	in := strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}` + "\n")
	var out, errb bytes.Buffer
	code := Main(context.Background(), nil, env(nil), in, &out, &errb)
	assert.Equal(t, 0, code)
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		assert.True(t, strings.HasPrefix(line, `{"jsonrpc":"2.0"`), "non JSON-RPC line on stdout: %q", line)
	}
	assert.Contains(t, out.String(), `"name":"heygen-mcp"`)
	assert.Contains(t, errb.String(), "HEYGEN_API_KEY is not set")
}

func connect(t *testing.T, s *Server) *client.Client {
	t.Helper()
	c, res := connectAt(t, s, mcp.LATEST_PROTOCOL_VERSION)
	assert.Equal(t, Name, res.ServerInfo.Name)
	assert.Contains(t, res.Instructions, "get_session")
	return c
}

// connectAt connects an in-process client at protocol version.
func connectAt(t *testing.T, s *Server, version string) (*client.Client, *mcp.InitializeResult) {
	t.Helper()
	var res *mcp.InitializeResult
	c := mcptest.Connect(t, s.MCP, mcptest.Protocol(version), mcptest.Result(&res))
	return c, res
}

// sandboxServer starts a --sandbox server (plus args) and connects a client
// at the latest protocol.
func sandboxServer(t *testing.T, args ...string) (*Server, *client.Client, *mcp.InitializeResult) {
	t.Helper()
	cfg, err := ParseConfig(append([]string{"--sandbox"}, args...), env(nil))
	require.NoError(t, err)
	s, err := NewServer(cfg, quiet())
	require.NoError(t, err)
	t.Cleanup(s.Close)
	c, res := connectAt(t, s, mcp.LATEST_PROTOCOL_VERSION)
	return s, c, res
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestNoKeyServerListsToolsAndExplainsTheKey(t *testing.T) {
	cfg, err := ParseConfig(nil, env(nil))
	require.NoError(t, err)
	s, err := NewServer(cfg, quiet())
	require.NoError(t, err)
	defer s.Close()
	c := connect(t, s)
	list, err := c.ListTools(context.Background(), mcp.ListToolsRequest{})
	require.NoError(t, err)
	assert.Len(t, list.Tools, len(tools.ServerTools(tools.Deps{}, tools.Selection{})))
	req := mcp.CallToolRequest{}
	req.Params.Name = "get_account"
	res, err := c.CallTool(context.Background(), req)
	require.NoError(t, err)
	require.True(t, res.IsError)
	assert.Contains(t, res.Content[0].(mcp.TextContent).Text, "set the HEYGEN_API_KEY environment variable")
}

func TestReadOnlyServer(t *testing.T) {
	cfg, err := ParseConfig([]string{"--read-only"}, env(map[string]string{"HEYGEN_API_KEY": "sk-x"}))
	require.NoError(t, err)
	s, err := NewServer(cfg, quiet())
	require.NoError(t, err)
	defer s.Close()
	list, err := connect(t, s).ListTools(context.Background(), mcp.ListToolsRequest{})
	require.NoError(t, err)
	require.Len(t, list.Tools, len(tools.ServerTools(tools.Deps{}, tools.Selection{ReadOnly: true})), "read-only keeps every read tool")
	for _, tl := range list.Tools {
		assert.True(t, *tl.Annotations.ReadOnlyHint, tl.Name)
		assert.NotEqual(t, "create_video", tl.Name)
	}
}

func TestSandboxServerSaysSimulated(t *testing.T) {
	_, c, res := sandboxServer(t)
	assert.Contains(t, res.Instructions, "SIMULATED")
	req := mcp.CallToolRequest{}
	req.Params.Name = "create_video"
	req.Params.Arguments = map[string]any{"prompt": "A sandbox video"}
	call, err := c.CallTool(context.Background(), req)
	require.NoError(t, err)
	require.False(t, call.IsError, "%v", call.Content)
	assert.True(t, strings.HasPrefix(call.Content[0].(mcp.TextContent).Text, "SIMULATED"))
}
