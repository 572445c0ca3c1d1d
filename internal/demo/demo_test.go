package demo

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/internal/sandbox"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fastSpeed runs a sandbox video in 25 ms.
const fastSpeed = "1000"

type demoRun struct {
	code           int
	stdout, stderr string
	filesDir       string
	calls          []recordedCall
}

type recordedCall struct {
	Name string
	Args map[string]any
}

// recordingCaller records every tool call the demo makes.
type recordingCaller struct {
	toolCaller
	mu    sync.Mutex
	calls []recordedCall
}

func (r *recordingCaller) CallTool(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	r.mu.Lock()
	args, _ := req.Params.Arguments.(map[string]any)
	r.calls = append(r.calls, recordedCall{req.Params.Name, args})
	r.mu.Unlock()
	return r.toolCaller.CallTool(ctx, req)
}

func runDemo(t *testing.T, args []string, env map[string]string, stdin string) demoRun {
	t.Helper()
	var stdout, stderr bytes.Buffer
	rec := &recordingCaller{}
	files := t.TempDir()
	code := run(t.Context(), args, runEnv{
		getenv:   func(k string) string { return env[k] },
		stdin:    strings.NewReader(stdin),
		stdout:   &stdout,
		stderr:   &stderr,
		filesDir: files,
		// Real-mode runs here talk to a fast simulator; poll it quickly too.
		pollMin: 5 * time.Millisecond,
		pollMax: 20 * time.Millisecond,
		wrap:    func(c toolCaller) toolCaller { rec.toolCaller = c; return rec },
	})
	return demoRun{code: code, stdout: stdout.String(), stderr: stderr.String(), filesDir: files, calls: rec.calls}
}

func toolNames(calls []recordedCall) []string {
	var names []string
	for _, c := range calls {
		if len(names) == 0 || names[len(names)-1] != c.Name {
			names = append(names, c.Name)
		}
	}
	return names
}

func videoURLFrom(t *testing.T, stdout string) string {
	t.Helper()
	for _, line := range strings.Split(stdout, "\n") {
		if u, ok := strings.CutPrefix(line, "Video ready: "); ok {
			return strings.TrimSpace(u)
		}
	}
	t.Fatalf("no 'Video ready:' line in:\n%s", stdout)
	return ""
}

func TestSandboxGenerateEndsWithAVideoURL(t *testing.T) {
	r := runDemo(t, []string{"--speed", fastSpeed, "--prompt", "A short clip about otters"}, nil, "")
	require.Equal(t, 0, r.code, "stderr: %s\nstdout: %s", r.stderr, r.stdout)

	assert.Equal(t, []string{"get_account", "list_styles", "create_video", "get_session", "get_video"}, toolNames(r.calls)[:5])
	create := r.calls[2]
	assert.Equal(t, map[string]any{"prompt": "A short clip about otters", "mode": "generate"}, create.Args)

	assert.Contains(t, r.stdout, "SANDBOX")
	assert.Contains(t, r.stdout, "SIMULATED")
	assert.Contains(t, r.stdout, "completed", "the progress lines end completed")
	assert.NotContains(t, r.stdout, "\r", "no terminal redraws when stdout is not a terminal")

	videoURL := videoURLFrom(t, r.stdout)
	assert.True(t, sandbox.IsSandboxURL(videoURL), videoURL)
	u, err := url.Parse(videoURL)
	require.NoError(t, err)
	assert.Equal(t, r.filesDir, filepath.Dir(u.Path), "the clip is kept where it outlives the server")
	clip, err := os.ReadFile(u.Path)
	require.NoError(t, err)
	assert.Equal(t, sandbox.SampleClip(), clip)
}

