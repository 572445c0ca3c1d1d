package e2e

// Helpers for the tests driven by the official Go SDK client
// (github.com/modelcontextprotocol/go-sdk) against the built binary.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/tools"
)

// gosdkTransports are the two ways a client reaches the binary; every
// go-sdk test runs once per transport.
var gosdkTransports = []string{"stdio", "http"}

// gosdkLiveness bounds every test's context: a hang fails the test instead of
// the whole run. It is never a claim about how fast anything is.
const gosdkLiveness = 3 * time.Minute

// gosdkSession is one go-sdk client session on a freshly started binary.
type gosdkSession struct {
	cs     *mcp.ClientSession
	stderr fmt.Stringer // the child's stderr, shown on failure
}

// gosdkClient is a go-sdk client; opts may be nil.
func gosdkClient(opts *mcp.ClientOptions) *mcp.Client {
	return mcp.NewClient(&mcp.Implementation{Name: "go-sdk-e2e", Version: "1.8.0"}, opts)
}

// gosdkConnect starts the binary (args after the transport flags) with env and
// connects client to it at the client's default (newest) protocol. Cleanup
// closes the session and ends the child.
func gosdkConnect(ctx context.Context, t *testing.T, transport string, client *mcp.Client, env []string, args ...string) *gosdkSession {
	t.Helper()
	switch transport {
	case "stdio":
		bin := buildBinary(t)
		cmd := exec.Command(bin, args...)
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "HEYGEN_LOG_LEVEL=debug"}, env...)
		stderr := &stdioBuffer{}
		cmd.Stderr = stderr
		gosdkLogStderrOnFailure(t, transport, stderr)
		// Close ends stdin, waits, then SIGTERM, then SIGKILL.
		cs, err := client.Connect(ctx, &mcp.CommandTransport{Command: cmd, TerminateDuration: 20 * time.Second}, nil)
		if err != nil {
			if cmd.Process != nil && cmd.ProcessState == nil {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
			}
			require.NoError(t, err, "connect over stdio; stderr: %s", stderr.String())
		}
		t.Cleanup(func() {
			_ = cs.Close() // returns the child's exit status; the child is gone either way
		})
		return &gosdkSession{cs: cs, stderr: stderr}
	case "http":
		child := httpStart(t, env, args...)
		gosdkLogStderrOnFailure(t, transport, child.stderr)
		cs, err := client.Connect(ctx, &mcp.StreamableClientTransport{Endpoint: child.url}, nil)
		require.NoError(t, err, "connect over HTTP; stderr: %s", child.stderr.String())
		t.Cleanup(func() { _ = cs.Close() }) // runs before httpStart's SIGTERM
		return &gosdkSession{cs: cs, stderr: child.stderr}
	}
	t.Fatalf("unknown transport %q", transport)
	return nil
}

// gosdkLogStderrOnFailure shows the child's whole stderr (debug logs) when the
// test fails; registered before the session's Close, so it runs after it.
func gosdkLogStderrOnFailure(t *testing.T, transport string, stderr fmt.Stringer) {
	t.Helper()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("stderr of the %s child:\n%s", transport, stderr.String())
		}
	})
}

// protocol is the negotiated protocol version.
func (s *gosdkSession) protocol() string {
	if r := s.cs.InitializeResult(); r != nil {
		return r.ProtocolVersion
	}
	return ""
}

// call calls a tool and fails the test on a protocol error (not on a tool error).
func (s *gosdkSession) call(ctx context.Context, t *testing.T, name string, args map[string]any) *mcp.CallToolResult {
	t.Helper()
	return s.callMeta(ctx, t, name, args, nil)
}

func (s *gosdkSession) callMeta(ctx context.Context, t *testing.T, name string, args map[string]any, meta mcp.Meta) *mcp.CallToolResult {
	t.Helper()
	params := &mcp.CallToolParams{Name: name, Meta: meta}
	if args != nil {
		params.Arguments = args
	}
	res, err := s.cs.CallTool(ctx, params)
	require.NoError(t, err, "%s: protocol error; stderr: %s", name, s.stderr.String())
	return res
}

