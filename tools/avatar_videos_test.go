package tools_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

func avatarVideoArgs(kv ...any) map[string]any {
	m := map[string]any{"type": "avatar", "avatar_id": "look_anna_office", "script": "Hello from the tools test.", "voice_id": "voice_warm_01"}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(m, kv[i].(string))
			continue
		}
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

// TestCreateAvatarVideoThenWait: create_avatar_video returns a video_id and
// says to wait; wait_for_video with that video_id waits (on the clock) until
// the video is completed and returns its URL.
func TestCreateAvatarVideoThenWait(t *testing.T) {
	h := newWaitHarness(t, tools.Deps{})
	cr, text := h.run(t, "create_avatar_video", avatarVideoArgs("title", "Weekly update", "speed", 1.1,
		"aspect_ratio", "9:16", "background_color", "#0a66c2", "captions", "burned_in", "engine", "avatar_v"))
	vid := cr["video_id"].(string)
	require.NotEmpty(t, vid)
	assert.Equal(t, heygen.VideoWaiting, cr["status"])
	assert.Contains(t, text, `call wait_for_video with video_id "`+vid+`"`)
	assert.Equal(t, cr["next_step"], text[strings.Index(text, "Next: ")+len("Next: "):])

	st, text := h.run(t, "wait_for_video", map[string]any{"video_id": vid, "timeout_seconds": 600})
	assert.Equal(t, true, st["done"])
	assert.Equal(t, heygen.VideoCompleted, st["status"])
	assert.Equal(t, vid, st["video_id"])
	assert.Equal(t, "Weekly update", st["title"])
	assert.NotEmpty(t, st["video_url"])
	assert.Contains(t, text, st["video_url"].(string))
}

// TestAvatarVideoCreateListDelete: the body HeyGen receives, the listing, a
// delete, and get_video's not-found afterwards.
func TestAvatarVideoCreateListDelete(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	cr, _ := h.ok(t, "create_avatar_video", avatarVideoArgs("title", "Weekly update", "pitch", -2, "volume", 0.8,
		"resolution", "1080p", "captions", "sidecar"))
	vid := cr["video_id"].(string)
	var sent []byte
	for _, r := range h.sim.Requests() {
		if r.Method == "POST" && r.Path == "/v3/videos" {
			sent = r.Body
		}
	}
	assert.JSONEq(t, `{"type":"avatar","avatar_id":"look_anna_office","title":"Weekly update","script":"Hello from the tools test.",
		"voice_id":"voice_warm_01","voice_settings":{"pitch":-2,"volume":0.8},"resolution":"1080p","caption":{"file_format":"srt"}}`, string(sent))

	photo, _ := h.ok(t, "create_avatar_video", map[string]any{"type": "image", "image_url": "https://example.com/me.jpg",
		"audio_url": "https://example.com/me.mp3", "title": "Photo talk"})
	pid := photo["video_id"].(string)

	v, text := h.ok(t, "get_video", map[string]any{"video_id": vid})
	assert.Equal(t, heygen.VideoPending, v["status"])
	assert.Contains(t, text, "call wait_for_video")

	list, text := h.ok(t, "list_videos", map[string]any{"limit": 10})
	videos := list["videos"].([]any)
	require.Len(t, videos, 2)
	assert.Equal(t, pid, videos[0].(map[string]any)["video_id"], "newest first")
	assert.Contains(t, text, `"Weekly update"`)
	filtered, _ := h.ok(t, "list_videos", map[string]any{"title": "weekly"})
	require.Len(t, filtered["videos"], 1)
	assert.Equal(t, vid, filtered["videos"].([]any)[0].(map[string]any)["video_id"])
	paged, text := h.ok(t, "list_videos", map[string]any{"limit": 1})
	require.Len(t, paged["videos"], 1)
	require.Equal(t, true, paged["has_more"])
	assert.Contains(t, text, "call again with token")
	next, _ := h.ok(t, "list_videos", map[string]any{"limit": 1, "token": paged["next_token"]})
	assert.Equal(t, vid, next["videos"].([]any)[0].(map[string]any)["video_id"])

	h.sim.Advance(10 * time.Minute)
	v, _ = h.ok(t, "get_video", map[string]any{"video_id": vid})
	assert.Equal(t, heygen.VideoCompleted, v["status"])

	del, text := h.ok(t, "delete_video", map[string]any{"video_id": vid})
	assert.Equal(t, vid, del["video_id"])
	assert.Equal(t, true, del["deleted"])
	assert.Contains(t, text, "permanently")
	e, _ := h.fail(t, "get_video", map[string]any{"video_id": vid})
	assert.EqualValues(t, 404, e["http_status"])
	e, _ = h.fail(t, "delete_video", map[string]any{"video_id": vid})
	assert.EqualValues(t, 404, e["http_status"])
	list, _ = h.ok(t, "list_videos", nil)
	require.Len(t, list["videos"], 1)
}

