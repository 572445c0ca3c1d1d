package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// upload posts a small PNG to /v3/assets with the extra headers.
func (h *harness) upload(key string, hdr ...string) result {
	h.t.Helper()
	ct, body := multipartFile(h.t, "file", "a.png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...))
	return h.do(http.MethodPost, "/v3/assets", key, body, append([]string{"Content-Type", ct}, hdr...)...)
}

// TestCreateIgnoresIdempotencyKeyByDefault: HeyGen does not document the key
// on the create, so the default simulator must not make a repeated create look
// safe: every create is a new (paid) session.
func TestCreateIgnoresIdempotencyKeyByDefault(t *testing.T) {
	h := newHarness(t)
	body := map[string]any{"prompt": "pay twice"}
	first := h.do(http.MethodPost, "/v3/video-agents", keyA, body, "Idempotency-Key", "create-1")
	again := h.do(http.MethodPost, "/v3/video-agents", keyA, body, "Idempotency-Key", "create-1")
	assert.NotEqual(t, data[heygen.CreateSessionResponse](t, first).SessionID, data[heygen.CreateSessionResponse](t, again).SessionID)
	assert.Empty(t, again.header.Get("Idempotent-Replayed"))
	assert.Equal(t, 2, h.sim.SessionCount())
	// An ignored header is not validated either.
	r := h.do(http.MethodPost, "/v3/video-agents", keyA, body, "Idempotency-Key", "has space")
	assert.Equal(t, http.StatusOK, r.status)
}

func TestIdempotencyReplay(t *testing.T) {
	t.Run("assets", func(t *testing.T) {
		h := newHarness(t)
		first := h.upload(keyA, "Idempotency-Key", "up-1")
		require.Equal(t, http.StatusOK, first.status)
		h.sim.Advance(time.Hour)
		again := h.upload(keyA, "Idempotency-Key", "up-1")
		require.Equal(t, http.StatusOK, again.status)
		assert.JSONEq(t, string(first.body), string(again.body), "the original reply is replayed")
		assert.Equal(t, "true", again.header.Get("Idempotent-Replayed"))
		assert.Equal(t, 1, h.sim.AssetCount(), "no second asset")

		h.upload(keyA, "Idempotency-Key", "up-2")
		other := h.upload(keyB, "Idempotency-Key", "up-1")
		assert.NotEqual(t, data[heygen.Asset](t, first).AssetID, data[heygen.Asset](t, other).AssetID, "keys are per tenant")
		h.upload(keyA) // no key: always a new asset
		assert.Equal(t, 4, h.sim.AssetCount())

		h.sim.Advance(24 * time.Hour)
		late := h.upload(keyA, "Idempotency-Key", "up-1")
		assert.NotEqual(t, data[heygen.Asset](t, first).AssetID, data[heygen.Asset](t, late).AssetID, "forgotten after 24 h")
	})
	t.Run("create with WithCreateIdempotency", func(t *testing.T) {
		h := newHarness(t, WithCreateIdempotency(true))
		body := map[string]any{"prompt": "pay once"}
		first := h.do(http.MethodPost, "/v3/video-agents", keyA, body, "Idempotency-Key", "create-1")
		require.Equal(t, http.StatusOK, first.status)
		h.sim.Advance(time.Hour)
		again := h.do(http.MethodPost, "/v3/video-agents", keyA, map[string]any{"prompt": "pay once, slightly different"},
			"Idempotency-Key", "create-1")
		require.Equal(t, http.StatusOK, again.status)
		assert.JSONEq(t, string(first.body), string(again.body), "the original reply is replayed")
		assert.Equal(t, "true", again.header.Get("Idempotent-Replayed"))
		assert.NotEqual(t, first.header.Get("X-Request-Id"), again.header.Get("X-Request-Id"))
		assert.Len(t, page[heygen.SessionSummary](t, h.do(http.MethodGet, "/v3/video-agents", keyA, nil)).Data, 1)

		// Another key (header) or another tenant creates anew.
		h.do(http.MethodPost, "/v3/video-agents", keyA, body, "Idempotency-Key", "create-2")
		other := h.do(http.MethodPost, "/v3/video-agents", keyB, body, "Idempotency-Key", "create-1")
		assert.NotEqual(t, data[heygen.CreateSessionResponse](t, first).SessionID, data[heygen.CreateSessionResponse](t, other).SessionID)
		assert.Len(t, page[heygen.SessionSummary](t, h.do(http.MethodGet, "/v3/video-agents", keyA, nil)).Data, 2)

		// After 24 h the key is forgotten.
		h.sim.Advance(24 * time.Hour)
		late := h.do(http.MethodPost, "/v3/video-agents", keyA, body, "Idempotency-Key", "create-1")
		assert.NotEqual(t, data[heygen.CreateSessionResponse](t, first).SessionID, data[heygen.CreateSessionResponse](t, late).SessionID)
	})
}

// TestIdempotencyKeyCaseInsensitive: an in-process transport hands the
// client's header map over unparsed; "idempotency-key" is the same header.
func TestIdempotencyKeyCaseInsensitive(t *testing.T) {
	h := newHarness(t)
	ct, body := multipartFile(t, "file", "a.png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...))
	for range 2 {
		req := httptest.NewRequest(http.MethodPost, "/v3/assets", bytes.NewReader(body))
		req.Header.Set("X-Api-Key", keyA)
		req.Header.Set("Content-Type", ct)
		req.Header["idempotency-key"] = []string{"lower-1"}
		rec := httptest.NewRecorder()
		h.sim.ServeHTTP(rec, req)
		require.Equal(t, http.StatusOK, rec.Code)
	}
	assert.Equal(t, 1, h.sim.AssetCount())
	for _, r := range h.sim.Requests() {
		assert.Equal(t, "lower-1", r.Header.Get("Idempotency-Key"), "recorded under the canonical name")
	}
}

func TestIdempotencyKeyFormat(t *testing.T) {
	h := newHarness(t)
	for _, k := range []string{strings.Repeat("k", 256), "has space", "semi;colon", "ünïcode"} {
		e := apiError(t, h.upload(keyA, "Idempotency-Key", k), http.StatusBadRequest)
		assert.Equal(t, "Idempotency-Key", e.Param, k)
	}
	assert.Equal(t, http.StatusOK, h.upload(keyA).status, "no header is fine")
	r := h.upload(keyA, "Idempotency-Key", "A-z_0:9."+strings.Repeat("k", 247))
	assert.Equal(t, http.StatusOK, r.status)
}

func TestIdempotencyFailuresAreNotStored(t *testing.T) {
	h := newHarness(t, WithMaxConcurrentJobs(1), WithCreateIdempotency(true))
	h.create(keyA, map[string]any{"prompt": "busy"})
	r := h.do(http.MethodPost, "/v3/video-agents", keyA, map[string]any{"prompt": "p"}, "Idempotency-Key", "k1")
	require.Equal(t, http.StatusTooManyRequests, r.status)
	h.sim.Advance(time.Hour)
	r = h.do(http.MethodPost, "/v3/video-agents", keyA, map[string]any{"prompt": "p"}, "Idempotency-Key", "k1")
	assert.Equal(t, http.StatusOK, r.status, "a rejected create can be retried under the same key")

	remove := h.sim.InjectFault(Fault{Method: http.MethodPost, Path: "/v3/assets", Status: 502, Body: "bad gateway", Times: 1})
	defer remove()
	r = h.upload(keyA, "Idempotency-Key", "k2")
	require.Equal(t, http.StatusBadGateway, r.status)
	r = h.upload(keyA, "Idempotency-Key", "k2")
	assert.Equal(t, http.StatusOK, r.status)
	assert.Empty(t, r.header.Get("Idempotent-Replayed"), "the 502 before the handler did nothing: this is the first upload")
	assert.Equal(t, 1, h.sim.AssetCount())
}

// TestIdempotencyAfterHandlerFault: a gateway error after the upload was
// stored; the retry under the same key gets the stored asset, not a new one.
func TestIdempotencyAfterHandlerFault(t *testing.T) {
	h := newHarness(t)
	h.sim.InjectFault(Fault{Method: http.MethodPost, Path: "/v3/assets", Status: 502, Body: "bad gateway", AfterHandler: true, Times: 1})
	r := h.upload(keyA, "Idempotency-Key", "k3")
	require.Equal(t, http.StatusBadGateway, r.status)
	assert.Equal(t, 1, h.sim.AssetCount(), "the work was done")
	r = h.upload(keyA, "Idempotency-Key", "k3")
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, "true", r.header.Get("Idempotent-Replayed"))
	assert.Equal(t, 1, h.sim.AssetCount())

	// The same fault on the (default) create: the session exists, a retry makes another.
	h.sim.InjectFault(Fault{Method: http.MethodPost, Path: "/v3/video-agents", Status: 502, Body: "bad gateway", AfterHandler: true, Times: 1})
	r = h.do(http.MethodPost, "/v3/video-agents", keyA, map[string]any{"prompt": "p"}, "Idempotency-Key", "k4")
	require.Equal(t, http.StatusBadGateway, r.status)
	assert.Equal(t, 1, h.sim.SessionCount())
	h.create(keyA, map[string]any{"prompt": "p"})
	assert.Equal(t, 2, h.sim.SessionCount())
}

func TestIdempotencyInFlightConflicts(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []Option
		path string
		send func(h *harness) result
		mk   func(ctx context.Context) *http.Request
	}{
		{
			name: "assets", path: "/v3/assets",
			send: func(h *harness) result { return h.upload(keyA, "Idempotency-Key", "slow-1") },
			mk: func(ctx context.Context) *http.Request {
				ct, body := multipartFile(t, "file", "a.png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...))
				req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/v3/assets", bytes.NewReader(body))
				req.Header.Set("Content-Type", ct)
				return req
			},
		},
		{
			name: "create with WithCreateIdempotency", path: "/v3/video-agents", opts: []Option{WithCreateIdempotency(true)},
			send: func(h *harness) result {
				return h.do(http.MethodPost, "/v3/video-agents", keyA, map[string]any{"prompt": "slow"}, "Idempotency-Key", "slow-1")
			},
			mk: func(ctx context.Context) *http.Request {
				return httptest.NewRequestWithContext(ctx, http.MethodPost, "/v3/video-agents", strings.NewReader(`{"prompt":"slow"}`))
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.opts...)
			remove := h.sim.InjectFault(Fault{Method: http.MethodPost, Path: tc.path, Delay: time.Hour, Times: 1})
			defer remove()
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() {
				defer close(done)
				req := tc.mk(ctx)
				req.Header.Set("X-Api-Key", keyA)
				req.Header.Set("Idempotency-Key", "slow-1")
				h.sim.ServeHTTP(httptest.NewRecorder(), req)
			}()
			// The key is claimed before the fault is matched; once the one-shot fault is
			// used up, the first request is inside its delay holding the claim.
			require.Eventually(t, func() bool {
				h.sim.mu.Lock()
				defer h.sim.mu.Unlock()
				return len(h.sim.faults) == 0
			}, 30*time.Second, 5*time.Millisecond)
			r := tc.send(h)
			assert.Equal(t, "request_in_progress", apiError(t, r, http.StatusConflict).Code)
			cancel() // the delayed request ends with its ctx
			<-done
			r = tc.send(h)
			assert.Equal(t, http.StatusOK, r.status, "an abandoned claim is released")
		})
	}
}

