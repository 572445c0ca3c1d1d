package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
)

// fixedRoots is an MCP client that offers one root directory.
type fixedRoots struct{ uri string }

func (r fixedRoots) ListRoots(context.Context, mcp.ListRootsRequest) (*mcp.ListRootsResult, error) {
	return &mcp.ListRootsResult{Roots: []mcp.Root{{URI: r.uri, Name: "project"}}}, nil
}

// uploadFromClientRoot runs upload_asset on a file that is only inside the
// client's root (no --allow-dir) against a sandbox server on transport.
func uploadFromClientRoot(t *testing.T, transport string) *mcp.CallToolResult {
	t.Helper()
	root := t.TempDir()
	png := filepath.Join(root, "logo.png")
	// A real PNG header, so the type check passes.
	require.NoError(t, os.WriteFile(png, append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...), 0o600))

	cfg, err := ParseConfig([]string{"--sandbox", "--transport", transport}, env(nil))
	require.NoError(t, err)
	s, err := NewServer(cfg, quiet())
	require.NoError(t, err)
	t.Cleanup(s.Close)
	c := mcptest.Connect(t, s.MCP, mcptest.ClientOptions(client.WithRootsHandler(fixedRoots{uri: "file://" + root})))
	ctx := context.Background()

	req := mcp.CallToolRequest{}
	req.Params.Name = "upload_asset"
	req.Params.Arguments = map[string]any{"path": png}
	res, err := c.CallTool(ctx, req)
	require.NoError(t, err)
	return res
}

// TestClientRootsWidenAllowedDirsOnStdioOnly: over stdio the client is the
// local user, so its roots are allowed; over HTTP a remote client must not
// widen what the server may read on its own host.
func TestClientRootsWidenAllowedDirsOnStdioOnly(t *testing.T) {
	res := uploadFromClientRoot(t, "stdio")
	require.False(t, res.IsError, "stdio: a file in the client's root is allowed: %v", res.Content)

	res = uploadFromClientRoot(t, "http")
	require.True(t, res.IsError, "http: client roots must not allow anything")
	text := res.Content[0].(mcp.TextContent).Text
	assert.Contains(t, text, "--allow-dir")
}

func TestAllowDirEnablesPathFiles(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "logo.png")
	require.NoError(t, os.WriteFile(p, append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...), 0o644))
	_, c, _ := sandboxServer(t, "--allow-dir", dir)
	call := mcp.CallToolRequest{}
	call.Params.Name = "upload_asset"
	call.Params.Arguments = map[string]any{"path": p}
	res, err := c.CallTool(context.Background(), call)
	require.NoError(t, err)
	require.False(t, res.IsError, "%v", res.Content)
	assert.NotEmpty(t, res.StructuredContent.(map[string]any)["asset_id"])

	call.Params.Arguments = map[string]any{"path": filepath.Join(filepath.Dir(dir), "elsewhere.png")}
	res, err = c.CallTool(context.Background(), call)
	require.NoError(t, err)
	assert.True(t, res.IsError)
}

func TestMissingAllowDirFailsAtStart(t *testing.T) {
	cfg, err := ParseConfig([]string{"--sandbox", "--allow-dir", filepath.Join(t.TempDir(), "nope")}, env(nil))
	require.NoError(t, err)
	_, err = NewServer(cfg, quiet())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--allow-dir")
}

// refusedPathText runs upload_asset on a path outside the one --allow-dir
// against a sandbox server on transport and returns the refusal's text.
func refusedPathText(t *testing.T, transport, allowed, path string) string {
	t.Helper()
	cfg, err := ParseConfig([]string{"--sandbox", "--transport", transport, "--allow-dir", allowed}, env(nil))
	require.NoError(t, err)
	s, err := NewServer(cfg, quiet())
	require.NoError(t, err)
	t.Cleanup(s.Close)
	c := mcptest.Connect(t, s.MCP)
	req := mcp.CallToolRequest{}
	req.Params.Name = "upload_asset"
	req.Params.Arguments = map[string]any{"path": path}
	res, err := c.CallTool(context.Background(), req)
	require.NoError(t, err)
	require.True(t, res.IsError, "%v", res.Content)
	return res.Content[0].(mcp.TextContent).Text
}

// TestPathErrorsNameAllowedDirsOnStdioOnly: over stdio the caller is the
// local user and a refusal lists the allowed directories; over HTTP a remote
// caller learns nothing of the server's layout, not even through a relative
// path resolved against an allowed directory.
func TestPathErrorsNameAllowedDirsOnStdioOnly(t *testing.T) {
	allowed := filepath.Join(t.TempDir(), "allowed-videos")
	require.NoError(t, os.Mkdir(allowed, 0o755))
	for _, path := range []string{"/etc/passwd", "missing.png"} {
		text := refusedPathText(t, "stdio", allowed, path)
		assert.Contains(t, text, allowed, "stdio: %s", path)

		text = refusedPathText(t, "http", allowed, path)
		assert.NotContains(t, text, "allowed-videos", "http: %s", path)
		assert.Contains(t, text, path, "http: the caller's own path is named")
	}
}
