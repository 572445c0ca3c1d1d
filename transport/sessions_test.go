package transport_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/transport"
)

// sessionServer serves the test tools with a hook that counts the sessions
// mcp-go has registered: what the limits must bound.
type sessionServer struct {
	url        string
	registered atomic.Int64
}

func startSessionServer(t *testing.T, o transport.HTTPOptions) *sessionServer {
	t.Helper()
	ss := &sessionServer{}
	hooks := &server.Hooks{}
	hooks.AddOnRegisterSession(func(context.Context, server.ClientSession) { ss.registered.Add(1) })
	hooks.AddOnUnregisterSession(func(context.Context, server.ClientSession) { ss.registered.Add(-1) })
	s := server.NewMCPServer("sessions-test", "0.0.1", server.WithToolCapabilities(false), server.WithHooks(hooks))
	s.AddTool(mcp.NewTool("ping_tool"), func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultText("pong"), nil
	})
	o.Logger = quietLogger()
	h, shutdown, err := transport.NewHTTPHandler(s, o)
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	t.Cleanup(func() {
		require.NoError(t, shutdown(context.Background()))
		ts.Close()
	})
	ss.url = ts.URL + transport.MCPPath
	return ss
}

// do sends one request and returns the response with its body read.
func do(t *testing.T, method, url, body string, headers map[string]string) (*http.Response, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	if resp.Header.Get("Content-Type") == "text/event-stream" {
		return resp, nil // a stream was opened: that is the answer
	}
	var b []byte
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b = append(b, buf[:n]...)
		if err != nil {
			break
		}
	}
	return resp, b
}

// initialize opens a session and returns its id ("" when refused) and the
// response.
func initialize(t *testing.T, url string, headers map[string]string) (string, *http.Response, []byte) {
	t.Helper()
	resp, body := do(t, http.MethodPost, url, initBody, headers)
	return resp.Header.Get(server.HeaderKeySessionID), resp, body
}

