package transport_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	clienttransport "github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/internal/creds"
	"github.com/heygen-mcp/heygen-mcp/transport"
)

const (
	keyA  = "hg-key-alpha-0001"
	keyB  = "hg-key-bravo-0002"
	token = "endpoint-token-s3cret"
)

// blocker lets a test hold a tool call in flight and release it.
type blocker struct {
	started chan struct{}
	release chan struct{}
	ctxDone chan struct{}
}

func newBlocker() *blocker {
	return &blocker{started: make(chan struct{}, 1), release: make(chan struct{}), ctxDone: make(chan struct{}, 1)}
}

// newTestMCP registers tools that expose what the transport put in ctx.
func newTestMCP(b *blocker) *server.MCPServer {
	s := server.NewMCPServer("transport-test", "0.0.1", server.WithToolCapabilities(false), server.WithLogging(),
		server.WithToolHandlerMiddleware(transport.FlushNotifications))
	s.AddTool(mcp.NewTool("whoami"), func(ctx context.Context, _ mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		cred, ok := creds.CredentialFrom(ctx)
		if !ok {
			return mcp.NewToolResultText("no key"), nil
		}
		// An API key's tenant is creds.Tenant(key); a token's differs (kind + value).
		return mcp.NewToolResultText("tenant " + cred.Tenant()), nil
	})
	s.AddTool(mcp.NewTool("progress", mcp.WithNumber("n")), func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		n := req.GetInt("n", 3)
		var tok mcp.ProgressToken
		if req.Params.Meta != nil {
			tok = req.Params.Meta.ProgressToken
		}
		srv := server.ServerFromContext(ctx)
		for i := 1; i <= n; i++ {
			if tok == nil {
				break
			}
			if err := srv.SendNotificationToClient(ctx, "notifications/progress", map[string]any{
				"progressToken": tok, "progress": i, "total": n}); err != nil {
				return nil, err
			}
		}
		return mcp.NewToolResultText("done"), nil
	})
	s.AddTool(mcp.NewTool("block"), func(ctx context.Context, _ mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		b.started <- struct{}{}
		select {
		case <-b.release:
			return mcp.NewToolResultText("finished"), nil
		case <-ctx.Done():
			b.ctxDone <- struct{}{}
			return nil, ctx.Err()
		}
	})
	return s
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// startHTTP serves NewHTTPHandler on an httptest server (127.0.0.1).
func startHTTP(t *testing.T, o transport.HTTPOptions) (*httptest.Server, *blocker) {
	t.Helper()
	b := newBlocker()
	if o.Logger == nil {
		o.Logger = quietLogger()
	}
	h, shutdown, err := transport.NewHTTPHandler(newTestMCP(b), o)
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	t.Cleanup(func() {
		require.NoError(t, shutdown(context.Background()))
		ts.Close()
	})
	return ts, b
}

// connect initializes an mcp-go HTTP client on the session-based protocol
// (2025-11-25), which is what today's MCP clients speak.
func connect(t *testing.T, url string, headers map[string]string, opts ...clienttransport.StreamableHTTPCOption) *client.Client {
	t.Helper()
	return mcptest.ConnectHTTP(t, url, headers, mcptest.HTTPOptions(opts...))
}

func callText(t *testing.T, c *client.Client, name string, args map[string]any) string {
	t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := c.CallTool(context.Background(), req)
	require.NoError(t, err)
	require.False(t, res.IsError, "tool %s returned an error result", name)
	require.Len(t, res.Content, 1)
	tc, ok := res.Content[0].(mcp.TextContent)
	require.True(t, ok)
	return tc.Text
}

const initBody = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",` +
	`"capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}`

func rawPost(t *testing.T, url, body string, headers map[string]string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

func decodeError(t *testing.T, resp *http.Response) map[string]string {
	t.Helper()
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	var body map[string]string
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	return body
}

func TestHealthzNeedsNoTokenAndCallsNothing(t *testing.T) {
	ts, _ := startHTTP(t, transport.HTTPOptions{AuthToken: token, AllowRequestKeys: true})

	resp, err := http.Get(ts.URL + transport.HealthPath)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	body, _ := io.ReadAll(resp.Body)
	assert.JSONEq(t, `{"status":"ok"}`, string(body))

	post, err := http.Post(ts.URL+transport.HealthPath, "application/json", strings.NewReader("{}"))
	require.NoError(t, err)
	defer post.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, post.StatusCode)
}

