package transport_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/transport"
)

// stdioSession runs ServeStdio on pipes and returns the client ends.
func stdioSession(t *testing.T, ctx context.Context) (in *io.PipeWriter, out *bufio.Scanner, done <-chan error) {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	errc := make(chan error, 1)
	go func() {
		errc <- transport.ServeStdio(ctx, newTestMCP(newBlocker()), inR, outW, quietLogger())
		_ = outW.Close()
	}()
	t.Cleanup(func() { _ = inW.Close(); _ = outR.Close() })
	return inW, bufio.NewScanner(outR), errc
}

func send(t *testing.T, w io.Writer, line string) {
	t.Helper()
	_, err := io.WriteString(w, line+"\n")
	require.NoError(t, err)
}

// readResponse reads one line and checks that it is a JSON-RPC message.
func readResponse(t *testing.T, out *bufio.Scanner) map[string]any {
	t.Helper()
	require.True(t, out.Scan(), "no output: %v", out.Err())
	var msg map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &msg), "stdout carried a non-JSON line: %q", out.Text())
	assert.Equal(t, "2.0", msg["jsonrpc"])
	return msg
}

func TestServeStdioSpeaksOnlyJSONRPCAndStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in, out, done := stdioSession(t, ctx)

	send(t, in, initBody)
	init := readResponse(t, out)
	assert.EqualValues(t, 1, init["id"])
	require.Contains(t, init, "result")

	send(t, in, `{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	send(t, in, `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"whoami","arguments":{}}}`)
	call := readResponse(t, out)
	assert.EqualValues(t, 2, call["id"])
	assert.Contains(t, call["result"].(map[string]any)["content"].([]any)[0].(map[string]any)["text"], "no key")

	cancel()
	require.NoError(t, <-done)
}

func TestServeStdioReturnsNilOnEOF(t *testing.T) {
	in, out, done := stdioSession(t, context.Background())
	send(t, in, `{"jsonrpc":"2.0","id":7,"method":"ping"}`)
	assert.EqualValues(t, 7, readResponse(t, out)["id"])
	require.NoError(t, in.Close())
	require.NoError(t, <-done)
}

func TestServeStdioRejectsNilServer(t *testing.T) {
	err := transport.ServeStdio(context.Background(), nil, nil, io.Discard, nil)
	assert.ErrorContains(t, err, "nil")
}

// lateWriteRecorder is a buffer behind a flag that records any write
// arriving after ServeStdio returned: such a write races with the caller.
type lateWriteRecorder struct {
	mu       sync.Mutex
	returned bool
	late     int
	buf      bytes.Buffer
}

func (w *lateWriteRecorder) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.returned {
		w.late++
	}
	return w.buf.Write(p)
}

// TestServeStdioWritesNothingAfterReturn: mcp-go keeps a notification goroutine
// running after Listen returns; notifications broadcast while and after the
// server stops must not reach the caller's writer once ServeStdio is back.
func TestServeStdioWritesNothingAfterReturn(t *testing.T) {
	// The window is small, so try many shutdowns: without the guard this fails
	// within a few dozen rounds.
	for round := range 50 {
		if !serveStdioOnceWithNotifications(t) {
			t.Fatalf("round %d: writes reached stdout after ServeStdio returned", round)
		}
	}
}

func serveStdioOnceWithNotifications(t *testing.T) bool {
	t.Helper()
	s := newTestMCP(newBlocker())
	w := &lateWriteRecorder{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
				s.SendNotificationToAllClients("notifications/message", map[string]any{"level": "error", "data": "tick"})
				runtime.Gosched()
			}
		}
	}()
	in := strings.NewReader(initBody + "\n" + `{"jsonrpc":"2.0","method":"notifications/initialized"}` + "\n")
	require.NoError(t, transport.ServeStdio(context.Background(), s, in, w, quietLogger()))
	w.mu.Lock()
	w.returned = true
	w.mu.Unlock()
	for range 1000 {
		s.SendNotificationToAllClients("notifications/message", map[string]any{"level": "error", "data": "late"})
	}
	close(stop)
	wg.Wait()
	w.mu.Lock()
	defer w.mu.Unlock()
	require.Contains(t, w.buf.String(), `"id":1`, "the initialize answer was written before returning")
	return w.late == 0
}

// With FlushNotifications, every progress notification of a call reaches
// stdout before the call's result (clients drop progress for a finished call).
func TestServeStdioProgressPrecedesResult(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in, out, _ := stdioSession(t, ctx)
	send(t, in, initBody)
	// mcp-go v1.2.1 keeps one stdio session per process, so notifications an
	// earlier test queued may come first.
	for msg := readResponse(t, out); msg["id"] == nil; msg = readResponse(t, out) {
	}
	send(t, in, `{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	for call := 2; call < 22; call++ {
		send(t, in, fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"progress","arguments":{"n":3},"_meta":{"progressToken":%d}}}`, call, call))
		seen := 0
		for {
			msg := readResponse(t, out)
			if msg["method"] == "notifications/progress" {
				seen++
				continue
			}
			if _, isNote := msg["method"]; isNote {
				continue // another notification (a log line): not this test's business
			}
			require.EqualValues(t, call, msg["id"], "%v", msg)
			break
		}
		require.Equal(t, 3, seen, "call %d: progress after its result", call)
	}
}
