package sim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// The groups are those of the looks catalogue, with consistent counts.
func TestAvatarGroupsMatchLooks(t *testing.T) {
	h := newHarness(t)
	groups := page[heygen.AvatarGroup](t, h.do(http.MethodGet, "/v3/avatars?limit=50", keyA, nil))
	looks := page[heygen.AvatarLook](t, h.do(http.MethodGet, "/v3/avatars/looks?limit=50", keyA, nil))
	count := map[string]int{}
	for _, l := range looks.Data {
		count[deref(l.GroupID)]++
	}
	require.Len(t, groups.Data, len(count))
	for _, g := range groups.Data {
		assert.Equal(t, count[g.ID], g.LooksCount, g.ID)
		assert.NotEmpty(t, g.Name)
		assert.NotZero(t, g.CreatedAt)
		one := data[heygen.AvatarGroup](t, h.do(http.MethodGet, "/v3/avatars/"+g.ID, keyA, nil))
		assert.Equal(t, g, one)
	}
	for _, l := range looks.Data {
		one := data[heygen.AvatarLook](t, h.do(http.MethodGet, "/v3/avatars/looks/"+l.ID, keyA, nil))
		assert.Equal(t, l, one)
	}

	pub := page[heygen.AvatarGroup](t, h.do(http.MethodGet, "/v3/avatars?ownership=public", keyA, nil))
	priv := page[heygen.AvatarGroup](t, h.do(http.MethodGet, "/v3/avatars?ownership=private", keyA, nil))
	assert.Len(t, pub.Data, 2)
	assert.Len(t, priv.Data, 2)
	for _, g := range pub.Data {
		assert.Nil(t, g.Status, "public groups carry no training status")
	}
	for _, g := range priv.Data {
		assert.Equal(t, heygen.AvatarCompleted, deref(g.Status))
	}

	p1 := page[heygen.AvatarGroup](t, h.do(http.MethodGet, "/v3/avatars?limit=3", keyA, nil))
	require.Len(t, p1.Data, 3)
	require.True(t, p1.HasMore)
	p2 := page[heygen.AvatarGroup](t, h.do(http.MethodGet, "/v3/avatars?limit=3&token="+*p1.NextToken, keyA, nil))
	require.Len(t, p2.Data, 1)
	assert.False(t, p2.HasMore)
}

func TestAvatarErrors(t *testing.T) {
	h := newHarness(t)
	e := apiError(t, h.do(http.MethodGet, "/v3/avatars/group_nope", keyA, nil), http.StatusNotFound)
	assert.Equal(t, "avatar_not_found", e.Code)
	e = apiError(t, h.do(http.MethodGet, "/v3/avatars/looks/look_nope", keyA, nil), http.StatusNotFound)
	assert.Equal(t, "avatar_not_found", e.Code)
	e = apiError(t, h.do(http.MethodGet, "/v3/avatars?ownership=mine", keyA, nil), http.StatusBadRequest)
	assert.Equal(t, "ownership", e.Param)
	e = apiError(t, h.do(http.MethodGet, "/v3/avatars?limit=51", keyA, nil), http.StatusBadRequest)
	assert.Equal(t, "limit", e.Param)

	for _, tc := range []struct {
		body  string
		param string
	}{
		{`{"name":"x","file":{"type":"url","url":"https://e.com/a.jpg"}}`, "type"},
		{`{"type":"cartoon","name":"x"}`, "type"},
		{`{"type":"photo","file":{"type":"url","url":"https://e.com/a.jpg"}}`, "name"},
		{`{"type":"photo","name":"x"}`, "file"},
		{`{"type":"photo","name":"x","file":{"type":"url"}}`, "file.url"},
		{`{"type":"photo","name":"x","file":{"type":"url","url":"ftp://e.com/a"}}`, "file.url"},
		{`{"type":"photo","name":"x","file":{"type":"asset_id"}}`, "file.asset_id"},
		{`{"type":"photo","name":"x","file":{"type":"base64","media_type":"video/mp4","data":"AAAA"}}`, "file.media_type"},
		{`{"type":"photo","name":"x","file":{"type":"base64","media_type":"image/png","data":"!!"}}`, "file.data"},
		{`{"type":"photo","name":"x","file":{"type":"base64","media_type":"image/png"}}`, "file.data"},
		{`{"type":"photo","name":"x","file":{"type":"zip"}}`, "file.type"},
		{`{"type":"prompt","name":"x"}`, "prompt"},
		{`{"type":"photo","name":"x","file":{"type":"asset_id","asset_id":"a"},"avatar_group_id":"group_anna"}`, "avatar_group_id"},
	} {
		e := apiError(t, h.do(http.MethodPost, "/v3/avatars", keyA, tc.body), http.StatusBadRequest)
		assert.Equal(t, tc.param, e.Param, tc.body)
	}
	e = apiError(t, h.do(http.MethodPost, "/v3/avatars", keyA,
		`{"type":"photo","name":"x","file":{"type":"asset_id","asset_id":"a"},"avatar_group_id":"group_nope"}`), http.StatusNotFound)
	assert.Equal(t, "avatar_not_found", e.Code)
}

