package tools_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/internal/creds"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

func TestToolsList(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	res, err := h.client.ListTools(context.Background(), mcp.ListToolsRequest{})
	require.NoError(t, err)
	var names []string
	for _, tl := range res.Tools {
		names = append(names, tl.Name)
		assert.NotEmpty(t, tl.Description, tl.Name)
		assert.NotNil(t, tl.Annotations.ReadOnlyHint, tl.Name)
	}
	var want []string
	for _, def := range tools.Definitions() {
		want = append(want, def.Name)
	}
	assert.ElementsMatch(t, want, names, "the registry's tools")
}

func TestReadOnlyListsOnlyReadTools(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey, readOnly: true})
	res, err := h.client.ListTools(context.Background(), mcp.ListToolsRequest{})
	require.NoError(t, err)
	for _, tl := range res.Tools {
		assert.True(t, *tl.Annotations.ReadOnlyHint, "%s is listed in read-only mode", tl.Name)
	}
	assert.Len(t, res.Tools, len(tools.ServerTools(tools.Deps{}, tools.SelectAll(true))))
	req := mcp.CallToolRequest{}
	req.Params.Name = "create_video"
	req.Params.Arguments = map[string]any{"prompt": "x"}
	_, err = h.client.CallTool(context.Background(), req)
	require.Error(t, err, "a write tool must not be callable in read-only mode")
	assert.Zero(t, h.sim.RequestCount("", "/"))
}

// TestGenerateFlow drives the one-shot path a user takes: check the account,
// create, poll the session until it has a video, poll the video until done.
func TestGenerateFlow(t *testing.T) {
	var mu sync.Mutex
	var created []string
	h := newHarness(t, harnessOpts{key: testKey, created: func(_ context.Context, tenant, id string) {
		mu.Lock()
		defer mu.Unlock()
		created = append(created, tenant+"/"+id)
	}})

	acct, text := h.ok(t, "get_account", nil)
	assert.Equal(t, "wallet", acct["billing_type"])
	assert.Contains(t, text, "remaining_balance")
	assert.NotContains(t, text, testKey)

	cv, text := h.ok(t, "create_video", map[string]any{
		"prompt": "A 30-second explainer about tides", "orientation": "landscape",
		"files": []any{map[string]any{"type": "url", "url": "https://example.com/moon.png"}},
	})
	sid := cv["session_id"].(string)
	require.NotEmpty(t, sid)
	assert.Equal(t, "generate", cv["mode"])
	assert.Contains(t, text, sid)
	assert.Contains(t, text, `call wait_for_video with session_id "`+sid+`"`)
	mu.Lock()
	assert.Equal(t, []string{creds.Tenant(testKey) + "/" + sid}, created)
	mu.Unlock()

	sess, text := h.ok(t, "get_session", map[string]any{"session_id": sid})
	assert.Equal(t, "thinking", sess["status"])
	assert.Equal(t, "", sess["video_id"])
	assert.Contains(t, text, `the agent is working: call wait_for_video with session_id "`+sid+`"`)

	h.sim.Advance(3 * time.Minute) // past thinking: rendering starts
	sess, text = h.ok(t, "get_session", map[string]any{"session_id": sid, "message_limit": 2})
	assert.Equal(t, "generating", sess["status"])
	vid := sess["video_id"].(string)
	require.NotEmpty(t, vid)
	assert.Len(t, sess["messages"], 2)
	assert.Contains(t, text, `call wait_for_video with session_id "`+sid+`"`)

	v, text := h.ok(t, "get_video", map[string]any{"video_id": vid})
	assert.Contains(t, []any{"pending", "processing"}, v["status"])
	assert.Contains(t, text, "Still rendering")

	h.sim.Advance(10 * time.Minute)
	v, text = h.ok(t, "get_video", map[string]any{"video_id": vid})
	assert.Equal(t, "completed", v["status"])
	assert.NotEmpty(t, v["video_url"])
	assert.NotEmpty(t, v["thumbnail_url"])
	assert.Greater(t, v["duration"], 0.0)
	assert.Contains(t, text, v["video_url"].(string))

	sess, _ = h.ok(t, "get_session", map[string]any{"session_id": sid})
	assert.Equal(t, "completed", sess["status"])
	assert.EqualValues(t, 100, sess["progress"])

	list, text := h.ok(t, "list_sessions", map[string]any{"limit": 10})
	require.Len(t, list["sessions"], 1)
	assert.Equal(t, sid, list["sessions"].([]any)[0].(map[string]any)["session_id"])
	assert.Contains(t, text, sid)

	vids, _ := h.ok(t, "list_session_videos", map[string]any{"session_id": sid})
	require.Len(t, vids["videos"], 1)
	assert.Equal(t, vid, vids["videos"].([]any)[0].(map[string]any)["video_id"])
}

