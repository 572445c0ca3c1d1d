package sim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	keyA = "key-tenant-a"
	keyB = "key-tenant-b"
)

var epoch = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

// testTimings are small, distinct round numbers so tests can step phase by phase.
func testTimings() Timings {
	return Timings{Thinking: 10 * time.Second, Replying: 5 * time.Second, Queued: 3 * time.Second,
		Rendering: 20 * time.Second, RetryAfter: 7 * time.Second}
}

type harness struct {
	t     *testing.T
	sim   *Simulator
	clock *FakeClock
}

func newHarness(t *testing.T, opts ...Option) *harness {
	t.Helper()
	clock := NewFakeClock(epoch)
	base := []Option{WithClock(clock), WithTimings(testTimings()), WithSeed(42)}
	return &harness{t: t, sim: New(append(base, opts...)...), clock: clock}
}

type result struct {
	status int
	header http.Header
	body   []byte
}

// do sends one request straight into the handler with key as X-Api-Key ("" = none).
func (h *harness) do(method, path, key string, body any, hdr ...string) result {
	h.t.Helper()
	var rd *bytes.Reader
	switch b := body.(type) {
	case nil:
		rd = bytes.NewReader(nil)
	case string:
		rd = bytes.NewReader([]byte(b))
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		require.NoError(h.t, err)
		rd = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, rd)
	if key != "" {
		req.Header.Set("X-Api-Key", key)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.sim.ServeHTTP(rec, req)
	return result{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

// data decodes {"data": ...} of a 200 reply into v.
func data[T any](t *testing.T, r result) T {
	t.Helper()
	require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
	var env struct {
		Data T `json:"data"`
	}
	require.NoError(t, json.Unmarshal(r.body, &env))
	return env.Data
}

func page[T any](t *testing.T, r result) heygen.Page[T] {
	t.Helper()
	require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
	var p heygen.Page[T]
	require.NoError(t, json.Unmarshal(r.body, &p))
	return p
}

func apiError(t *testing.T, r result, status int) errorDetail {
	t.Helper()
	require.Equal(t, status, r.status, "body: %s", r.body)
	var e errorBody
	require.NoError(t, json.Unmarshal(r.body, &e), "body: %s", r.body)
	require.NotEmpty(t, e.Error.Code)
	require.NotEmpty(t, e.Error.Message)
	return e.Error
}

func (h *harness) create(key string, body map[string]any) heygen.CreateSessionResponse {
	h.t.Helper()
	return data[heygen.CreateSessionResponse](h.t, h.do(http.MethodPost, "/v3/video-agents", key, body))
}

func (h *harness) session(key, id string) heygen.Session {
	h.t.Helper()
	return data[heygen.Session](h.t, h.do(http.MethodGet, "/v3/video-agents/"+id, key, nil))
}

func (h *harness) video(key, id string) heygen.Video {
	h.t.Helper()
	return data[heygen.Video](h.t, h.do(http.MethodGet, "/v3/videos/"+id, key, nil))
}

func (h *harness) send(key, id, msg string) heygen.SendMessageResponse {
	h.t.Helper()
	return data[heygen.SendMessageResponse](h.t,
		h.do(http.MethodPost, "/v3/video-agents/"+id, key, map[string]any{"message": msg}))
}
