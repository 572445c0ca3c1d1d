package faults_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/internal/creds"
	"github.com/heygen-mcp/heygen-mcp/internal/localfiles"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
	"github.com/heygen-mcp/heygen-mcp/resources"
	"github.com/heygen-mcp/heygen-mcp/tools"
	"github.com/heygen-mcp/heygen-mcp/transport"
)

// Distinctive secrets: if either shows up anywhere a person or model can read,
// a grep finds it.
const (
	apiKey        = "hgk_LEAKCANARY_4f1d9a7e2c6b8053_apikey"
	endpointToken = "ept_LEAKCANARY_9b3e5d1f7a2c4068_token"
)

// syncBuffer is an io.Writer many goroutines may write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// envOpts tune one assembled server.
type envOpts struct {
	retries     int                             // heygen client MaxRetries
	read, write time.Duration                   // per-attempt timeouts; 0 = 20 s
	wrapSim     func(http.Handler) http.Handler // middleware in front of the simulator
	keyFunc     func() string                   // Idempotency-Key generator; nil = the client's
	simOpts     []sim.Option                    // extra simulator options
	// wrapTransport wraps the HTTP transport the HeyGen client uses (after the
	// simulator's own wrapSim, on the client side: e.g. refuse a connection).
	wrapTransport func(http.RoundTripper) http.RoundTripper
}

// env is the production assembly (tools + resources + watcher hub behind the
// streamable HTTP transport with an endpoint token) talking to the simulator
// over loopback HTTP, with retries that do not wait.
type env struct {
	t      *testing.T
	sim    *sim.Simulator
	clock  *sim.FakeClock
	pool   *creds.Pool
	hub    *watch.Hub
	mcpURL string
	logs   *syncBuffer // every slog record of the server side (debug level)
	seen   *syncBuffer // everything a client was shown: tool results, errors, resource contents
	c      *client.Client
	fix    fixtures
	// hits counts every HTTP request that reached the simulator's listener,
	// even one the mux answers itself (a 307 for a dot segment).
	hits atomic.Int64
	dir  string // the one directory upload_asset and download_video may use
}

// fixtures are ids in known states, made before any fault.
type fixtures struct {
	waiting    string // chat session waiting for input
	reviewing  string // chat session reviewing a storyboard
	resourceID string // the storyboard resource of reviewing
	generating string // generate session with a video
	videoID    string
	vtID       string // a completed video translation (a wait on it ends at once)
}

// fastSchedule makes the real-clock watcher poll every few milliseconds.
func fastSchedule() watch.Schedule {
	return watch.Schedule{First: time.Millisecond, Interval: 20 * time.Millisecond, Factor: 1,
		Max: 50 * time.Millisecond, ErrorMax: 50 * time.Millisecond, MinGap: -1}
}

