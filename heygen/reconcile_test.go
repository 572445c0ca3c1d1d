package heygen_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
)

// TestCreateNeverRetriedAfterSend: HeyGen does not document Idempotency-Key on
// POST /v3/video-agents, so a create that may have reached HeyGen is never
// sent again, whatever the retry policy allows: a 5xx, a connection cut after
// the reply started, an unreadable 2xx. (Timeouts: TestAttemptTimeout.)
func TestCreateNeverRetriedAfterSend(t *testing.T) {
	t.Parallel()
	jsonErr := []byte(`{"error":{"code":"internal_error","message":"m"}}`)
	for _, tc := range []struct {
		name   string
		handle func(w http.ResponseWriter)
		check  func(t *testing.T, err error)
	}{
		{"500", func(w http.ResponseWriter) { reply(w, 500, "application/json", jsonErr) },
			func(t *testing.T, err error) { assert.ErrorIs(t, err, heygen.ErrServer) }},
		{"502", func(w http.ResponseWriter) { reply(w, 502, "text/html", []byte("<html>bad gateway</html>")) },
			func(t *testing.T, err error) { assert.ErrorIs(t, err, heygen.ErrServer) }},
		{"503", func(w http.ResponseWriter) { reply(w, 503, "", nil) },
			func(t *testing.T, err error) { assert.ErrorIs(t, err, heygen.ErrServer) }},
		{"504", func(w http.ResponseWriter) { reply(w, 504, "application/json", jsonErr) },
			func(t *testing.T, err error) { assert.ErrorIs(t, err, heygen.ErrServer) }},
		{"reset mid-reply", func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", "200")
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"data":{"session_id":"sess_`))
			w.(http.Flusher).Flush()
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				_ = conn.Close()
			}
		}, func(t *testing.T, err error) {
			var te *heygen.TransportError
			require.ErrorAs(t, err, &te)
			assert.False(t, te.SafeToRetry)
			assert.False(t, te.NotSent)
		}},
		{"unreadable 2xx", func(w http.ResponseWriter) { reply(w, 200, "text/html", []byte("<html>ok</html>")) },
			func(t *testing.T, err error) {
				var re *heygen.ReplyError
				assert.ErrorAs(t, err, &re)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) { tc.handle(w) })
			c, w := newTestClient(t, f, heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 5, MaxRetryAfter: time.Hour}))
			_, err := c.CreateSession(t.Context(), &heygen.CreateSessionRequest{Prompt: "p"})
			require.Error(t, err)
			tc.check(t, err)
			assert.True(t, heygen.OutcomeUnknown(err), "the caller must reconcile: %v", err)
			assert.Len(t, f.requests(), 1, "never a second POST")
			assert.Empty(t, w.all(), "no retry wait either")
		})
	}
}

// TestCreateNotReplayedByNetHTTP: net/http re-sends by itself a request it
// deems replayable (GET, or any method whose Header map has "Idempotency-Key")
// when a reused keep-alive connection fails after the request was written.
// HeyGen may have created the session by then, so the create's key must not
// make it replayable: one POST, one error.
func TestCreateNotReplayedByNetHTTP(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			reply(w, 200, "application/json", fixture(t, "user.json"))
			return
		}
		// The create arrived (body read); the connection dies before any reply.
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	})
	c, _ := newTestClient(t, f)
	ctx := t.Context()
	_, err := c.GetCurrentUser(ctx) // leaves a keep-alive connection for the create to reuse
	require.NoError(t, err)
	_, err = c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "p"})
	require.Error(t, err)
	assert.True(t, heygen.OutcomeUnknown(err))
	var posts []recordedRequest
	for _, r := range f.requests() {
		if r.Method == http.MethodPost {
			posts = append(posts, r)
		}
	}
	require.Len(t, posts, 1, "the transport must not replay the create")
	assert.NotEmpty(t, posts[0].Header.Get("Idempotency-Key"), "the key still reaches HeyGen")
}

