// Package abuse attacks the built heygen-mcp binary over HTTP the way a hostile
// network client would, one test per attack, and asserts the defence: unfinished
// request bodies, session floods, made-up and huge session ids, huge keys,
// session hijacking across credentials, and an exposed --allow-dir. Every test
// starts its own server in sandbox mode; nothing reaches HeyGen.
//
// HEYGEN_MCP_ABUSE_BINARY=/path/to/heygen-mcp runs the suite against that build
// instead of building this checkout (to see which attacks an older build fails).
// The limits are therefore set through environment variables, which an older
// build ignores, rather than flags, which it would refuse.
package abuse

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/servertest"
)

// binaryPath is the server under attack, set once by TestMain.
var binaryPath string

func TestMain(m *testing.M) {
	if bin := os.Getenv("HEYGEN_MCP_ABUSE_BINARY"); bin != "" {
		binaryPath = bin
		os.Exit(m.Run())
	}
	bin, cleanup, err := servertest.Build()
	if err != nil {
		fmt.Fprintln(os.Stderr, "abuse:", err)
		os.Exit(1)
	}
	binaryPath = bin
	code := m.Run()
	cleanup()
	os.Exit(code)
}

const (
	// endpointToken is the HEYGEN_MCP_AUTH_TOKEN of servers started with one.
	endpointToken = "abuse-endpoint-token-6f1d2c9a"
	// keyPrefix starts every HeyGen key the tests send.
	keyPrefix = "sk-abuse-"
	// outerBound is how long a correct server may take to do what a test waits
	// for; it meets it by a wide margin. It only stops a broken server from
	// hanging the suite.
	outerBound = 30 * time.Second
)

// servingLine is the server's start-up log line, which says where it listens.
var servingLine = regexp.MustCompile(`serving MCP over streamable HTTP.*url=(http://\S+)/mcp`)

// logWatch keeps the server's stderr and reports when the start-up line
// appears.
type logWatch struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	base    string
	serving chan struct{} // closed once base is known
}

func (l *logWatch) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	if l.base == "" {
		if m := servingLine.FindSubmatch(l.buf.Bytes()); m != nil {
			l.base = string(m[1])
			close(l.serving)
		}
	}
	return len(p), nil
}

func (l *logWatch) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// server is one heygen-mcp process serving HTTP.
type server struct {
	base   string // http://127.0.0.1:port
	url    string // base + "/mcp"
	cmd    *exec.Cmd
	logs   *logWatch
	exited chan struct{}
}

