package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

const stdioTestKey = "sk-e2e-stdio-0123456789"

// stdioBuffer is a goroutine-safe byte buffer for the child's output.
type stdioBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *stdioBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *stdioBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// stdioChild is the server started as Claude Desktop starts it: a child
// process speaking JSON-RPC on stdin/stdout, logging to stderr.
type stdioChild struct {
	client *client.Client
	stdout *stdioBuffer // every byte the child wrote to stdout
	stderr *stdioBuffer
}

func stdioStart(t *testing.T, env []string, args ...string) *stdioChild {
	t.Helper()
	bin := buildBinary(t)
	cmd := exec.Command(bin, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdoutPipe, err := cmd.StdoutPipe()
	require.NoError(t, err)
	child := &stdioChild{stdout: &stdioBuffer{}, stderr: &stdioBuffer{}}
	cmd.Stderr = child.stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = stdin.Close() // EOF on stdin is how a client ends a stdio server
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second): // liveness bound only
			_ = cmd.Process.Kill()
			<-done
			t.Errorf("server did not exit after stdin closed")
		}
	})

	tr := transport.NewIO(io.TeeReader(stdoutPipe, child.stdout), stdin, io.NopCloser(strings.NewReader("")))
	var res *mcp.InitializeResult
	c := mcptest.ConnectTransport(t, tr, mcptest.Protocol("2025-06-18"), mcptest.Name("claude-desktop-like"), mcptest.Result(&res),
		mcptest.Diagnostics(func() string { return "stderr: " + child.stderr.String() }))
	assert.Equal(t, "heygen-mcp", res.ServerInfo.Name)
	assert.NotEmpty(t, res.Instructions)
	child.client = c
	return child
}

func (c *stdioChild) call(t *testing.T, name string, args map[string]any) (*mcp.CallToolResult, map[string]any) {
	t.Helper()
	return callTool(t, c.client, c.stderr, name, args)
}

// assertOnlyJSONRPC checks that every stdout line is one JSON-RPC 2.0 message.
func (c *stdioChild) assertOnlyJSONRPC(t *testing.T) {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(c.stdout.String()))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	n := 0
	for sc.Scan() {
		line := sc.Bytes()
		var msg struct {
			JSONRPC string `json:"jsonrpc"`
		}
		require.NoError(t, json.Unmarshal(line, &msg), "stdout line is not JSON: %q", line)
		assert.Equal(t, "2.0", msg.JSONRPC, "stdout line is not JSON-RPC 2.0: %q", line)
		n++
	}
	assert.Positive(t, n)
}

func TestStdioClaudeDesktopFlow(t *testing.T) {
	s, baseURL := startSim(t, stdioTestKey, 3)

	child := stdioStart(t, []string{"HEYGEN_API_KEY=" + stdioTestKey, "HEYGEN_LOG_LEVEL=debug"}, "--base-url", baseURL)

	list, err := child.client.ListTools(context.Background(), mcp.ListToolsRequest{})
	require.NoError(t, err)
	names := map[string]bool{}
	for _, tl := range list.Tools {
		names[tl.Name] = true
	}
	for _, want := range []string{"create_video", "get_session", "get_video", "send_message", "get_account"} {
		assert.True(t, names[want], "tools/list lacks %s", want)
	}

	res, cv := child.call(t, "create_video", map[string]any{"prompt": "A 45-second welcome video for new employees"})
	require.False(t, res.IsError, firstText(res))
	sid, _ := cv["session_id"].(string)
	require.NotEmpty(t, sid)

	res, sess := child.call(t, "get_session", map[string]any{"session_id": sid})
	require.False(t, res.IsError, firstText(res))
	assert.Equal(t, "thinking", sess["status"])

	s.Advance(3 * time.Minute)
	res, sess = child.call(t, "get_session", map[string]any{"session_id": sid})
	require.False(t, res.IsError, firstText(res))
	vid, _ := sess["video_id"].(string)
	require.NotEmpty(t, vid, firstText(res))

	s.Advance(15 * time.Minute)
	res, v := child.call(t, "get_video", map[string]any{"video_id": vid})
	require.False(t, res.IsError, firstText(res))
	assert.Equal(t, "completed", v["status"])
	url, _ := v["video_url"].(string)
	require.NotEmpty(t, url)
	assert.Contains(t, firstText(res), url)

	child.assertOnlyJSONRPC(t)
	logs := child.stderr.String()
	assert.Contains(t, logs, "level=INFO", "logs go to stderr")
	assert.NotContains(t, logs, stdioTestKey, "the key never appears in logs")
	assert.NotContains(t, child.stdout.String(), stdioTestKey)
	assert.Positive(t, s.RequestCount("POST", "/v3/video-agents"))
}

func TestStdioWithoutKeyExplainsHowToSetIt(t *testing.T) {
	s := sim.New()
	ts := httptest.NewServer(s)
	defer ts.Close()
	child := stdioStart(t, nil, "--base-url", ts.URL)

	list, err := child.client.ListTools(context.Background(), mcp.ListToolsRequest{})
	require.NoError(t, err)
	assert.NotEmpty(t, list.Tools)

	res, _ := child.call(t, "get_account", nil)
	require.True(t, res.IsError)
	assert.Contains(t, firstText(res), "HEYGEN_API_KEY")
	info, ok := tools.ErrorInfoOf(res)
	require.True(t, ok, "error facts in _meta")
	assert.Equal(t, "no_api_key", info.Kind)
	res, _ = child.call(t, "create_video", map[string]any{"prompt": "hello"})
	require.True(t, res.IsError)
	assert.Contains(t, firstText(res), "HEYGEN_API_KEY")
	assert.Zero(t, s.RequestCount("", "/"), "nothing reaches HeyGen without a key")
	child.assertOnlyJSONRPC(t)
	assert.Contains(t, child.stderr.String(), "HEYGEN_API_KEY is not set")
}
