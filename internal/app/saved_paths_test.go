package app

import (
	"context"
	"encoding/json"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/transport"
)

// savedPaths uploads logo.png from dir and downloads a finished sandbox video
// into dir's "out" subdirectory with client c, and returns the paths the two
// results name (structured content and text).
func savedPaths(t *testing.T, c *client.Client, dir string) (upload, download string, texts []string) {
	t.Helper()
	out, isErr := toolJSON(t, c, "upload_asset", map[string]any{"path": "logo.png"})
	require.False(t, isErr, out)
	var up struct {
		Path string `json:"path"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &up), out)
	texts = append(texts, out)

	sid := createVideo(t, c)
	var video string
	for video == "" {
		out, isErr = toolJSON(t, c, "wait_for_video", map[string]any{"session_id": sid})
		require.False(t, isErr, out)
		var w struct {
			Done    bool   `json:"done"`
			VideoID string `json:"video_id"`
			Status  string `json:"status"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &w), out)
		if w.Done {
			require.Equal(t, "completed", w.Status, out)
			video = w.VideoID
		}
	}
	out, isErr = toolJSON(t, c, "download_video", map[string]any{"video_id": video, "directory": filepath.Join(dir, "out"),
		"filename": "launch.mp4"})
	require.False(t, isErr, out)
	var dl struct {
		Files []struct {
			Path string `json:"path"`
		} `json:"files"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &dl), out)
	require.Len(t, dl.Files, 1, out)
	texts = append(texts, out)
	_, err := os.Stat(filepath.Join(dir, "out", "launch.mp4"))
	require.NoError(t, err, "the video was saved")
	return up.Path, dl.Files[0].Path, texts
}

// allowedTree is an --allow-dir with a PNG and an "out" subdirectory, named
// so that a path that shows it is easy to spot; returned links resolved.
func allowedTree(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "server-private-videos")
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "out"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "logo.png"),
		append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...), 0o644))
	real, err := filepath.EvalSymlinks(dir)
	require.NoError(t, err)
	return real
}

// TestSavedPathsHideServerDirsOverHTTP: over HTTP, upload_asset and
// download_video name the file relative to its allowed directory, never the
// server's absolute path (a remote caller must not learn the host's layout);
// over stdio the local user gets the absolute path, to open the file.
func TestSavedPathsHideServerDirsOverHTTP(t *testing.T) {
	t.Run("http", func(t *testing.T) {
		dir := allowedTree(t)
		// The sandbox's video URLs point at the server's own address.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		cfg, err := ParseConfig([]string{"--transport", "http", "--sandbox", "--sandbox-speed", "10000", "--allow-dir", dir,
			"--addr", ln.Addr().String()}, env(nil))
		require.NoError(t, err)
		s, err := NewServer(cfg, quiet())
		require.NoError(t, err)
		t.Cleanup(s.Close)
		o := s.httpOptions()
		o.Addr = ""
		h, shutdown, err := transport.NewHTTPHandler(s.MCP, o)
		require.NoError(t, err)
		ts := httptest.NewUnstartedServer(h)
		ts.Listener.Close()
		ts.Listener = ln
		ts.Start()
		t.Cleanup(func() {
			_ = shutdown(context.Background())
			ts.Close()
		})
		c := mcptest.ConnectHTTP(t, ts.URL+transport.MCPPath, nil)
		up, dl, texts := savedPaths(t, c, dir)
		assert.Equal(t, "logo.png", up)
		assert.Equal(t, filepath.Join("out", "launch.mp4"), dl)
		for _, text := range texts {
			assert.NotContains(t, text, "server-private-videos", "a remote caller learns the allowed directory")
		}
	})
	t.Run("stdio", func(t *testing.T) {
		dir := allowedTree(t)
		_, c, _ := sandboxServer(t, "--sandbox-speed", "10000", "--allow-dir", dir)
		up, dl, _ := savedPaths(t, c, dir)
		assert.Equal(t, filepath.Join(dir, "logo.png"), up)
		assert.Equal(t, filepath.Join(dir, "out", "launch.mp4"), dl)
	})
}
