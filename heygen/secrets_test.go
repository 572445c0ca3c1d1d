package heygen_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestKeyNeverInErrors makes HeyGen (or a proxy, or the transport) echo the key
// in every place an error can pick text from, and checks every error kind.
func TestKeyNeverInErrors(t *testing.T) {
	t.Parallel()
	echo := func(status int, ct, body string, header ...string) func(int, http.ResponseWriter, *http.Request) {
		return func(_ int, w http.ResponseWriter, _ *http.Request) {
			reply(w, status, ct, []byte(body), header...)
		}
	}
	k := testKey
	servers := map[string]func(int, http.ResponseWriter, *http.Request){
		"JSON error fields": echo(401, "application/json",
			fmt.Sprintf(`{"error":{"code":"bad_%s","message":"key %s is invalid","param":"%s","doc_url":"https://x/%s"}}`, k, k, k, k),
			"X-Request-Id", "req_"+k),
		"HTML body":            echo(502, "text/html", "<html>your key "+k+" was rejected</html>"),
		"truncated JSON":       echo(400, "application/json", `{"error":{"message":"`+k),
		"error string":         echo(400, "application/json", `{"error":"key `+k+`"}`),
		"top-level message":    echo(400, "application/json", `{"message":"key `+k+`"}`),
		"embedded 200 error":   echo(200, "application/json", `{"error":{"code":"x","message":"`+k+`"}}`),
		"malformed 200 body":   echo(200, "application/json", `{"data":{"id":"`+k),
		"200 without data":     echo(200, "application/json", `{"other":"`+k+`"}`),
		"rate limited":         echo(429, "application/json", `{"error":{"code":"rate_limit_exceeded","message":"`+k+`"}}`, "Retry-After", "9999"),
		"server error retried": echo(503, "text/plain", k),
	}
	for name, h := range servers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, h)
			c, _ := newTestClient(t, f, heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 1}))
			_, err := c.GetVideo(t.Context(), "vid_1")
			require.Error(t, err)
			assertNoKey(t, err)
			// The request did carry the key: the redaction is not an artefact of not sending it.
			assert.Equal(t, k, f.requests()[0].Header.Get("X-Api-Key"))
		})
	}

	t.Run("transport error text", func(t *testing.T) {
		t.Parallel()
		rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return nil, fmt.Errorf("proxy refused header X-Api-Key: %s", r.Header.Get("X-Api-Key"))
		})
		c, err := heygen.NewClient(heygen.WithAPIKey(k), heygen.WithHTTPClient(&http.Client{Transport: rt}),
			heygen.WithSleep((&waits{}).sleep))
		require.NoError(t, err)
		_, err = c.GetVideo(t.Context(), "vid_1")
		var te *heygen.TransportError
		require.ErrorAs(t, err, &te)
		assertNoKey(t, err)
		assert.Contains(t, err.Error(), "[redacted]")
	})

	t.Run("validation errors", func(t *testing.T) {
		t.Parallel()
		c, err := heygen.NewClient(heygen.WithAPIKey(k))
		require.NoError(t, err)
		_, err = c.GetVideo(t.Context(), "")
		require.Error(t, err)
		assertNoKey(t, err)
	})
}

// assertNoKey checks Error() and every field reachable through the chain.
func assertNoKey(t *testing.T, err error) {
	t.Helper()
	assert.NotContains(t, err.Error(), testKey)
	assert.NotContains(t, fmt.Sprintf("%+v %#v", err, err), testKey)
	var ae *heygen.APIError
	if errors.As(err, &ae) {
		assert.NotContains(t, fmt.Sprintf("%#v", *ae), testKey)
	}
	var te *heygen.TransportError
	if errors.As(err, &te) {
		assert.NotContains(t, te.Err.Error(), testKey)
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		assert.False(t, strings.Contains(e.Error(), testKey), "a wrapped error shows the key: %T", e)
	}
}

// TestKeyPastedAsID: an id that is the key by mistake is sent (HeyGen decides),
// but the error names the path with the key redacted.
func TestKeyPastedAsID(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		reply(w, 404, "application/json", []byte(`{"error":{"code":"video_not_found","message":"Video not found"}}`))
	})
	c, _ := newTestClient(t, f)
	_, err := c.GetVideo(t.Context(), testKey)
	require.True(t, heygen.IsNotFound(err))
	assertNoKey(t, err)
	assert.Contains(t, err.Error(), "/v3/videos/[redacted]")
}

// TestKeyCutInHalfNeverLeaks: an upstream body that echoes the key right where
// an excerpt is cut must not leave a piece of the key in the error.
func TestKeyCutInHalfNeverLeaks(t *testing.T) {
	const key = "sk_live_ABCDEFGHIJKLMNOP"
	for _, pad := range []int{500, 505, 190, 195, 120} {
		body := strings.Repeat("a", pad) + key + strings.Repeat("b", 100)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("X-Request-Id", body)
			w.WriteHeader(http.StatusBadGateway)
			_, _ = io.WriteString(w, body)
		}))
		c, err := heygen.NewClient(heygen.WithBaseURL(srv.URL), heygen.WithAPIKey(key), heygen.WithRetryPolicy(heygen.RetryPolicy{}))
		require.NoError(t, err)
		_, err = c.GetVideo(context.Background(), "vid_1")
		srv.Close()
		require.Error(t, err)
		var ae *heygen.APIError
		require.ErrorAs(t, err, &ae)
		for _, text := range []string{err.Error(), ae.Body, ae.RequestID, ae.Message} {
			assert.NotContains(t, text, key[:8], "pad %d: a piece of the key leaked: %q", pad, text)
		}
	}
}
