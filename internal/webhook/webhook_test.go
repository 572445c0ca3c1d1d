package webhook_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
	"github.com/heygen-mcp/heygen-mcp/internal/webhook"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var secret = []byte("0123456789abcdef-server-secret")

type hints struct {
	mu   sync.Mutex
	refs []watch.Ref
}

func (h *hints) Hint(r watch.Ref) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.refs = append(h.refs, r)
	return 1
}

func (h *hints) get() []watch.Ref {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]watch.Ref(nil), h.refs...)
}

func TestCallbackURL(t *testing.T) {
	assert.Equal(t, "https://mcp.example.com/webhooks/heygen", webhook.CallbackURL("https://mcp.example.com"))
	assert.Equal(t, "https://mcp.example.com/webhooks/heygen", webhook.CallbackURL("https://mcp.example.com/"))
	assert.Equal(t, "https://example.com/heygen-mcp/webhooks/heygen", webhook.CallbackURL("https://example.com/heygen-mcp/"))
}

func TestCallbackIDVerifies(t *testing.T) {
	id := webhook.CallbackID(secret, "idem-123")
	assert.True(t, webhook.VerifyCallbackID(secret, id))
	assert.True(t, strings.HasPrefix(id, "hmcp1.idem-123."))
	assert.False(t, webhook.VerifyCallbackID([]byte("another-secret-of-16+"), id))
	assert.False(t, webhook.VerifyCallbackID(secret, strings.Replace(id, "idem-123", "idem-124", 1)))
	assert.False(t, webhook.VerifyCallbackID(secret, id[:len(id)-1]+"0"))
	assert.False(t, webhook.VerifyCallbackID(secret, ""))
	assert.False(t, webhook.VerifyCallbackID(secret, "hmcp1.nodot"))
	dotted := webhook.CallbackID(secret, "a.b.c")
	assert.True(t, webhook.VerifyCallbackID(secret, dotted), "a seed with dots still verifies")

	// A user's own callback_id keeps its text in front and verifies too; the
	// MAC covers the user's part, so it cannot be swapped.
	user, ok := webhook.UserCallbackID(secret, "order.42", "idem-9")
	require.True(t, ok)
	assert.True(t, strings.HasPrefix(user, "order.42.hmcp1."), user)
	assert.True(t, webhook.VerifyCallbackID(secret, user))
	assert.False(t, webhook.VerifyCallbackID(secret, "order.43"+strings.TrimPrefix(user, "order.42")), "another user id")
	assert.False(t, webhook.VerifyCallbackID(secret, strings.TrimPrefix(user, "order.42.")), "the suffix alone")
	assert.False(t, webhook.VerifyCallbackID([]byte("another-secret-of-16+"), user))
	prefixed, ok := webhook.UserCallbackID(secret, "hmcp1.theirs", "idem-9")
	require.True(t, ok)
	assert.True(t, webhook.VerifyCallbackID(secret, prefixed), "a user id that looks like ours still verifies")
	long, ok := webhook.UserCallbackID(secret, strings.Repeat("x", webhook.MaxUserCallbackID+1), "idem-9")
	assert.False(t, ok)
	assert.Equal(t, strings.Repeat("x", webhook.MaxUserCallbackID+1), long, "too long: left as it was")
}

func TestNewHandlerValidates(t *testing.T) {
	_, err := webhook.NewHandler(webhook.Options{CallbackSecret: []byte("short"), Hub: &hints{}})
	require.ErrorContains(t, err, "CallbackSecret")
	_, err = webhook.NewHandler(webhook.Options{CallbackSecret: secret})
	require.ErrorContains(t, err, "Hub")
}

func body(sessionID, videoID, callbackID string) string {
	return `{"event_type":"video_agent.success","event_data":{"session_id":"` + sessionID + `","video_id":"` + videoID +
		`","url":"https://forged.example/evil.mp4","callback_id":"` + callbackID + `"}}`
}