func TestFaultStatusBodyAndTimes(t *testing.T) {
	h := newHarness(t)
	h.sim.InjectFault(Fault{Method: http.MethodGet, Path: "/v3/videos/*", Status: 503, Body: `{"error":{"code":"unavailable","message":"later"}}`,
		RetryAfter: "12", Times: 2})
	for range 2 {
		r := h.do(http.MethodGet, "/v3/videos/vid_x", keyA, nil)
		assert.Equal(t, 503, r.status)
		assert.Equal(t, "12", r.header.Get("Retry-After"))
		assert.Equal(t, "application/json", r.header.Get("Content-Type"))
		assert.NotEmpty(t, r.header.Get("X-Request-Id"))
	}
	assert.Equal(t, http.StatusNotFound, h.do(http.MethodGet, "/v3/videos/vid_x", keyA, nil).status, "Times used up")
	assert.Equal(t, http.StatusOK, h.do(http.MethodGet, "/v3/videos", keyA, nil).status, "prefix needs the slash")

	remove := h.sim.InjectFault(Fault{Path: "/v3/users/me", Status: 500})
	assert.Equal(t, 500, h.do(http.MethodGet, "/v3/users/me", keyA, nil).status)
	assert.Equal(t, 500, h.do(http.MethodGet, "/v3/users/me", keyA, nil).status, "Times 0 is forever")
	remove()
	remove()
	assert.Equal(t, http.StatusOK, h.do(http.MethodGet, "/v3/users/me", keyA, nil).status)

	h.sim.InjectFault(Fault{Method: http.MethodPost, Path: "/v3/users/me", Status: 500})
	assert.Equal(t, http.StatusOK, h.do(http.MethodGet, "/v3/users/me", keyA, nil).status, "method must match")

	// Status 0 with RetryAfter decorates the real reply.
	h.sim.InjectFault(Fault{Path: "/v3/voices", RetryAfter: "Wed, 21 Oct 2026 07:28:00 GMT", Times: 1})
	r := h.do(http.MethodGet, "/v3/voices", keyA, nil)
	assert.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, "Wed, 21 Oct 2026 07:28:00 GMT", r.header.Get("Retry-After"))
}