// refuseFirst sends the first n requests to an address nothing listens on (a
// real "connection refused" from net/http), the rest to next.
type refuseFirst struct {
	mu   sync.Mutex
	n    int
	dead string
	next http.RoundTripper
	keys []string // Idempotency-Key of every attempt, refused or not
}

func (rt *refuseFirst) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	var key string
	for k, v := range r.Header {
		if strings.EqualFold(k, "Idempotency-Key") && len(v) > 0 {
			key = v[0]
		}
	}
	rt.keys = append(rt.keys, key)
	refuse := rt.n > 0
	rt.n--
	rt.mu.Unlock()
	if refuse {
		r2 := r.Clone(r.Context())
		r2.URL.Host = rt.dead
		return (&http.Transport{}).RoundTrip(r2)
	}
	return rt.next.RoundTrip(r)
}

func deadAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// TestCreateRetriedWhenNeverSent: a refused connection proves the create never
// reached HeyGen, so it is retried (same key) and makes one session.
func TestCreateRetriedWhenNeverSent(t *testing.T) {
	t.Parallel()
	e := newSimEnv(t)
	rt := &refuseFirst{n: 2, dead: deadAddr(t), next: http.DefaultTransport}
	c, w := e.client(t, heygen.WithHTTPClient(&http.Client{Transport: rt}))
	s, err := c.CreateSession(t.Context(), &heygen.CreateSessionRequest{Prompt: "refused twice"})
	require.NoError(t, err)
	assert.Len(t, w.all(), 2, "two refused attempts, two waits")
	require.Len(t, rt.keys, 3)
	assert.NotEmpty(t, rt.keys[0])
	assert.Equal(t, []string{rt.keys[0], rt.keys[0], rt.keys[0]}, rt.keys, "one key for every attempt")
	assert.Equal(t, 1, e.sim.RequestCount(http.MethodPost, "/v3/video-agents"))
	assert.Equal(t, 1, e.sim.SessionCount())
	list, err := c.ListSessions(t.Context(), nil)
	require.NoError(t, err)
	require.Len(t, list.Data, 1)
	assert.Equal(t, s.SessionID, list.Data[0].SessionID)
}

// TestCreateUnderEveryFaultMakesAtMostOneSession: each fault, before the
// handler (nothing done) or after it (session made, reply lost), and the
// create, retried as the policy allows, leaves at most one session; when the
// session exists, FindCreatedSession finds exactly it.
func TestCreateUnderEveryFaultMakesAtMostOneSession(t *testing.T) {
	t.Parallel()
	errJSON := `{"error":{"code":"internal_error","message":"m"}}`
	faults := map[string]sim.Fault{
		"500":          {Status: 500, Body: errJSON},
		"502 html":     sim.HTMLErrorFault("", "", 502),
		"503 empty":    sim.EmptyBodyFault("", "", 503),
		"504 bad json": sim.MalformedJSONFault("", "", 504),
		"429":          {Status: 429, Body: `{"error":{"code":"rate_limit_exceeded","message":"m"}}`, RetryAfter: "1"},
		"reset":        {Status: 200, Body: `{"data":{"note":"` + strings.Repeat("z", 2048) + `"}}`, DropConnection: true},
		"200 html":     sim.HTMLErrorFault("", "", 200),
		"200 empty":    sim.EmptyBodyFault("", "", 200),
		"500 10MB":     sim.HugeBodyFault("", "", 500),
		"reset real":   {DropConnection: true},
	}
	for name, f := range faults {
		for _, after := range []bool{false, true} {
			if after && f.Status == http.StatusTooManyRequests {
				continue // a 429 means the request was refused: it never follows work
			}
			t.Run(fmt.Sprintf("%s/after=%v", name, after), func(t *testing.T) {
				t.Parallel()
				e := newSimEnv(t)
				c, _ := e.client(t)
				ff := f // both subtests of this fault share f
				ff.Method, ff.Path, ff.Times, ff.AfterHandler = http.MethodPost, "/v3/video-agents", 1, after
				e.sim.InjectFault(ff)
				req := &heygen.CreateSessionRequest{Prompt: "under " + name}
				since := c.Now()
				resp, err := c.CreateSession(t.Context(), req)
				require.LessOrEqual(t, e.sim.SessionCount(), 1)
				if err == nil {
					assert.Equal(t, 1, e.sim.SessionCount())
					return
				}
				s, found, ferr := c.FindCreatedSession(t.Context(), req, since)
				require.NoError(t, ferr)
				assert.Equal(t, e.sim.SessionCount() == 1, found, "found exactly when the session exists")
				if found {
					assert.True(t, heygen.OutcomeUnknown(err), "%v", err)
					list, lerr := c.ListSessions(t.Context(), nil)
					require.NoError(t, lerr)
					assert.Equal(t, list.Data[0].SessionID, s.SessionID)
				}
				assert.Nil(t, resp)
				assert.Equal(t, 1, e.sim.RequestCount(http.MethodPost, "/v3/video-agents"), "a create that may have been done is sent once")
			})
		}
	}
}

