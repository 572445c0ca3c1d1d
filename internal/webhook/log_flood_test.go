package webhook_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/internal/webhook"
)

// lockedBuffer is a log sink safe for concurrent handlers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.FieldsFunc(l.b.String(), func(r rune) bool { return r == '\n' })
}

// manualClock is a clock a test moves by hand.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// post sends n refused deliveries (of several kinds) from concurrent senders.
func postRefused(t *testing.T, hd http.Handler, n int) {
	t.Helper()
	bad := []string{"{nope", body("sess_1", "", ""), body("", "", "x"), body("sess_1", "", "hmcp1.a.00")}
	var wg sync.WaitGroup
	for s := range 8 {
		wg.Go(func() {
			for i := s; i < n; i += 8 {
				rec := httptest.NewRecorder()
				hd.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, webhook.Path, strings.NewReader(bad[i%len(bad)])))
				if rec.Code != http.StatusBadRequest && rec.Code != http.StatusUnauthorized {
					t.Errorf("delivery %d: status %d, want a refusal", i, rec.Code)
				}
			}
		})
	}
	wg.Wait()
}

// TestRefusalsDoNotFloodTheLog: anyone can post to the receiver, so refused
// deliveries are logged at most once per interval, each line saying how many
// refusals it stands for; accepted deliveries log at debug level only.
func TestRefusalsDoNotFloodTheLog(t *testing.T) {
	var logs lockedBuffer
	clock := &manualClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	hd, err := webhook.NewHandler(webhook.Options{CallbackSecret: secret, Hub: &hints{}, Now: clock.Now,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))})
	require.NoError(t, err)

	postRefused(t, hd, 1000)
	lines := logs.lines()
	require.Equal(t, 1, len(lines), "log lines for 1,000 refusals within one interval")
	assert.Contains(t, lines[0], "delivery rejected")
	assert.Contains(t, lines[0], "unlogged_since_last_line=0")

	clock.advance(webhook.DefaultRefusalLogInterval)
	postRefused(t, hd, 1000)
	lines = logs.lines()
	require.Equal(t, 2, len(lines), "one more line after the interval")
	assert.Contains(t, lines[1], "unlogged_since_last_line=999", "the line counts the refusals it stands for")

	// An accepted delivery logs nothing at info level.
	rec := httptest.NewRecorder()
	hd.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, webhook.Path,
		strings.NewReader(body("sess_1", "", webhook.CallbackID(secret, "idem-1")))))
	require.Equal(t, http.StatusNoContent, rec.Code)
	assert.Len(t, logs.lines(), 2, "accepted deliveries are debug lines")
}

// TestRefusalLogRealClock: with the real clock and the default interval, a
// burst of refusals still produces a handful of lines, not one each.
func TestRefusalLogRealClock(t *testing.T) {
	var logs lockedBuffer
	hd, err := webhook.NewHandler(webhook.Options{CallbackSecret: secret, Hub: &hints{},
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	require.NoError(t, err)
	postRefused(t, hd, 1000)
	assert.LessOrEqual(t, len(logs.lines()), 3, "1,000 refusals flooded the log")
}