func TestSandboxChatAnswersFromStdin(t *testing.T) {
	// One scripted answer, then EOF: the review is approved with the default.
	r := runDemo(t, []string{"--speed", fastSpeed, "--mode", "chat"}, nil, "Warm narrator please\n")
	require.Equal(t, 0, r.code, "stderr: %s\nstdout: %s", r.stderr, r.stdout)

	var sent []string
	for _, c := range r.calls {
		if c.Name == "send_message" {
			sent = append(sent, c.Args["message"].(string))
		}
	}
	assert.Equal(t, []string{"Warm narrator please", "Looks good, please render it."}, sent)
	assert.Contains(t, r.stdout, "Which voice should I use?", "the agent's question and choices are shown")
	assert.Contains(t, r.stdout, "voice_warm_01")
	assert.Contains(t, r.stdout, "storyboard")
	assert.True(t, sandbox.IsSandboxURL(videoURLFrom(t, r.stdout)))
}

func TestSandboxFailedVideoExitsNonZero(t *testing.T) {
	r := runDemo(t, []string{"--speed", fastSpeed, "--prompt", "make it [[fail]]"}, nil, "")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "failed")
	assert.Contains(t, r.stderr, "rendering_failed")
	assert.NotContains(t, r.stdout, "Video ready")
}

func TestTimeoutExitsNonZero(t *testing.T) {
	// [[stuck]] never finishes, so the only way out is --timeout.
	r := runDemo(t, []string{"--speed", fastSpeed, "--prompt", "[[stuck]]", "--timeout", "300ms"}, nil, "")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "gave up after --timeout 300ms")
}

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"bad mode", []string{"--mode", "batch"}, nil, `--mode "batch"`},
		{"empty prompt", []string{"--prompt", "  "}, nil, "--prompt is empty"},
		{"long prompt", []string{"--prompt", strings.Repeat("x", 10001)}, nil, "at most 10000"},
		{"stray argument", []string{"make a video"}, nil, `unexpected argument "make a video"`},
		{"zero speed", []string{"--speed", "0"}, nil, "--speed must be a positive number"},
		{"unknown flag", []string{"--colour"}, nil, "colour"},
		{"speed against HeyGen", []string{"--speed", "2"}, map[string]string{"HEYGEN_API_KEY": "k"}, "--speed only applies to the sandbox"},
		{"negative timeout", []string{"--timeout", "-1s"}, nil, "--timeout must be positive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runDemo(t, tc.args, tc.env, "")
			assert.Equal(t, 2, r.code)
			assert.Contains(t, r.stderr, tc.want)
			assert.Empty(t, r.calls, "nothing is called on bad usage")
		})
	}

	r := runDemo(t, []string{"--help"}, nil, "")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stderr, "Usage: heygen-mcp demo")
	assert.Contains(t, r.stderr, "-prompt")
}

// realHeyGen is the simulator behind a real loopback listener, standing in for
// api.heygen.com in "real" mode.
func realHeyGen(t *testing.T) (*sim.Simulator, map[string]string) {
	t.Helper()
	s := sim.New(sim.WithTimings(sandbox.Timings(1000)))
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, map[string]string{"HEYGEN_API_KEY": "hg-secret-key-123", "HEYGEN_BASE_URL": srv.URL}
}

func TestRealModeAsksBeforeSpending(t *testing.T) {
	s, env := realHeyGen(t)
	r := runDemo(t, nil, env, "n\n")

	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stdout, "spends credits")
	assert.Contains(t, r.stderr, "not confirmed: nothing was created")
	assert.Equal(t, 1, s.RequestCount(http.MethodGet, "/v3/users/me"), "the account is shown before asking")
	assert.Zero(t, s.RequestCount(http.MethodPost, "/v3/video-agents"), "declined: no session created")
	assert.NotContains(t, r.stdout+r.stderr, "hg-secret-key-123")
}

func TestRealModeWithYes(t *testing.T) {
	s, env := realHeyGen(t)
	r := runDemo(t, []string{"--yes"}, env, "")

	require.Equal(t, 0, r.code, "stderr: %s\nstdout: %s", r.stderr, r.stdout)
	assert.Equal(t, 1, s.RequestCount(http.MethodPost, "/v3/video-agents"))
	assert.NotContains(t, r.stdout, "spends credits", "--yes skips the question")
	assert.NotContains(t, r.stdout, "SIMULATED")
	assert.False(t, sandbox.IsSandboxURL(videoURLFrom(t, r.stdout)))
	assert.NotContains(t, r.stdout+r.stderr, "hg-secret-key-123")
	for _, req := range s.Requests() {
		assert.Equal(t, "set", req.Header.Get("X-Api-Key"), "the key from the environment is sent")
	}
}

