package tools_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/internal/creds"
	"github.com/heygen-mcp/heygen-mcp/internal/localfiles"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

var lfPNG = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 200)...)

// lfVideoBytes is what the fake storage serves as a video: over one progress
// step so more than one progress notification is sent.
var lfVideoBytes = []byte(strings.Repeat("\x00\x00\x00\x18ftypmp42", 1<<19))

// lfStorage plays HeyGen's signed-URL storage: it serves videos and
// thumbnails, and answers 403 for the next `expire` video requests.
type lfStorage struct {
	expire atomic.Int32
	hits   atomic.Int32
}

func (s *lfStorage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.hits.Add(1)
	if strings.HasSuffix(r.URL.Path, ".mp4") && s.expire.Load() > 0 {
		s.expire.Add(-1)
		http.Error(w, "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>", http.StatusForbidden)
		return
	}
	switch {
	case strings.HasSuffix(r.URL.Path, ".mp4"):
		w.Header().Set("Content-Type", "video/mp4")
		_, _ = w.Write(lfVideoBytes)
	case strings.HasSuffix(r.URL.Path, ".jpg"):
		w.Header().Set("Content-Type", "image/jpeg")
		_, _ = w.Write([]byte("\xFF\xD8\xFF\xE0thumb"))
	default:
		http.NotFound(w, r)
	}
}

type lfHarness struct {
	sim      *sim.Simulator
	client   *client.Client
	heygen   *heygen.Client
	storage  *lfStorage
	allowed  string
	outside  string
	progress chan mcp.JSONRPCNotification
}

func newLFHarness(t *testing.T) *lfHarness {
	t.Helper()
	base := t.TempDir()
	h := &lfHarness{storage: &lfStorage{}, allowed: filepath.Join(base, "videos"), outside: filepath.Join(base, "private"),
		progress: make(chan mcp.JSONRPCNotification, 100)}
	require.NoError(t, os.MkdirAll(h.allowed, 0o755))
	require.NoError(t, os.MkdirAll(h.outside, 0o755))

	store := httptest.NewServer(h.storage)
	t.Cleanup(store.Close)
	clock := sim.NewFakeClock(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	h.sim = sim.New(sim.WithClock(clock), sim.WithAPIKeys(testKey), sim.WithSeed(7),
		// The signature in the query must never show up in results or errors.
		sim.WithVideoURLFunc(func(id string) string { return store.URL + "/v/" + id + ".mp4?X-Amz-Signature=sekrit" }),
		sim.WithThumbnailURLFunc(func(id string) string { return store.URL + "/v/" + id + ".jpg?X-Amz-Signature=sekrit" }))
	api := httptest.NewServer(http.StripPrefix("/api", h.sim))
	t.Cleanup(api.Close)
	pool := creds.NewPool(testKey, func(key string) (*heygen.Client, error) {
		return heygen.NewClient(heygen.WithBaseURL(api.URL+"/api"), heygen.WithAPIKey(key), heygen.WithHTTPClient(api.Client()),
			heygen.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }))
	})
	var err error
	h.heygen, _, err = pool.Client(context.Background())
	require.NoError(t, err)

	files, err := localfiles.New([]string{h.allowed})
	require.NoError(t, err)
	deps := tools.Deps{Clients: pool, Files: files}
	srv := server.NewMCPServer("lf-test", "0", server.WithToolCapabilities(false), server.WithOutputSchemaValidation())
	tools.Register(srv, deps, tools.SelectAll(false))

	h.client = mcptest.Connect(t, srv, mcptest.Protocol(mcp.LATEST_PROTOCOL_VERSION),
		mcptest.OnNotification(func(n mcp.JSONRPCNotification) {
			if n.Method == "notifications/progress" {
				h.progress <- n
			}
		}))
	return h
}

func (h *lfHarness) call(t *testing.T, name string, args map[string]any, progressToken any) *mcp.CallToolResult {
	t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	if progressToken != nil {
		req.Params.Meta = &mcp.Meta{ProgressToken: progressToken}
	}
	res, err := h.client.CallTool(context.Background(), req)
	require.NoError(t, err)
	return res
}

