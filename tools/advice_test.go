package tools_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/sandbox"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

// The steps of the server instructions (internal/app/server.go) and the tools
// each one prescribes. A result text of a step may name only these tools:
// a text that tells the model to poll get_session where the instructions say
// wait_for_video fails the test.
var (
	// After create_video, send_message or a not-yet-finished status: wait.
	stepWait = []string{"wait_for_video"}
	// The agent asks: ask the user, answer with send_message, then wait. A
	// question may attach resources (storyboards) to open.
	stepAnswer = []string{"send_message", "wait_for_video", "get_session_resource"}
	// Completed: give the user video_url; expired links come back from get_video.
	stepCompleted = []string{"get_video"}
	// Failed: explain failure_message; start again only if it says how.
	stepFailed = []string{"create_video"}
	// A session that completed without a video: list its videos.
	stepNoVideo = []string{"list_session_videos", "get_session"}
	// stop_session: see where it stopped.
	stepStopped = []string{"get_session"}
	// Not found: where ids come from.
	stepNotFound = []string{"list_sessions", "list_session_videos"}
	// Catalogues: where their ids go.
	stepCatalog = []string{"create_video", "send_message"}
	// list_sessions items carry no status.
	stepListSessions = []string{"get_session"}
	// No tool advice at all (the account, a saved or listed thing).
	stepNone = []string{}
)

// pollingAdvice is advice that makes the model poll a read tool where the
// instructions prescribe wait_for_video.
var pollingAdvice = regexp.MustCompile(`(?i)(poll|keep polling|in about a minute|call (get_session|get_video) again(?: in| until| while)?|` +
	`(get_session|get_video) (again )?until)`)

// adviceText is one text a model reads and the tools its step prescribes.
type adviceText struct {
	mode, step, tool string
	isError          bool
	text             string
	allowed          []string
}

type adviceRun struct {
	t     *testing.T
	h     *harness
	mode  string
	texts []adviceText
}

// call runs a tool and records its text under step with the allowed tools.
func (r *adviceRun) call(step, tool string, args map[string]any, wantError bool, allowed []string) map[string]any {
	r.t.Helper()
	res := r.h.call(r.t, tool, args)
	text := resultText(r.t, res)
	require.Equal(r.t, wantError, res.IsError, "%s %s %s: %s", r.mode, step, tool, text)
	r.texts = append(r.texts, adviceText{mode: r.mode, step: step, tool: tool, isError: res.IsError, text: text, allowed: allowed})
	if res.IsError {
		return nil
	}
	return structured(r.t, res)
}

// registryToolNames are the tool names from the registry itself, not a list
// kept by hand.
func registryToolNames() []string {
	var names []string
	for _, st := range tools.ServerTools(tools.Deps{}, tools.SelectAll(false)) {
		names = append(names, st.Tool.Name)
	}
	return names
}

func toolNamePattern(names []string) *regexp.Regexp {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = regexp.QuoteMeta(n)
	}
	return regexp.MustCompile(`\b(` + strings.Join(quoted, "|") + `)\b`)
}

