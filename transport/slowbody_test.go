package transport_test

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/servertest"
	"github.com/heygen-mcp/heygen-mcp/transport"
)

// slowBodyTimeout is the body read timeout of these tests; closedWithin is
// the outer bound a correct server meets by a wide margin.
const (
	slowBodyTimeout = 200 * time.Millisecond
	closedWithin    = 15 * time.Second
)

func sendUnfinished(t *testing.T, base, method, path, headers string) net.Conn {
	return servertest.SendUnfinished(t, base, method, path, headers)
}

func readUntilClosed(conn net.Conn) (string, error) {
	return servertest.ReadUntilClosed(conn, closedWithin)
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
