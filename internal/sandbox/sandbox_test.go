package sandbox

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fastSpeed makes a generate-mode video take 25 ms of real time.
const fastSpeed = 1000

func newSandbox(t *testing.T, o Options) *Sandbox {
	t.Helper()
	sb, err := New(o)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, sb.Close()) })
	return sb
}

func newClient(t *testing.T, sb *Sandbox, key string) *heygen.Client {
	t.Helper()
	c, err := heygen.NewClient(heygen.WithBaseURL(sb.BaseURL()), heygen.WithHTTPClient(sb.HTTPClient()), heygen.WithAPIKey(key))
	require.NoError(t, err)
	return c
}

// waitForVideo polls like a real caller until the session's video is terminal.
// The bound is only for liveness: at fastSpeed the video is done in 25 ms.
func waitForVideo(t *testing.T, c *heygen.Client, sessionID string) *heygen.Video {
	t.Helper()
	ctx := t.Context()
	var video *heygen.Video
	require.Eventually(t, func() bool {
		s, err := c.GetSession(ctx, sessionID)
		require.NoError(t, err)
		if s.VideoID == nil {
			return false
		}
		video, err = c.GetVideo(ctx, *s.VideoID)
		require.NoError(t, err)
		return video.Status == "completed" || video.Status == "failed"
	}, 30*time.Second, 10*time.Millisecond)
	return video
}

func TestNewRejectsBadOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"negative speed", Options{Speed: -1}, "Speed"},
		{"NaN speed", Options{Speed: math.NaN()}, "Speed"},
		{"infinite speed", Options{Speed: math.Inf(1)}, "Speed"},
		{"speed too high", Options{Speed: MaxSpeed + 1}, "at most"},
		{"public URL not http", Options{PublicBaseURL: "ftp://example.com"}, "PublicBaseURL"},
		{"public URL without host", Options{PublicBaseURL: "http://"}, "PublicBaseURL"},
		{"public URL with query", Options{PublicBaseURL: "http://example.com/?a=b"}, "PublicBaseURL"},
		{"public URL with credentials", Options{PublicBaseURL: "http://u:p@example.com"}, "PublicBaseURL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sb, err := New(tc.o)
			require.Error(t, err)
			assert.Nil(t, sb)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestTimingsScaleToTheTarget(t *testing.T) {
	for _, speed := range []float64{1, 2.5, 10} {
		tm := Timings(speed)
		got := tm.Thinking + tm.Queued + tm.Rendering
		want := time.Duration(float64(GenerateDuration) / speed)
		// Scale rounds each phase down to the nanosecond.
		assert.InDelta(t, float64(want), float64(got), float64(time.Microsecond), "speed %v", speed)
		assert.Less(t, tm.Thinking, got, "phases keep their order")
	}
	def := Timings(1)
	assert.GreaterOrEqual(t, def.Thinking+def.Queued+def.Rendering, 20*time.Second)
	assert.LessOrEqual(t, def.Thinking+def.Queued+def.Rendering, 30*time.Second)
}

func TestGenerateVideoOverStdioGivesAFileURL(t *testing.T) {
	sb := newSandbox(t, Options{Speed: fastSpeed})
	c := newClient(t, sb, "any-key-at-all")

	created, err := c.CreateSession(t.Context(), &heygen.CreateSessionRequest{Prompt: "A 10 second intro to our product", Mode: "generate"})
	require.NoError(t, err)
	video := waitForVideo(t, c, created.SessionID)

	require.Equal(t, "completed", video.Status)
	require.NotNil(t, video.VideoURL)
	assert.True(t, IsSandboxURL(*video.VideoURL), *video.VideoURL)
	u, err := url.Parse(*video.VideoURL)
	require.NoError(t, err)
	require.Equal(t, "file", u.Scheme)
	got, err := os.ReadFile(u.Path)
	require.NoError(t, err)
	assert.Equal(t, SampleClip(), got, "the URL points at the real sample clip")

	require.NotNil(t, video.ThumbnailURL)
	tu, err := url.Parse(*video.ThumbnailURL)
	require.NoError(t, err)
	thumb, err := os.ReadFile(tu.Path)
	require.NoError(t, err)
	assert.Equal(t, SampleThumbnail(), thumb)

	require.NoError(t, sb.Close())
	_, err = os.Stat(u.Path)
	assert.True(t, errors.Is(err, os.ErrNotExist), "Close removes the temp dir, got %v", err)
	assert.NoError(t, sb.Close(), "Close twice is fine")
}

func TestFilesDirOutlivesClose(t *testing.T) {
	dir := t.TempDir() + "/kept"
	sb, err := New(Options{Speed: fastSpeed, FilesDir: dir})
	require.NoError(t, err)
	c := newClient(t, sb, "k")
	created, err := c.CreateSession(t.Context(), &heygen.CreateSessionRequest{Prompt: "Keep me"})
	require.NoError(t, err)
	video := waitForVideo(t, c, created.SessionID)
	require.NoError(t, sb.Close())

	require.NotNil(t, video.VideoURL)
	assert.True(t, IsSandboxURL(*video.VideoURL))
	u, err := url.Parse(*video.VideoURL)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(u.Path, dir+"/"), u.Path)
	got, err := os.ReadFile(u.Path)
	require.NoError(t, err, "FilesDir is not removed by Close")
	assert.Equal(t, SampleClip(), got)

	_, err = New(Options{FilesDir: "/proc/not-writable/x"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/proc/not-writable/x")
}

func TestGenerateVideoOverHTTPIsServedByHandler(t *testing.T) {
	sb := newSandbox(t, Options{Speed: fastSpeed, PublicBaseURL: "http://127.0.0.1:8080/"})
	c := newClient(t, sb, "k")

	created, err := c.CreateSession(t.Context(), &heygen.CreateSessionRequest{Prompt: "Explain our pricing"})
	require.NoError(t, err)
	video := waitForVideo(t, c, created.SessionID)
	require.Equal(t, "completed", video.Status)
	require.NotNil(t, video.VideoURL)
	assert.Equal(t, "http://127.0.0.1:8080/sandbox/"+video.ID+".mp4", *video.VideoURL)
	assert.True(t, IsSandboxURL(*video.VideoURL))
	require.NotNil(t, video.ThumbnailURL)
	assert.Equal(t, "http://127.0.0.1:8080/sandbox/"+video.ID+".jpg", *video.ThumbnailURL)

	// Serve through a real mux, mounted the way the transport mounts it.
	mux := http.NewServeMux()
	mux.Handle(RoutePrefix, sb.Handler())
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/sandbox/"+video.ID+".mp4", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "video/mp4", rec.Header().Get("Content-Type"))
	assert.Equal(t, SampleClip(), rec.Body.Bytes())

	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/sandbox/"+video.ID+".jpg", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "image/jpeg", rec.Header().Get("Content-Type"))
	assert.Equal(t, SampleThumbnail(), rec.Body.Bytes())
}

func TestFailMarkerFailsTheVideo(t *testing.T) {
	sb := newSandbox(t, Options{Speed: fastSpeed})
	c := newClient(t, sb, "k")
	created, err := c.CreateSession(t.Context(), &heygen.CreateSessionRequest{Prompt: "please [[fail]]"})
	require.NoError(t, err)
	video := waitForVideo(t, c, created.SessionID)
	assert.Equal(t, "failed", video.Status)
}

func TestHandler(t *testing.T) {
	h := (&Sandbox{}).Handler()
	serve := func(method, target string, hdr http.Header) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, "http://x"+RoutePrefix+"placeholder", nil)
		req.URL.Path = target // set raw, so traversal attempts are not cleaned away
		for k, v := range hdr {
			req.Header[k] = v
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}

	rec := serve(http.MethodGet, "/sandbox/vid_123.mp4", http.Header{"Range": {"bytes=0-9"}})
	assert.Equal(t, http.StatusPartialContent, rec.Code, "players seek with Range requests")
	assert.Equal(t, SampleClip()[:10], rec.Body.Bytes())

	rec = serve(http.MethodHead, "/sandbox/vid_123.mp4", nil)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Empty(t, rec.Body.Bytes())

	rec = serve(http.MethodGet, "vid_123.jpg", nil)
	assert.Equal(t, http.StatusOK, rec.Code, "works behind http.StripPrefix too")

	for _, p := range []string{"/sandbox/", "/sandbox/vid.txt", "/sandbox/../etc/passwd.mp4", "/sandbox/a/b.mp4",
		"/sandbox/.mp4", "/sandbox/%2e%2e.mp4", "/sandbox/" + strings.Repeat("a", 200) + ".mp4"} {
		assert.Equal(t, http.StatusNotFound, serve(http.MethodGet, p, nil).Code, p)
	}
	rec = serve(http.MethodPost, "/sandbox/vid_1.mp4", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
}

func TestIsSandboxURL(t *testing.T) {
	dir := os.TempDir()
	for u, want := range map[string]bool{
		"http://127.0.0.1:8080/sandbox/vid_1.mp4":                                  true,
		"https://mcp.example.com/prefix/sandbox/vid_1.jpg":                         true,
		"https://sandbox.heygen.invalid/v3/videos/vid_1":                           true,
		fileURL(dir + "/heygen-mcp-sandbox-123/SIMULATED-sandbox-video.mp4"):       true,
		fileURL(dir + "/elsewhere/SIMULATED-sandbox-thumbnail.jpg"):                true,
		fileURL(dir + "/heygen-mcp-sandbox-123/real-video.mp4"):                    false,
		"https://files.heygen.ai/video/vid_1.mp4":                                  false,
		"https://example.com/sandbox/":                                             false,
		"https://example.com/sandbox/vid_1.mov":                                    false,
		fileURL(dir + "/somewhere/video.mp4"):                                      false,
		"":                                                                         false,
		"::not a url":                                                              false,
		"javascript:alert(1)":                                                      false,
		"https://resource-heygen.s3.amazonaws.com/sandbox-ish/video.mp4?sig=ab12c": false,
	} {
		assert.Equal(t, want, IsSandboxURL(u), u)
	}
}

func TestHTTPClientTalksToTheSimulator(t *testing.T) {
	sb := newSandbox(t, Options{})
	hc := sb.HTTPClient()

	do := func(ctx context.Context, target, key string) (*http.Response, []byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		require.NoError(t, err)
		if key != "" {
			req.Header.Set("X-Api-Key", key)
		}
		resp, err := hc.Do(req)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp, b, nil
	}

	resp, body, err := do(t.Context(), sb.BaseURL()+"/v3/users/me", "whatever-key")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	assert.Equal(t, int64(len(body)), resp.ContentLength)
	assert.Contains(t, string(body), `"data"`)

	resp, body, err = do(t.Context(), sb.BaseURL()+"/v3/users/me", "")
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, string(body))

	resp, body, err = do(t.Context(), "https://api.heygen.com/v3/users/me", "k")
	require.NoError(t, err)
	assert.Equal(t, http.StatusMisdirectedRequest, resp.StatusCode)
	assert.Contains(t, string(body), "sandbox_wrong_host")

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, _, err = do(ctx, sb.BaseURL()+"/v3/users/me", "k")
	assert.ErrorIs(t, err, context.Canceled)
}

// closeTracker records whether the transport closed the request body.
type closeTracker struct {
	io.Reader
	closed chan struct{}
}

func (c *closeTracker) Close() error { close(c.closed); return nil }

func TestInProcessTransport(t *testing.T) {
	t.Run("cancel while the handler runs", func(t *testing.T) {
		entered := make(chan struct{})
		release := make(chan struct{})
		defer close(release)
		rt := inProcessTransport{handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			close(entered)
			<-release
		})}
		ctx, cancel := context.WithCancel(t.Context())
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://sandbox.heygen.invalid/x", nil)
		require.NoError(t, err)
		errc := make(chan error, 1)
		go func() {
			_, err := rt.RoundTrip(req)
			errc <- err
		}()
		<-entered
		cancel()
		assert.ErrorIs(t, <-errc, context.Canceled)
	})

	t.Run("request seen as a server would", func(t *testing.T) {
		body := &closeTracker{Reader: strings.NewReader(`{"a":1}`), closed: make(chan struct{})}
		rt := inProcessTransport{handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			assert.Equal(t, "/v3/x?y=1", r.RequestURI)
			assert.Equal(t, "sandbox.heygen.invalid", r.Host)
			b, _ := io.ReadAll(r.Body)
			w.Header().Set("X-Echo", string(b))
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write([]byte("ok"))
		})}
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, "https://sandbox.heygen.invalid/v3/x?y=1", body)
		require.NoError(t, err)
		resp, err := rt.RoundTrip(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		assert.Equal(t, http.StatusCreated, resp.StatusCode)
		assert.Equal(t, "201 Created", resp.Status)
		assert.Equal(t, `{"a":1}`, resp.Header.Get("X-Echo"))
		assert.Same(t, req, resp.Request)
		got, _ := io.ReadAll(resp.Body)
		assert.Equal(t, "ok", string(got))
		<-body.closed // RoundTrip must close the request body; a leak hangs here
	})

	t.Run("handler panics become errors", func(t *testing.T) {
		for _, tc := range []struct {
			panicWith any
			want      string
		}{
			{http.ErrAbortHandler, "connection dropped"},
			{"boom", "panicked"},
		} {
			rt := inProcessTransport{handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(tc.panicWith) })}
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, "https://sandbox.heygen.invalid/", bytes.NewReader(nil))
			require.NoError(t, err)
			resp, err := rt.RoundTrip(req)
			require.Error(t, err)
			assert.Nil(t, resp)
			assert.Contains(t, err.Error(), tc.want)
		}
	})
}

func TestSetPublicBaseURLRepointsVideos(t *testing.T) {
	sb := newSandbox(t, Options{Speed: fastSpeed, PublicBaseURL: "http://127.0.0.1:0"})
	require.NoError(t, sb.SetPublicBaseURL("http://127.0.0.1:43210"))
	c := newClient(t, sb, "k")
	created, err := c.CreateSession(t.Context(), &heygen.CreateSessionRequest{Prompt: "Explain our pricing"})
	require.NoError(t, err)
	video := waitForVideo(t, c, created.SessionID)
	require.NotNil(t, video.VideoURL)
	assert.Equal(t, "http://127.0.0.1:43210/sandbox/"+video.ID+".mp4", *video.VideoURL)
	require.Error(t, sb.SetPublicBaseURL("ftp://x"), "checked like PublicBaseURL")

	stdio := newSandbox(t, Options{Speed: fastSpeed})
	require.Error(t, stdio.SetPublicBaseURL("http://127.0.0.1:1"), "stdio videos are files")
}