func newEnv(t *testing.T, o envOpts) *env {
	t.Helper()
	e := &env{t: t, logs: &syncBuffer{}, seen: &syncBuffer{}}
	e.clock = sim.NewFakeClock(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	e.sim = sim.New(append([]sim.Option{sim.WithClock(e.clock), sim.WithAPIKeys(apiKey), sim.WithSeed(11)}, o.simOpts...)...)
	var h http.Handler = e.sim
	if o.wrapSim != nil {
		h = o.wrapSim(h)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", h))
	simTS := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.hits.Add(1)
		mux.ServeHTTP(w, r)
	}))

	logger := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	read, write := o.read, o.write
	if read == 0 {
		read = 20 * time.Second
	}
	if write == 0 {
		write = 20 * time.Second
	}
	hc := simTS.Client()
	if o.wrapTransport != nil {
		hc = &http.Client{Transport: o.wrapTransport(hc.Transport)}
	}
	e.pool = creds.NewPool("", func(key string) (*heygen.Client, error) {
		opts := []heygen.Option{
			heygen.WithBaseURL(simTS.URL + "/api"),
			heygen.WithAPIKey(key),
			heygen.WithHTTPClient(hc),
			// The client reads the simulator's clock, so that a create's
			// time window (FindCreatedSession) matches the sessions' created_at.
			heygen.WithNow(e.clock.Now),
			heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: o.retries, BaseDelay: time.Millisecond,
				MaxDelay: time.Millisecond, MaxRetryAfter: 10 * time.Second}),
			// Retries never wait: no test depends on wall time.
			heygen.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }),
			heygen.WithTimeouts(read, write),
			heygen.WithLogger(logger),
		}
		if o.keyFunc != nil {
			opts = append(opts, heygen.WithIdempotencyKeyFunc(o.keyFunc))
		}
		return heygen.NewClient(opts...)
	})
	e.hub = watch.NewHub(watch.HubOptions{Schedule: fastSchedule(), Logger: logger})
	sessions := resources.NewSessions(0)
	mcpSrv := server.NewMCPServer("heygen-mcp", "faults",
		server.WithToolCapabilities(false),
		server.WithResourceCapabilities(true, true),
		server.WithHooks(&server.Hooks{}),
		server.WithRecovery(),
	)
	e.dir = t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(e.dir, "logo.png"), []byte("\x89PNG\r\n\x1a\n fake png"), 0o600))
	files, err := localfiles.New([]string{e.dir}, localfiles.WithLogger(logger))
	require.NoError(t, err)
	tools.Register(mcpSrv, tools.Deps{Clients: e.pool, Hub: e.hub, Files: files, OnSessionCreated: func(ctx context.Context, tenant, id string) {
		sessions.Add(ctx, tenant, id, "")
	}}, tools.SelectAll(false))
	require.NoError(t, resources.Register(mcpSrv, resources.Deps{Clients: e.pool, Hub: e.hub, Sessions: sessions, Logger: logger}))
	hh, shutdown, err := transport.NewHTTPHandler(mcpSrv, transport.HTTPOptions{AuthToken: endpointToken,
		AllowRequestKeys: true, Logger: logger})
	require.NoError(t, err)
	mcpTS := httptest.NewServer(hh)
	e.mcpURL = mcpTS.URL + transport.MCPPath

	t.Cleanup(func() {
		_ = shutdown(context.Background())
		mcpTS.Close()
		e.hub.Close()
		simTS.Close()
		e.assertNoSecrets(t)
	})
	e.c = e.connect(t)
	return e
}

// connect opens an MCP session carrying the endpoint token and the HeyGen key.
func (e *env) connect(t *testing.T) *client.Client {
	t.Helper()
	return mcptest.ConnectHTTP(t, e.mcpURL, map[string]string{
		"Authorization": "Bearer " + endpointToken,
		"X-Api-Key":     apiKey,
	})
}

// assertNoSecrets greps everything the server logged and every client saw.
func (e *env) assertNoSecrets(t *testing.T) {
	t.Helper()
	for name, text := range map[string]string{"server logs": e.logs.String(), "client-visible output": e.seen.String()} {
		for _, secret := range []string{apiKey, endpointToken} {
			if strings.Contains(text, secret) {
				t.Errorf("%s contain a secret (%.12s...)", name, secret)
			}
		}
	}
}

// outcome is what one tool call produced, as a client sees it.
type outcome struct {
	err     error // protocol/transport error (the call did not produce a result)
	isError bool
	text    string
	kind    string // structuredContent.error.kind of an error result
}

func (o outcome) String() string {
	return fmt.Sprintf("err=%v isError=%v kind=%q text=%.300q", o.err, o.isError, o.kind, o.text)
}

// call runs one tool and records what the client was shown.
func (e *env) call(ctx context.Context, name string, args any) outcome {
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := e.c.CallTool(ctx, req)
	if err != nil {
		fmt.Fprintf(e.seen, "%s error: %v\n", name, err)
		return outcome{err: err}
	}
	o := outcome{isError: res.IsError}
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	o.text = b.String()
	sc, _ := json.Marshal(res.StructuredContent)
	fmt.Fprintf(e.seen, "%s result: %s %s\n", name, o.text, sc)
	if info, ok := tools.ErrorInfoOf(res); ok {
		o.kind = info.Kind
	}
	return o
}