// TestChatFlow: the agent asks, the user answers, the storyboard is reviewed,
// approved and rendered.
func TestChatFlow(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	cv, _ := h.ok(t, "create_video", map[string]any{"prompt": "A product teaser for a coffee brand", "mode": "chat"})
	sid := cv["session_id"].(string)
	assert.Equal(t, "chat", cv["mode"])

	h.sim.Advance(3 * time.Minute)
	sess, text := h.ok(t, "get_session", map[string]any{"session_id": sid})
	assert.Equal(t, "waiting_for_input", sess["status"])
	assert.Equal(t, true, sess["needs_input"])
	require.NotEmpty(t, sess["question"])
	assert.Contains(t, text, "The agent is asking: "+sess["question"].(string)[:20])
	assert.Contains(t, text, "Answer with send_message")

	sent, text := h.ok(t, "send_message", map[string]any{"session_id": sid, "message": "The warm female voice, please."})
	assert.Equal(t, sid, sent["session_id"])
	assert.NotEmpty(t, sent["run_id"])
	assert.Contains(t, text, `call wait_for_video with session_id "`+sid+`"`)

	h.sim.Advance(2 * time.Minute)
	sess, text = h.ok(t, "get_session", map[string]any{"session_id": sid})
	assert.Equal(t, "reviewing", sess["status"])
	msgs := sess["messages"].([]any)
	newest := msgs[0].(map[string]any)
	rids := newest["resource_ids"].([]any)
	require.NotEmpty(t, rids)
	assert.Contains(t, text, "get_session_resource")

	resource, text := h.ok(t, "get_session_resource", map[string]any{"session_id": sid, "resource_id": rids[0]})
	assert.Equal(t, rids[0], resource["resource_id"])
	assert.NotEmpty(t, resource["resource_type"])
	assert.Contains(t, text, rids[0].(string))

	h.ok(t, "send_message", map[string]any{"session_id": sid, "message": "approve"})
	h.sim.Advance(20 * time.Minute)
	sess, _ = h.ok(t, "get_session", map[string]any{"session_id": sid})
	assert.Equal(t, "completed", sess["status"])
	assert.NotEmpty(t, sess["video_id"])
}

func TestStopSession(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	cv, _ := h.ok(t, "create_video", map[string]any{"prompt": "Something to cancel", "mode": "chat"})
	sid := cv["session_id"].(string)
	h.sim.Advance(3 * time.Minute)
	st, text := h.ok(t, "stop_session", map[string]any{"session_id": sid})
	assert.Equal(t, sid, st["session_id"])
	assert.Equal(t, true, st["stopped"])
	assert.Contains(t, text, "get_session")
	sess, text := h.ok(t, "get_session", map[string]any{"session_id": sid})
	assert.Equal(t, "failed", sess["status"])
	assert.NotEmpty(t, sess["error"])
	assert.Contains(t, text, "The agent reported an error")
}

func TestFailedVideoShowsFailure(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	cv, _ := h.ok(t, "create_video", map[string]any{"prompt": "This one breaks [[fail]]"})
	h.sim.Advance(30 * time.Minute)
	sess, _ := h.ok(t, "get_session", map[string]any{"session_id": cv["session_id"]})
	v, text := h.ok(t, "get_video", map[string]any{"video_id": sess["video_id"]})
	assert.Equal(t, "failed", v["status"])
	assert.Equal(t, "rendering_failed", v["failure_code"])
	assert.NotEmpty(t, v["failure_message"])
	assert.Contains(t, text, "rendering_failed")
}

