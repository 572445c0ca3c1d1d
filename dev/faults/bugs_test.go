package faults_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
)

// Regressions: each test here reproduced a bug found while building the matrix;
// all are fixed and stay as guards.

// A 2xx reply of exactly
// sim.HugeBodySize (10 MiB) passes the `len(b) > maxSuccessBody` cap, and its
// {"error":{"message":"xxx..."}} is copied whole into APIError.Message by
// embeddedError/fillFromErrorJSON (only Body was excerpted), so the tool error a
// model read was 10 MB long. Fixed: every decoded error field is capped.
func TestHuge200ErrorBodyIsCapped(t *testing.T) {
	e := newEnv(t, envOpts{retries: 0})
	// 1 MiB is enough to show it (sim.HugeBodyFault's 10 MiB does the same, slowly).
	msg := strings.Repeat("x", 1<<20)
	e.sim.InjectFault(sim.Fault{Path: "/v3/users/me", Status: 200, Body: `{"error":{"code":"internal_error","message":"` + msg + `"}}`})
	o := e.call(context.Background(), "get_account", nil)
	require.NoError(t, o.err)
	assert.True(t, o.isError, "%s", o)
	assert.Less(t, len(o.text), maxErrorText, "the error text a model reads is %d bytes", len(o.text))
}

// Found by tools.FuzzToolArguments: an id of "." passed the tools' id pattern
// and validPathParam (which refused ".." but not "."), and url.PathEscape leaves
// it as is, so get_video {"video_id":"."} sent GET /v3/videos/. — a dot segment
// that proxies and servers normalise to /v3/videos/ (the video LIST). Fixed:
// validPathParam refuses ".".
func TestDotIDNeverReachesHeyGen(t *testing.T) {
	e := newEnv(t, envOpts{retries: 0})
	for _, c := range []struct{ tool, arg string }{
		{"get_video", "video_id"}, {"get_session", "session_id"}, {"stop_session", "session_id"},
		{"list_session_videos", "session_id"}, {"wait_for_video", "video_id"}, {"wait_for_video", "session_id"},
	} {
		e.hits.Store(0)
		o := e.call(context.Background(), c.tool, map[string]any{c.arg: "."})
		require.NoError(t, o.err)
		assert.Equal(t, "invalid_argument", o.kind, "%s %s=\".\": %s", c.tool, c.arg, o)
		assert.Zero(t, e.hits.Load(), "%s %s=\".\" was sent (the simulator's mux answered 307 to the cleaned path)", c.tool, c.arg)
	}
}

// download_video's video_id had no pattern, unlike every other id argument
// (pattern=^[A-Za-z0-9_.:=-]+$), so ids such as "a\u200bb" (zero-width space),
// "%2F" or invalid UTF-8 (decoded to U+FFFD) were sent to HeyGen (escaped, so
// no path injection) instead of being refused locally. Fixed.
func TestDownloadVideoIDPattern(t *testing.T) {
	e := newEnv(t, envOpts{retries: 0})
	for _, id := range []string{"a\u200bb", "%2F", "a\ufffdb"} {
		e.hits.Store(0)
		o := e.call(context.Background(), "download_video", map[string]any{"video_id": id})
		require.NoError(t, o.err)
		assert.Equal(t, "invalid_argument", o.kind, "download_video %q: %s", id, o)
		assert.Zero(t, e.hits.Load(), "download_video %q reached HeyGen", id)
	}
}