// A photo avatar is a new private group with one look that trains on the
// clock; other keys never see it.
func TestCreatePhotoAvatar(t *testing.T) {
	h := newHarness(t)
	body := map[string]any{"type": "photo", "name": "My headshot", "file": map[string]any{"type": "url", "url": "https://example.com/me.jpg"}}
	resp := data[heygen.CreateAvatarResponse](t, h.do(http.MethodPost, "/v3/avatars", keyA, body))
	require.NotNil(t, resp.AvatarGroup)
	require.NotNil(t, resp.AvatarItem)
	g, l := *resp.AvatarGroup, *resp.AvatarItem
	assert.Equal(t, "My headshot", g.Name)
	assert.Equal(t, 1, g.LooksCount)
	assert.Equal(t, heygen.AvatarProcessing, deref(g.Status))
	assert.Equal(t, g.ID, deref(l.GroupID))
	assert.Equal(t, "photo_avatar", l.AvatarType)
	assert.Equal(t, heygen.AvatarProcessing, deref(l.Status))
	assert.Equal(t, epoch.Unix(), g.CreatedAt)

	got := data[heygen.AvatarLook](t, h.do(http.MethodGet, "/v3/avatars/looks/"+l.ID, keyA, nil))
	assert.Equal(t, l, got)
	priv := page[heygen.AvatarLook](t, h.do(http.MethodGet, "/v3/avatars/looks?ownership=private&group_id="+g.ID, keyA, nil))
	require.Len(t, priv.Data, 1)
	assert.Equal(t, l.ID, priv.Data[0].ID)
	apiError(t, h.do(http.MethodGet, "/v3/avatars/looks/"+l.ID, keyB, nil), http.StatusNotFound)
	apiError(t, h.do(http.MethodGet, "/v3/avatars/"+g.ID, keyB, nil), http.StatusNotFound)

	h.sim.Advance(testTimings().Rendering)
	got = data[heygen.AvatarLook](t, h.do(http.MethodGet, "/v3/avatars/looks/"+l.ID, keyA, nil))
	assert.Equal(t, heygen.AvatarCompleted, deref(got.Status))
	assert.Nil(t, got.Error)
	gg := data[heygen.AvatarGroup](t, h.do(http.MethodGet, "/v3/avatars/"+g.ID, keyA, nil))
	assert.Equal(t, heygen.AvatarCompleted, deref(gg.Status))
	assert.Nil(t, gg.ConsentStatus, "photo avatars need no consent (inferred)")

	// A second look in the same group.
	body["avatar_group_id"] = g.ID
	body["name"] = "Headshot [[fail]]"
	resp = data[heygen.CreateAvatarResponse](t, h.do(http.MethodPost, "/v3/avatars", keyA, body))
	assert.Equal(t, g.ID, resp.AvatarGroup.ID)
	assert.Equal(t, 2, resp.AvatarGroup.LooksCount)
	assert.Equal(t, heygen.AvatarProcessing, deref(resp.AvatarGroup.Status))
	h.sim.Advance(testTimings().Rendering)
	failed := data[heygen.AvatarLook](t, h.do(http.MethodGet, "/v3/avatars/looks/"+resp.AvatarItem.ID, keyA, nil))
	assert.Equal(t, heygen.AvatarFailed, deref(failed.Status))
	require.NotNil(t, failed.Error)
	assert.NotEmpty(t, failed.Error.Message)
	gg = data[heygen.AvatarGroup](t, h.do(http.MethodGet, "/v3/avatars/"+g.ID, keyA, nil))
	assert.Equal(t, heygen.AvatarCompleted, deref(gg.Status), "one usable look keeps the group usable")

	// A look can join a catalogue private group too.
	body["avatar_group_id"] = "group_photo"
	body["name"] = "Another headshot"
	resp = data[heygen.CreateAvatarResponse](t, h.do(http.MethodPost, "/v3/avatars", keyA, body))
	assert.Equal(t, 2, resp.AvatarGroup.LooksCount)
	other := data[heygen.AvatarGroup](t, h.do(http.MethodGet, "/v3/avatars/group_photo", keyB, nil))
	assert.Equal(t, 1, other.LooksCount, "another key's catalogue is untouched")
}

func TestCreateDigitalTwinWaitsForConsent(t *testing.T) {
	h := newHarness(t)
	body := map[string]any{"type": "digital_twin", "name": "Me on video", "file": map[string]any{"type": "asset_id", "asset_id": "asset_1"}}
	resp := data[heygen.CreateAvatarResponse](t, h.do(http.MethodPost, "/v3/avatars", keyA, body))
	assert.Equal(t, "digital_twin", resp.AvatarItem.AvatarType)
	assert.Equal(t, heygen.AvatarPendingConsent, deref(resp.AvatarItem.Status))
	assert.Equal(t, heygen.AvatarPendingConsent, deref(resp.AvatarGroup.Status))
	h.sim.Advance(testTimings().Rendering * 10)
	got := data[heygen.AvatarLook](t, h.do(http.MethodGet, "/v3/avatars/looks/"+resp.AvatarItem.ID, keyA, nil))
	assert.Equal(t, heygen.AvatarPendingConsent, deref(got.Status))

	// A photo in base64 is accepted; a video in base64 is not a photo.
	photo := map[string]any{"type": "photo", "name": "Inline", "file": map[string]any{"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}
	data[heygen.CreateAvatarResponse](t, h.do(http.MethodPost, "/v3/avatars", keyA, photo))
}