// ok runs a call that must succeed and returns its structured content.
func (e *env) ok(name string, args any) map[string]any {
	e.t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := e.c.CallTool(context.Background(), req)
	require.NoError(e.t, err, name)
	sc, _ := json.Marshal(res.StructuredContent)
	fmt.Fprintf(e.seen, "%s result: %v %s\n", name, res.Content, sc)
	require.False(e.t, res.IsError, "%s failed: %s", name, sc)
	var m map[string]any
	require.NoError(e.t, json.Unmarshal(sc, &m))
	return m
}

// read reads a resource and records what the client was shown.
func (e *env) read(ctx context.Context, uri string) (string, error) {
	req := mcp.ReadResourceRequest{}
	req.Params.URI = uri
	res, err := e.c.ReadResource(ctx, req)
	if err != nil {
		fmt.Fprintf(e.seen, "read %s error: %v\n", uri, err)
		return "", err
	}
	var b strings.Builder
	for _, c := range res.Contents {
		if tc, ok := c.(mcp.TextResourceContents); ok {
			b.WriteString(tc.Text)
		}
	}
	fmt.Fprintf(e.seen, "read %s: %s\n", uri, b.String())
	return b.String(), nil
}

// setup makes the fixtures through the tools themselves, on the fake clock.
func (e *env) setup() {
	e.t.Helper()
	e.fix.waiting = e.ok("create_video", map[string]any{"prompt": "A chat about tea", "mode": "chat"})["session_id"].(string)
	e.fix.reviewing = e.ok("create_video", map[string]any{"prompt": "A chat about coffee", "mode": "chat"})["session_id"].(string)
	e.fix.generating = e.ok("create_video", map[string]any{"prompt": "A one-shot video about water"})["session_id"].(string)
	e.fix.vtID = e.ok("create_video_translation", map[string]any{"video_url": "https://example.com/talk.mp4",
		"output_languages": []string{"Spanish (Spain)"}, "end_time": 5})["translations"].([]any)[0].(map[string]any)["video_translation_id"].(string)
	e.sim.Advance(2*time.Minute + time.Second)
	e.ok("send_message", map[string]any{"session_id": e.fix.reviewing, "message": "Use the warm narrator"})
	e.sim.Advance(time.Minute + time.Second)

	st := e.ok("get_session", map[string]any{"session_id": e.fix.reviewing, "message_limit": 40})
	for _, m := range st["messages"].([]any) {
		if ids, ok := m.(map[string]any)["resource_ids"].([]any); ok && len(ids) > 0 {
			e.fix.resourceID = ids[0].(string)
			break
		}
	}
	require.NotEmpty(e.t, e.fix.resourceID, "the reviewing session has no storyboard resource: %v", st)
	require.Equal(e.t, "waiting_for_input", e.ok("get_session", map[string]any{"session_id": e.fix.waiting})["status"])
	vid, _ := e.ok("get_session", map[string]any{"session_id": e.fix.generating})["video_id"].(string)
	require.NotEmpty(e.t, vid, "the generate session has no video yet")
	e.fix.videoID = vid
	require.Equal(e.t, "completed", e.ok("get_video_translation", map[string]any{"video_translation_id": e.fix.vtID})["status"])
	e.sim.ResetRequests()
}

// toolCall is one valid call of a tool.
type toolCall struct {
	name string
	args map[string]any
}

// validCalls has one valid call per registered tool: its Example, with the
// fixtures' live ids in place of the example ids. A tool whose Example needs
// an argument the fixtures cannot fill fails here, so the matrix never skips
// a tool.
func (e *env) validCalls() []toolCall {
	// Destructive calls last: delete_video removes the fixture video the
	// other calls read.
	var out, last []toolCall
	for _, def := range tools.Definitions() {
		if !def.Hints.OpenWorld {
			continue // it never calls HeyGen (list_toolsets, enable_toolset)
		}
		call := toolCall{name: def.Name, args: e.exampleArgs(def)}
		if def.Hints.Destructive {
			last = append(last, call)
		} else {
			out = append(out, call)
		}
	}
	return append(out, last...)
}

