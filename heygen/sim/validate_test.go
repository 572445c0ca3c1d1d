package sim

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func files(n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = map[string]any{"type": "url", "url": "https://example.com/a.png"}
	}
	return out
}

func TestCreateValidation(t *testing.T) {
	tests := []struct {
		name  string
		body  any
		param string
	}{
		{"prompt missing", map[string]any{}, "prompt"},
		{"empty body", "", "prompt"},
		{"prompt empty", map[string]any{"prompt": ""}, "prompt"},
		{"prompt too long", map[string]any{"prompt": strings.Repeat("a", 10001)}, "prompt"},
		{"prompt not a string", map[string]any{"prompt": 42}, "prompt"},
		{"mode unknown", map[string]any{"prompt": "p", "mode": "interactive"}, "mode"},
		{"orientation unknown", map[string]any{"prompt": "p", "orientation": "square"}, "orientation"},
		{"too many files", map[string]any{"prompt": "p", "files": files(21)}, "files"},
		{"file not an object", map[string]any{"prompt": "p", "files": []any{"x"}}, "files[0]"},
		{"file type missing", map[string]any{"prompt": "p", "files": []any{map[string]any{"url": "https://e.com/a"}}}, "files[0].type"},
		{"file type unknown", map[string]any{"prompt": "p", "files": []any{map[string]any{"type": "s3"}}}, "files[0].type"},
		{"url missing", map[string]any{"prompt": "p", "files": []any{map[string]any{"type": "url"}}}, "files[0].url"},
		{"url not http", map[string]any{"prompt": "p", "files": []any{map[string]any{"type": "url", "url": "ftp://e.com/a"}}}, "files[0].url"},
		{"asset_id missing", map[string]any{"prompt": "p", "files": []any{files(1)[0], map[string]any{"type": "asset_id"}}}, "files[1].asset_id"},
		{"base64 media_type missing", map[string]any{"prompt": "p", "files": []any{map[string]any{"type": "base64", "data": "aGk="}}}, "files[0].media_type"},
		{"base64 data missing", map[string]any{"prompt": "p", "files": []any{map[string]any{"type": "base64", "media_type": "image/png"}}}, "files[0].data"},
		{"base64 html rejected", map[string]any{"prompt": "p", "files": []any{map[string]any{"type": "base64", "media_type": "text/html", "data": "aGk="}}}, "files[0].media_type"},
		{"base64 data invalid", map[string]any{"prompt": "p", "files": []any{map[string]any{"type": "base64", "media_type": "image/png", "data": "!!!"}}}, "files[0].data"},
		{"callback_url relative", map[string]any{"prompt": "p", "callback_url": "/hook"}, "callback_url"},
		{"bad JSON", `{"prompt": "p"`, ""},
		{"JSON array", `["prompt"]`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			e := apiError(t, h.do(http.MethodPost, "/v3/video-agents", keyA, tt.body), http.StatusBadRequest)
			assert.Equal(t, "invalid_parameter", e.Code)
			assert.Equal(t, tt.param, e.Param)
			assert.Equal(t, "https://developers.heygen.com/docs/error-codes#invalid-parameter", e.DocURL)
			if tt.param != "" {
				assert.Contains(t, e.Message, tt.param, "the message names the field")
			}
			assert.Equal(t, 0, len(h.sim.tenantLocked(keyA).sessions), "nothing was created")
		})
	}
}

func TestCreateAcceptsLimitsDeprecatedAndUnknownFields(t *testing.T) {
	h := newHarness(t)
	body := map[string]any{
		"prompt": strings.Repeat("é", 10000), "mode": "generate", "orientation": "portrait",
		"files":        append(files(19), map[string]any{"type": "base64", "media_type": "image/png", "data": "aGk="}),
		"auto_proceed": true, "skip_agentic_stop": true, "brand_new_field": map[string]any{"x": 1},
		"avatar_id": "look_anna_office", "voice_id": "voice_warm_01", "style_id": "style_noir_detective",
		"callback_url": "https://example.com/hook", "callback_id": "cb-1", "incognito_mode": true,
		"brand_kit_id": nil,
	}
	c := h.create(keyA, body)
	assert.NotEmpty(t, c.SessionID)
}