func TestCreateAvatarVideoHeyGenRefusals(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	e, text := h.fail(t, "create_avatar_video", avatarVideoArgs("avatar_id", "look_nobody"))
	assert.Equal(t, "avatar_not_found", e["code"])
	assert.Equal(t, "avatar_id", e["param"])
	assert.Contains(t, text, "avatar_id comes from list_avatars")
	e, _ = h.fail(t, "create_avatar_video", avatarVideoArgs("engine", "avatar_iii"))
	assert.Equal(t, "engine.type", e["param"], "the look lists no avatar_iii")
	assert.Zero(t, h.sim.DirectVideoCount())
}

// TestCreateAvatarVideoBadInput: every rejected argument names its field and
// nothing is sent.
func TestCreateAvatarVideoBadInput(t *testing.T) {
	long := strings.Repeat("a", heygen.MaxScriptLen+1)
	img := func(kv ...any) map[string]any {
		m := map[string]any{"type": "image", "image_url": "https://example.com/me.jpg", "script": "Hi", "voice_id": "voice_warm_01"}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(m, kv[i].(string))
				continue
			}
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	cases := []struct {
		args  map[string]any
		field string
		says  string
	}{
		{avatarVideoArgs("type", nil), "type", "is required"},
		{avatarVideoArgs("type", "studio"), "type", `"avatar", "image"`},
		{avatarVideoArgs("avatar_id", nil), "avatar_id", "list_avatars"},
		{avatarVideoArgs("image_url", "https://example.com/me.jpg"), "image_url", "type image"},
		{img("image_url", nil), "image_url", "exactly one of image_url"},
		{img("image_asset_id", "asset_1"), "image_url", "exactly one of image_url"},
		{img("image_url", "http://example.com/me.jpg"), "image_url", "https"},
		{img("avatar_id", "look_anna_office"), "avatar_id", "type avatar"},
		{img("voice_id", nil), "voice_id", "list_voices"},
		{avatarVideoArgs("script", nil), "script", "audio_url"},
		{avatarVideoArgs("script", "   "), "script", "must contain"},
		{avatarVideoArgs("script", long), "script", "limit is 5000"},
		{avatarVideoArgs("audio_url", "https://example.com/a.mp3"), "script", "mutually exclusive"},
		{avatarVideoArgs("script", nil, "audio_asset_id", "asset_1"), "voice_id", "script only"},
		{avatarVideoArgs("script", nil, "voice_id", nil, "audio_url", "ftp://example.com/a.mp3"), "audio_url", "https"},
		{avatarVideoArgs("speed", 2), "speed", "maximum is 1.5"},
		{avatarVideoArgs("speed", 0.4), "speed", "minimum is 0.5"},
		{avatarVideoArgs("pitch", -51), "pitch", "minimum is -50"},
		{avatarVideoArgs("volume", 1.5), "volume", "maximum is 1"},
		{avatarVideoArgs("aspect_ratio", "21:9"), "aspect_ratio", "16:9"},
		{avatarVideoArgs("resolution", "8k"), "resolution", "1080p"},
		{avatarVideoArgs("background_color", "blue"), "background_color", "hex color"},
		{avatarVideoArgs("background_color", "#fff", "background_image_url", "https://example.com/bg.png"), "background_color", "mutually exclusive"},
		{avatarVideoArgs("background_color", "#fff", "output_format", "webm"), "output_format", "transparent"},
		{avatarVideoArgs("background_image_url", "http://example.com/bg.png"), "background_image_url", "https"},
		{avatarVideoArgs("captions", "yes"), "captions", "sidecar"},
		{img("engine", "avatar_iii"), "engine", "not available for type image"},
		{avatarVideoArgs("engine", "avatar_v", "expressiveness", "high"), "expressiveness", "Avatar IV only"},
		{avatarVideoArgs("reference_look_id", "look_anna_studio"), "reference_look_id", "avatar_v"},
		{avatarVideoArgs("callback_url", "http://example.com/hook"), "callback_url", "https"},
		{avatarVideoArgs("avatar_id", "look anna"), "avatar_id", "not allowed"},
		{avatarVideoArgs("scrpt", "hi"), "scrpt", "valid arguments"},
	}
	h := newHarness(t, harnessOpts{key: testKey})
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s %v", tc.field, tc.args[tc.field]), func(t *testing.T) {
			h.sim.ResetRequests()
			e, text := h.fail(t, "create_avatar_video", tc.args)
			assert.Equal(t, "invalid_argument", e["kind"], text)
			assert.Equal(t, tc.field, e["param"], text)
			assert.Contains(t, text, tc.says)
			assert.Contains(t, text, "Nothing was sent to HeyGen")
			assert.Zero(t, h.sim.RequestCount("", "/"), "bad input reached HeyGen")
		})
	}
	for _, tc := range []struct {
		tool  string
		args  map[string]any
		field string
	}{
		{"delete_video", map[string]any{}, "video_id"},
		{"delete_video", map[string]any{"video_id": "../x"}, "video_id"},
		{"list_videos", map[string]any{"limit": 101}, "limit"},
		{"list_videos", map[string]any{"folder_id": "a b"}, "folder_id"},
	} {
		h.sim.ResetRequests()
		e, text := h.fail(t, tc.tool, tc.args)
		assert.Equal(t, tc.field, e["param"], text)
		assert.Zero(t, h.sim.RequestCount("", "/"))
	}
}