func with(headers map[string]string, kv ...string) map[string]string {
	out := map[string]string{"Mcp-Protocol-Version": "2025-11-25"}
	for k, v := range headers {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

type rpcError struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Error   struct {
		Code    int            `json:"code"`
		Message string         `json:"message"`
		Data    map[string]any `json:"data"`
	} `json:"error"`
}

func decodeRPCError(t *testing.T, body []byte) rpcError {
	t.Helper()
	var e rpcError
	require.NoError(t, json.Unmarshal(body, &e), "body: %s", body)
	assert.Equal(t, "2.0", e.JSONRPC)
	return e
}

func TestSessionLimitRefusesTheInitializeOverIt(t *testing.T) {
	ss := startSessionServer(t, transport.HTTPOptions{AllowRequestKeys: true, MaxSessions: 3})
	var ids []string
	for range 3 {
		id, resp, body := initialize(t, ss.url, nil)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
		require.NotEmpty(t, id)
		ids = append(ids, id)
	}
	id, resp, body := initialize(t, ss.url, nil)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Empty(t, id)
	assert.NotEmpty(t, resp.Header.Get("Retry-After"))
	e := decodeRPCError(t, body)
	assert.JSONEq(t, "1", string(e.ID), "the refusal answers the initialize's id")
	assert.Equal(t, -32000, e.Error.Code)
	assert.Contains(t, e.Error.Message, "maximum of 3 MCP sessions")
	assert.Contains(t, e.Error.Message, "--max-sessions")
	assert.Equal(t, "max_sessions", e.Error.Data["limit"])
	assert.Equal(t, "--max-sessions", e.Error.Data["flag"])
	assert.EqualValues(t, 3, ss.registered.Load())

	// Ending a session frees its slot.
	resp, _ = do(t, http.MethodDelete, ss.url, "", with(nil, server.HeaderKeySessionID, ids[0]))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	id, resp, _ = initialize(t, ss.url, nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.NotEmpty(t, id)
	assert.EqualValues(t, 3, ss.registered.Load())
}

func TestSessionLimitHoldsUnderConcurrentInitializes(t *testing.T) {
	const limit = 5
	ss := startSessionServer(t, transport.HTTPOptions{MaxSessions: limit})
	var ok, refused atomic.Int64
	var wg sync.WaitGroup
	for range 4 * limit {
		wg.Go(func() {
			id, resp, _ := initialize(t, ss.url, nil)
			switch {
			case resp.StatusCode == http.StatusOK && id != "":
				ok.Add(1)
			case resp.StatusCode == http.StatusServiceUnavailable:
				refused.Add(1)
			}
		})
	}
	wg.Wait()
	assert.EqualValues(t, limit, ok.Load())
	assert.EqualValues(t, 3*limit, refused.Load())
	assert.EqualValues(t, limit, ss.registered.Load())
}

func TestSessionLimitPerCredential(t *testing.T) {
	ss := startSessionServer(t, transport.HTTPOptions{AuthToken: token, AllowRequestKeys: true, MaxSessionsPerCredential: 2})
	auth := map[string]string{"Authorization": "Bearer " + token}
	a := with(auth, transport.HeaderAPIKey, keyA)
	b := with(auth, transport.HeaderAPIKey, keyB)
	for range 2 {
		_, resp, _ := initialize(t, ss.url, a)
		require.Equal(t, http.StatusOK, resp.StatusCode)
	}
	_, resp, body := initialize(t, ss.url, a)
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	assert.NotEmpty(t, resp.Header.Get("Retry-After"))
	e := decodeRPCError(t, body)
	assert.Equal(t, "max_sessions_per_credential", e.Error.Data["limit"])
	assert.Equal(t, "--max-sessions-per-credential", e.Error.Data["flag"])
	assert.Contains(t, e.Error.Message, "--max-sessions-per-credential")
	assert.NotContains(t, string(body), keyA)
	assert.NotContains(t, string(body), token)

	// Another credential is not held back by the first one's sessions.
	for range 2 {
		_, resp, _ := initialize(t, ss.url, b)
		require.Equal(t, http.StatusOK, resp.StatusCode)
	}
	assert.EqualValues(t, 4, ss.registered.Load())
}

func TestSessionIDsNotIssuedHereCreateNothing(t *testing.T) {
	ss := startSessionServer(t, transport.HTTPOptions{AllowRequestKeys: true})
	madeUp := "mcp-session-00000000-0000-0000-0000-000000000000"
	long := strings.Repeat("x", transport.DefaultMaxSessionIDBytes+1)
	huge := strings.Repeat("y", 900<<10)
	list := `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`
	for _, tc := range []struct {
		name, method, id, body string
		status                 int
	}{
		{"GET made-up id", http.MethodGet, madeUp, "", http.StatusNotFound},
		{"GET no id", http.MethodGet, "", "", http.StatusBadRequest},
		{"DELETE made-up id", http.MethodDelete, madeUp, "", http.StatusNotFound},
		{"POST made-up id", http.MethodPost, madeUp, list, http.StatusNotFound},
		{"GET long id", http.MethodGet, long, "", http.StatusBadRequest},
		{"POST long id", http.MethodPost, long, list, http.StatusBadRequest},
		{"GET 900 KB id", http.MethodGet, huge, "", http.StatusBadRequest},
		{"DELETE 900 KB id", http.MethodDelete, huge, "", http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := with(nil)
			if tc.id != "" {
				h[server.HeaderKeySessionID] = tc.id
			}
			resp, body := do(t, tc.method, ss.url, tc.body, h)
			assert.Equal(t, tc.status, resp.StatusCode)
			assert.NotEqual(t, "text/event-stream", resp.Header.Get("Content-Type"), "no stream for a session never issued")
			if body != nil {
				e := decodeRPCError(t, body)
				if tc.id != "" {
					assert.NotContains(t, e.Error.Message, tc.id, "the id is not echoed")
				}
			}
		})
	}
	assert.Zero(t, ss.registered.Load(), "no session was created")

	// An initialize carrying some session id is answered without creating a
	// session outside the limits.
	id, resp, _ := initialize(t, ss.url, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, _ = do(t, http.MethodPost, ss.url, initBody, with(nil, server.HeaderKeySessionID, id))
	assert.Empty(t, resp.Header.Get(server.HeaderKeySessionID))
	assert.EqualValues(t, 1, ss.registered.Load())
}

func TestIdleSessionExpiryFreesItsSlot(t *testing.T) {
	ss := startSessionServer(t, transport.HTTPOptions{MaxSessions: 1, SessionIdleTTL: time.Second})
	first, resp, _ := initialize(t, ss.url, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	_, resp, _ = initialize(t, ss.url, nil)
	require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	// The sweeper ends the idle session; then a new one is allowed.
	require.Eventually(t, func() bool {
		_, resp, _ := initialize(t, ss.url, nil)
		return resp.StatusCode == http.StatusOK
	}, 30*time.Second, 20*time.Millisecond)
	resp, _ = do(t, http.MethodPost, ss.url, `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`,
		with(nil, server.HeaderKeySessionID, first))
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "the expired session is gone")
}

func TestSessionsAreBoundToTheCredentialThatOpenedThem(t *testing.T) {
	ss := startSessionServer(t, transport.HTTPOptions{AuthToken: token, AllowRequestKeys: true})
	auth := map[string]string{"Authorization": "Bearer " + token}
	c := connect(t, ss.url, with(auth, transport.HeaderAPIKey, keyA))
	idA := c.GetSessionId()
	require.NotEmpty(t, idA)

	for name, h := range map[string]map[string]string{
		"another key":             with(auth, transport.HeaderAPIKey, keyB, server.HeaderKeySessionID, idA),
		"the server's key":        with(auth, server.HeaderKeySessionID, idA),
		"an access token":         with(auth, transport.HeaderAccessToken, keyA, server.HeaderKeySessionID, idA),
		"another key, other case": with(auth, transport.HeaderAPIKey, strings.ToUpper(keyA), server.HeaderKeySessionID, idA),
	} {
		t.Run(name, func(t *testing.T) {
			resp, body := do(t, http.MethodDelete, ss.url, "", h)
			assert.Equal(t, http.StatusNotFound, resp.StatusCode, "DELETE of another's session")
			assert.Contains(t, decodeRPCError(t, body).Error.Message, "session not found")

			resp, _ = do(t, http.MethodGet, ss.url, "", h)
			assert.Equal(t, http.StatusNotFound, resp.StatusCode, "GET stream of another's session")
			assert.NotEqual(t, "text/event-stream", resp.Header.Get("Content-Type"))

			resp, _ = do(t, http.MethodPost, ss.url, `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`, h)
			assert.Equal(t, http.StatusNotFound, resp.StatusCode, "POST into another's session")

			// The same answer as for an id that was never issued: nothing says
			// the session exists.
			_, unknown := do(t, http.MethodDelete, ss.url, "", with(h, server.HeaderKeySessionID, "mcp-session-unknown"))
			_, foreign := do(t, http.MethodDelete, ss.url, "", h)
			assert.Equal(t, string(unknown), string(foreign))
		})
	}

	// A's session is untouched and still A's.
	assert.Equal(t, "pong", callText(t, c, "ping_tool", nil))
	assert.EqualValues(t, 1, ss.registered.Load())
	resp, _ := do(t, http.MethodDelete, ss.url, "", with(auth, transport.HeaderAPIKey, keyA, server.HeaderKeySessionID, idA))
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the owner may end it")
	assert.Zero(t, ss.registered.Load())
}

func TestSessionOptionsChecked(t *testing.T) {
	for _, o := range []transport.HTTPOptions{
		{MaxSessions: -1}, {MaxSessionsPerCredential: -1}, {MaxSessionIDBytes: 10}, {SessionIdleTTL: -time.Second},
	} {
		_, _, err := transport.NewHTTPHandler(server.NewMCPServer("x", "1"), o)
		var oe *transport.OptionError
		assert.ErrorAs(t, err, &oe, fmt.Sprintf("%+v", o))
	}
}