func TestEndpointTokenRequired(t *testing.T) {
	ts, _ := startHTTP(t, transport.HTTPOptions{AuthToken: token, AllowRequestKeys: true})
	url := ts.URL + transport.MCPPath

	for name, headers := range map[string]map[string]string{
		"missing":          nil,
		"wrong":            {"Authorization": "Bearer not-the-token"},
		"prefix of token":  {"Authorization": "Bearer " + token[:5]},
		"not bearer":       {"Authorization": "Basic " + token},
		"token as api key": {"X-Api-Key": token},
	} {
		t.Run(name, func(t *testing.T) {
			resp := rawPost(t, url, initBody, headers)
			assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
			assert.Equal(t, `Bearer realm="heygen-mcp"`, resp.Header.Get("WWW-Authenticate"))
			body := decodeError(t, resp)
			assert.Equal(t, "unauthorized", body["error"])
			assert.Contains(t, body["message"], "Authorization: Bearer")
			assert.NotContains(t, body["message"], token)
		})
	}

	t.Run("right token", func(t *testing.T) {
		c := connect(t, url, map[string]string{"Authorization": "Bearer " + token, "X-Api-Key": keyA})
		assert.Equal(t, "tenant "+creds.Tenant(keyA), callText(t, c, "whoami", nil))
	})
	t.Run("right token, no key: the token is not a HeyGen key", func(t *testing.T) {
		c := connect(t, url, map[string]string{"Authorization": "Bearer " + token})
		assert.Equal(t, "no key", callText(t, c, "whoami", nil))
	})
}

func TestRequestKeyReachesContext(t *testing.T) {
	ts, _ := startHTTP(t, transport.HTTPOptions{AllowRequestKeys: true})
	url := ts.URL + transport.MCPPath

	a := connect(t, url, map[string]string{"X-Api-Key": keyA})
	b := connect(t, url, map[string]string{"Authorization": "Bearer " + keyB})
	none := connect(t, url, nil)

	gotA := callText(t, a, "whoami", nil)
	assert.Equal(t, "tenant "+creds.Tenant(keyA), gotA)
	assert.NotContains(t, gotA, keyA)
	assert.Equal(t, "tenant "+creds.Tenant(keyB), callText(t, b, "whoami", nil))
	assert.Equal(t, "no key", callText(t, none, "whoami", nil))

	// X-Api-Key and a Bearer value are two keys: refused, not guessed
	// (TestCredentialHeaderRules covers every combination).
	both := rawPost(t, url, initBody, map[string]string{"X-Api-Key": keyA, "Authorization": "Bearer " + keyB})
	assert.Equal(t, http.StatusUnauthorized, both.StatusCode)
	assert.Equal(t, "ambiguous_credentials", decodeError(t, both)["error"])
}

func TestRequestKeysRefusedWhenNotAllowed(t *testing.T) {
	ts, _ := startHTTP(t, transport.HTTPOptions{HasDefaultKey: true})
	url := ts.URL + transport.MCPPath

	for _, h := range []map[string]string{{"X-Api-Key": keyA}, {"Authorization": "Bearer " + keyA}} {
		resp := rawPost(t, url, initBody, h)
		assert.Equal(t, http.StatusForbidden, resp.StatusCode)
		body := decodeError(t, resp)
		assert.Equal(t, "request_keys_not_accepted", body["error"])
		assert.NotContains(t, body["message"], keyA)
	}
	c := connect(t, url, nil)
	assert.Equal(t, "no key", callText(t, c, "whoami", nil))
}