func TestSandboxFlagWinsOverTheKey(t *testing.T) {
	s, env := realHeyGen(t)
	r := runDemo(t, []string{"--sandbox", "--speed", fastSpeed}, env, "")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Zero(t, len(s.Requests()), "--sandbox never reaches HeyGen")
	assert.Contains(t, r.stdout, "SIMULATED")
}

func TestReadOnlyServerIsExplained(t *testing.T) {
	s, env := realHeyGen(t)
	env["HEYGEN_MCP_READ_ONLY"] = "1"
	r := runDemo(t, []string{"--yes"}, env, "")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "no create_video tool")
	assert.Contains(t, r.stderr, "--read-only")
	assert.Zero(t, len(s.Requests()))
}

func TestLineView(t *testing.T) {
	var buf bytes.Buffer
	v := newProgressView(&buf, false)
	v.Update("thinking", 0, 0)
	v.Update("thinking", 5, time.Second)                // same 10% step: quiet
	v.Update("thinking", 12, 2*time.Second)             // next step
	v.Update("generating", 12, 3*time.Second)           // status change
	v.Update("generating", 12, 3*time.Second+heartbeat) // heartbeat
	v.Update("completed", 100, 2*time.Minute+5*time.Second)
	v.Finish()
	assert.Equal(t, ""+
		"  [   0s] thinking            0%\n"+
		"  [   2s] thinking           12%\n"+
		"  [   3s] generating         12%\n"+
		"  [  33s] generating         12%\n"+
		"  [2m05s] completed         100%\n", buf.String())
}

func TestBarViewDrawsStatusAndPercent(t *testing.T) {
	var buf bytes.Buffer
	v := newProgressView(&buf, true)
	v.Update("generating", 42, time.Second)
	v.Interrupt()
	v.Update("completed", 100, 2*time.Second)
	v.Finish()
	out := buf.String()
	assert.Contains(t, out, "generating")
	assert.Contains(t, out, "42%")
	assert.Contains(t, out, "100%")
	assert.Contains(t, out, "\r", "a live bar redraws in place")
}

func TestLineReader(t *testing.T) {
	lr := newLineReader(strings.NewReader("first\r\nlast"))
	line, err := lr.ReadLine(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "first", line)
	line, err = lr.ReadLine(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "last", line, "a last line without newline still counts")
	_, err = lr.ReadLine(t.Context())
	assert.ErrorIs(t, err, io.EOF)

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	pr, pw := io.Pipe()
	defer pw.Close()
	_, err = newLineReader(pr).ReadLine(ctx)
	assert.ErrorIs(t, err, context.Canceled, "a blocked read gives way to ctx")
	pw.Close() // ends the abandoned read so goleak stays quiet
	pr.Close()
}

// TestSandboxSettingIsReadLikeTheServerReadsIt: the demo and the server read
// HEYGEN_SANDBOX with one parser, so they never disagree about real mode.
func TestSandboxSettingIsReadLikeTheServerReadsIt(t *testing.T) {
	getenv := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	st, err := parseArgs(nil, getenv(map[string]string{"HEYGEN_API_KEY": "sk-real", "HEYGEN_SANDBOX": "t"}), io.Discard)
	require.NoError(t, err)
	assert.True(t, st.sandbox, `"t" is true for the server, so the demo must not spend credits`)
	assert.Empty(t, st.apiKey)

	_, err = parseArgs(nil, getenv(map[string]string{"HEYGEN_API_KEY": "sk-real", "HEYGEN_SANDBOX": "maybe"}), io.Discard)
	require.Error(t, err, "a value the server refuses is refused here, before anything starts")
	assert.Contains(t, err.Error(), "HEYGEN_SANDBOX")
}