// TestAdviceNamesThePrescribedTools reads every tool's success and error texts
// in real and sandbox mode, through every state the simulator reaches
// (generate, chat, failed, stopped, not found, invalid arguments, no key), and
// fails on advice that names a tool other than the ones the instructions
// prescribe for that step, or that tells the model to poll.
func TestAdviceNamesThePrescribedTools(t *testing.T) {
	names := registryToolNames()
	require.NotEmpty(t, names)
	mentions := toolNamePattern(names)
	covered := map[string]bool{}

	for _, simulated := range []bool{false, true} {
		mode := map[bool]string{false: "real", true: "sandbox"}[simulated]
		r := &adviceRun{t: t, h: newHarness(t, harnessOpts{key: testKey, sandbox: simulated}), mode: mode}
		driveEveryState(t, r)
		noKey := &adviceRun{t: t, h: newHarness(t, harnessOpts{key: "", sandbox: simulated}), mode: mode}
		for _, def := range tools.Definitions() {
			if def.Toolset == tools.ToolsetDynamic {
				// The toolset catalogue names tools by design, and needs no key.
				noKey.call("toolsets", def.Name, minimalArgs(def.Name), false, names)
				continue
			}
			noKey.call("no API key", def.Name, minimalArgs(def.Name), true, stepNone)
		}

		for _, a := range append(r.texts, noKey.texts...) {
			covered[a.tool] = true
			where := fmt.Sprintf("%s mode, step %q, %s (error %v):\n%s", a.mode, a.step, a.tool, a.isError, a.text)
			for _, m := range mentions.FindAllString(a.text, -1) {
				assert.True(t, slices.Contains(a.allowed, m), "names %s, but the instructions prescribe %v here; %s", m, a.allowed, where)
			}
			// A completed video's text rightly says to call get_video again for
			// fresh (expiring) links: that phrase is not polling, the rest is checked.
			rest := strings.ReplaceAll(a.text, "call get_video again for fresh ones", "")
			if loc := pollingAdvice.FindStringIndex(rest); loc != nil {
				t.Errorf("polling advice %q where wait_for_video is prescribed; %s", rest[loc[0]:loc[1]], where)
			}
			assert.NotContains(t, a.text, "e.g. Nothing was sent", "a description was cut at an abbreviation; %s", where)
			if simulated {
				assert.True(t, strings.HasPrefix(a.text, sandbox.Notice), where)
				assert.NotContains(t, a.text, "5 to 45 minutes", "a sandbox video takes seconds; %s", where)
			}
		}
		create := r.texts[slices.IndexFunc(r.texts, func(a adviceText) bool { return a.tool == "create_video" && !a.isError })]
		if simulated {
			assert.Contains(t, create.text, "in the sandbox", "create_video says how long a simulated video takes")
		} else {
			assert.Contains(t, create.text, "5 to 45 minutes", "create_video says how long a real video takes")
		}
	}
	for _, name := range names {
		assert.True(t, covered[name], "no text of %s was read", name)
	}
}

// TestDownloadAdvice: download_video's texts for a video that is still
// rendering, failed or completed (it needs an allowed directory, hence its
// own harness).
func TestDownloadAdvice(t *testing.T) {
	h := newLFHarness(t)
	ctx := context.Background()
	mentions := toolNamePattern(registryToolNames())
	check := func(step string, args map[string]any, wantError bool, allowed []string) {
		t.Helper()
		res := h.call(t, "download_video", args, nil)
		text := lfText(t, res)
		require.Equal(t, wantError, res.IsError, "%s: %s", step, text)
		for _, m := range mentions.FindAllString(text, -1) {
			assert.True(t, slices.Contains(allowed, m), "%s: names %s, but the instructions prescribe %v:\n%s", step, m, allowed, text)
		}
		assert.NotRegexp(t, pollingAdvice, text, step)
	}
	videoOf := func(prompt string, after time.Duration) string {
		cr, err := h.heygen.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: prompt})
		require.NoError(t, err)
		h.sim.Advance(after)
		s, err := h.heygen.GetSession(ctx, cr.SessionID)
		require.NoError(t, err)
		require.NotNil(t, s.VideoID)
		return *s.VideoID
	}
	check("rendering", map[string]any{"video_id": videoOf("A demo", 2*time.Minute+time.Second)}, true, stepWait)
	check("failed", map[string]any{"video_id": videoOf("Breaks [[fail]]", 30*time.Minute)}, true, stepNone)
	check("completed", map[string]any{"video_id": h.completedVideo(t)}, false, stepNone)
}