func TestCatalogTools(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})

	styles, text := h.ok(t, "list_styles", map[string]any{"limit": 2})
	require.Len(t, styles["styles"], 2)
	assert.Equal(t, true, styles["has_more"])
	assert.NotEmpty(t, styles["next_token"])
	assert.Contains(t, text, "call again with token")
	next, _ := h.ok(t, "list_styles", map[string]any{"limit": 2, "token": styles["next_token"]})
	assert.NotEqual(t, styles["styles"], next["styles"])

	tagged, _ := h.ok(t, "list_styles", map[string]any{"tag": "cinematic"})
	for _, s := range tagged["styles"].([]any) {
		assert.Contains(t, s.(map[string]any)["tags"], "cinematic")
	}

	avatars, text := h.ok(t, "list_avatars", map[string]any{"ownership": "public", "limit": 50})
	require.NotEmpty(t, avatars["avatars"])
	first := avatars["avatars"].([]any)[0].(map[string]any)
	assert.NotEmpty(t, first["avatar_id"])
	assert.Contains(t, text, first["avatar_id"].(string))

	voices, text := h.ok(t, "list_voices", map[string]any{"type": "public"})
	require.NotEmpty(t, voices["voices"])
	v := voices["voices"].([]any)[0].(map[string]any)
	assert.Contains(t, text, v["voice_id"].(string))
}

func TestSandboxResultsSaySimulated(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey, sandbox: true})
	_, text := h.ok(t, "get_account", nil)
	assert.True(t, strings.HasPrefix(text, "SIMULATED"), text)
	_, text = h.fail(t, "get_video", map[string]any{"video_id": "vid_missing"})
	assert.Contains(t, text, "SIMULATED")
}

func TestNoAPIKey(t *testing.T) {
	h := newHarness(t, harnessOpts{key: ""})
	for _, def := range tools.Definitions() {
		if !def.Hints.OpenWorld {
			continue // it never calls HeyGen
		}
		name, args := def.Name, def.ExampleArguments(nil)
		e, text := h.fail(t, name, args)
		assert.Equal(t, "no_api_key", e["kind"], name)
		assert.Contains(t, text, "HEYGEN_API_KEY", name)
	}
	assert.Zero(t, h.sim.RequestCount("", "/"))
}