// callOK calls a tool that must succeed and returns its structured content.
func (s *gosdkSession) callOK(ctx context.Context, t *testing.T, name string, args map[string]any) map[string]any {
	t.Helper()
	res := s.call(ctx, t, name, args)
	require.False(t, res.IsError, "%s failed: %s", name, gosdkText(res))
	return gosdkStructured(t, res)
}

// gosdkText is the first text block of a result.
func gosdkText(res *mcp.CallToolResult) string {
	if res == nil || len(res.Content) == 0 {
		return ""
	}
	if tc, ok := res.Content[0].(*mcp.TextContent); ok {
		return tc.Text
	}
	return ""
}

func gosdkStructured(t *testing.T, res *mcp.CallToolResult) map[string]any {
	t.Helper()
	require.NotNil(t, res.StructuredContent, "no structuredContent: %s", gosdkText(res))
	return gosdkRemarshal(t, res.StructuredContent)
}

func gosdkRemarshal(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m), "not a JSON object: %s", b)
	return m
}

// gosdkErrorFields are the only fields allowed in the error object.
var gosdkErrorFields = map[string]string{
	"kind": "string", "message": "string", "http_status": "number", "code": "string", "param": "string",
	"doc_url": "string", "request_id": "string", "retry_after_seconds": "number",
	"safe_to_retry": "bool", "sent_to_heygen": "bool",
}

// gosdkAssertToolError checks the error contract of a failed tool call and
// returns the error object from _meta:
//   - isError true and no structuredContent;
//   - content[0] is text whose last line is "Details: kind=<kind>, name=value, ...";
//   - _meta["io.github.heygen-mcp/error"] is an object with kind, message,
//     safe_to_retry and sent_to_heygen, and only the documented fields;
//   - each fact in the Details line that is also a field agrees with it.
func gosdkAssertToolError(t *testing.T, res *mcp.CallToolResult, kind string) map[string]any {
	t.Helper()
	wire, _ := json.Marshal(res)
	require.True(t, res.IsError, "not an error result: %s", wire)
	assert.Nil(t, res.StructuredContent, "an error result must carry no structuredContent (it is validated "+
		"against the tool's output schema by some clients); got: %s", wire)

	require.NotEmpty(t, res.Content, "no content: %s", wire)
	tc, ok := res.Content[0].(*mcp.TextContent)
	require.True(t, ok, "content[0] is %T, want text: %s", res.Content[0], wire)
	lines := strings.Split(strings.TrimRight(tc.Text, "\n"), "\n")
	last := lines[len(lines)-1]
	facts := map[string]string{}
	if assert.True(t, strings.HasPrefix(last, "Details: kind="+kind),
		"the last line of the error text must start with %q; text: %q", "Details: kind="+kind, tc.Text) {
		for _, part := range strings.Split(strings.TrimPrefix(last, "Details: "), ", ") {
			name, value, ok := strings.Cut(part, "=")
			if assert.True(t, ok && name != "" && !strings.ContainsAny(name, " ="), "Details fact %q is not name=value: %q", part, last) {
				facts[name] = value
			}
		}
		assert.Equal(t, kind, facts["kind"], "Details line: %q", last)
	}
	assert.Greater(t, len(lines), 1, "the error text needs a message before the Details line: %q", tc.Text)

	raw, ok := res.Meta[tools.ErrorMetaKey]
	require.True(t, ok, "_meta[%q] missing; result: %s", tools.ErrorMetaKey, wire)
	e, ok := raw.(map[string]any)
	require.True(t, ok, "_meta[%q] is %T, want an object; result: %s", tools.ErrorMetaKey, raw, wire)
	t.Logf("error result: %s", wire)
	assert.Equal(t, kind, e["kind"], "error kind; result: %s", wire)
	msg, _ := e["message"].(string)
	assert.NotEmpty(t, msg, "error message; result: %s", wire)
	for _, always := range []string{"safe_to_retry", "sent_to_heygen"} {
		_, isBool := e[always].(bool)
		assert.True(t, isBool, "%s must always be present as a bool; result: %s", always, wire)
	}
	for name, v := range e {
		typ, known := gosdkErrorFields[name]
		if !assert.True(t, known, "unexpected error field %q; result: %s", name, wire) {
			continue
		}
		switch typ {
		case "string":
			_, ok = v.(string)
		case "number":
			_, ok = v.(float64)
		case "bool":
			_, ok = v.(bool)
		}
		assert.True(t, ok, "error field %q is %T, want %s; result: %s", name, v, typ, wire)
		if fact, inText := facts[name]; inText && name != "message" {
			assert.Equal(t, fmt.Sprint(v), fact, "Details line and _meta disagree on %s: %q", name, last)
		}
	}
	return e
}