func lfText(t *testing.T, res *mcp.CallToolResult) string {
	t.Helper()
	require.NotEmpty(t, res.Content)
	tc, ok := res.Content[0].(mcp.TextContent)
	require.True(t, ok)
	return tc.Text
}

func lfStructured(t *testing.T, res *mcp.CallToolResult) map[string]any {
	t.Helper()
	b, err := json.Marshal(res.StructuredContent)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	return m
}

// completedVideo makes a generate-mode video and moves the simulator past rendering.
func (h *lfHarness) completedVideo(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	cr, err := h.heygen.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "A 30 second demo"})
	require.NoError(t, err)
	h.sim.Advance(time.Hour)
	s, err := h.heygen.GetSession(ctx, cr.SessionID)
	require.NoError(t, err)
	require.NotNil(t, s.VideoID)
	v, err := h.heygen.GetVideo(ctx, *s.VideoID)
	require.NoError(t, err)
	require.Equal(t, heygen.VideoCompleted, v.Status)
	return v.ID
}

func TestUploadAssetHappyPath(t *testing.T) {
	h := newLFHarness(t)
	p := filepath.Join(h.allowed, "logo.png")
	require.NoError(t, os.WriteFile(p, lfPNG, 0o644))
	res := h.call(t, "upload_asset", map[string]any{"path": p}, nil)
	text := lfText(t, res)
	require.False(t, res.IsError, text)
	st := lfStructured(t, res)
	assert.NotEmpty(t, st["asset_id"])
	assert.Equal(t, "image/png", st["mime_type"])
	assert.EqualValues(t, len(lfPNG), st["size_bytes"])
	assert.Equal(t, map[string]any{"type": "asset_id", "asset_id": st["asset_id"]}, st["file"])
	assert.Contains(t, text, `{"type":"asset_id","asset_id":`)
	assert.Equal(t, 1, h.sim.RequestCount("POST", "/v3/assets"))
	reqs := h.sim.Requests()
	last := reqs[len(reqs)-1]
	assert.NotContains(t, string(last.Body), h.allowed, "only the base name leaves the machine")
}

func TestUploadAssetRefusesEscapesWithoutUploading(t *testing.T) {
	h := newLFHarness(t)
	secret := filepath.Join(h.outside, "secret.png")
	require.NoError(t, os.WriteFile(secret, lfPNG, 0o644))
	require.NoError(t, os.Symlink(secret, filepath.Join(h.allowed, "link.png")))
	require.NoError(t, os.Symlink(h.outside, filepath.Join(h.allowed, "private-dir")))
	require.NoError(t, os.WriteFile(filepath.Join(h.allowed, "page.html"), []byte("<html><body>x</body></html>"), 0o644))
	big := filepath.Join(h.allowed, "big.mp4")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(localfiles.MaxLargeUploadBytes+1))
	require.NoError(t, f.Close())

	cases := map[string]struct{ path, want string }{
		"dotdot":             {h.allowed + "/../private/secret.png", `contains ".."`},
		"relative dotdot":    {"../private/secret.png", `contains ".."`},
		"absolute elsewhere": {secret, "is outside the allowed directories [" + h.allowed + "]; start the server with --allow-dir"},
		"etc passwd":         {"/etc/passwd", "is outside the allowed directories"},
		"symlink out":        {filepath.Join(h.allowed, "link.png"), "symbolic link out of the allowed directories"},
		"symlinked dir":      {filepath.Join(h.allowed, "private-dir", "secret.png"), "symbolic link out"},
		"wrong type":         {filepath.Join(h.allowed, "page.html"), "text/html, which HeyGen does not accept"},
		"too large":          {big, "uploads are limited to 2 GB"},
		"missing":            {filepath.Join(h.allowed, "nope.png"), "does not exist"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			res := h.call(t, "upload_asset", map[string]any{"path": c.path}, nil)
			text := lfText(t, res)
			require.True(t, res.IsError, text)
			assert.Contains(t, text, c.want)
			assert.Contains(t, text, `invalid argument "path"`)
			e := errorMeta(t, res)
			assert.Equal(t, "invalid_argument", e["kind"])
			assert.Equal(t, false, e["sent_to_heygen"])
		})
	}
	assert.Equal(t, 0, h.sim.RequestCount("", "/"), "no request for any refused path")
}

