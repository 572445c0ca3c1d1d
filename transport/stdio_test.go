package transport_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
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