func TestOriginAllowlist(t *testing.T) {
	ts, _ := startHTTP(t, transport.HTTPOptions{AllowRequestKeys: true, AllowedOrigins: []string{"https://app.example.com"}})
	url := ts.URL + transport.MCPPath

	resp := rawPost(t, url, initBody, map[string]string{"Origin": "https://evil.example"})
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	body := decodeError(t, resp)
	assert.Equal(t, "forbidden_origin", body["error"])
	assert.Contains(t, body["message"], "--allowed-origins")

	for _, origin := range []string{"https://app.example.com", "https://APP.example.com:443", "http://localhost:6274", "http://127.0.0.1:3000"} {
		resp := rawPost(t, url, initBody, map[string]string{"Origin": origin})
		assert.Equal(t, http.StatusOK, resp.StatusCode, origin)
	}
	ok := rawPost(t, url, initBody, map[string]string{"Origin": "https://app.example.com"})
	assert.Equal(t, "https://app.example.com", ok.Header.Get("Access-Control-Allow-Origin"))

	// No Origin (non-browser clients) is fine; "null" (sandboxed pages) is not.
	assert.Equal(t, http.StatusOK, rawPost(t, url, initBody, nil).StatusCode)
	assert.Equal(t, http.StatusForbidden, rawPost(t, url, initBody, map[string]string{"Origin": "null"}).StatusCode)

	// A preflight from an allowed origin passes without credentials.
	pre, err := http.NewRequest(http.MethodOptions, url, nil)
	require.NoError(t, err)
	pre.Header.Set("Origin", "https://app.example.com")
	pre.Header.Set("Access-Control-Request-Method", "POST")
	pre.Header.Set("Access-Control-Request-Headers", "x-api-key")
	presp, err := http.DefaultClient.Do(pre)
	require.NoError(t, err)
	defer presp.Body.Close()
	assert.Equal(t, http.StatusNoContent, presp.StatusCode)
	assert.Contains(t, presp.Header.Get("Access-Control-Allow-Headers"), "X-Api-Key")
}

func TestDNSRebindingHostRejected(t *testing.T) {
	ts, _ := startHTTP(t, transport.HTTPOptions{AllowRequestKeys: true})
	req, err := http.NewRequest(http.MethodPost, ts.URL+transport.MCPPath, strings.NewReader(initBody))
	require.NoError(t, err)
	req.Host = "evil.example:80"
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
}

func TestBodyCap(t *testing.T) {
	ts, _ := startHTTP(t, transport.HTTPOptions{AllowRequestKeys: true, MaxBodyBytes: 1024})
	url := ts.URL + transport.MCPPath
	big := `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"` + strings.Repeat("x", 2048) + `"}}`

	// Declared length over the cap.
	resp := rawPost(t, url, big, nil)
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	assert.Equal(t, "request_too_large", decodeError(t, resp)["error"])

	// Chunked body (no Content-Length) over the cap.
	req, err := http.NewRequest(http.MethodPost, url, io.MultiReader(strings.NewReader(big)))
	require.NoError(t, err)
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/json")
	cresp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer cresp.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, cresp.StatusCode)

	// Default cap is 4 MiB.
	ts2, _ := startHTTP(t, transport.HTTPOptions{AllowRequestKeys: true})
	huge := bytes.Repeat([]byte("x"), transport.DefaultMaxBodyBytes+1)
	hresp, err := http.Post(ts2.URL+transport.MCPPath, "application/json", bytes.NewReader(huge))
	require.NoError(t, err)
	defer hresp.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, hresp.StatusCode)
}

func TestExtraRoutesServedWithoutToken(t *testing.T) {
	hit := make(chan string, 1)
	ts, _ := startHTTP(t, transport.HTTPOptions{AuthToken: token, Routes: map[string]http.Handler{
		"POST /webhooks/heygen": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hit <- r.URL.Path
			w.WriteHeader(http.StatusNoContent)
		}),
	}})
	resp, err := http.Post(ts.URL+"/webhooks/heygen", "application/json", strings.NewReader("{}"))
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Equal(t, "/webhooks/heygen", <-hit)
}

func TestNewHTTPHandlerRejectsBadOptions(t *testing.T) {
	s := newTestMCP(newBlocker())
	for name, o := range map[string]transport.HTTPOptions{
		"bad origin":       {AllowedOrigins: []string{"app.example.com"}},
		"origin with path": {AllowedOrigins: []string{"https://app.example.com/mcp"}},
		"clashing route":   {Routes: map[string]http.Handler{transport.MCPPath: http.NotFoundHandler()}},
		"nil route":        {Routes: map[string]http.Handler{"/x": nil}},
		"padded token":     {AuthToken: " tok"},
		"exposed":          {Addr: "0.0.0.0:8080", HasDefaultKey: true},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := transport.NewHTTPHandler(s, o)
			assert.Error(t, err)
		})
	}
	_, _, err := transport.NewHTTPHandler(nil, transport.HTTPOptions{})
	assert.Error(t, err)
}