func TestDownloadVideoHappyPathWithProgress(t *testing.T) {
	h := newLFHarness(t)
	id := h.completedVideo(t)
	res := h.call(t, "download_video", map[string]any{"video_id": id, "filename": "launch.mp4", "thumbnail": true}, "tok-1")
	text := lfText(t, res)
	require.False(t, res.IsError, text)
	assert.NotContains(t, text, "sekrit")
	got, err := os.ReadFile(filepath.Join(h.allowed, "launch.mp4"))
	require.NoError(t, err)
	assert.Equal(t, lfVideoBytes, got)
	thumb, err := os.ReadFile(filepath.Join(h.allowed, "launch.jpg"))
	require.NoError(t, err)
	assert.Equal(t, "\xFF\xD8\xFF\xE0thumb", string(thumb))
	files := lfStructured(t, res)["files"].([]any)
	require.Len(t, files, 2)

	// Progress arrived for our token, increasing.
	var last float64 = -1
	n := 0
	for len(h.progress) > 0 {
		n0 := <-h.progress
		// In-process notifications carry Go values: compare their JSON form.
		b, err := json.Marshal(n0.Params.AdditionalFields)
		require.NoError(t, err)
		var p struct {
			Token    string  `json:"progressToken"`
			Progress float64 `json:"progress"`
		}
		require.NoError(t, json.Unmarshal(b, &p))
		assert.Equal(t, "tok-1", p.Token)
		v := p.Progress
		assert.Greater(t, v, last)
		last = v
		n++
	}
	assert.GreaterOrEqual(t, n, 2, "progress notifications for a multi-step download")
	assert.EqualValues(t, len(lfVideoBytes)+len("\xFF\xD8\xFF\xE0thumb"), last)

	// A second call refuses to overwrite, before asking HeyGen anything.
	before := h.sim.RequestCount("GET", "/v3/videos/")
	res = h.call(t, "download_video", map[string]any{"video_id": id, "filename": "launch.mp4"}, nil)
	require.True(t, res.IsError)
	assert.Contains(t, lfText(t, res), "already exists; pass overwrite: true")
	assert.Equal(t, before, h.sim.RequestCount("GET", "/v3/videos/"))
	res = h.call(t, "download_video", map[string]any{"video_id": id, "filename": "launch.mp4", "overwrite": true}, nil)
	require.False(t, res.IsError, lfText(t, res))
}

func TestDownloadVideoRefetchesExpiredURL(t *testing.T) {
	h := newLFHarness(t)
	id := h.completedVideo(t)
	h.sim.ResetRequests()
	h.storage.expire.Store(1)
	res := h.call(t, "download_video", map[string]any{"video_id": id}, nil)
	require.False(t, res.IsError, lfText(t, res))
	assert.Equal(t, 2, h.sim.RequestCount("GET", "/v3/videos/"+id), "the video is re-fetched once for a fresh URL")
	got, err := os.ReadFile(filepath.Join(h.allowed, id+".mp4"))
	require.NoError(t, err)
	assert.Equal(t, lfVideoBytes, got)

	// Still refused after the re-fetch: an error, and no file.
	h.storage.expire.Store(2)
	res = h.call(t, "download_video", map[string]any{"video_id": id, "filename": "again.mp4"}, nil)
	text := lfText(t, res)
	require.True(t, res.IsError, text)
	assert.Contains(t, text, "refused even after re-fetching")
	assert.NotContains(t, text, "sekrit")
	assertNoFile(t, filepath.Join(h.allowed, "again.mp4"))
	assertOnlyFiles(t, h.allowed, id+".mp4")
}

