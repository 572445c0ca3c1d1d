package abuse

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
)

const listChanged = "notifications/resources/list_changed"

// nextListChanged waits for the next resources/list_changed on a GET stream.
func nextListChanged(t *testing.T, events <-chan sseEvent) sseEvent {
	t.Helper()
	timeout := time.After(outerBound)
	for {
		select {
		case ev, ok := <-events:
			require.True(t, ok, "the stream ended before a resources/list_changed arrived")
			if strings.Contains(ev.data, listChanged) {
				return ev
			}
		case <-timeout:
			t.Fatalf("no resources/list_changed within %s", outerBound)
		}
	}
}

// TestSessionHijackIsRefused: with an endpoint token, client B (its own HeyGen
// key) sending A's Mcp-Session-Id gets 404 on DELETE, GET and POST; A's
// session and its stream carry on, and nothing of A's reaches B, not even by
// resuming A's stream from its event id through B's own session (issue: B's
// DELETE ended A's session and B's GET stream received A's list_changed and
// resources/updated).
func TestSessionHijackIsRefused(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, nil)
	const keyA, keyB = "sk-abuse-owner-a", "sk-abuse-other-b"

	// A: one session listening on its GET stream, another making calls.
	a := initialize(t, s, keyA)
	r := do(t, http.MethodPost, s.url, auth(keyA, a), `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`)
	require.Equal(t, http.StatusOK, r.status, "A's tools/list: %s", r.body)
	aStream := openStream(t, s, keyA, a)
	aCaller := mcptest.ConnectHTTP(t, s.url, auth(keyA, ""))
	createVideo := func() {
		t.Helper()
		req := mcp.CallToolRequest{}
		req.Params.Name = "create_video"
		req.Params.Arguments = map[string]any{"prompt": "A 20-second teaser for a reading lamp"}
		res, err := aCaller.CallTool(context.Background(), req)
		require.NoError(t, err)
		require.False(t, res.IsError, "create_video: %v", res.Content)
	}

	// B: a session of its own, then A's session id with B's key.
	b := initialize(t, s, keyB)
	for _, m := range []struct{ method, body string }{
		{http.MethodGet, ""},
		{http.MethodPost, `{"jsonrpc":"2.0","id":3,"method":"tools/list"}`},
		{http.MethodPost, `{"jsonrpc":"2.0","id":4,"method":"resources/list"}`},
		{http.MethodDelete, ""},
	} {
		r := do(t, m.method, s.url, auth(keyB, a), m.body)
		require.Equal(t, http.StatusNotFound, r.status, "B's %s with A's session id: %s", m.method, r.body)
		requireRPCError(t, r)
		assert.NotContains(t, string(r.body), "notifications/", "B's %s received A's notifications", m.method)
	}
	// The same without any key (the server's own tenant) and with a key
	// that differs from A's only in case.
	for _, k := range []string{"", strings.ToUpper(keyA)} {
		r := do(t, http.MethodDelete, s.url, auth(k, a), "")
		require.Equal(t, http.StatusNotFound, r.status, "DELETE of A's session with key %q: %s", k, r.body)
	}

	// A still works: its session answers, and its stream, which B's GET
	// would have superseded, gets A's events.
	r = do(t, http.MethodPost, s.url, auth(keyA, a), `{"jsonrpc":"2.0","id":5,"method":"tools/list"}`)
	require.Equal(t, http.StatusOK, r.status, "A's session after B's DELETE: %s", r.body)
	createVideo()
	first := nextListChanged(t, aStream)
	createVideo()
	nextListChanged(t, aStream)

	// Nor can B replay A's stream through its own session and A's event id.
	require.NotEmpty(t, first.id, "A's stream events carry no id")
	h := auth(keyB, b)
	h["Last-Event-ID"] = first.id
	r = do(t, http.MethodGet, s.url, h, "")
	assert.NotEqual(t, http.StatusOK, r.status, "B resumed A's stream from event %q", first.id)
	assert.NotContains(t, string(r.body), listChanged)
}