// exampleArgs is def's Example with the fixtures' live ids in place of the
// example ids.
func (e *env) exampleArgs(def tools.Definition) map[string]any {
	f := e.fix
	live := map[string]any{
		// The reviewing session has the storyboard resource; it accepts
		// messages and can be stopped.
		"session_id":  f.reviewing,
		"resource_id": f.resourceID,
		// The fixture video is still rendering, so a healthy download_video
		// fails with "not completed", after reading the video from HeyGen.
		"video_id": f.videoID,
		"path":     filepath.Join(e.dir, "logo.png"),
		// The fake clock stands still, so a wait always runs to its timeout.
		"timeout_seconds": 1,

		"video_translation_id": f.vtID,
	}
	args := def.ExampleArguments(live)
	for k, v := range args {
		if s, ok := v.(string); ok && strings.Contains(s, "_abc123") {
			e.t.Fatalf("%s: the fixtures have no live value for its example argument %s: add one to exampleArgs", def.Name, k)
		}
	}
	return args
}

// firstRequest is the first HeyGen request since the last ResetRequests.
func (e *env) firstRequest() (sim.RecordedRequest, bool) {
	for _, r := range e.sim.Requests() {
		if strings.HasPrefix(r.Path, "/v3/") {
			return r, true
		}
	}
	return sim.RecordedRequest{}, false
}

// sentCount counts the requests like r (same method and path) since the last
// ResetRequests.
func (e *env) sentCount(r sim.RecordedRequest) int {
	n := 0
	for _, x := range e.sim.Requests() {
		if x.Method == r.Method && x.Path == r.Path {
			n++
		}
	}
	return n
}

// rawSession speaks JSON-RPC over the streamable HTTP transport byte for byte,
// for inputs an MCP client library would sanitise (invalid UTF-8).
type rawSession struct {
	t      *testing.T
	url    string
	id     string
	nextID int
	client *http.Client
}

func (e *env) raw(t *testing.T) *rawSession {
	t.Helper()
	rs := &rawSession{t: t, url: e.mcpURL, client: &http.Client{}}
	t.Cleanup(rs.client.CloseIdleConnections)
	resp := rs.post(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}`)
	rs.id = resp.Header.Get("Mcp-Session-Id")
	require.NotEmpty(t, rs.id)
	rs.body(resp)
	resp = rs.post(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	rs.body(resp)
	return rs
}

func (rs *rawSession) post(body string) *http.Response {
	rs.t.Helper()
	req, err := http.NewRequest(http.MethodPost, rs.url, strings.NewReader(body))
	require.NoError(rs.t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Authorization", "Bearer "+endpointToken)
	req.Header.Set("X-Api-Key", apiKey)
	req.Header.Set("MCP-Protocol-Version", "2025-11-25")
	if rs.id != "" {
		req.Header.Set("Mcp-Session-Id", rs.id)
	}
	resp, err := rs.client.Do(req)
	require.NoError(rs.t, err)
	return resp
}

// body returns the JSON-RPC message of a reply (plain JSON or one SSE event).
func (rs *rawSession) body(resp *http.Response) []byte {
	rs.t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(rs.t, err)
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		var last []byte
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			if d, ok := bytes.CutPrefix(sc.Bytes(), []byte("data:")); ok {
				last = bytes.Clone(bytes.TrimSpace(d))
			}
		}
		return last
	}
	return b
}

// callTool sends tools/call with rawArgs spliced in verbatim.
func (rs *rawSession) callTool(name, rawArgs string) (isError bool, text string, rpcErr string) {
	rs.t.Helper()
	rs.nextID++
	body := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":%q,"arguments":%s}}`, rs.nextID, name, rawArgs)
	b := rs.body(rs.post(body))
	var msg struct {
		Result *struct {
			IsError bool `json:"isError"`
			Content []struct {
				Text string `json:"text"`
			} `json:"content"`
		} `json:"result"`
		Error *struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	require.NoError(rs.t, json.Unmarshal(b, &msg), "reply: %s", b)
	if msg.Error != nil {
		return false, "", msg.Error.Message
	}
	require.NotNil(rs.t, msg.Result, "reply: %s", b)
	for _, c := range msg.Result.Content {
		text += c.Text
	}
	return msg.Result.IsError, text, ""
}