// launch starts the binary with --transport http and args, and the
// environment env on top of a minimal one (no HeyGen key, info logs).
func launch(t *testing.T, env map[string]string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(binaryPath, append([]string{"--transport", "http"}, args...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "HEYGEN_LOG_LEVEL=info"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	s := &server{cmd: cmd, logs: &logWatch{serving: make(chan struct{})}, exited: make(chan struct{})}
	cmd.Stdout = io.Discard
	cmd.Stderr = s.logs
	require.NoError(t, cmd.Start())
	go func() { _ = cmd.Wait(); close(s.exited) }()
	t.Cleanup(func() {
		select {
		case <-s.exited:
			return
		default:
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(outerBound):
			_ = cmd.Process.Kill()
			<-s.exited
			t.Errorf("the server did not exit after SIGTERM; logs:\n%s", s.logs.String())
		}
	})
	return s
}

// waitServing waits for the start-up line; false if the server exited first.
func (s *server) waitServing(t *testing.T) bool {
	t.Helper()
	select {
	case <-s.logs.serving:
		s.logs.mu.Lock()
		s.base = s.logs.base
		s.logs.mu.Unlock()
		s.url = s.base + "/mcp"
		return true
	case <-s.exited:
		return false
	case <-time.After(outerBound):
		t.Fatalf("the server neither served nor exited; logs:\n%s", s.logs.String())
		return false
	}
}

// startSandbox starts a sandbox server on a free loopback port with the
// endpoint token and the extra environment env, and waits until it serves.
func startSandbox(t *testing.T, env map[string]string) *server {
	t.Helper()
	all := map[string]string{"HEYGEN_MCP_AUTH_TOKEN": endpointToken}
	for k, v := range env {
		all[k] = v
	}
	s := launch(t, all, "--sandbox", "--addr", "127.0.0.1:0")
	if !s.waitServing(t) {
		t.Fatalf("the server exited at start-up (code %d); logs:\n%s", s.cmd.ProcessState.ExitCode(), s.logs.String())
	}
	t.Cleanup(func() {
		// Whatever the attack, no secret reaches the logs.
		logs := s.logs.String()
		assert.NotContains(t, logs, endpointToken, "the endpoint token is in the server's logs")
		assert.NotContains(t, logs, keyPrefix, "a HeyGen key is in the server's logs")
	})
	return s
}

// reply is what the server answered an HTTP request.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// do sends one request. An event stream is not read (it would not end): its
// body is closed at once and reply.body left empty.
func do(t *testing.T, method, url string, headers map[string]string, body string) reply {
	t.Helper()
	r, err := tryDo(method, url, headers, body)
	require.NoError(t, err)
	return r
}

// tryDo is do for goroutines other than the test's, which must not stop it.
func tryDo(method, url string, headers map[string]string, body string) (reply, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return reply{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	cl := &http.Client{Timeout: outerBound}
	resp, err := cl.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	r := reply{status: resp.StatusCode, header: resp.Header}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		if r.body, err = io.ReadAll(resp.Body); err != nil {
			return reply{}, err
		}
	}
	return r, nil
}

// auth is the headers of a client holding the endpoint token and key (none
// when key is empty), plus session id when it is not empty.
func auth(key, session string) map[string]string {
	h := map[string]string{"Authorization": "Bearer " + endpointToken}
	if key != "" {
		h["X-Api-Key"] = key
	}
	if session != "" {
		h["Mcp-Session-Id"] = session
	}
	return h
}

// initBody is an initialize request with JSON-RPC id id.
func initBody(id int) string {
	return fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"initialize","params":{"protocolVersion":"2025-11-25",`+
		`"capabilities":{},"clientInfo":{"name":"abuse","version":"1"}}}`, id)
}

// rpcError is a JSON-RPC error response.
type rpcError struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Error   struct {
		Code    int            `json:"code"`
		Message string         `json:"message"`
		Data    map[string]any `json:"data"`
	} `json:"error"`
}

// requireRPCError decodes r's body as a JSON-RPC error and checks its shape.
func requireRPCError(t *testing.T, r reply) rpcError {
	t.Helper()
	var e rpcError
	require.NoError(t, json.Unmarshal(r.body, &e), "not JSON: %q", r.body)
	require.Equal(t, "2.0", e.JSONRPC, "not a JSON-RPC error: %s", r.body)
	require.NotZero(t, e.Error.Code, "no error code: %s", r.body)
	require.NotEmpty(t, e.Error.Message, "no error message: %s", r.body)
	return e
}

// initialize opens an MCP session for key (the endpoint token included) and
// returns its id.
func initialize(t *testing.T, s *server, key string) string {
	t.Helper()
	r := do(t, http.MethodPost, s.url, auth(key, ""), initBody(1))
	require.Equal(t, http.StatusOK, r.status, "initialize: %s", r.body)
	id := r.header.Get("Mcp-Session-Id")
	require.NotEmpty(t, id, "initialize returned no Mcp-Session-Id")
	n := do(t, http.MethodPost, s.url, auth(key, id), `{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	require.Equal(t, http.StatusAccepted, n.status, "notifications/initialized: %s", n.body)
	return id
}

// sseEvent is one server-sent event.
type sseEvent struct{ id, data string }

// openStream opens the GET stream of a session and delivers its events on the
// returned channel until the test ends. It fails the test unless the server
// answers 200 with an event stream.
func openStream(t *testing.T, s *server, key, session string) <-chan sseEvent {
	t.Helper()
	ctx := t.Context() // cancelled when the test ends, which ends the stream
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "text/event-stream")
	for k, v := range auth(key, session) {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { _ = resp.Body.Close() })
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.True(t, strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream"))
	events := make(chan sseEvent, 64)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 64<<10), 4<<20)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.data != "" {
					select {
					case events <- ev:
					case <-ctx.Done():
						return
					}
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "id:"):
				ev.id = strings.TrimSpace(strings.TrimPrefix(line, "id:"))
			case strings.HasPrefix(line, "data:"):
				ev.data += strings.TrimSpace(strings.TrimPrefix(line, "data:"))
			}
		}
	}()
	return events
}
