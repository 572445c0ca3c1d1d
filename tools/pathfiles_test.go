package tools_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/tools"
)

// rawBodies are the bodies of the simulator's requests to exactly path.
func (h *lfHarness) rawBodies(method, path string) []map[string]any {
	var out []map[string]any
	for _, r := range h.sim.Requests() {
		if r.Method == method && r.Path == path {
			var m map[string]any
			if json.Unmarshal([]byte(r.Body), &m) == nil {
				out = append(out, m)
			}
		}
	}
	return out
}

func TestCreateVideoUploadsPathFiles(t *testing.T) {
	h := newLFHarness(t)
	p := filepath.Join(h.allowed, "logo.png")
	require.NoError(t, os.WriteFile(p, lfPNG, 0o644))
	res := h.call(t, "create_video", map[string]any{
		"prompt": "A launch teaser with our logo",
		"files":  []any{map[string]any{"type": "url", "url": "https://example.com/a.png"}, map[string]any{"type": "path", "path": p}},
	}, nil)
	text := lfText(t, res)
	require.False(t, res.IsError, text)
	assert.Equal(t, 1, h.sim.RequestCount("POST", "/v3/assets"), "the file is uploaded once")

	creates := h.rawBodies("POST", "/v3/video-agents")
	require.Len(t, creates, 1)
	files, ok := creates[0]["files"].([]any)
	require.True(t, ok, "%v", creates[0])
	require.Len(t, files, 2)
	assert.Equal(t, "url", files[0].(map[string]any)["type"])
	f := files[1].(map[string]any)
	assert.Equal(t, "asset_id", f["type"])
	assert.NotEmpty(t, f["asset_id"])
	assert.NotContains(t, f, "path")
	b, _ := json.Marshal(creates[0])
	assert.NotContains(t, string(b), h.allowed, "no local path leaves the machine")
}

func TestSendMessageUploadsPathFiles(t *testing.T) {
	h := newLFHarness(t)
	p := filepath.Join(h.allowed, "slide.png")
	require.NoError(t, os.WriteFile(p, lfPNG, 0o644))
	cr := h.call(t, "create_video", map[string]any{"prompt": "A teaser", "mode": "chat"}, nil)
	require.False(t, cr.IsError, lfText(t, cr))
	sid := lfStructured(t, cr)["session_id"].(string)
	h.sim.Advance(3600e9)
	res := h.call(t, "send_message", map[string]any{"session_id": sid, "message": "Use this slide",
		"files": []any{map[string]any{"type": "path", "path": p}}}, nil)
	require.False(t, res.IsError, lfText(t, res))
	msgs := h.rawBodies("POST", "/v3/video-agents/"+sid)
	require.Len(t, msgs, 1)
	f := msgs[0]["files"].([]any)[0].(map[string]any)
	assert.Equal(t, "asset_id", f["type"])
	assert.Equal(t, 1, h.sim.RequestCount("POST", "/v3/assets"))
}

func TestPathFilesRefusedWithoutAnyRequest(t *testing.T) {
	h := newLFHarness(t)
	good := filepath.Join(h.allowed, "ok.png")
	require.NoError(t, os.WriteFile(good, lfPNG, 0o644))
	secret := filepath.Join(h.outside, "secret.png")
	require.NoError(t, os.WriteFile(secret, lfPNG, 0o644))
	require.NoError(t, os.Symlink(secret, filepath.Join(h.allowed, "link.png")))
	pathFile := func(p string) map[string]any { return map[string]any{"type": "path", "path": p} }

	cases := map[string]struct {
		args  map[string]any
		field string
		want  string
	}{
		"dotdot": {map[string]any{"prompt": "x", "files": []any{pathFile(good), pathFile(h.allowed + "/../private/secret.png")}},
			"files[1].path", `contains ".."`},
		"absolute elsewhere": {map[string]any{"prompt": "x", "files": []any{pathFile(good), pathFile(secret)}},
			"files[1].path", "is outside the allowed directories"},
		"symlink out": {map[string]any{"prompt": "x", "files": []any{pathFile(filepath.Join(h.allowed, "link.png"))}},
			"files[0].path", "symbolic link out"},
		"etc passwd": {map[string]any{"prompt": "x", "files": []any{pathFile("/etc/passwd")}},
			"files[0].path", "is outside the allowed directories"},
		"missing path": {map[string]any{"prompt": "x", "files": []any{map[string]any{"type": "path"}}},
			"files[0].path", "is required"},
		"path with url": {map[string]any{"prompt": "x", "files": []any{map[string]any{"type": "path", "path": good, "url": "https://e.com/a.png"}}},
			"files[0].url", "is not used"},
		"another argument is bad": {map[string]any{"prompt": "x", "callback_url": "http://insecure", "files": []any{pathFile(good)}},
			"callback_url", "https"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			res := h.call(t, "create_video", c.args, nil)
			text := lfText(t, res)
			require.True(t, res.IsError, text)
			assert.Contains(t, text, `invalid argument "`+c.field+`"`)
			assert.Contains(t, text, c.want)
			e := errorMeta(t, res)
			assert.Equal(t, false, e["sent_to_heygen"])
		})
	}
	assert.Zero(t, h.sim.RequestCount("POST", "/v3/assets"), "no upload for any refused call")
	assert.Empty(t, h.rawBodies("POST", "/v3/video-agents"), "no session created")
}

func TestPathFilesWithoutAllowedDirsSayHowToEnable(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey}) // Deps.Files is nil
	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"create_video", map[string]any{"prompt": "x", "files": []any{map[string]any{"type": "path", "path": "/tmp/a.png"}}}},
		{"upload_asset", map[string]any{"path": "/tmp/a.png"}},
		{"download_video", map[string]any{"video_id": "vid_1"}},
	} {
		_, text := h.fail(t, c.tool, c.args)
		assert.Contains(t, text, "--allow-dir", c.tool)
	}
	assert.Zero(t, h.sim.RequestCount("", "/"))
}

func TestLocalFileToolsAreWriteTools(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey, readOnly: true})
	res, err := h.client.ListTools(context.Background(), mcp.ListToolsRequest{})
	require.NoError(t, err)
	require.NotEmpty(t, res.Tools, "read-only mode still lists the read tools")
	for _, tl := range res.Tools {
		assert.NotContains(t, []string{"upload_asset", "download_video"}, tl.Name)
	}
	var all []server.ServerTool = tools.ServerTools(tools.Deps{}, tools.SelectAll(false))
	names := map[string]bool{}
	for _, st := range all {
		names[st.Tool.Name] = true
	}
	assert.True(t, names["upload_asset"] && names["download_video"])
}