// TestHeyGenErrors covers every error class through the one mapper.
func TestHeyGenErrors(t *testing.T) {
	apiBody := func(code, msg, param string) string {
		p := ""
		if param != "" {
			p = fmt.Sprintf(`,"param":%q`, param)
		}
		return fmt.Sprintf(`{"error":{"code":%q,"message":%q%s,"doc_url":"https://developers.heygen.com/docs/error-codes#%s"}}`,
			code, msg, p, strings.ReplaceAll(code, "_", "-"))
	}
	cases := []struct {
		name     string
		key      string
		fault    *sim.Fault
		tool     string
		args     map[string]any
		kind     string
		status   int
		contains []string
		retrySec int
		safe     bool
		noRetry  bool
	}{
		{
			name: "400 with param", tool: "create_video", args: map[string]any{"prompt": "x", "avatar_id": "look_nope"},
			fault: &sim.Fault{Method: "POST", Path: "/v3/video-agents", Status: 400, Body: apiBody("invalid_parameter", "Avatar look_nope does not exist", "avatar_id")},
			kind:  "heygen_api", status: 400,
			contains: []string{"HTTP 400", "invalid_parameter", "Avatar look_nope does not exist", "Field: avatar_id", "error-codes#invalid-parameter"},
		},
		{
			name: "401 bad key", key: "sk-wrong-key", tool: "get_account", kind: "heygen_api", status: 401,
			contains: []string{"HTTP 401", "unauthorized", "HEYGEN_API_KEY"},
		},
		{
			name: "402 insufficient credit", tool: "create_video", args: map[string]any{"prompt": "x"},
			fault: &sim.Fault{Method: "POST", Path: "/v3/video-agents", Status: 402, Body: apiBody("insufficient_credit", "Your account has 5 credits but this video requires 10 credits.", "")},
			kind:  "heygen_api", status: 402,
			contains: []string{"HTTP 402", "insufficient_credit", "5 credits", "get_account"},
		},
		{
			name: "404 unknown video", tool: "get_video", args: map[string]any{"video_id": "vid_doesnotexist"},
			kind: "heygen_api", status: 404, safe: true,
			contains: []string{"HTTP 404", "video_not_found", "list_session_videos"},
		},
		{
			name: "429 with Retry-After", tool: "list_sessions",
			fault: &sim.Fault{Method: "GET", Path: "/v3/video-agents", Status: 429, RetryAfter: "17", Body: apiBody("rate_limit_exceeded", "Too many requests", "")},
			kind:  "heygen_api", status: 429, retrySec: 17, safe: true,
			contains: []string{"HTTP 429", "rate_limit_exceeded", "wait 17 seconds"},
		},
		{
			name: "500 on a read", tool: "get_session", args: map[string]any{"session_id": "sess_x"},
			fault: &sim.Fault{Method: "GET", Path: "/v3/video-agents/*", Status: 500, Body: apiBody("internal_error", "boom", "")},
			kind:  "heygen_api", status: 500, safe: true,
			contains: []string{"HTTP 500", "internal_error", "boom", "retrying later is safe"},
		},
		{
			name: "500 on create", tool: "create_video", args: map[string]any{"prompt": "x"},
			fault: &sim.Fault{Method: "POST", Path: "/v3/video-agents", Status: 500, Body: apiBody("internal_error", "boom", "")},
			kind:  "heygen_api", status: 500,
			contains: []string{"HTTP 500", "check list_sessions before creating again"},
		},
		{
			name: "create still in progress", tool: "create_video", args: map[string]any{"prompt": "x"},
			fault: &sim.Fault{Method: "POST", Path: "/v3/video-agents", Status: 409, Body: apiBody("request_in_progress", "A request with this Idempotency-Key is still in progress", "")},
			kind:  "heygen_api", status: 409, noRetry: true,
			contains: []string{"HTTP 409", "request_in_progress", "check list_sessions before creating again"},
		},
		{
			name: "transport failure on a read", tool: "list_voices",
			fault: &sim.Fault{Path: "/v3/voices", DropConnection: true},
			kind:  "heygen_unreachable", safe: true,
			contains: []string{"HeyGen could not be reached", "Retrying is safe"},
		},
		{
			name: "transport failure on create", tool: "create_video", args: map[string]any{"prompt": "x"},
			fault: &sim.Fault{Path: "/v3/video-agents", DropConnection: true},
			kind:  "heygen_unreachable", noRetry: true,
			contains: []string{"HeyGen could not be reached", "check list_sessions before creating again"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			key := tc.key
			if key == "" {
				key = testKey
			}
			h := newHarness(t, harnessOpts{key: key, noRetry: tc.noRetry})
			if tc.fault != nil {
				h.sim.InjectFault(*tc.fault)
			}
			e, text := h.fail(t, tc.tool, tc.args)
			assert.Equal(t, tc.kind, e["kind"])
			if tc.status != 0 {
				assert.EqualValues(t, tc.status, e["http_status"])
				assert.NotEmpty(t, e["code"])
				assert.NotEmpty(t, e["message"])
			}
			for _, want := range tc.contains {
				assert.Contains(t, text, want)
			}
			if tc.retrySec != 0 {
				assert.EqualValues(t, tc.retrySec, e["retry_after_seconds"])
			}
			assert.Equal(t, tc.safe, e["safe_to_retry"], "safe_to_retry")
			assert.Equal(t, true, e["sent_to_heygen"])
			assert.NotContains(t, text, key)
			assert.NotContains(t, fmt.Sprint(e), key)
		})
	}
}