func TestSendMessageValidation(t *testing.T) {
	h := newHarness(t)
	chat := h.create(keyA, map[string]any{"prompt": "chat", "mode": "chat"})
	gen := h.create(keyA, map[string]any{"prompt": "generate"})
	tests := []struct {
		name    string
		session string
		body    any
		param   string
	}{
		{"message missing", chat.SessionID, map[string]any{}, "message"},
		{"message empty", chat.SessionID, map[string]any{"message": ""}, "message"},
		{"message too long", chat.SessionID, map[string]any{"message": strings.Repeat("m", 10001)}, "message"},
		{"files shape", chat.SessionID, map[string]any{"message": "m", "files": []any{map[string]any{"type": "url"}}}, "files[0].url"},
		{"generate-mode session", gen.SessionID, map[string]any{"message": "hello"}, "session_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := apiError(t, h.do(http.MethodPost, "/v3/video-agents/"+tt.session, keyA, tt.body), http.StatusBadRequest)
			assert.Equal(t, "invalid_parameter", e.Code)
			assert.Equal(t, tt.param, e.Param)
		})
	}
	e := apiError(t, h.do(http.MethodPost, "/v3/video-agents/sess_missing", keyA, map[string]any{"message": "m"}), http.StatusNotFound)
	assert.Equal(t, "not_found", e.Code)
}

func TestQueryValidation(t *testing.T) {
	h := newHarness(t)
	tests := []struct{ path, param string }{
		{"/v3/video-agents?limit=0", "limit"},
		{"/v3/video-agents?limit=101", "limit"},
		{"/v3/video-agents?limit=ten", "limit"},
		{"/v3/videos?limit=101", "limit"},
		{"/v3/avatars/looks?limit=51", "limit"},
		{"/v3/avatars/looks?avatar_type=cartoon", "avatar_type"},
		{"/v3/avatars/looks?ownership=shared", "ownership"},
		{"/v3/voices?type=secret", "type"},
		{"/v3/video-agents/styles?limit=-1", "limit"},
		{"/v3/video-agents?token=not-a-token", "token"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			e := apiError(t, h.do(http.MethodGet, tt.path, keyA, nil), http.StatusBadRequest)
			assert.Equal(t, "invalid_parameter", e.Code)
			assert.Equal(t, tt.param, e.Param)
		})
	}
}

func TestAuth(t *testing.T) {
	h := newHarness(t, WithAPIKeys(keyA))
	for name, hdr := range map[string][]string{
		"no key":          nil,
		"unknown key":     {"X-Api-Key", "wrong"},
		"unknown bearer":  {"Authorization", "Bearer wrong"},
		"basic auth":      {"Authorization", "Basic " + keyA},
		"empty bearer":    {"Authorization", "Bearer "},
		"whitespace only": {"X-Api-Key", "   "},
	} {
		t.Run(name, func(t *testing.T) {
			r := h.do(http.MethodGet, "/v3/users/me", "", nil, hdr...)
			e := apiError(t, r, http.StatusUnauthorized)
			assert.Equal(t, "unauthorized", e.Code)
			assert.NotContains(t, string(r.body), keyA)
			assert.NotEmpty(t, r.header.Get("X-Request-Id"))
		})
	}
	data[map[string]any](t, h.do(http.MethodGet, "/v3/users/me", keyA, nil))
	// A key is not an access token: Bearer takes only tokens listed by WithAccessTokens.
	apiError(t, h.do(http.MethodGet, "/v3/users/me", "", nil, "Authorization", "Bearer "+keyA), http.StatusUnauthorized)

	open := newHarness(t) // no keys configured: any non-empty key is its own tenant
	data[map[string]any](t, open.do(http.MethodGet, "/v3/users/me", "anything", nil))
	apiError(t, open.do(http.MethodGet, "/v3/users/me", "", nil), http.StatusUnauthorized)
}