func TestCheckExposure(t *testing.T) {
	for _, tc := range []struct {
		name    string
		o       transport.HTTPOptions
		wantErr string
	}{
		{"loopback v4", transport.HTTPOptions{Addr: "127.0.0.1:8080", HasDefaultKey: true}, ""},
		{"localhost", transport.HTTPOptions{Addr: "localhost:8080", HasDefaultKey: true}, ""},
		{"loopback v6", transport.HTTPOptions{Addr: "[::1]:8080", HasDefaultKey: true}, ""},
		{"all interfaces with token", transport.HTTPOptions{Addr: "0.0.0.0:8080", AuthToken: "t", HasDefaultKey: true}, ""},
		{"all interfaces, callers bring keys, no server key", transport.HTTPOptions{Addr: "0.0.0.0:8080", AllowRequestKeys: true}, ""},
		{"server key on all interfaces", transport.HTTPOptions{Addr: "0.0.0.0:8080", HasDefaultKey: true}, "HEYGEN_MCP_AUTH_TOKEN"},
		{"server key and request keys", transport.HTTPOptions{Addr: "0.0.0.0:8080", HasDefaultKey: true, AllowRequestKeys: true}, "HEYGEN_API_KEY"},
		{"empty host", transport.HTTPOptions{Addr: ":8080", HasDefaultKey: true}, "non-loopback"},
		{"v6 any", transport.HTTPOptions{Addr: "[::]:8080", HasDefaultKey: true}, "non-loopback"},
		{"lan name", transport.HTTPOptions{Addr: "box.lan:8080"}, "HEYGEN_MCP_AUTH_TOKEN"},
		{"no port", transport.HTTPOptions{Addr: "127.0.0.1"}, "host:port"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := transport.CheckExposure(tc.o)
			if tc.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantErr)
		})
	}
}

