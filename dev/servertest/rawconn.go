package servertest

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// SendUnfinished opens a raw connection to the server at base
// (http://host:port) and sends a request that declares a 1000-byte body but
// sends one byte of it, as
//
//	printf 'POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n{' >&3
//
// headers are extra "Name: value\r\n" lines. The connection closes at test end.
func SendUnfinished(t testing.TB, base, method, path, headers string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatalf("dial %s: %v", base, err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	if _, err := fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"+
		"Accept: application/json, text/event-stream\r\n%sContent-Length: 1000\r\n\r\n{", method, path, headers); err != nil {
		t.Fatalf("write: %v", err)
	}
	return conn
}

// ReadUntilClosed returns what the server sent until it closed the
// connection, and an error if it still holds it after within (an outer bound
// a correct server meets by a wide margin, not a measurement).
func ReadUntilClosed(conn net.Conn, within time.Duration) (string, error) {
	_ = conn.SetReadDeadline(time.Now().Add(within))
	got, err := io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return string(got), fmt.Errorf("the server still holds the connection after %s (answer so far: %q)", within, got)
	}
	return string(got), nil // EOF or a reset: closed either way
}
