package faults_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
)

// Regression (was a bug in heygen/client.go, fixed while this was written): a 2xx reply of exactly
// sim.HugeBodySize (10 MiB) passes the `len(b) > maxSuccessBody` cap, and its
// {"error":{"message":"xxx..."}} is copied whole into APIError.Message by
// embeddedError/fillFromErrorJSON (only Body is excerpted). The tool error a
// model reads is then 10 MB long. Error fields decoded from a reply should be
// capped like Body (excerpt(..., maxBodyExcerpt)).
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

// BUG (heygen/client.go validPathParam, found by tools.FuzzToolArguments;
// reported to the lead): an id of "." passes the tools' id pattern and
// validPathParam (which refuses ".." but not "."), and url.PathEscape leaves
// it as is, so get_video {"video_id":"."} sends GET /v3/videos/. — a dot
// segment that proxies and servers normalise to /v3/videos/ (the video LIST).
// Path parameters must never be dot segments: validPathParam should refuse
// "." as it refuses "..".
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

// BUG (tools/download_video.go:37, reported to the lead): download_video's
// video_id has no pattern, unlike every other id argument
// (pattern=^[A-Za-z0-9_.:=-]+$), so ids such as "a\u200bb" (zero-width
// space), "%2F" or invalid UTF-8 (decoded to U+FFFD) are sent to HeyGen
// (escaped, so no path injection) instead of being refused locally.
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
