package tools_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

// The avatars toolset offers the group and look tools and shares list_avatars.
func TestAvatarsToolset(t *testing.T) {
	var names []string
	for _, st := range tools.ServerTools(tools.Deps{}, tools.Selection{Toolsets: []string{tools.ToolsetAvatars}}) {
		names = append(names, st.Tool.Name)
	}
	for _, n := range []string{"list_avatar_groups", "get_avatar_group", "get_avatar_look", "create_photo_avatar", "list_avatars"} {
		assert.Contains(t, names, n)
	}
	for _, st := range tools.ServerTools(tools.Deps{}, tools.Selection{}) {
		assert.NotContains(t, []string{"list_avatar_groups", "get_avatar_group", "get_avatar_look", "create_photo_avatar"}, st.Tool.Name,
			"the avatars toolset is not on by default")
	}
	var ro []string
	for _, st := range tools.ServerTools(tools.Deps{}, tools.Selection{Toolsets: []string{tools.ToolsetAvatars}, ReadOnly: true}) {
		ro = append(ro, st.Tool.Name)
	}
	assert.False(t, slices.Contains(ro, "create_photo_avatar"), "a create is refused in --read-only")
}

func TestAvatarGroupAndLookTools(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})

	out, text := h.ok(t, "list_avatar_groups", map[string]any{"ownership": "private"})
	groups := out["groups"].([]any)
	require.Len(t, groups, 2)
	assert.Contains(t, text, "list_avatars")
	assert.Contains(t, text, "group_me")

	out, text = h.ok(t, "get_avatar_group", map[string]any{"group_id": "group_anna"})
	assert.Equal(t, "Anna", out["name"])
	assert.EqualValues(t, 2, out["looks_count"])
	assert.Nil(t, out["status"], "stock groups have no training status")
	assert.Contains(t, text, `list_avatars with group_id "group_anna"`)

	out, text = h.ok(t, "get_avatar_look", map[string]any{"look_id": "look_anna_office"})
	assert.Equal(t, "look_anna_office", out["avatar_id"])
	assert.Equal(t, "studio_avatar", out["avatar_type"])
	assert.Equal(t, "group_anna", out["group_id"])
	assert.Equal(t, "voice_warm_01", out["default_voice_id"])
	assert.Equal(t, "landscape", out["preferred_orientation"])
	assert.Equal(t, []any{"avatar_iv", "avatar_v"}, out["supported_api_engines"])
	assert.Contains(t, text, `pass avatar_id "look_anna_office" to create_video`)

	meta, text := h.fail(t, "get_avatar_group", map[string]any{"group_id": "group_nope"})
	assert.Equal(t, "avatar_not_found", meta["code"])
	assert.Contains(t, text, "list_avatar_groups lists avatar group ids")
	meta, text = h.fail(t, "get_avatar_look", map[string]any{"look_id": "look_nope"})
	assert.Equal(t, "avatar_not_found", meta["code"])
	assert.Contains(t, text, "list_avatars lists avatar look ids")

	out, _ = h.ok(t, "list_avatars", map[string]any{"group_id": "group_marcus"})
	assert.Len(t, out["avatars"], 2)
}

func TestCreatePhotoAvatarTool(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	out, text := h.ok(t, "create_photo_avatar", map[string]any{"name": "Dana headshot",
		"file": map[string]any{"type": "url", "url": "https://example.com/dana.jpg"}})
	look, group := out["avatar_id"].(string), out["group_id"].(string)
	require.NotEmpty(t, look)
	require.NotEmpty(t, group)
	assert.Equal(t, "processing", out["status"])
	assert.Contains(t, text, "get_avatar_look")
	assert.Contains(t, text, "Do not create it again")

	out, text = h.ok(t, "get_avatar_look", map[string]any{"look_id": look})
	assert.Equal(t, "processing", out["status"])
	assert.Equal(t, "photo_avatar", out["avatar_type"])
	assert.Contains(t, text, "check again later with get_avatar_look")

	h.sim.Advance(5 * time.Minute)
	out, _ = h.ok(t, "get_avatar_look", map[string]any{"look_id": look})
	assert.Equal(t, "completed", out["status"])
	out, _ = h.ok(t, "get_avatar_group", map[string]any{"group_id": group})
	assert.Equal(t, "completed", out["status"])
	assert.Equal(t, "Dana headshot", out["name"])
	out, _ = h.ok(t, "list_avatars", map[string]any{"ownership": "private", "group_id": group})
	require.Len(t, out["avatars"], 1)
	assert.Equal(t, look, out["avatars"].([]any)[0].(map[string]any)["avatar_id"])

	// A second photo in the same group; its training fails ([[fail]]).
	out, _ = h.ok(t, "create_photo_avatar", map[string]any{"name": "Dana [[fail]]", "avatar_group_id": group,
		"file": map[string]any{"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}})
	assert.Equal(t, group, out["group_id"])
	h.sim.Advance(5 * time.Minute)
	out, text = h.ok(t, "get_avatar_look", map[string]any{"look_id": out["avatar_id"]})
	assert.Equal(t, "failed", out["status"])
	assert.NotEmpty(t, out["error_message"])
	assert.Contains(t, text, "Training failed")

	// Refused before HeyGen is asked.
	h.sim.ResetRequests()
	for _, args := range []map[string]any{
		{"name": " ", "file": map[string]any{"type": "url", "url": "https://example.com/a.jpg"}},
		{"name": "x", "file": map[string]any{"type": "base64", "media_type": "video/mp4", "data": "AAAA"}},
		{"name": "x", "file": map[string]any{"type": "url", "url": "http://example.com/a.jpg"}},
		{"name": "x", "file": map[string]any{"type": "url"}},
	} {
		meta, _ := h.fail(t, "create_photo_avatar", args)
		assert.Equal(t, "invalid_argument", meta["kind"], "%v", args)
	}
	assert.Empty(t, h.sim.Requests())

	// A stock group cannot take the account's photo; an unknown one is not found.
	meta, _ := h.fail(t, "create_photo_avatar", map[string]any{"name": "x", "avatar_group_id": "group_anna",
		"file": map[string]any{"type": "url", "url": "https://example.com/a.jpg"}})
	assert.Equal(t, "avatar_group_id", meta["param"])
	meta, text = h.fail(t, "create_photo_avatar", map[string]any{"name": "x", "avatar_group_id": "group_nope",
		"file": map[string]any{"type": "url", "url": "https://example.com/a.jpg"}})
	assert.Equal(t, "avatar_not_found", meta["code"])
	assert.Contains(t, text, "list_avatar_groups with ownership private")
}

// A create whose reply is lost is not sent again, and the model is told to
// look before creating again.
func TestCreatePhotoAvatarUnknownOutcome(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	h.sim.InjectFault(sim.Fault{Method: http.MethodPost, Path: "/v3/avatars", Status: http.StatusBadGateway, Times: 1})
	meta, text := h.fail(t, "create_photo_avatar", map[string]any{"name": "x",
		"file": map[string]any{"type": "url", "url": "https://example.com/a.jpg"}})
	assert.Equal(t, false, meta["safe_to_retry"])
	assert.Contains(t, text, "may or may not have been created")
	assert.Contains(t, text, "check list_avatar_groups")
	posts := 0
	for _, r := range h.sim.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/v3/avatars") {
			posts++
		}
	}
	assert.Equal(t, 1, posts)
}
