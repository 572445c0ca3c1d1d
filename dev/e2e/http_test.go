package e2e

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
)

const (
	httpUserKey   = "sk-e2e-http-user-0123456789"
	httpOtherKey  = "sk-e2e-http-other-9876543210"
	httpAuthToken = "e2e-endpoint-token-abcdef"
)

// httpChild is the real binary serving MCP over streamable HTTP.
type httpChild struct {
	url    string // http://127.0.0.1:port/mcp
	cmd    *exec.Cmd
	stderr *stdioBuffer
	exited chan struct{}
}

// httpFreeAddr picks a free loopback port (released again, so another process
// could take it first; the start-up check below would then fail loudly).
func httpFreeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

func httpStart(t *testing.T, env []string, args ...string) *httpChild {
	t.Helper()
	bin := buildBinary(t)
	addr := httpFreeAddr(t)
	cmd := exec.Command(bin, append([]string{"--transport", "http", "--addr", addr}, args...)...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "HEYGEN_LOG_LEVEL=debug"}, env...)
	child := &httpChild{url: "http://" + addr + "/mcp", cmd: cmd, stderr: &stdioBuffer{}, exited: make(chan struct{})}
	cmd.Stderr = child.stderr
	require.NoError(t, cmd.Start())
	go func() { _ = cmd.Wait(); close(child.exited) }()
	t.Cleanup(func() {
		select {
		case <-child.exited:
			return
		default:
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-child.exited:
		case <-time.After(30 * time.Second): // liveness bound only
			_ = cmd.Process.Kill()
			<-child.exited
			t.Errorf("server did not exit after SIGTERM")
		}
	})

	// Liveness only: wait for /healthz, failing fast if the server exits.
	healthz := "http://" + addr + "/healthz"
	require.Eventually(t, func() bool {
		select {
		case <-child.exited:
			return true
		default:
		}
		resp, err := http.Get(healthz)
		if err != nil {
			return false
		}
		_ = resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, 60*time.Second, 20*time.Millisecond)
	select {
	case <-child.exited:
		t.Fatalf("server exited at start-up: %s", child.stderr.String())
	default:
	}
	return child
}

func (c *httpChild) connect(t *testing.T, headers map[string]string) *client.Client {
	t.Helper()
	var res *mcp.InitializeResult
	cl := mcptest.ConnectHTTP(t, c.url, headers, mcptest.Name("claude-code-like"), mcptest.Result(&res),
		mcptest.Diagnostics(func() string { return "stderr: " + c.stderr.String() }))
	assert.Equal(t, "heygen-mcp", res.ServerInfo.Name)
	return cl
}

func (c *httpChild) call(t *testing.T, cl *client.Client, name string, args map[string]any) (*mcp.CallToolResult, map[string]any) {
	t.Helper()
	return callTool(t, cl, c.stderr, name, args)
}