// gosdkElicitRecorder is an ElicitationHandler that accepts with a valid
// value for the requested schema and records every request it answered.
type gosdkElicitRecorder struct {
	mu       sync.Mutex
	messages []string
	answers  []map[string]any
	errs     []string
}

func (r *gosdkElicitRecorder) handle(_ context.Context, req *mcp.ElicitRequest) (*mcp.ElicitResult, error) {
	content, err := gosdkAnswerSchema(req.Params.RequestedSchema)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.messages = append(r.messages, req.Params.Message)
	if err != nil {
		r.errs = append(r.errs, err.Error())
		return &mcp.ElicitResult{Action: "decline"}, nil
	}
	r.answers = append(r.answers, content)
	return &mcp.ElicitResult{Action: "accept", Content: content}, nil
}

func (r *gosdkElicitRecorder) snapshot() (messages []string, answers []map[string]any, errs []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.messages...), append([]map[string]any(nil), r.answers...), append([]string(nil), r.errs...)
}

// gosdkAnswerSchema fills every required property of a flat elicitation
// schema: "approve" when offered, else the first oneOf const or enum value,
// else a short string (or true / the minimum for booleans and numbers).
func gosdkAnswerSchema(schema any) (map[string]any, error) {
	b, err := json.Marshal(schema)
	if err != nil {
		return nil, err
	}
	var s struct {
		Type       string `json:"type"`
		Properties map[string]struct {
			Type    string                `json:"type"`
			Enum    []any                 `json:"enum"`
			OneOf   []struct{ Const any } `json:"oneOf"`
			Minimum *float64              `json:"minimum"`
		} `json:"properties"`
		Required []string `json:"required"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("requested schema %s: %w", b, err)
	}
	if s.Type != "object" || len(s.Properties) == 0 {
		return nil, fmt.Errorf("requested schema is not an object with properties: %s", b)
	}
	out := map[string]any{}
	for _, name := range s.Required {
		p, ok := s.Properties[name]
		if !ok {
			return nil, fmt.Errorf("required property %q is not defined: %s", name, b)
		}
		var options []any
		for _, o := range p.OneOf {
			options = append(options, o.Const)
		}
		options = append(options, p.Enum...)
		switch {
		case len(options) > 0:
			out[name] = options[0]
			for _, o := range options {
				if o == "approve" {
					out[name] = o
				}
			}
		case p.Type == "boolean":
			out[name] = true
		case p.Type == "number" || p.Type == "integer":
			v := 1.0
			if p.Minimum != nil {
				v = *p.Minimum
			}
			out[name] = v
		default:
			out[name] = "Whatever you recommend"
		}
	}
	return out, nil
}

// gosdkWaitFor blocks until ch yields a value or ctx ends.
func gosdkWaitFor[T any](ctx context.Context, t *testing.T, ch <-chan T, what string, stderr fmt.Stringer) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		var zero T
		t.Fatalf("gave up waiting for %s (%v); stderr: %s", what, ctx.Err(), stderr.String())
		return zero
	}
}
