package sim

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

const tokenA = "oauth-access-token-a"

// TestAccessTokens: with WithAccessTokens a listed token is accepted as
// "Authorization: Bearer", anything else gets HeyGen's 401 shape, and a token
// is a tenant of its own.
func TestAccessTokens(t *testing.T) {
	h := newHarness(t, WithAPIKeys(keyA), WithAccessTokens(tokenA))
	bearer := func(tok string) []string { return []string{"Authorization", "Bearer " + tok} }

	data[map[string]any](t, h.do(http.MethodGet, "/v3/users/me", "", nil, bearer(tokenA)...))
	data[map[string]any](t, h.do(http.MethodGet, "/v3/users/me", "", nil, "authorization", "bearer "+tokenA))

	for name, hdr := range map[string][]string{
		"wrong token":               bearer("expired-or-made-up"),
		"key sent as a token":       bearer(keyA),
		"token sent as a key":       {"X-Api-Key", tokenA},
		"token with another scheme": {"Authorization", "Token " + tokenA},
		"blank bearer":              {"Authorization", "Bearer    "},
	} {
		t.Run(name, func(t *testing.T) {
			r := h.do(http.MethodGet, "/v3/users/me", "", nil, hdr...)
			e := apiError(t, r, http.StatusUnauthorized)
			assert.Equal(t, "unauthorized", e.Code)
			assert.NotContains(t, string(r.body), tokenA)
			assert.NotContains(t, string(r.body), "expired-or-made-up")
		})
	}
	e := apiError(t, h.do(http.MethodGet, "/v3/users/me", "", nil, bearer("nope")...), http.StatusUnauthorized)
	assert.Contains(t, e.Message, "access token")

	// A token's sessions are not a key's, and the other way round.
	c := data[heygen.CreateSessionResponse](t, h.do(http.MethodPost, "/v3/video-agents", "",
		map[string]any{"prompt": "p"}, bearer(tokenA)...))
	data[heygen.Session](t, h.do(http.MethodGet, "/v3/video-agents/"+c.SessionID, "", nil, bearer(tokenA)...))
	apiError(t, h.do(http.MethodGet, "/v3/video-agents/"+c.SessionID, keyA, nil), http.StatusNotFound)

	// The token is recorded as "set", never as itself.
	for _, r := range h.sim.Requests() {
		assert.NotContains(t, r.Header.Get("Authorization"), tokenA)
	}
}

// TestAccessTokensOnlyRestrictsKeysToo: once any list is given, a kind without
// a list accepts nothing; with no list at all any token is accepted.
func TestAccessTokensOnlyRestrictsKeysToo(t *testing.T) {
	h := newHarness(t, WithAccessTokens(tokenA))
	data[map[string]any](t, h.do(http.MethodGet, "/v3/users/me", "", nil, "Authorization", "Bearer "+tokenA))
	apiError(t, h.do(http.MethodGet, "/v3/users/me", keyA, nil), http.StatusUnauthorized)

	open := newHarness(t)
	data[map[string]any](t, open.do(http.MethodGet, "/v3/users/me", "", nil, "Authorization", "Bearer anything"))
}

// TestAutoProceedSkipsTheReview: a send with auto_proceed true answering the
// agent's question goes straight to rendering, without the storyboard review
// a plain answer leads to.
func TestAutoProceedSkipsTheReview(t *testing.T) {
	h := newHarness(t)
	c := h.create(keyA, map[string]any{"prompt": "Launch teaser", "mode": "chat"})
	h.sim.Advance(10 * time.Second)
	require.Equal(t, heygen.SessionWaitingForInput, h.session(keyA, c.SessionID).Status)

	data[heygen.SendMessageResponse](t, h.do(http.MethodPost, "/v3/video-agents/"+c.SessionID, keyA,
		map[string]any{"message": "voice_warm_01", "auto_proceed": true}))
	h.sim.Advance(5 * time.Second)
	s := h.session(keyA, c.SessionID)
	require.Equal(t, heygen.SessionGenerating, s.Status, "no reviewing step")
	require.NotNil(t, s.VideoID)
	for _, m := range s.Messages {
		assert.NotEqual(t, heygen.MessageResource, m.Type, "no storyboard draft was offered")
	}
	h.sim.Advance(time.Hour)
	assert.Equal(t, heygen.SessionCompleted, h.session(keyA, c.SessionID).Status)

	// auto_proceed false is the default: the review comes first.
	d := h.create(keyA, map[string]any{"prompt": "Another", "mode": "chat"})
	h.sim.Advance(10 * time.Second)
	data[heygen.SendMessageResponse](t, h.do(http.MethodPost, "/v3/video-agents/"+d.SessionID, keyA,
		map[string]any{"message": "voice_warm_01", "auto_proceed": false}))
	h.sim.Advance(5 * time.Second)
	assert.Equal(t, heygen.SessionReviewing, h.session(keyA, d.SessionID).Status)

	// Not a boolean: HeyGen's 400 shape naming the field.
	e := apiError(t, h.do(http.MethodPost, "/v3/video-agents/"+d.SessionID, keyA,
		map[string]any{"message": "go", "auto_proceed": "yes"}), http.StatusBadRequest)
	assert.Equal(t, "auto_proceed", e.Param)
}