// TestDescriptionsDoNotPrescribePolling: the descriptions the model reads on
// every turn point at wait_for_video for waiting, too.
func TestDescriptionsDoNotPrescribePolling(t *testing.T) {
	for _, st := range tools.ServerTools(tools.Deps{}, tools.SelectAll(false)) {
		assert.NotRegexp(t, pollingAdvice, st.Tool.Description, st.Tool.Name)
	}
}

// minimalArgs are valid arguments for any tool, for calls that fail later.
func minimalArgs(name string) map[string]any {
	for _, def := range tools.Definitions() {
		if def.Name == name {
			return def.ExampleArguments(nil)
		}
	}
	return nil
}

func driveEveryState(t *testing.T, r *adviceRun) {
	t.Helper()
	sim := r.h.sim
	short := map[string]any{"timeout_seconds": 1}
	with := func(m map[string]any, kv ...any) map[string]any {
		out := map[string]any{}
		for k, v := range m {
			out[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out[kv[i].(string)] = kv[i+1]
		}
		return out
	}

	r.call("account", "get_account", nil, false, stepNone)
	r.call("catalog", "list_styles", map[string]any{"limit": 3}, false, stepCatalog)
	r.call("catalog", "list_avatars", map[string]any{"limit": 3}, false, stepCatalog)
	r.call("catalog", "list_voices", map[string]any{"limit": 3}, false, stepCatalog)

	// Generate mode, from create to a completed video.
	cv := r.call("created", "create_video", map[string]any{"prompt": "A short explainer about tides"}, false, stepWait)
	sid := cv["session_id"].(string)
	r.call("thinking", "get_session", map[string]any{"session_id": sid}, false, stepWait)
	r.call("thinking", "wait_for_video", with(short, "session_id", sid), false, stepWait)
	sim.Advance(3 * time.Minute)
	sess := r.call("rendering", "get_session", map[string]any{"session_id": sid}, false, stepWait)
	vid := sess["video_id"].(string)
	require.NotEmpty(t, vid)
	r.call("rendering", "get_video", map[string]any{"video_id": vid}, false, stepWait)
	r.call("rendering", "wait_for_video", with(short, "video_id", vid), false, stepWait)
	r.call("rendering", "download_video", map[string]any{"video_id": vid}, true, stepNone)
	sim.Advance(10 * time.Minute)
	r.call("completed", "get_video", map[string]any{"video_id": vid}, false, stepCompleted)
	r.call("completed", "wait_for_video", with(short, "session_id", sid), false, stepCompleted)
	r.call("completed", "get_session", map[string]any{"session_id": sid}, false, stepWait)
	r.call("listed", "list_sessions", map[string]any{"limit": 5}, false, stepListSessions)
	r.call("listed", "list_session_videos", map[string]any{"session_id": sid}, false, stepNone)

	// create_video that waits: its text is the wait's.
	r.call("created and waited", "create_video", map[string]any{"prompt": "Another one", "wait_seconds": 1}, false, stepWait)

	// Chat mode: a question, an answer, a storyboard, approval.
	cv = r.call("created", "create_video", map[string]any{"prompt": "A teaser for a coffee brand", "mode": "chat"}, false, stepAnswer)
	chat := cv["session_id"].(string)
	sim.Advance(3 * time.Minute)
	r.call("agent asks", "get_session", map[string]any{"session_id": chat}, false, stepAnswer)
	r.call("agent asks", "wait_for_video", with(short, "session_id", chat), false, stepAnswer)
	r.call("answered", "send_message", map[string]any{"session_id": chat, "message": "The warm voice, please."}, false, stepWait)
	sim.Advance(2 * time.Minute)
	sess = r.call("storyboard", "get_session", map[string]any{"session_id": chat}, false, stepAnswer)
	msgs, _ := sess["messages"].([]any)
	require.NotEmpty(t, msgs)
	rids, _ := msgs[0].(map[string]any)["resource_ids"].([]any)
	require.NotEmpty(t, rids)
	r.call("storyboard", "get_session_resource", map[string]any{"session_id": chat, "resource_id": rids[0]}, false, stepNone)
	r.call("answered", "send_message", map[string]any{"session_id": chat, "message": "approve"}, false, stepWait)
	sim.Advance(20 * time.Minute)
	r.call("completed", "get_session", map[string]any{"session_id": chat}, false, stepWait)

	// A failed render.
	cv = r.call("created", "create_video", map[string]any{"prompt": "This one breaks [[fail]]"}, false, stepWait)
	failed := cv["session_id"].(string)
	sim.Advance(30 * time.Minute)
	sess = r.call("failed", "get_session", map[string]any{"session_id": failed}, false, append(slices.Clone(stepFailed), stepWait...))
	if fv, _ := sess["video_id"].(string); fv != "" {
		r.call("failed", "get_video", map[string]any{"video_id": fv}, false, stepFailed)
	}
	r.call("failed", "wait_for_video", with(short, "session_id", failed), false, stepFailed)

	// A stopped session.
	cv = r.call("created", "create_video", map[string]any{"prompt": "Something to cancel", "mode": "chat"}, false, stepAnswer)
	stopped := cv["session_id"].(string)
	sim.Advance(3 * time.Minute)
	r.call("stopped", "stop_session", map[string]any{"session_id": stopped}, false, stepStopped)
	r.call("stopped", "get_session", map[string]any{"session_id": stopped}, false, stepFailed)

	// Not found.
	r.call("not found", "get_video", map[string]any{"video_id": "vid_missing"}, true, stepNotFound)
	r.call("not found", "get_session", map[string]any{"session_id": "sess_missing"}, true, stepNotFound)
	r.call("not found", "wait_for_video", with(short, "session_id", "sess_missing"), true, stepNotFound)
	r.call("not found", "send_message", map[string]any{"session_id": "sess_missing", "message": "hi"}, true, stepNotFound)
	r.call("not found", "stop_session", map[string]any{"session_id": "sess_missing"}, true, stepNotFound)
	r.call("not found", "list_session_videos", map[string]any{"session_id": "sess_missing"}, true, stepNotFound)
	r.call("not found", "get_session_resource", map[string]any{"session_id": chat, "resource_id": "res_missing"}, true, stepNotFound)

	// Invalid arguments: the quoted field descriptions name where ids come from.
	idSources := []string{"create_video", "list_sessions", "list_avatars", "get_session", "list_session_videos"}
	r.call("invalid argument", "get_session", map[string]any{"session_id": "bad id"}, true, idSources)
	r.call("invalid argument", "create_video", map[string]any{"prompt": "x", "avatar_id": "bad id"}, true, idSources)
	r.call("invalid argument", "wait_for_video", map[string]any{}, true, idSources)
	r.call("invalid argument", "get_video", map[string]any{}, true, idSources)
	r.call("invalid argument", "upload_asset", map[string]any{}, true, stepNone)
	r.call("invalid argument", "list_voices", map[string]any{"type": "shared"}, true, stepNone)
}

// TestArgumentErrorsQuoteWholeSentences: an argument error quotes the first
// sentence of the field's description, not the part before "e.g.".
func TestArgumentErrorsQuoteWholeSentences(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	for _, tc := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"create_video", map[string]any{"prompt": "x", "avatar_id": "bad id"}, "Avatar look id from list_avatars (e.g. look_abc123)."},
		{"get_session", map[string]any{"session_id": "bad id"}, "Session id from create_video or list_sessions (e.g. sess_abc123)."},
		{"get_video", map[string]any{}, "is required: Video id from get_session or list_session_videos (e.g. vid_abc123)."},
	} {
		res := h.call(t, tc.tool, tc.args)
		require.True(t, res.IsError)
		text := resultText(t, res)
		assert.Contains(t, text, tc.want)
		assert.Contains(t, text, ". Nothing was sent to HeyGen")
	}
}
