package heygen_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

var noRetries = heygen.WithRetryPolicy(heygen.RetryPolicy{})

func TestAPIErrorStatuses(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		header      []string
		want        heygen.APIError
		sentinel    error
		errContains []string
	}{
		{
			name: "400 with param", status: 400, contentType: "application/json",
			body:   `{"error":{"code":"invalid_parameter","message":"prompt must be between 1 and 10000 characters","param":"prompt","doc_url":"https://developers.heygen.com/docs/error-codes#invalid-parameter"}}`,
			header: []string{"X-Request-Id", "req_400"},
			want: heygen.APIError{StatusCode: 400, Code: "invalid_parameter", Message: "prompt must be between 1 and 10000 characters",
				Param: "prompt", DocURL: "https://developers.heygen.com/docs/error-codes#invalid-parameter", RequestID: "req_400"},
			errContains: []string{"400", "invalid_parameter", `param "prompt"`, "req_400", "GET /v3/videos/vid_1"},
		},
		{
			name: "401", status: 401, contentType: "application/json",
			body:     `{"error":{"code":"unauthorized","message":"Invalid API key"}}`,
			want:     heygen.APIError{StatusCode: 401, Code: "unauthorized", Message: "Invalid API key"},
			sentinel: heygen.ErrUnauthorized,
		},
		{
			name: "402", status: 402, contentType: "application/json",
			body: `{"error":{"code":"insufficient_credit","message":"Your account has 5 credits but this video requires 10 credits.","doc_url":"https://developers.heygen.com/docs/error-codes#insufficient-credit"}}`,
			want: heygen.APIError{StatusCode: 402, Code: "insufficient_credit", Message: "Your account has 5 credits but this video requires 10 credits.",
				DocURL: "https://developers.heygen.com/docs/error-codes#insufficient-credit"},
			sentinel: heygen.ErrPaymentRequired,
		},
		{
			name: "403", status: 403, contentType: "application/json",
			body:     `{"error":{"code":"resource_access_denied","message":"not yours"}}`,
			want:     heygen.APIError{StatusCode: 403, Code: "resource_access_denied", Message: "not yours"},
			sentinel: heygen.ErrForbidden,
		},
		{
			name: "404", status: 404, contentType: "application/json",
			body:     `{"error":{"code":"video_not_found","message":"Video not found"}}`,
			want:     heygen.APIError{StatusCode: 404, Code: "video_not_found", Message: "Video not found"},
			sentinel: heygen.ErrNotFound,
		},
		{
			name: "409", status: 409, contentType: "application/json",
			body:     `{"error":{"code":"request_in_progress","message":"A request with this key is in progress"}}`,
			want:     heygen.APIError{StatusCode: 409, Code: "request_in_progress", Message: "A request with this key is in progress"},
			sentinel: heygen.ErrConflict,
		},
		{
			name: "413", status: 413, contentType: "application/json",
			body:     `{"error":{"code":"payload_too_large","message":"File exceeds 32 MB"}}`,
			want:     heygen.APIError{StatusCode: 413, Code: "payload_too_large", Message: "File exceeds 32 MB"},
			sentinel: heygen.ErrTooLarge,
		},
		{
			name: "429 Retry-After seconds", status: 429, contentType: "application/json",
			body:   `{"error":{"code":"rate_limit_exceeded","message":"Too many concurrent jobs"}}`,
			header: []string{"Retry-After", "7"},
			want: heygen.APIError{StatusCode: 429, Code: "rate_limit_exceeded", Message: "Too many concurrent jobs",
				RetryAfter: 7 * time.Second},
			sentinel:    heygen.ErrRateLimited,
			errContains: []string{"retry after 7s"},
		},
		{
			name: "429 Retry-After HTTP date", status: 429, contentType: "application/json",
			body:     `{"error":{"code":"rate_limit_exceeded","message":"slow down"}}`,
			header:   []string{"Retry-After", now.Add(90 * time.Second).Format(http.TimeFormat)},
			want:     heygen.APIError{StatusCode: 429, Code: "rate_limit_exceeded", Message: "slow down", RetryAfter: 90 * time.Second},
			sentinel: heygen.ErrRateLimited,
		},
		{
			name: "429 Retry-After junk", status: 429, contentType: "application/json",
			body:     `{"error":{"code":"rate_limit_exceeded","message":"slow down"}}`,
			header:   []string{"Retry-After", "soon"},
			want:     heygen.APIError{StatusCode: 429, Code: "rate_limit_exceeded", Message: "slow down"},
			sentinel: heygen.ErrRateLimited,
		},
		{
			name: "500", status: 500, contentType: "application/json",
			body:     `{"error":{"code":"internal_error","message":"boom"}}`,
			want:     heygen.APIError{StatusCode: 500, Code: "internal_error", Message: "boom"},
			sentinel: heygen.ErrServer,
		},
		{
			name: "502 HTML from a proxy", status: 502, contentType: "text/html",
			body:        "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>",
			want:        heygen.APIError{StatusCode: 502, Message: "non-JSON response body (text/html)", Body: "<html> <head><title>502 Bad Gateway</title></head> <body>nginx</body></html>"},
			sentinel:    heygen.ErrServer,
			errContains: []string{"502 Bad Gateway", "nginx"},
		},
		{
			name: "503 empty body", status: 503,
			want:        heygen.APIError{StatusCode: 503, Message: "empty response body"},
			errContains: []string{"503", "empty response body"},
		},
		{
			name: "400 truncated JSON", status: 400, contentType: "application/json",
			body:        `{"error":{"code":"invalid_param`,
			want:        heygen.APIError{StatusCode: 400, Message: "response body is not HeyGen's error JSON", Body: `{"error":{"code":"invalid_param`},
			errContains: []string{"invalid_param"},
		},
		{
			name: "error as a string", status: 400, contentType: "application/json",
			body: `{"error":"bad things"}`,
			want: heygen.APIError{StatusCode: 400, Message: "bad things"},
		},
		{
			name: "JSON without error object", status: 418, contentType: "application/json",
			body: `{"unexpected":true}`,
			want: heygen.APIError{StatusCode: 418, Message: "response body is not HeyGen's error JSON", Body: `{"unexpected":true}`},
		},
		{
			name: "redirect is not followed", status: 302,
			header: []string{"Location", "https://evil.example/steal"},
			want:   heygen.APIError{StatusCode: 302, Message: "empty response body"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				reply(w, tc.status, tc.contentType, []byte(tc.body), tc.header...)
			})
			c, _ := newTestClient(t, f, noRetries, heygen.WithNow(func() time.Time { return now }))
			_, err := c.GetVideo(t.Context(), "vid_1")
			var ae *heygen.APIError
			require.ErrorAs(t, err, &ae)
			want := tc.want
			want.Method, want.Path = http.MethodGet, "/v3/videos/vid_1"
			assert.Equal(t, want, *ae)
			if tc.sentinel != nil {
				assert.ErrorIs(t, err, tc.sentinel)
			}
			for _, s := range tc.errContains {
				assert.Contains(t, err.Error(), s)
			}
			assert.Len(t, f.requests(), 1)
		})
	}
}