func TestFindCreatedSession(t *testing.T) {
	t.Parallel()
	t.Run("matches the prompt and the time window", func(t *testing.T) {
		t.Parallel()
		e := newSimEnv(t)
		c, _ := e.client(t)
		ctx := t.Context()
		target := &heygen.CreateSessionRequest{Prompt: "Exactly this prompt", Mode: heygen.ModeChat}

		// Same prompt, two hours earlier: outside the window.
		old, err := c.CreateSession(ctx, target)
		require.NoError(t, err)
		e.clock.Advance(2 * time.Hour)
		since := c.Now()
		_, found, err := c.FindCreatedSession(ctx, target, since)
		require.NoError(t, err)
		assert.False(t, found, "a session from before the attempt is not this create's")

		// Other prompts inside the window do not match.
		for _, p := range []string{"Exactly this prompt.", "exactly this prompt", "Something else"} {
			_, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: p})
			require.NoError(t, err)
		}
		_, found, err = c.FindCreatedSession(ctx, target, since)
		require.NoError(t, err)
		assert.False(t, found)

		made, err := c.CreateSession(ctx, target)
		require.NoError(t, err)
		_, err = c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "made afterwards"})
		require.NoError(t, err)
		s, found, err := c.FindCreatedSession(ctx, target, since)
		require.NoError(t, err)
		require.True(t, found)
		assert.Equal(t, made.SessionID, s.SessionID)
		assert.NotEqual(t, old.SessionID, s.SessionID)
		assert.Equal(t, heygen.SessionThinking, s.Status)
	})
	t.Run("newest of two matches", func(t *testing.T) {
		t.Parallel()
		e := newSimEnv(t)
		c, _ := e.client(t)
		req := &heygen.CreateSessionRequest{Prompt: "twice"}
		since := c.Now()
		_, err := c.CreateSession(t.Context(), req)
		require.NoError(t, err)
		e.clock.Advance(time.Second)
		second, err := c.CreateSession(t.Context(), req)
		require.NoError(t, err)
		s, found, err := c.FindCreatedSession(t.Context(), req, since)
		require.NoError(t, err)
		require.True(t, found)
		assert.Equal(t, second.SessionID, s.SessionID)
	})
	t.Run("bounded", func(t *testing.T) {
		t.Parallel()
		e := newSimEnv(t, sim.WithMaxConcurrentJobs(1000))
		c, _ := e.client(t)
		since := c.Now()
		for i := range 120 {
			_, err := c.CreateSession(t.Context(), &heygen.CreateSessionRequest{Prompt: fmt.Sprintf("busy account %d", i)})
			require.NoError(t, err)
		}
		e.sim.ResetRequests()
		_, found, err := c.FindCreatedSession(t.Context(), &heygen.CreateSessionRequest{Prompt: "not there"}, since)
		assert.False(t, found)
		require.ErrorIs(t, err, heygen.ErrLookupIncomplete, "120 sessions in the window cannot all be checked")
		assert.LessOrEqual(t, e.sim.RequestCount(http.MethodGet, "/v3/video-agents"), 2+10, "at most 2 pages and 10 GETs")
	})
	t.Run("a candidate that answers 404 makes it incomplete", func(t *testing.T) {
		t.Parallel()
		e := newSimEnv(t)
		c, _ := e.client(t)
		since := c.Now()
		_, err := c.CreateSession(t.Context(), &heygen.CreateSessionRequest{Prompt: "gone"})
		require.NoError(t, err)
		e.sim.InjectFault(sim.Fault{Method: http.MethodGet, Path: "/v3/video-agents/sess_*", Status: 404,
			Body: `{"error":{"code":"not_found","message":"Session not found"}}`})
		_, found, err := c.FindCreatedSession(t.Context(), &heygen.CreateSessionRequest{Prompt: "gone"}, since)
		assert.False(t, found)
		assert.ErrorIs(t, err, heygen.ErrLookupIncomplete)
	})
	t.Run("list error", func(t *testing.T) {
		t.Parallel()
		e := newSimEnv(t)
		c, _ := e.client(t, heygen.WithRetryPolicy(heygen.RetryPolicy{}))
		e.sim.InjectFault(sim.Fault{Method: http.MethodGet, Path: "/v3/video-agents", Status: 500, Body: `{"error":{"code":"internal_error","message":"m"}}`})
		_, found, err := c.FindCreatedSession(t.Context(), &heygen.CreateSessionRequest{Prompt: "p"}, c.Now())
		assert.False(t, found)
		assert.ErrorIs(t, err, heygen.ErrServer)
	})
	t.Run("nil request", func(t *testing.T) {
		t.Parallel()
		e := newSimEnv(t)
		c, _ := e.client(t)
		_, _, err := c.FindCreatedSession(t.Context(), nil, c.Now())
		var ve *heygen.ValidationError
		assert.ErrorAs(t, err, &ve)
		assert.Zero(t, e.sim.RequestCount("", "/"))
	})
}

