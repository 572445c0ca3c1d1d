package transport_test

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/transport"
)

// slowBodyTimeout is the body read timeout of these tests; closedWithin is
// the outer bound a correct server meets by a wide margin.
const (
	slowBodyTimeout = 200 * time.Millisecond
	closedWithin    = 15 * time.Second
)

// sendUnfinished opens a raw connection to the server at base (http://host:port)
// and sends a request that declares a 1000-byte body but sends one byte of it.
func sendUnfinished(t *testing.T, base, method, path, headers string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	_, err = fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"+
		"Accept: application/json, text/event-stream\r\n%sContent-Length: 1000\r\n\r\n{", method, path, headers)
	require.NoError(t, err)
	return conn
}

// readUntilClosed reads what the server sends until it closes the connection
// and returns it; it fails the test if the server still holds the connection
// after closedWithin.
func readUntilClosed(conn net.Conn) (string, error) {
	_ = conn.SetReadDeadline(time.Now().Add(closedWithin))
	got, err := io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return string(got), fmt.Errorf("the server still holds the connection after %s (answer so far: %q)", closedWithin, got)
	}
	// EOF (io.ReadAll's nil) or a reset: closed either way.
	return string(got), nil
}

// TestUnfinishedBodyClosesConnection: a request whose body never finishes is
// answered and its connection closed once the body read timeout passes, on
// every path: refused for its token, authenticated, and on other routes.
func TestUnfinishedBodyClosesConnection(t *testing.T) {
	withToken, _ := startHTTP(t, transport.HTTPOptions{AuthToken: token, AllowRequestKeys: true, BodyReadTimeout: slowBodyTimeout})
	open, _ := startHTTP(t, transport.HTTPOptions{AllowRequestKeys: true, BodyReadTimeout: slowBodyTimeout})
	for _, tc := range []struct {
		name, base, method, path, headers, status string
	}{
		{"no token", withToken.URL, "POST", transport.MCPPath, "", "401"},
		{"wrong token", withToken.URL, "POST", transport.MCPPath, "Authorization: Bearer wrong\r\n", "401"},
		{"valid token and key", withToken.URL, "POST", transport.MCPPath,
			"Authorization: Bearer " + token + "\r\n" + transport.HeaderAPIKey + ": " + keyA + "\r\n", "408"},
		{"server without token", open.URL, "POST", transport.MCPPath, "", "408"},
		{"another route", withToken.URL, "POST", transport.HealthPath, "", "405"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn := sendUnfinished(t, tc.base, tc.method, tc.path, tc.headers)
			got, err := readUntilClosed(conn)
			require.NoError(t, err)
			assert.True(t, strings.HasPrefix(got, "HTTP/1.1 "+tc.status+" "), "answer: %q", got)
			assert.NotContains(t, got, token)
			if tc.status == "408" {
				assert.Contains(t, got, "--body-read-timeout")
			}
		})
	}
}

// TestHealthzAnswersWhileUnfinishedBodiesAreOpen: many unfinished bodies at
// once do not stop /healthz, and every one of their connections is closed.
func TestHealthzAnswersWhileUnfinishedBodiesAreOpen(t *testing.T) {
	ts, _ := startHTTP(t, transport.HTTPOptions{AuthToken: token, AllowRequestKeys: true, BodyReadTimeout: slowBodyTimeout})
	const n = 200
	conns := make([]net.Conn, n)
	for i := range conns {
		headers := ""
		if i%2 == 0 {
			headers = "Authorization: Bearer " + token + "\r\n"
		}
		conns[i] = sendUnfinished(t, ts.URL, "POST", transport.MCPPath, headers)
	}
	resp, err := http.Get(ts.URL + transport.HealthPath)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	var wg sync.WaitGroup
	errs := make([]error, n)
	for i, c := range conns {
		wg.Go(func() { _, errs[i] = readUntilClosed(c) })
	}
	wg.Wait()
	for i, err := range errs {
		assert.NoError(t, err, "connection %d", i)
	}
}