// TestVideosToolsetAlone: --toolsets videos offers the create, list and
// delete tools plus get_video and wait_for_video (shared), and nothing of the
// Video Agent; --read-only drops the create and the delete.
func TestVideosToolsetAlone(t *testing.T) {
	names := func(sel tools.Selection) []string {
		var out []string
		for _, st := range tools.ServerTools(tools.Deps{}, sel) {
			out = append(out, st.Tool.Name)
		}
		return out
	}
	assert.ElementsMatch(t, []string{"create_avatar_video", "delete_video", "list_videos", "get_video", "wait_for_video"},
		names(tools.Selection{Toolsets: []string{tools.ToolsetVideos}}))
	assert.ElementsMatch(t, []string{"list_videos", "get_video", "wait_for_video"},
		names(tools.Selection{Toolsets: []string{tools.ToolsetVideos}, ReadOnly: true}))
	assert.NotContains(t, names(tools.Selection{}), "create_avatar_video", "not on by default")

	for _, st := range tools.ServerTools(tools.Deps{}, tools.Selection{Toolsets: []string{tools.ToolsetVideos}}) {
		a := st.Tool.Annotations
		switch st.Tool.Name {
		case "delete_video":
			assert.True(t, *a.DestructiveHint)
			assert.True(t, *a.IdempotentHint)
			assert.False(t, *a.ReadOnlyHint)
			assert.Contains(t, st.Tool.Description, "permanently")
		case "create_avatar_video":
			assert.False(t, *a.DestructiveHint)
			assert.False(t, *a.IdempotentHint)
			assert.False(t, *a.ReadOnlyHint)
			assert.True(t, *a.OpenWorldHint)
			assert.Contains(t, st.Tool.Description, "new paid video")
		}
	}

	h := newHarness(t, harnessOpts{key: testKey, readOnly: true})
	req := mcp.CallToolRequest{}
	req.Params.Name = "delete_video"
	req.Params.Arguments = map[string]any{"video_id": "vid_1"}
	_, err := h.client.CallTool(context.Background(), req)
	require.Error(t, err, "delete_video must not be callable in read-only mode")
	assert.Zero(t, h.sim.RequestCount("", "/"))
}

// TestCreateAvatarVideoSandboxText: in the sandbox the text says so.
func TestCreateAvatarVideoSandboxText(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey, sandbox: true})
	res := h.call(t, "create_avatar_video", avatarVideoArgs())
	require.False(t, res.IsError)
	text := resultText(t, res)
	assert.Contains(t, text, "seconds in the sandbox")
	b, err := json.Marshal(res.StructuredContent)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "simulated", "private fields stay out of the structured content")
}