func TestOutcomeUnknown(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{&heygen.TransportError{Err: heygen.ErrRequestTimeout}, true},
		{&heygen.TransportError{Err: errors.New("connection refused"), NotSent: true}, false},
		{&heygen.APIError{StatusCode: 500}, true},
		{&heygen.APIError{StatusCode: 503}, true},
		{&heygen.APIError{StatusCode: 409, Code: "request_in_progress"}, true},
		{&heygen.APIError{StatusCode: 409, Code: "conflict"}, false},
		{&heygen.APIError{StatusCode: 429}, false},
		{&heygen.APIError{StatusCode: 400}, false},
		{&heygen.APIError{StatusCode: 200, Code: "internal_error"}, false},
		{&heygen.ReplyError{Detail: "eof"}, true},
		{&heygen.ValidationError{Param: "prompt"}, false},
		{fmt.Errorf("heygen: POST /v3/video-agents: %w", context.Canceled), false},
		{fmt.Errorf("heygen: POST /v3/video-agents: %w", context.DeadlineExceeded), false},
		{fmt.Errorf("wrapped: %w", &heygen.APIError{StatusCode: 502}), true},
	} {
		assert.Equal(t, tc.want, heygen.OutcomeUnknown(tc.err), "%#v", tc.err)
	}
}