func TestServeHTTPRefusesExposedAddrBeforeListening(t *testing.T) {
	err := transport.ServeHTTP(context.Background(), newTestMCP(newBlocker()), transport.HTTPOptions{
		Addr: "0.0.0.0:0", HasDefaultKey: true, Logger: quietLogger(),
		Ready: func(net.Addr) { t.Error("listened despite the exposure rule") },
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "refusing")
}

// TestProgressNotificationsDelivered is the regression test for mcp-go #969:
// without the event store the last notification a handler sends before
// returning is dropped in most calls, so this fails.
func TestProgressNotificationsDelivered(t *testing.T) {
	ts, _ := startHTTP(t, transport.HTTPOptions{AllowRequestKeys: true})
	t.Run("session protocol", func(t *testing.T) {
		checkProgressDelivered(t, connect(t, ts.URL+transport.MCPPath, nil))
	})
	t.Run("client default protocol", func(t *testing.T) {
		// mcp-go's client tries 2026-07-28 first and gets it: no session,
		// no event store, so delivery rests on FlushNotifications.
		var res *mcp.InitializeResult
		c := mcptest.ConnectHTTP(t, ts.URL+transport.MCPPath, nil, mcptest.Protocol(""), mcptest.Result(&res))
		assert.Equal(t, mcp.ProtocolVersion20260728, res.ProtocolVersion)
		assert.Empty(t, c.GetSessionId(), "2026-07-28 has no sessions")
		checkProgressDelivered(t, c)
	})
}

func checkProgressDelivered(t *testing.T, c *client.Client) {
	var got atomic.Int64
	c.OnNotification(func(n mcp.JSONRPCNotification) {
		if n.Method == "notifications/progress" {
			got.Add(1)
		}
	})
	const calls, perCall = 20, 4
	for i := 1; i <= calls; i++ {
		req := mcp.CallToolRequest{}
		req.Params.Name = "progress"
		req.Params.Arguments = map[string]any{"n": perCall}
		req.Params.Meta = &mcp.Meta{ProgressToken: mcp.ProgressToken(i)}
		_, err := c.CallTool(context.Background(), req)
		require.NoError(t, err)
		// SSE events precede the response on the POST stream and the client
		// runs the handler synchronously, so the count is exact here.
		require.Equal(t, int64(i*perCall), got.Load(), "progress notifications lost by call %d", i)
	}
}

func TestStatelessMode(t *testing.T) {
	ts, _ := startHTTP(t, transport.HTTPOptions{Stateless: true, AllowRequestKeys: true})
	url := ts.URL + transport.MCPPath

	resp := rawPost(t, url, initBody, nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Empty(t, resp.Header.Get(server.HeaderKeySessionID))

	c := connect(t, url, map[string]string{"X-Api-Key": keyA})
	assert.Empty(t, c.GetSessionId())
	assert.Equal(t, "tenant "+creds.Tenant(keyA), callText(t, c, "whoami", nil))
	tools, err := c.ListTools(context.Background(), mcp.ListToolsRequest{})
	require.NoError(t, err)
	assert.Len(t, tools.Tools, 3)
}

func TestStatefulModeIssuesAndChecksSessions(t *testing.T) {
	ts, _ := startHTTP(t, transport.HTTPOptions{AllowRequestKeys: true})
	url := ts.URL + transport.MCPPath
	resp := rawPost(t, url, initBody, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.NotEmpty(t, resp.Header.Get(server.HeaderKeySessionID))

	unknown := rawPost(t, url, `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`, map[string]string{
		server.HeaderKeySessionID: "mcp-session-00000000-0000-0000-0000-000000000000",
		"Mcp-Protocol-Version":    "2025-11-25",
	})
	assert.Equal(t, http.StatusNotFound, unknown.StatusCode)
}

// serve runs ServeHTTP on a free loopback port and returns its /mcp URL and
// a channel with ServeHTTP's result.
func serve(t *testing.T, ctx context.Context, o transport.HTTPOptions, s *server.MCPServer) (string, <-chan error) {
	t.Helper()
	o.Addr = "127.0.0.1:0"
	o.Logger = quietLogger()
	ready := make(chan net.Addr, 1)
	o.Ready = func(a net.Addr) { ready <- a }
	done := make(chan error, 1)
	go func() { done <- transport.ServeHTTP(ctx, s, o) }()
	select {
	case a := <-ready:
		return "http://" + a.String() + transport.MCPPath, done
	case err := <-done:
		t.Fatalf("ServeHTTP returned before listening: %v", err)
		return "", nil
	}
}

func TestGracefulShutdownLetsInFlightCallFinish(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b := newBlocker()
	url, done := serve(t, ctx, transport.HTTPOptions{AllowRequestKeys: true, ShutdownTimeout: time.Minute}, newTestMCP(b))

	// A client holding the standalone GET stream open must not stall shutdown.
	c := connect(t, url, nil, clienttransport.WithContinuousListening())
	result := make(chan string, 1)
	callErr := make(chan error, 1)
	go func() {
		req := mcp.CallToolRequest{}
		req.Params.Name = "block"
		res, err := c.CallTool(context.Background(), req)
		if err != nil {
			callErr <- err
			return
		}
		result <- res.Content[0].(mcp.TextContent).Text
	}()
	<-b.started
	cancel()

	// Liveness only: wait until the listener is closed, i.e. shutdown began.
	addr := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), transport.MCPPath)
	require.Eventually(t, func() bool {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			return true
		}
		_ = conn.Close()
		return false
	}, 30*time.Second, 10*time.Millisecond)

	close(b.release)
	select {
	case text := <-result:
		assert.Equal(t, "finished", text)
	case err := <-callErr:
		t.Fatalf("in-flight call failed during shutdown: %v", err)
	}
	require.NoError(t, <-done)
}

func TestShutdownTimeoutBoundsInFlightCalls(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b := newBlocker()
	url, done := serve(t, ctx, transport.HTTPOptions{AllowRequestKeys: true, ShutdownTimeout: 50 * time.Millisecond}, newTestMCP(b))
	c := connect(t, url, nil)
	callErr := make(chan error, 1)
	go func() {
		req := mcp.CallToolRequest{}
		req.Params.Name = "block"
		_, err := c.CallTool(context.Background(), req)
		callErr <- err
	}()
	<-b.started
	cancel()
	// The call is never released: ServeHTTP must still return nil once the
	// bound expires, and the handler must see its context cancelled.
	require.NoError(t, <-done)
	<-b.ctxDone
	assert.Error(t, <-callErr)
}

func TestServeHTTPReportsAddrInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	err = transport.ServeHTTP(context.Background(), newTestMCP(newBlocker()), transport.HTTPOptions{
		Addr: ln.Addr().String(), Logger: quietLogger()})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--addr")
	assert.False(t, errors.Is(err, context.Canceled))
}
