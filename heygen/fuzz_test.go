package heygen_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// Fuzz targets feed arbitrary bodies through the whole client (decode, error
// mapping, redaction) with an in-memory transport: no network, no sleeps.
// Seed corpora live in testdata/fuzz/<Target>/ (the golden fixtures and the
// error shapes); run e.g. go test -run '^$' -fuzz FuzzDecodeSession -fuzztime 30s ./heygen/

func fuzzClient(t *testing.T, status int, header http.Header, body []byte) *heygen.Client {
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.Body != nil {
			_, _ = io.Copy(io.Discard, r.Body)
		}
		return &http.Response{StatusCode: status, Header: header, Body: io.NopCloser(bytes.NewReader(body)), Request: r}, nil
	})
	c, err := heygen.NewClient(heygen.WithAPIKey(testKey), heygen.WithHTTPClient(&http.Client{Transport: rt}),
		heygen.WithRetryPolicy(heygen.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkResult enforces the invariants of every call: a result xor an error,
// and the key never in the error.
func checkResult[T any](t *testing.T, got *T, err error) {
	t.Helper()
	if err == nil && got == nil {
		t.Fatal("nil result without an error")
	}
	if err != nil {
		if got != nil {
			t.Fatal("result and error together")
		}
		if strings.Contains(err.Error(), testKey) {
			t.Fatalf("key in error: %v", err)
		}
	}
}

func jsonHeader() http.Header { return http.Header{"Content-Type": {"application/json"}} }

func FuzzDecodeSession(f *testing.F) {
	f.Add([]byte(`{"data":{"session_id":"s","status":"thinking","messages":[{"role":"model","content":"q","type":"text"}]}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		c := fuzzClient(t, 200, jsonHeader(), body)
		ctx := context.Background()
		s, err := c.GetSession(ctx, "sess_1")
		checkResult(t, s, err)
		if s != nil {
			_, _ = s.LatestModelMessage()
		}
		cr, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "p"})
		checkResult(t, cr, err)
		sm, err := c.SendMessage(ctx, "sess_1", &heygen.SendMessageRequest{Message: "m"})
		checkResult(t, sm, err)
		st, err := c.StopSession(ctx, "sess_1")
		checkResult(t, st, err)
		res, err := c.GetSessionResource(ctx, "sess_1", "res_1")
		checkResult(t, res, err)
	})
}

func FuzzDecodeVideo(f *testing.F) {
	f.Add([]byte(`{"data":{"id":"v","status":"completed","duration":1.5}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		c := fuzzClient(t, 200, jsonHeader(), body)
		ctx := context.Background()
		v, err := c.GetVideo(ctx, "vid_1")
		checkResult(t, v, err)
		d, err := c.DeleteVideo(ctx, "vid_1")
		checkResult(t, d, err)
		a, err := c.UploadAsset(ctx, "a.png", strings.NewReader("x"))
		checkResult(t, a, err)
		u, err := c.GetCurrentUser(ctx)
		checkResult(t, u, err)
	})
}

func FuzzDecodePage(f *testing.F) {
	f.Add([]byte(`{"data":[{"id":"v"}],"has_more":true,"next_token":"t"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		c := fuzzClient(t, 200, jsonHeader(), body)
		ctx := context.Background()
		p1, err := c.ListSessions(ctx, nil)
		checkResult(t, p1, err)
		p2, err := c.ListSessionVideos(ctx, "sess_1", nil)
		checkResult(t, p2, err)
		p3, err := c.ListStyles(ctx, nil)
		checkResult(t, p3, err)
		p4, err := c.ListVideos(ctx, nil)
		checkResult(t, p4, err)
		p5, err := c.ListAvatarLooks(ctx, nil)
		checkResult(t, p5, err)
		p6, err := c.ListVoices(ctx, nil)
		checkResult(t, p6, err)
		if p4 != nil {
			_ = p4.Next()
		}
	})
}

// FuzzDecodeError drives checkResponse: any status, content type, Retry-After,
// request id and body must give an *APIError (non-2xx) and never panic.
func FuzzDecodeError(f *testing.F) {
	f.Add(400, "application/json", "", "req_1", []byte(`{"error":{"code":"invalid_parameter","message":"m","param":"prompt"}}`))
	f.Add(429, "application/json", "7", "", []byte(`{"error":{"code":"rate_limit_exceeded","message":"m"}}`))
	f.Add(503, "text/html", "Wed, 21 Oct 2026 07:28:00 GMT", "", []byte("<html>bad gateway</html>"))
	f.Add(500, "", "", "", []byte(nil))
	f.Fuzz(func(t *testing.T, status int, contentType, retryAfter, requestID string, body []byte) {
		if status < 100 || status > 999 {
			status = 100 + (status%900+900)%900
		}
		h := http.Header{}
		h.Set("Content-Type", contentType)
		h.Set("Retry-After", retryAfter)
		h.Set("X-Request-Id", requestID)
		c := fuzzClient(t, status, h, body)
		v, err := c.GetVideo(context.Background(), "vid_1")
		checkResult(t, v, err)
		if status < 200 || status > 299 {
			var ae *heygen.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("status %d: want *APIError, got %T %v", status, err, err)
			}
			if ae.StatusCode != status || ae.RetryAfter < 0 || len(ae.Body) > 4*600 {
				t.Fatalf("bad APIError %+v", ae)
			}
		}
	})
}