func TestDownloadVideoRefusals(t *testing.T) {
	h := newLFHarness(t)
	require.NoError(t, os.Symlink(h.outside, filepath.Join(h.allowed, "out")))
	cases := map[string]struct {
		args map[string]any
		want string
	}{
		"outside dir":     {map[string]any{"video_id": "vid_1", "directory": h.outside}, "is outside the allowed directories"},
		"symlinked dir":   {map[string]any{"video_id": "vid_1", "directory": filepath.Join(h.allowed, "out")}, "symbolic link out"},
		"dotdot dir":      {map[string]any{"video_id": "vid_1", "directory": h.allowed + "/../private"}, `contains ".."`},
		"filename escape": {map[string]any{"video_id": "vid_1", "filename": "../private/x.mp4"}, "directory separator"},
		"hidden name":     {map[string]any{"video_id": "vid_1", "filename": ".bashrc"}, "starts with a dot"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			res := h.call(t, "download_video", c.args, nil)
			text := lfText(t, res)
			require.True(t, res.IsError, text)
			assert.Contains(t, text, c.want)
		})
	}
	assert.Equal(t, 0, h.sim.RequestCount("GET", "/v3/videos/"), "refused before any HeyGen call")
	entries, err := os.ReadDir(h.outside)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing written outside")
}

func TestDownloadVideoNotCompleted(t *testing.T) {
	h := newLFHarness(t)
	ctx := context.Background()
	cr, err := h.heygen.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "A demo"})
	require.NoError(t, err)
	h.sim.Advance(2*time.Minute + time.Second) // rendering has started, not finished
	s, err := h.heygen.GetSession(ctx, cr.SessionID)
	require.NoError(t, err)
	require.NotNil(t, s.VideoID)
	res := h.call(t, "download_video", map[string]any{"video_id": *s.VideoID}, nil)
	text := lfText(t, res)
	require.True(t, res.IsError, text)
	assert.Contains(t, text, "not completed; call wait_for_video")
	assert.NotContains(t, text, "Nothing was sent to HeyGen", "the video was looked up")
	e := errorMeta(t, res)
	assert.Equal(t, true, e["sent_to_heygen"])
	assert.Equal(t, true, e["safe_to_retry"])
	assertOnlyFiles(t, h.allowed)
}

// TestDownloadVideoBrokenBody: a connection dropped mid-body leaves no file.
func TestDownloadVideoBrokenBody(t *testing.T) {
	h := newLFHarness(t)
	id := h.completedVideo(t)
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000000")
		_, _ = w.Write([]byte("partial"))
		// Returning with fewer bytes than promised makes the client see an unexpected EOF.
	}))
	t.Cleanup(broken.Close)
	files, err := localfiles.New([]string{h.allowed})
	require.NoError(t, err)
	pool := creds.NewPool(testKey, func(string) (*heygen.Client, error) { return h.heygen, nil })
	tool := serverTool(t, tools.Deps{Clients: pool, Files: files, DownloadClient: &http.Client{Transport: rewriteHost{to: broken.URL}}},
		"download_video")
	req := mcp.CallToolRequest{}
	req.Params.Arguments = map[string]any{"video_id": id}
	res, err := tool.Handler(context.Background(), req)
	require.NoError(t, err)
	require.True(t, res.IsError)
	assert.Contains(t, lfText(t, res), "nothing was saved")
	assertOnlyFiles(t, h.allowed)
}

// rewriteHost sends every request to another server (the broken one).
type rewriteHost struct{ to string }

func (r rewriteHost) RoundTrip(req *http.Request) (*http.Response, error) {
	u := *req.URL
	u.Scheme, u.Host = "http", strings.TrimPrefix(r.to, "http://")
	out := req.Clone(req.Context())
	out.URL = &u
	out.Host = u.Host
	return http.DefaultTransport.RoundTrip(out)
}

// serverTool is one tool of the registry, built with deps.
func serverTool(t *testing.T, deps tools.Deps, name string) server.ServerTool {
	t.Helper()
	for _, st := range tools.ServerTools(deps, tools.SelectAll(false)) {
		if st.Tool.Name == name {
			return st
		}
	}
	t.Fatalf("no tool %s", name)
	return server.ServerTool{}
}

func assertNoFile(t *testing.T, p string) {
	t.Helper()
	_, err := os.Stat(p)
	assert.True(t, os.IsNotExist(err), "%s should not exist", p)
}

// assertOnlyFiles checks dir holds exactly names: no temp or partial files.
func assertOnlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var got []string
	for _, e := range entries {
		if e.Type()&os.ModeSymlink == 0 {
			got = append(got, e.Name())
		}
	}
	assert.ElementsMatch(t, names, got)
}