func TestParamErrorIncludesDocURLAndParam(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	h.sim.InjectFault(sim.Fault{Method: "POST", Path: "/v3/video-agents", Status: http.StatusBadRequest,
		Body: `{"error":{"code":"invalid_parameter","message":"bad style","param":"style_id","doc_url":"https://developers.heygen.com/docs/error-codes#invalid-parameter"}}`})
	e, _ := h.fail(t, "create_video", map[string]any{"prompt": "x", "style_id": "style_1"})
	assert.Equal(t, "style_id", e["param"])
	assert.Equal(t, "https://developers.heygen.com/docs/error-codes#invalid-parameter", e["doc_url"])
}

// TestBadInputNeverReachesHeyGen: every rejected argument names its field and
// no request is sent.
func TestBadInputNeverReachesHeyGen(t *testing.T) {
	long := strings.Repeat("a", 10001)
	files21 := make([]any, 21)
	for i := range files21 {
		files21[i] = map[string]any{"type": "url", "url": "https://example.com/a.png"}
	}
	cases := []struct {
		tool  string
		args  any
		field string
		says  string
	}{
		{"get_session", map[string]any{}, "session_id", "is required"},
		{"get_session", nil, "session_id", "is required"},
		{"get_session", map[string]any{"session_id": "sess_1", "sesion": "x"}, "sesion", "valid arguments: message_limit, session_id"},
		{"get_account", map[string]any{"verbose": true}, "verbose", "takes no arguments"},
		{"get_session", map[string]any{"session_id": 42}, "session_id", "must be a string"},
		{"list_sessions", map[string]any{"limit": "ten"}, "limit", "must be an integer"},
		{"list_sessions", map[string]any{"limit": 101}, "limit", "maximum is 100"},
		{"list_sessions", map[string]any{"limit": 0}, "limit", "minimum is 1"},
		{"list_avatars", map[string]any{"limit": 51}, "limit", "maximum is 50"},
		{"list_avatars", map[string]any{"avatar_type": "robot"}, "avatar_type", "studio_avatar"},
		{"get_session", map[string]any{"session_id": "../etc/passwd"}, "session_id", "not allowed"},
		{"get_video", map[string]any{"video_id": ""}, "video_id", "must not be empty"},
		{"get_session", map[string]any{"session_id": "sess_1", "message_limit": 41}, "message_limit", "maximum is 40"},
		{"create_video", map[string]any{}, "prompt", "is required"},
		{"create_video", map[string]any{"prompt": "   "}, "prompt", "must contain text"},
		{"create_video", map[string]any{"prompt": long}, "prompt", "limit is 10000"},
		{"create_video", map[string]any{"prompt": "x", "mode": "batch"}, "mode", `use one of: "generate", "chat"`},
		{"create_video", map[string]any{"prompt": "x", "orientation": "square"}, "orientation", "landscape"},
		{"create_video", map[string]any{"prompt": "x", "files": files21}, "files", "at most 20"},
		{"create_video", map[string]any{"prompt": "x", "files": []any{map[string]any{"url": "https://e.com/a.png"}}}, "files[0].type", "is required"},
		{"create_video", map[string]any{"prompt": "x", "files": []any{map[string]any{"type": "url"}}}, "files[0].url", "is required"},
		{"create_video", map[string]any{"prompt": "x", "files": []any{map[string]any{"type": "url", "url": "http://e.com/a.png"}}}, "files[0].url", "https"},
		{"create_video", map[string]any{"prompt": "x", "files": []any{map[string]any{"type": "url", "url": "https://e.com/a.png", "asset_id": "a1"}}}, "files[0].asset_id", "remove it"},
		{"create_video", map[string]any{"prompt": "x", "files": []any{map[string]any{"type": "base64", "data": "aGk="}}}, "files[0].media_type", "is required"},
		{"create_video", map[string]any{"prompt": "x", "files": []any{map[string]any{"type": "base64", "media_type": "image/png", "data": "not base64!"}}}, "files[0].data", "not valid"},
		{"create_video", map[string]any{"prompt": "x", "files": []any{map[string]any{"type": "base64", "media_type": "text/html", "data": "aGk="}}}, "files[0].media_type", "not allowed"},
		{"create_video", map[string]any{"prompt": "x", "files": []any{map[string]any{"type": "ftp"}}}, "files[0].type", "not allowed"},
		{"create_video", map[string]any{"prompt": "x", "callback_url": "ftp://x"}, "callback_url", "https"},
		{"create_video", map[string]any{"prompt": "x", "files": "https://e.com/a.png"}, "files", "must be an array"},
		{"send_message", map[string]any{"session_id": "sess_1"}, "message", "is required"},
		{"send_message", map[string]any{"session_id": "sess 1", "message": "hi"}, "session_id", "not allowed"},
		{"get_session_resource", map[string]any{"session_id": "sess_1"}, "resource_id", "is required"},
		{"list_voices", map[string]any{"type": "shared"}, "type", "public"},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s %v", tc.tool, tc.field), func(t *testing.T) {
			h := newHarness(t, harnessOpts{key: testKey})
			e, text := h.fail(t, tc.tool, tc.args)
			assert.Equal(t, "invalid_argument", e["kind"])
			assert.Equal(t, tc.field, e["param"], text)
			assert.Contains(t, text, tc.says)
			assert.Contains(t, text, "Nothing was sent to HeyGen")
			assert.Equal(t, false, e["sent_to_heygen"])
			assert.Zero(t, h.sim.RequestCount("", "/"), "bad input reached HeyGen")
		})
	}
}

