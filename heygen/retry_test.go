package heygen_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// failThen answers the first n attempts with status (and headers), then the fixture.
func failThen(t *testing.T, n, status int, fixtureName string, header ...string) func(int, http.ResponseWriter, *http.Request) {
	ok := fixture(t, fixtureName)
	return func(attempt int, w http.ResponseWriter, _ *http.Request) {
		if attempt < n {
			reply(w, status, "application/json", []byte(`{"error":{"code":"x","message":"try again"}}`), header...)
			return
		}
		reply(w, http.StatusOK, "application/json", ok)
	}
}

func TestGetRetriedOnTransientStatuses(t *testing.T) {
	t.Parallel()
	for _, status := range []int{429, 500, 502, 503, 504} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, failThen(t, 2, status, "video_completed.json"))
			c, w := newTestClient(t, f, heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 3, BaseDelay: time.Second, MaxDelay: 8 * time.Second}))
			v, err := c.GetVideo(t.Context(), "vid_xyz789")
			require.NoError(t, err)
			assert.Equal(t, "vid_xyz789", v.ID)
			assert.Len(t, f.requests(), 3)
			waits := w.all()
			require.Len(t, waits, 2)
			assert.InDelta(t, float64(time.Second), float64(waits[0]), float64(250*time.Millisecond))
			assert.InDelta(t, float64(2*time.Second), float64(waits[1]), float64(500*time.Millisecond))
		})
	}
}

func TestNotRetriedStatuses(t *testing.T) {
	t.Parallel()
	for _, status := range []int{400, 401, 402, 403, 404, 409, 413, 501} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, failThen(t, 1, status, "video_completed.json"))
			c, w := newTestClient(t, f)
			_, err := c.GetVideo(t.Context(), "vid_1")
			var ae *heygen.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, status, ae.StatusCode)
			assert.Len(t, f.requests(), 1)
			assert.Empty(t, w.all())
		})
	}
}

func TestRetryLimitAndBackoffCap(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, failThen(t, 100, 503, "video_completed.json"))
	c, w := newTestClient(t, f, heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 5, BaseDelay: time.Second, MaxDelay: 4 * time.Second}))
	_, err := c.DeleteVideo(t.Context(), "vid_1")
	var ae *heygen.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 503, ae.StatusCode)
	assert.Len(t, f.requests(), 6, "1 attempt + MaxRetries")
	waits := w.all()
	require.Len(t, waits, 5)
	bounds := [][2]time.Duration{{750 * time.Millisecond, 1250 * time.Millisecond}, {1500 * time.Millisecond, 2500 * time.Millisecond},
		{3 * time.Second, 4 * time.Second}, {3 * time.Second, 4 * time.Second}, {3 * time.Second, 4 * time.Second}}
	for i, b := range bounds {
		assert.GreaterOrEqual(t, waits[i], b[0], "wait %d", i)
		assert.LessOrEqual(t, waits[i], b[1], "wait %d", i)
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, retryAfter string
		want             time.Duration
	}{
		{"seconds", "7", 7 * time.Second},
		{"HTTP date", now.Add(20 * time.Second).Format(http.TimeFormat), 20 * time.Second},
		{"HTTP date in the past uses backoff", now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"zero uses backoff", "0", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, failThen(t, 1, 429, "video_completed.json", "Retry-After", tc.retryAfter))
			c, w := newTestClient(t, f, heygen.WithNow(func() time.Time { return now }),
				heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 2, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second, MaxRetryAfter: 30 * time.Second}))
			_, err := c.GetVideo(t.Context(), "vid_1")
			require.NoError(t, err)
			waits := w.all()
			require.Len(t, waits, 1)
			if tc.want > 0 {
				assert.Equal(t, tc.want, waits[0])
			} else {
				assert.LessOrEqual(t, waits[0], 125*time.Millisecond, "backoff, not the header")
			}
		})
	}
}

