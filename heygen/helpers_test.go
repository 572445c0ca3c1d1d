package heygen_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// testKey is distinctive so that a leak is easy to find in any text.
const testKey = "sk_live_TOPSECRET_7f3a9c"

// basePath is where the fake API is mounted, so that a method using an
// absolute path (dropping the base) is caught.
const basePath = "/api/"

// recordedRequest is what a fake handler saw.
type recordedRequest struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   []byte
}

// fakeAPI is an httptest server under basePath that records requests and
// answers with handle(attempt, w, r); attempt counts requests from 0.
type fakeAPI struct {
	URL    string
	mu     sync.Mutex
	reqs   []recordedRequest
	handle func(attempt int, w http.ResponseWriter, r *http.Request)
}

func newFakeAPI(t *testing.T, handle func(attempt int, w http.ResponseWriter, r *http.Request)) *fakeAPI {
	t.Helper()
	f := &fakeAPI{handle: handle}
	mux := http.NewServeMux()
	mux.HandleFunc(basePath, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		n := len(f.reqs)
		f.reqs = append(f.reqs, recordedRequest{
			Method: r.Method, Path: strings.TrimPrefix(r.URL.EscapedPath(), strings.TrimSuffix(basePath, "/")),
			RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: body,
		})
		f.mu.Unlock()
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		f.handle(n, w, r)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside the base path: %s %s", r.Method, r.URL.Path)
		http.Error(w, "outside base path", http.StatusTeapot)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	f.URL = srv.URL + strings.TrimSuffix(basePath, "/")
	return f
}

func (f *fakeAPI) requests() []recordedRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recordedRequest(nil), f.reqs...)
}

// waits records the retry waits the client asked for, without waiting.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.d = append(w.d, d)
	w.mu.Unlock()
	return ctx.Err()
}

func (w *waits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

// newTestClient builds a client for f with recorded waits.
func newTestClient(t *testing.T, f *fakeAPI, opts ...heygen.Option) (*heygen.Client, *waits) {
	t.Helper()
	w := &waits{}
	base := []heygen.Option{heygen.WithBaseURL(f.URL), heygen.WithAPIKey(testKey), heygen.WithSleep(w.sleep)}
	c, err := heygen.NewClient(append(base, opts...)...)
	require.NoError(t, err)
	return c, w
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// reply writes a status, headers and body.
func reply(w http.ResponseWriter, status int, contentType string, body []byte, header ...string) {
	for i := 0; i+1 < len(header); i += 2 {
		w.Header().Set(header[i], header[i+1])
	}
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func ptr[T any](v T) *T { return &v }