func TestFaultHelpers(t *testing.T) {
	h := newHarness(t)
	h.sim.InjectFault(HTMLErrorFault(http.MethodGet, "/v3/voices", 502))
	h.sim.InjectFault(EmptyBodyFault(http.MethodGet, "/v3/avatars/looks", 500))
	h.sim.InjectFault(MalformedJSONFault(http.MethodGet, "/v3/videos", 200))
	h.sim.InjectFault(HugeBodyFault(http.MethodGet, "/v3/users/me", 500))

	r := h.do(http.MethodGet, "/v3/voices", keyA, nil)
	assert.Equal(t, 502, r.status)
	assert.Contains(t, r.header.Get("Content-Type"), "text/html")
	assert.Contains(t, string(r.body), "<html>")

	r = h.do(http.MethodGet, "/v3/avatars/looks", keyA, nil)
	assert.Equal(t, 500, r.status)
	assert.Empty(t, r.body)

	r = h.do(http.MethodGet, "/v3/videos", keyA, nil)
	assert.Equal(t, 200, r.status)
	assert.False(t, json.Valid(r.body))

	r = h.do(http.MethodGet, "/v3/users/me", keyA, nil)
	assert.Equal(t, 500, r.status)
	assert.Equal(t, HugeBodySize, len(r.body))
	assert.True(t, json.Valid(r.body))
}