func TestRetryAfterBeyondLimitsReturnsAtOnce(t *testing.T) {
	t.Parallel()
	t.Run("beyond MaxRetryAfter", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t, failThen(t, 1, 429, "video_completed.json", "Retry-After", "120"))
		c, w := newTestClient(t, f, heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 3, MaxRetryAfter: time.Minute}))
		_, err := c.GetVideo(t.Context(), "vid_1")
		var ae *heygen.APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, 2*time.Minute, ae.RetryAfter)
		assert.True(t, heygen.IsRateLimited(err))
		assert.Len(t, f.requests(), 1)
		assert.Empty(t, w.all())
	})
	t.Run("beyond the ctx budget", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t, failThen(t, 1, 503, "video_completed.json", "Retry-After", "7200"))
		c, w := newTestClient(t, f, heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 3, MaxRetryAfter: 3 * time.Hour}))
		ctx, cancel := context.WithTimeout(t.Context(), time.Hour)
		defer cancel()
		_, err := c.GetVideo(ctx, "vid_1")
		var ae *heygen.APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, 503, ae.StatusCode)
		assert.Len(t, f.requests(), 1)
		assert.Empty(t, w.all())
	})
	t.Run("backoff beyond the ctx budget", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t, failThen(t, 1, 503, "video_completed.json"))
		c, w := newTestClient(t, f, heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 3, BaseDelay: 2 * time.Hour, MaxDelay: 2 * time.Hour}))
		ctx, cancel := context.WithTimeout(t.Context(), time.Hour)
		defer cancel()
		_, err := c.GetVideo(ctx, "vid_1")
		require.Error(t, err)
		assert.Len(t, f.requests(), 1)
		assert.Empty(t, w.all())
	})
}

func TestPostRetryRules(t *testing.T) {
	t.Parallel()
	send := func(ctx context.Context, c *heygen.Client) error {
		_, err := c.SendMessage(ctx, "sess_1", &heygen.SendMessageRequest{Message: "hi"})
		return err
	}
	stop := func(ctx context.Context, c *heygen.Client) error {
		_, err := c.StopSession(ctx, "sess_1")
		return err
	}
	upload := func(ctx context.Context, c *heygen.Client) error {
		_, err := c.UploadAsset(ctx, "a.png", strings.NewReader(pngBytes))
		return err
	}
	tests := []struct {
		name     string
		call     func(context.Context, *heygen.Client) error
		fixture  string
		status   int
		attempts int
		wantErr  bool
	}{
		{"send not retried on 500", send, "send_message.json", 500, 1, true},
		{"send not retried on 503", send, "send_message.json", 503, 1, true},
		{"send retried on 429", send, "send_message.json", 429, 2, false},
		{"stop not retried on 502", stop, "stop_session.json", 502, 1, true},
		{"stop retried on 429", stop, "stop_session.json", 429, 2, false},
		// POST /v3/assets documents Idempotency-Key: a 5xx is retried with the same key.
		{"upload retried on 504", upload, "asset.json", 504, 2, false},
		{"upload retried on 429", upload, "asset.json", 429, 2, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, failThen(t, 1, tc.status, tc.fixture))
			c, _ := newTestClient(t, f)
			err := tc.call(t.Context(), c)
			if tc.wantErr {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
			}
			reqs := f.requests()
			require.Len(t, reqs, tc.attempts)
			if len(reqs) == 2 {
				assert.Equal(t, reqs[0].Body, reqs[1].Body, "the retry must resend the same body")
				assert.NotEmpty(t, reqs[1].Body)
			}
		})
	}
}