func httpRawInit(t *testing.T, url string, headers map[string]string) *http.Response {
	t.Helper()
	body := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",` +
		`"capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}`
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

// TestHTTPRemoteFlow runs the server as a team would remotely: an endpoint
// token, no server key, each user's HeyGen key per request.
func TestHTTPRemoteFlow(t *testing.T) {
	s, baseURL := startSim(t, httpUserKey, 4)

	child := httpStart(t, []string{"HEYGEN_MCP_AUTH_TOKEN=" + httpAuthToken}, "--base-url", baseURL)

	t.Run("401 without or with a wrong endpoint token", func(t *testing.T) {
		for _, h := range []map[string]string{
			{"X-Api-Key": httpUserKey},
			{"Authorization": "Bearer wrong-token", "X-Api-Key": httpUserKey},
		} {
			resp := httpRawInit(t, child.url, h)
			assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
			assert.Contains(t, resp.Header.Get("WWW-Authenticate"), "Bearer")
		}
	})

	t.Run("403 on a foreign Origin", func(t *testing.T) {
		resp := httpRawInit(t, child.url, map[string]string{
			"Authorization": "Bearer " + httpAuthToken, "X-Api-Key": httpUserKey, "Origin": "https://evil.example",
		})
		assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	})

	cl := child.connect(t, map[string]string{"Authorization": "Bearer " + httpAuthToken, "X-Api-Key": httpUserKey})

	list, err := cl.ListTools(context.Background(), mcp.ListToolsRequest{})
	require.NoError(t, err)
	names := map[string]bool{}
	for _, tl := range list.Tools {
		names[tl.Name] = true
	}
	for _, want := range []string{"create_video", "get_session", "get_video", "send_message", "get_account"} {
		assert.True(t, names[want], "tools/list lacks %s", want)
	}

	res, cv := child.call(t, cl, "create_video", map[string]any{"prompt": "A 30-second product teaser for a smart kettle"})
	require.False(t, res.IsError, firstText(res))
	sid, _ := cv["session_id"].(string)
	require.NotEmpty(t, sid)

	s.Advance(3 * time.Minute)
	res, sess := child.call(t, cl, "get_session", map[string]any{"session_id": sid})
	require.False(t, res.IsError, firstText(res))
	vid, _ := sess["video_id"].(string)
	require.NotEmpty(t, vid, firstText(res))

	s.Advance(15 * time.Minute)
	res, v := child.call(t, cl, "get_video", map[string]any{"video_id": vid})
	require.False(t, res.IsError, firstText(res))
	assert.Equal(t, "completed", v["status"])
	assert.NotEmpty(t, v["video_url"])

	// The request's key reached the simulator (it accepts only httpUserKey,
	// and the server has no key of its own).
	assert.Positive(t, s.RequestCount("POST", "/v3/video-agents"))
	for _, r := range s.Requests() {
		assert.Equal(t, "set", r.Header.Get("X-Api-Key"), "%s %s", r.Method, r.Path)
	}

	t.Run("another user's key is used for that user's calls", func(t *testing.T) {
		other := child.connect(t, map[string]string{"Authorization": "Bearer " + httpAuthToken, "X-Api-Key": httpOtherKey})
		before := s.RequestCount("GET", "/v3/users/me")
		res, _ := child.call(t, other, "get_account", nil)
		require.True(t, res.IsError, "the simulator rejects this key, so the call must fail: %s", firstText(res))
		assert.Contains(t, firstText(res), "401")
		assert.Greater(t, s.RequestCount("GET", "/v3/users/me"), before)
	})

	t.Run("token without a HeyGen key says how to send one", func(t *testing.T) {
		nokey := child.connect(t, map[string]string{"Authorization": "Bearer " + httpAuthToken})
		before := len(s.Requests())
		res, _ := child.call(t, nokey, "get_account", nil)
		require.True(t, res.IsError)
		assert.Contains(t, firstText(res), "X-Api-Key")
		assert.Len(t, s.Requests(), before, "nothing reaches HeyGen without a key")
	})

	logs := child.stderr.String()
	for _, secret := range []string{httpUserKey, httpOtherKey, httpAuthToken} {
		assert.NotContains(t, logs, secret, "a secret appeared in the logs")
	}

	// SIGTERM: graceful shutdown, exit code 0.
	require.NoError(t, child.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-child.exited:
	case <-time.After(30 * time.Second): // liveness bound only
		t.Fatal("server did not exit after SIGTERM")
	}
	assert.Equal(t, 0, child.cmd.ProcessState.ExitCode(), "stderr: %s", child.stderr.String())
}

// TestHTTPRefusesExposedAddrWithServerKey: a server key on all interfaces
// without an endpoint token would let anyone spend its credits.
func TestHTTPRefusesExposedAddrWithServerKey(t *testing.T) {
	bin := buildBinary(t)
	cmd := exec.Command(bin, "--transport", "http", "--addr", "0.0.0.0:0", "--base-url", "http://127.0.0.1:1")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "HEYGEN_API_KEY=" + httpUserKey}
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	require.True(t, errors.As(err, &exitErr), "expected a non-zero exit, got %v; output: %s", err, out)
	assert.NotEqual(t, 0, exitErr.ExitCode())
	assert.Contains(t, string(out), "HEYGEN_MCP_AUTH_TOKEN")
	assert.NotContains(t, string(out), httpUserKey)
}