func TestFaultDelayEndsWithRequestContext(t *testing.T) {
	h := newHarness(t)
	h.sim.InjectFault(Fault{Path: "/v3/users/me", Delay: time.Hour, Status: 500})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/v3/users/me", nil)
	req.Header.Set("X-Api-Key", keyA)
	rec := httptest.NewRecorder()
	h.sim.ServeHTTP(rec, req) // returns rather than sleeping an hour
	assert.Empty(t, rec.Body.Bytes(), "nothing is written for an abandoned request")
}

func TestFaultDropConnection(t *testing.T) {
	h := newHarness(t)
	srv := httptest.NewServer(http.StripPrefix("/api", h.sim))
	defer srv.Close()
	get := func(path string) (int, error) {
		req, err := http.NewRequest(http.MethodGet, srv.URL+"/api"+path, nil)
		require.NoError(t, err)
		req.Header.Set("X-Api-Key", keyA)
		resp, err := srv.Client().Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		_, err = io.ReadAll(resp.Body)
		return resp.StatusCode, err
	}

	h.sim.InjectFault(Fault{Path: "/v3/voices", DropConnection: true, Times: 1})
	status, err := get("/v3/voices")
	require.Error(t, err, "the body is cut off mid-way")
	assert.Equal(t, http.StatusOK, status, "headers of the real reply arrived")

	h.sim.InjectFault(Fault{Path: "/v3/users/me", Status: 500, DropConnection: true, Times: 1})
	_, err = get("/v3/users/me")
	require.Error(t, err)

	h.sim.InjectFault(EmptyBodyFault("", "/v3/avatars/looks", 502))
	h.sim.InjectFault(Fault{Path: "/v3/avatars/looks", DropConnection: true})
	status, err = get("/v3/avatars/looks")
	require.NoError(t, err, "first matching fault wins")
	assert.Equal(t, 502, status)

	status, err = get("/v3/voices")
	require.NoError(t, err, "Times 1 used up")
	assert.Equal(t, http.StatusOK, status)
}

func TestDroppedCreateCanBeReplayed(t *testing.T) {
	h := newHarness(t, WithCreateIdempotency(true))
	srv := httptest.NewServer(h.sim)
	defer srv.Close()
	post := func() (*http.Response, error) {
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/v3/video-agents", strings.NewReader(`{"prompt":"lost reply"}`))
		require.NoError(t, err)
		req.Header.Set("X-Api-Key", keyA)
		req.Header.Set("Idempotency-Key", "lost-1")
		return srv.Client().Do(req)
	}
	h.sim.InjectFault(Fault{Method: http.MethodPost, Path: "/v3/video-agents", DropConnection: true, Times: 1})
	if resp, err := post(); err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		require.Error(t, err)
	}
	resp, err := post()
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "true", resp.Header.Get("Idempotent-Replayed"), "the work was done once; the retry replays it")
}