// TestCreateRetriedWithSameIdempotencyKey: the create is retried only on
// replies that say no work was done (429) or an earlier attempt with this key
// is still running (409 request_in_progress); 5xx is never retried
// (TestCreateNeverRetriedAfterSend).
func TestCreateRetriedWithSameIdempotencyKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		status int
		code   string
	}{
		{"429", 429, "rate_limit_exceeded"},
		{"409 request_in_progress", 409, "request_in_progress"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ok := fixture(t, "create_session.json")
			f := newFakeAPI(t, func(attempt int, w http.ResponseWriter, _ *http.Request) {
				if attempt < 2 {
					reply(w, tc.status, "application/json", []byte(`{"error":{"code":"`+tc.code+`","message":"m"}}`))
					return
				}
				reply(w, 200, "application/json", ok)
			})
			var n atomic.Int32
			c, _ := newTestClient(t, f, heygen.WithIdempotencyKeyFunc(func() string {
				return "key-" + string(rune('a'+n.Add(1)-1))
			}))
			s, err := c.CreateSession(t.Context(), &heygen.CreateSessionRequest{Prompt: "p"})
			require.NoError(t, err)
			assert.Equal(t, "sess_abc123", s.SessionID)
			reqs := f.requests()
			require.Len(t, reqs, 3)
			for _, r := range reqs {
				assert.Equal(t, "key-a", r.Header.Get("Idempotency-Key"))
				assert.JSONEq(t, `{"prompt":"p"}`, string(r.Body))
			}

			// A second logical create gets a fresh key.
			_, err = c.CreateSession(t.Context(), &heygen.CreateSessionRequest{Prompt: "p"})
			require.NoError(t, err)
			reqs = f.requests()
			assert.Equal(t, "key-b", reqs[len(reqs)-1].Header.Get("Idempotency-Key"))
		})
	}
}

func TestCreateNotRetriedOnConflictOtherThanInProgress(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, failThen(t, 1, 409, "create_session.json"))
	c, _ := newTestClient(t, f)
	_, err := c.CreateSession(t.Context(), &heygen.CreateSessionRequest{Prompt: "p"})
	require.ErrorIs(t, err, heygen.ErrConflict)
	assert.Len(t, f.requests(), 1)
}

func TestDefaultIdempotencyKeys(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		reply(w, 200, "application/json", fixture(t, "create_session.json"))
	})
	c, _ := newTestClient(t, f)
	for range 2 {
		_, err := c.CreateSession(t.Context(), &heygen.CreateSessionRequest{Prompt: "p"})
		require.NoError(t, err)
	}
	reqs := f.requests()
	k1, k2 := reqs[0].Header.Get("Idempotency-Key"), reqs[1].Header.Get("Idempotency-Key")
	assert.Regexp(t, `^[A-Za-z0-9_\-:.]{1,255}$`, k1)
	assert.NotEqual(t, k1, k2)
}

// TestAttemptTimeout: an attempt that gets no reply within the write timeout
// is not retried, neither a create (HeyGen may have started the session) nor a
// send; the error says the outcome is unknown.
func TestAttemptTimeout(t *testing.T) {
	t.Parallel()
	hang := func(ok []byte) func(int, http.ResponseWriter, *http.Request) {
		return func(attempt int, w http.ResponseWriter, r *http.Request) {
			if attempt == 0 {
				<-r.Context().Done() // the client gives up on this attempt
				return
			}
			reply(w, 200, "application/json", ok)
		}
	}
	// The timeout only needs to expire eventually; nothing asserts on its length.
	short := heygen.WithTimeouts(50*time.Millisecond, 50*time.Millisecond)

	t.Run("create", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t, hang(fixture(t, "create_session.json")))
		c, _ := newTestClient(t, f, short)
		_, err := c.CreateSession(t.Context(), &heygen.CreateSessionRequest{Prompt: "p"})
		var te *heygen.TransportError
		require.ErrorAs(t, err, &te)
		assert.False(t, te.SafeToRetry)
		assert.ErrorIs(t, err, heygen.ErrRequestTimeout)
		assert.True(t, heygen.OutcomeUnknown(err))
		assert.Len(t, f.requests(), 1, "a create that timed out is never sent again")
	})
	t.Run("send", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t, hang(fixture(t, "send_message.json")))
		c, _ := newTestClient(t, f, short)
		_, err := c.SendMessage(t.Context(), "sess_1", &heygen.SendMessageRequest{Message: "hi"})
		var te *heygen.TransportError
		require.ErrorAs(t, err, &te)
		assert.False(t, te.SafeToRetry)
		assert.ErrorIs(t, err, heygen.ErrRequestTimeout)
		assert.NotErrorIs(t, err, context.DeadlineExceeded)
		assert.Len(t, f.requests(), 1)
	})
}