func TestUnknownRoutesAndRequestIDs(t *testing.T) {
	h := newHarness(t)
	seen := map[string]bool{}
	for _, rt := range []struct{ method, path string }{
		{http.MethodGet, "/v3/nothing"},
		{http.MethodGet, "/v2/video/generate"},
		{http.MethodPut, "/v3/video-agents"},
		{http.MethodDelete, "/v3/video-agents/sess_1"},
		{http.MethodGet, "/v3/video-agents/a/b/c/d"},
	} {
		r := h.do(rt.method, rt.path, keyA, nil)
		e := apiError(t, r, http.StatusNotFound)
		assert.Equal(t, "not_found", e.Code)
		id := r.header.Get("X-Request-Id")
		require.NotEmpty(t, id)
		assert.False(t, seen[id], "request ids are unique")
		seen[id] = true
	}
	// "styles" is the catalogue, not a session id.
	p := page[map[string]any](t, h.do(http.MethodGet, "/v3/video-agents/styles", keyA, nil))
	assert.NotEmpty(t, p.Data)
}

// One AssetInput check serves files[i], image, file and video: the same
// refusal, named after the field, with only the inline media types differing.
func TestCheckAssetInput(t *testing.T) {
	photo := inlineMedia{ok: func(mt string) bool { return mt == "image/png" }, use: "image/png"}
	for _, tc := range []struct {
		raw, param, message string
	}{
		{`"x"`, "image", "image must be an object with a type of url, asset_id or base64."},
		{`{}`, "image.type", "image.type is required: one of url, asset_id, base64."},
		{`{"type":"s3"}`, "image.type", `image.type must be one of url, asset_id, base64, not "s3".`},
		{`{"type":"url"}`, "image.url", `image.url is required when type is "url".`},
		{`{"type":"url","url":"ftp://e.com/a"}`, "image.url", "image.url must be a public http(s) URL."},
		{`{"type":"asset_id"}`, "image.asset_id", `image.asset_id is required when type is "asset_id".`},
		{`{"type":"base64","data":"aGk="}`, "image.media_type", `image.media_type is required when type is "base64".`},
		{`{"type":"base64","media_type":"image/png"}`, "image.data", `image.data is required when type is "base64".`},
		{`{"type":"base64","media_type":"video/mp4","data":"aGk="}`, "image.media_type", "image.media_type video/mp4 is not accepted: use image/png."},
		{`{"type":"base64","media_type":"image/png","data":"!!"}`, "image.data", "image.data is not valid standard base64."},
	} {
		for _, field := range []string{"image", "files[3]", "file"} {
			raw := tc.raw
			r := checkAssetInput(field, json.RawMessage(raw), photo)
			require.NotNil(t, r, raw)
			var e errorBody
			require.NoError(t, json.Unmarshal(r.body, &e))
			name := func(s string) string { return strings.ReplaceAll(s, "image.", field+".") }
			want := tc.param
			if want == "image" {
				want = field
			}
			assert.Equal(t, http.StatusBadRequest, r.status, raw)
			assert.Equal(t, "invalid_parameter", e.Error.Code, raw)
			assert.Equal(t, name(want), e.Error.Param, raw)
			assert.Equal(t, strings.Replace(name(tc.message), "image must", field+" must", 1), e.Error.Message, raw)
		}
	}
	for _, raw := range []string{
		`{"type":"url","url":"https://e.com/a.png"}`,
		`{"type":"asset_id","asset_id":"a"}`,
		`{"type":"base64","media_type":"image/png","data":"aGk="}`,
	} {
		assert.Nil(t, checkAssetInput("image", json.RawMessage(raw), photo), raw)
	}
}
