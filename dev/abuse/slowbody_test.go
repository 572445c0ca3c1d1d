package abuse

import (
	"cmp"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/heygen-mcp/heygen-mcp/dev/servertest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// slowBodyEnv gives the server a short body read timeout, so each attack
// connection is closed soon; the defence is the same at the 30 s default.
var slowBodyEnv = map[string]string{"HEYGEN_MCP_BODY_READ_TIMEOUT": "1s"}

func sendUnfinished(t *testing.T, s *server, headers string) net.Conn {
	return servertest.SendUnfinished(t, s.base, "POST", "/mcp", headers)
}

func readUntilClosed(conn net.Conn) (string, error) {
	return servertest.ReadUntilClosed(conn, outerBound)
}

// TestSlowBodyIsAnsweredAndClosed: a body that never finishes, with or without
// the endpoint token, is answered and its connection closed (issue: no answer
// after 150 s, the connection held forever).
func TestSlowBodyIsAnsweredAndClosed(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, slowBodyEnv)
	for _, tc := range []struct {
		name, headers, status string
	}{
		{"without the endpoint token", "", "401"},
		{"with a wrong endpoint token", "Authorization: Bearer wrong\r\n", "401"},
		{"with the endpoint token and a key", "Authorization: Bearer " + endpointToken + "\r\nX-Api-Key: sk-abuse-slow\r\n", "408"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readUntilClosed(sendUnfinished(t, s, tc.headers))
			require.NoError(t, err)
			assert.True(t, strings.HasPrefix(got, "HTTP/1.1 "+tc.status+" "), "answer: %q", got)
			assert.NotContains(t, got, endpointToken)
		})
	}
}

// TestHealthzWhileSlowBodiesAreOpen: 300 unfinished bodies at once (half with
// the endpoint token) do not stop /healthz, and the server closes every one of
// their connections.
func TestHealthzWhileSlowBodiesAreOpen(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, slowBodyEnv)
	const n = 300
	conns := make([]net.Conn, n)
	for i := range conns {
		headers := ""
		if i%2 == 0 {
			headers = "Authorization: Bearer " + endpointToken + "\r\nX-Api-Key: sk-abuse-slow\r\n"
		}
		conns[i] = sendUnfinished(t, s, headers)
	}

	r := do(t, http.MethodGet, s.base+"/healthz", nil, "")
	assert.Equal(t, http.StatusOK, r.status)
	assert.JSONEq(t, `{"status":"ok"}`, string(r.body))

	var wg sync.WaitGroup
	errs := make([]error, n)
	for i, c := range conns {
		wg.Go(func() { _, errs[i] = readUntilClosed(c) })
	}
	wg.Wait()
	held, first := 0, error(nil)
	for _, err := range errs {
		if err != nil {
			held++
			first = cmp.Or(first, err)
		}
	}
	assert.Zero(t, held, "connections the server still held after %s (first: %v)", outerBound, first)

	// And the server still answers afterwards.
	r = do(t, http.MethodGet, s.base+"/healthz", nil, "")
	assert.Equal(t, http.StatusOK, r.status)
}