func TestSentinelsDoNotOverlap(t *testing.T) {
	t.Parallel()
	err := &heygen.APIError{StatusCode: 404, Code: "not_found"}
	assert.True(t, heygen.IsNotFound(err))
	assert.False(t, heygen.IsUnauthorized(err))
	assert.False(t, heygen.IsRateLimited(err))
	assert.NotErrorIs(t, err, heygen.ErrServer)

	rl := &heygen.APIError{StatusCode: 429, RetryAfter: 3 * time.Second}
	d, ok := heygen.RetryAfterOf(errors.Join(errors.New("x"), rl))
	assert.True(t, ok)
	assert.Equal(t, 3*time.Second, d)
	_, ok = heygen.RetryAfterOf(err)
	assert.False(t, ok)
}

// TestErrorBodyCapped: a huge error body is read only up to the cap, and the
// excerpt in the error stays short.
func TestErrorBodyCapped(t *testing.T) {
	t.Parallel()
	huge := "<html>" + strings.Repeat("x", 1<<20)
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		reply(w, 500, "text/html", []byte(huge))
	})
	c, _ := newTestClient(t, f, noRetries)
	_, err := c.GetVideo(t.Context(), "vid_1")
	var ae *heygen.APIError
	require.ErrorAs(t, err, &ae)
	assert.LessOrEqual(t, len(ae.Body), 600*3)
	assert.True(t, strings.HasSuffix(ae.Body, "…"))
	assert.Less(t, len(err.Error()), 600)
}

func TestSuccessBodyCapped(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":{"id":"` + strings.Repeat("a", 11<<20) + `"}}`))
	})
	c, _ := newTestClient(t, f, noRetries)
	_, err := c.GetVideo(t.Context(), "vid_1")
	require.ErrorContains(t, err, "exceeds 10 MB")
}

func TestSuccessBodyMalformed(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		reply(w, 200, "application/json", []byte(`{"data":{"id":"vid_1","status":`))
	})
	c, _ := newTestClient(t, f, noRetries)
	_, err := c.GetVideo(t.Context(), "vid_1")
	require.ErrorContains(t, err, "decode reply")
	assert.Contains(t, err.Error(), `vid_1`)
}

// TestErrorFixtures decodes the documented error examples (HeyGen's error page).
func TestErrorFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fixture  string
		status   int
		want     heygen.APIError
		sentinel error
	}{
		{"error_insufficient_credit.json", 402, heygen.APIError{StatusCode: 402, Code: "insufficient_credit",
			Message: "Your account has 5 credits but this video requires 10 credits.",
			DocURL:  "https://developers.heygen.com/docs/error-codes#insufficient-credit"}, heygen.ErrPaymentRequired},
		{"error_invalid_parameter.json", 400, heygen.APIError{StatusCode: 400, Code: "invalid_parameter",
			Message: "prompt must be between 1 and 10000 characters", Param: "prompt",
			DocURL: "https://developers.heygen.com/docs/error-codes#invalid-parameter"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.fixture, func(t *testing.T) {
			t.Parallel()
			body := fixture(t, tc.fixture)
			f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				reply(w, tc.status, "application/json", body)
			})
			c, _ := newTestClient(t, f)
			_, err := c.CreateSession(t.Context(), &heygen.CreateSessionRequest{Prompt: "p"})
			var ae *heygen.APIError
			require.ErrorAs(t, err, &ae)
			want := tc.want
			want.Method, want.Path = http.MethodPost, "/v3/video-agents"
			assert.Equal(t, want, *ae)
			if tc.sentinel != nil {
				assert.ErrorIs(t, err, tc.sentinel)
			}
		})
	}
}