func TestHandler(t *testing.T) {
	const signing = "whsec_test_signing_secret"
	good := webhook.CallbackID(secret, "idem-1")
	users, _ := webhook.UserCallbackID(secret, "my-order-7", "idem-2")
	cases := []struct {
		name, method, body, signature string
		status                        int
		hinted                        bool
	}{
		{"valid callback_id", "POST", body("sess_1", "vid_1", good), "", 204, true},
		{"the user's own callback_id, extended", "POST", body("sess_1", "vid_1", users), "", 204, true},
		{"the user's own callback_id, bare", "POST", body("sess_1", "vid_1", "my-order-7"), "", 401, false},
		{"valid signature, no callback_id", "POST", body("sess_1", "", ""), "sign", 204, true},
		{"GET", "GET", "", "", 405, false},
		{"not JSON", "POST", "{nope", "", 400, false},
		{"too large", "POST", `{"event_type":"video_agent.success","x":"` + strings.Repeat("a", 70<<10) + `"}`, "", 400, false},
		{"no ids", "POST", body("", "", good), "", 400, false},
		{"odd id", "POST", body("sess/../1", "", good), "", 400, false},
		{"other event", "POST", `{"event_type":"video_translate.success","event_data":{"video_id":"v"}}`, "", 400, false},
		{"no callback_id, unsigned", "POST", body("sess_1", "", ""), "", 401, false},
		{"forged callback_id", "POST", body("sess_1", "", "hmcp1.idem-1.00000000000000000000000000000000"), "", 401, false},
		{"bad signature", "POST", body("sess_1", "", good), "deadbeef", 401, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			h := &hints{}
			hd, err := webhook.NewHandler(webhook.Options{CallbackSecret: secret, SigningSecret: signing, Hub: h,
				Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			require.NoError(t, err)
			req := httptest.NewRequest(tc.method, webhook.Path, strings.NewReader(tc.body))
			switch tc.signature {
			case "sign":
				req.Header.Set("Signature", sim.Sign(signing, []byte(tc.body)))
			case "":
			default:
				req.Header.Set("Signature", tc.signature)
			}
			rec := httptest.NewRecorder()
			hd.ServeHTTP(rec, req)
			assert.Equal(t, tc.status, rec.Code, rec.Body.String())
			if tc.hinted {
				require.Len(t, h.get(), 1)
				assert.Equal(t, "sess_1", h.get()[0].SessionID)
			} else {
				assert.Empty(t, h.get())
			}
			assert.NotContains(t, logs.String(), string(secret))
			assert.NotContains(t, logs.String(), signing)
			assert.NotContains(t, logs.String(), "forged.example", "the body is never logged")
		})
	}
}

func TestHandlerWithoutSigningSecretIgnoresSignature(t *testing.T) {
	h := &hints{}
	hd, err := webhook.NewHandler(webhook.Options{CallbackSecret: secret, Hub: h})
	require.NoError(t, err)
	req := httptest.NewRequest(http.MethodPost, webhook.Path, strings.NewReader(body("sess_1", "", "")))
	req.Header.Set("Signature", "anything")
	rec := httptest.NewRecorder()
	hd.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusUnauthorized, rec.Code, "an unverifiable signature is no proof")
}

func FuzzParseEvent(f *testing.F) {
	f.Add([]byte(body("sess_1", "vid_1", "hmcp1.x.y")))
	f.Add([]byte(`{"event_type":"video_agent.fail","event_data":{"session_id":"s","msg":"boom"}}`))
	f.Add([]byte(`{"event_type":"video_agent.success","event_data":null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, err := webhook.ParseEvent(b)
		if err != nil {
			if ev != (webhook.Event{}) {
				t.Fatalf("error with a non-zero event: %+v", ev)
			}
			return
		}
		if ev.SessionID == "" && ev.VideoID == "" {
			t.Fatal("accepted an event naming nothing")
		}
		for _, id := range []string{ev.SessionID, ev.VideoID} {
			if strings.ContainsAny(id, "/?#. \t\r\n\x00") || len(id) > 128 {
				t.Fatalf("accepted id %q", id)
			}
		}
	})
}