func TestNoArgumentsAtAll(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	for _, name := range []string{"get_account", "list_sessions", "list_styles", "list_avatars", "list_voices"} {
		_, text := h.ok(t, name, nil)
		assert.NotEmpty(t, text, name)
	}
}

func TestUnknownToolIsProtocolError(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	req := mcp.CallToolRequest{}
	req.Params.Name = "make_video"
	_, err := h.client.CallTool(context.Background(), req)
	require.Error(t, err)
}

func TestValidBase64FileIsSent(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	png := "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
	h.ok(t, "create_video", map[string]any{"prompt": "x", "files": []any{map[string]any{"type": "base64", "media_type": "image/png", "data": png}}})
	reqs := h.sim.Requests()
	i := slices.IndexFunc(reqs, func(r sim.RecordedRequest) bool { return r.Method == "POST" })
	require.GreaterOrEqual(t, i, 0)
	assert.Contains(t, string(reqs[i].Body), `"media_type":"image/png"`)
	assert.Equal(t, "set", reqs[i].Header.Get("X-Api-Key"))
}

// TestConcurrentCallsShareTheSchemaSafely: every call of a tool checks its
// arguments against one shared schema; under -race this fails if checking
// writes to it (patterns were once compiled lazily on first use).
func TestConcurrentCallsShareTheSchemaSafely(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	var wg sync.WaitGroup
	results := make([]bool, 8)
	for i := range results {
		wg.Go(func() {
			res := h.call(t, "get_video", map[string]any{"video_id": "bad id"})
			results[i] = res.IsError
		})
	}
	wg.Wait()
	for i, isErr := range results {
		assert.True(t, isErr, "call %d: an id with a space is refused by the pattern", i)
	}
}

// TestNotFoundNamesWhereIDsAreListed: a 404 points at the tool that lists
// that kind of id, not at the Video Agent's session list.
func TestNotFoundNamesWhereIDsAreListed(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	for _, tc := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"get_voice", map[string]any{"voice_id": "voice_nope"}, "list_voices lists voice ids"},
		{"get_avatar_look", map[string]any{"look_id": "look_nope"}, "list_avatars lists look ids"},
		{"get_video_translation", map[string]any{"video_translation_id": "vt_nope"}, "create_video_translation returns"},
		{"get_session", map[string]any{"session_id": "sess_nope"}, "list_sessions lists session ids"},
	} {
		_, text := h.fail(t, tc.tool, tc.args)
		assert.Contains(t, text, tc.want, tc.tool)
		if tc.tool != "get_session" {
			assert.NotContains(t, text, "list_sessions", tc.tool)
		}
	}
}