func TestDroppedConnection(t *testing.T) {
	t.Parallel()
	drop := func(ok []byte) func(int, http.ResponseWriter, *http.Request) {
		return func(attempt int, w http.ResponseWriter, _ *http.Request) {
			if attempt == 0 {
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					_ = conn.Close()
				}
				return
			}
			reply(w, 200, "application/json", ok)
		}
	}
	t.Run("GET retried", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t, drop(fixture(t, "video_completed.json")))
		c, w := newTestClient(t, f)
		_, err := c.GetVideo(t.Context(), "vid_1")
		require.NoError(t, err)
		assert.Len(t, f.requests(), 2)
		assert.Len(t, w.all(), 1)
	})
	t.Run("send not retried", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t, drop(fixture(t, "send_message.json")))
		c, _ := newTestClient(t, f)
		_, err := c.SendMessage(t.Context(), "sess_1", &heygen.SendMessageRequest{Message: "hi"})
		var te *heygen.TransportError
		require.ErrorAs(t, err, &te)
		assert.False(t, te.SafeToRetry)
		assert.Equal(t, "/v3/video-agents/sess_1", te.Path)
		assert.Len(t, f.requests(), 1)
	})
}

// TestConnectionRefused: nothing listens, so even a POST is provably unsent and retried.
func TestConnectionRefused(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())

	w := &waits{}
	c, err := heygen.NewClient(heygen.WithBaseURL("http://"+addr+"/api"), heygen.WithAPIKey(testKey), heygen.WithSleep(w.sleep),
		heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 2}))
	require.NoError(t, err)
	_, err = c.SendMessage(t.Context(), "sess_1", &heygen.SendMessageRequest{Message: "hi"})
	var te *heygen.TransportError
	require.ErrorAs(t, err, &te)
	assert.True(t, te.SafeToRetry)
	assert.Len(t, w.all(), 2)
	assert.NotContains(t, err.Error(), testKey)
}

func TestCancelDuringRetryWait(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, failThen(t, 100, 503, "video_completed.json"))
	ctx, cancel := context.WithCancel(t.Context())
	entered := make(chan struct{})
	var once atomic.Bool
	sleep := func(ctx context.Context, d time.Duration) error {
		if once.CompareAndSwap(false, true) {
			close(entered)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(d):
			return nil
		}
	}
	c, err := heygen.NewClient(heygen.WithBaseURL(f.URL), heygen.WithAPIKey(testKey), heygen.WithSleep(sleep),
		heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 5, BaseDelay: time.Hour, MaxDelay: time.Hour}))
	require.NoError(t, err)
	go func() {
		<-entered
		cancel()
	}()
	_, err = c.GetVideo(ctx, "vid_1")
	require.ErrorIs(t, err, context.Canceled)
	var ae *heygen.APIError
	assert.ErrorAs(t, err, &ae, "the last HeyGen error is kept in the chain")
	assert.Len(t, f.requests(), 1)
}

// TestCancelWithDefaultSleep exercises the real ctx-aware wait: whether the
// cancel lands during the request or during the 1 h wait, the call ends with
// context.Canceled after one request.
func TestCancelWithDefaultSleep(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		reply(w, 503, "application/json", []byte(`{"error":{"code":"x","message":"m"}}`))
		go cancel()
	})
	c, err := heygen.NewClient(heygen.WithBaseURL(f.URL), heygen.WithAPIKey(testKey),
		heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 5, BaseDelay: time.Hour, MaxDelay: time.Hour}))
	require.NoError(t, err)
	_, err = c.GetVideo(ctx, "vid_1")
	require.True(t, errors.Is(err, context.Canceled), "got %v", err)
	assert.Len(t, f.requests(), 1)
}

func TestCanceledBeforeCall(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, failThen(t, 0, 200, "video_completed.json"))
	c, _ := newTestClient(t, f)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := c.GetVideo(ctx, "vid_1")
	require.ErrorIs(t, err, context.Canceled)
	assert.Empty(t, f.requests())
}
