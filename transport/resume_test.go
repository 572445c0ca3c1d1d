package transport_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/transport"
)

type sseEvent struct{ id, data string }

// readEvents parses SSE events from r into a channel, closed at EOF.
func readEvents(r io.Reader) <-chan sseEvent {
	out := make(chan sseEvent, 16)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(r)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "id:"):
				ev.id = strings.TrimSpace(strings.TrimPrefix(line, "id:"))
			case strings.HasPrefix(line, "data:"):
				ev.data = strings.TrimSpace(strings.TrimPrefix(line, "data:"))
			case line == "" && ev.data != "":
				out <- ev
				ev = sseEvent{}
			}
		}
	}()
	return out
}

func nextEvent(t *testing.T, events <-chan sseEvent) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-events:
		require.True(t, ok, "the stream ended early")
		return ev
	case <-time.After(20 * time.Second): // an outer bound, not a measurement
		t.Fatal("no SSE event")
		return sseEvent{}
	}
}

// resumeServer has one tool, "step", that sends a progress notification and
// then waits for release before answering: the reply can be made to arrive
// while the client is disconnected.
func resumeServer(t *testing.T) (url string, release chan struct{}) {
	t.Helper()
	release = make(chan struct{}, 4)
	s := server.NewMCPServer("resume-test", "0.0.1", server.WithToolCapabilities(false),
		server.WithToolHandlerMiddleware(transport.FlushNotifications))
	s.AddTool(mcp.NewTool("step"), func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		if err := server.ServerFromContext(ctx).SendNotificationToClient(ctx, "notifications/progress",
			map[string]any{"progressToken": req.Params.Meta.ProgressToken, "progress": 1, "total": 2}); err != nil {
			return nil, err
		}
		<-release
		return mcp.NewToolResultText("stepped"), nil
	})
	h, shutdown, err := transport.NewHTTPHandler(s, transport.HTTPOptions{AllowRequestKeys: true, Logger: quietLogger()})
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	t.Cleanup(func() {
		close(release)
		_ = shutdown(context.Background())
		ts.Close()
	})
	return ts.URL + transport.MCPPath, release
}

// startStep initialises a session and starts a "step" call, returning the
// session id, the first event of the call's stream and a way to drop the
// connection.
func startStep(t *testing.T, url string) (session string, first sseEvent, disconnect func()) {
	t.Helper()
	init := rawPost(t, url, initBody, nil)
	require.Equal(t, http.StatusOK, init.StatusCode)
	session = init.Header.Get("Mcp-Session-Id")
	require.NotEmpty(t, session)
	h := map[string]string{"Mcp-Session-Id": session, "Mcp-Protocol-Version": "2025-11-25"}
	rawPost(t, url, `{"jsonrpc":"2.0","method":"notifications/initialized"}`, h)

	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(
		`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"step","arguments":{},"_meta":{"progressToken":"p"}}}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.Equal(t, "text/event-stream", resp.Header.Get("Content-Type"))
	first = nextEvent(t, readEvents(resp.Body))
	require.Contains(t, first.data, "notifications/progress")
	require.NotEmpty(t, first.id, "streamed events must carry ids to be resumable")
	return session, first, func() { cancel(); _ = resp.Body.Close() }
}

func resume(t *testing.T, url, session, lastEventID string) <-chan sseEvent {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Mcp-Session-Id", session)
	req.Header.Set("Mcp-Protocol-Version", "2025-11-25")
	req.Header.Set("Last-Event-ID", lastEventID)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { _ = resp.Body.Close() })
	require.Equal(t, http.StatusOK, resp.StatusCode)
	return readEvents(resp.Body)
}

// Resumability survives the patch that drops finished request streams: a
// reply recorded while the client was away is replayed, whether the client
// comes back after the call finished or while it is still running.
func TestRequestStreamResumes(t *testing.T) {
	t.Run("after the reply was recorded", func(t *testing.T) {
		url, release := resumeServer(t)
		session, first, disconnect := startStep(t, url)
		disconnect()
		release <- struct{}{}
		// The reply is recorded once the handler returns; resuming before
		// that is the other subtest. Poll the replay until it holds the reply.
		var got sseEvent
		require.Eventually(t, func() bool {
			ev, ok := <-resume(t, url, session, first.id)
			got = ev
			return ok && strings.Contains(ev.data, `"id":7`)
		}, 20*time.Second, 50*time.Millisecond)
		assert.Contains(t, got.data, "stepped")
	})
	t.Run("while the call is still running", func(t *testing.T) {
		url, release := resumeServer(t)
		session, first, disconnect := startStep(t, url)
		disconnect()
		events := resume(t, url, session, first.id)
		release <- struct{}{}
		ev := nextEvent(t, events)
		assert.Contains(t, ev.data, `"id":7`)
		assert.Contains(t, ev.data, "stepped")
		_, more := <-events
		assert.False(t, more, "the resumed stream ends after the reply")
	})
}