// TestUploadRetriedWithSameKeyMakesOneAsset: POST /v3/assets documents
// Idempotency-Key, so a 5xx is retried under the same key; when the first
// attempt had stored the asset, HeyGen (the simulator) replays it: one asset.
func TestUploadRetriedWithSameKeyMakesOneAsset(t *testing.T) {
	t.Parallel()
	for _, after := range []bool{false, true} {
		t.Run(fmt.Sprintf("after=%v", after), func(t *testing.T) {
			t.Parallel()
			e := newSimEnv(t)
			c, w := e.client(t)
			e.sim.InjectFault(sim.Fault{Method: http.MethodPost, Path: "/v3/assets", Status: 502, Body: "bad gateway",
				AfterHandler: after, Times: 1})
			a, err := c.UploadAsset(t.Context(), "logo.png", strings.NewReader(pngBytes))
			require.NoError(t, err)
			assert.Len(t, w.all(), 1)
			var keys []string
			for _, r := range e.sim.Requests() {
				if r.Method == http.MethodPost && r.Path == "/v3/assets" {
					keys = append(keys, r.Header.Get("Idempotency-Key"))
				}
			}
			require.Len(t, keys, 2)
			assert.NotEmpty(t, keys[0])
			assert.Equal(t, keys[0], keys[1], "the retry reuses the key")
			assert.Equal(t, 1, e.sim.AssetCount(), "one asset, not two")
			assert.NotEmpty(t, a.AssetID)

			// A new upload is a new logical call: a new key, a new asset.
			_, err = c.UploadAsset(t.Context(), "logo.png", strings.NewReader(pngBytes))
			require.NoError(t, err)
			assert.Equal(t, 2, e.sim.AssetCount())
		})
	}
}

// TestUploadWaitsOutRequestInProgress: 409 request_in_progress means an
// earlier attempt with this key still runs: wait (Retry-After when given,
// through the injected sleep) and ask again with the same key.
func TestUploadWaitsOutRequestInProgress(t *testing.T) {
	t.Parallel()
	inProgress := []byte(`{"error":{"code":"request_in_progress","message":"A request with this Idempotency-Key is still in progress"}}`)
	for _, tc := range []struct {
		name       string
		retryAfter string
		wantWait   time.Duration // 0: the backoff, whatever it is
	}{
		{"with Retry-After", "3", 3 * time.Second},
		{"without Retry-After", "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, func(attempt int, w http.ResponseWriter, _ *http.Request) {
				if attempt < 2 {
					var hdr []string
					if tc.retryAfter != "" {
						hdr = []string{"Retry-After", tc.retryAfter}
					}
					reply(w, http.StatusConflict, "application/json", inProgress, hdr...)
					return
				}
				reply(w, 200, "application/json", fixture(t, "asset.json"))
			})
			c, w := newTestClient(t, f)
			a, err := c.UploadAsset(t.Context(), "a.png", strings.NewReader(pngBytes))
			require.NoError(t, err)
			assert.Equal(t, "asset_abc123def456", a.AssetID)
			reqs := f.requests()
			require.Len(t, reqs, 3)
			for _, r := range reqs {
				assert.Equal(t, reqs[0].Header.Get("Idempotency-Key"), r.Header.Get("Idempotency-Key"))
				assert.Equal(t, reqs[0].Body, r.Body)
			}
			assert.NotEmpty(t, reqs[0].Header.Get("Idempotency-Key"))
			waits := w.all()
			require.Len(t, waits, 2)
			if tc.wantWait != 0 {
				assert.Equal(t, []time.Duration{tc.wantWait, tc.wantWait}, waits)
			}
		})
	}
	t.Run("bounded", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
			reply(w, http.StatusConflict, "application/json", inProgress)
		})
		c, w := newTestClient(t, f, heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 2, MaxRetryAfter: time.Minute}))
		_, err := c.UploadAsset(t.Context(), "a.png", strings.NewReader(pngBytes))
		require.ErrorIs(t, err, heygen.ErrConflict)
		assert.Len(t, f.requests(), 3)
		assert.Len(t, w.all(), 2)
	})
	t.Run("a Retry-After beyond the limit is not waited for", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
			reply(w, http.StatusConflict, "application/json", inProgress, "Retry-After", "3600")
		})
		c, w := newTestClient(t, f, heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 2, MaxRetryAfter: time.Minute}))
		_, err := c.UploadAsset(t.Context(), "a.png", strings.NewReader(pngBytes))
		require.ErrorIs(t, err, heygen.ErrConflict)
		assert.Len(t, f.requests(), 1)
		assert.Empty(t, w.all())
	})
}
