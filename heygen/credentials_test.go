package heygen_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
)

// testToken is a distinctive OAuth access token, easy to find in any text.
const testToken = "hgat_TOPSECRET_ACCESS_TOKEN_91c2"

func okUser(_ int, w http.ResponseWriter, _ *http.Request) {
	reply(w, 200, "application/json", []byte(`{"data":{"username":"u"}}`))
}

// TestCredentialHeaders: an API key travels as X-Api-Key only, an access
// token as "Authorization: Bearer" only (as HeyGen's CLI applyHeaders does).
func TestCredentialHeaders(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		opt               heygen.Option
		wantKey, wantAuth string
	}{
		"api key":      {heygen.WithAPIKey(testKey), testKey, ""},
		"access token": {heygen.WithAccessToken(testToken), "", "Bearer " + testToken},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, okUser)
			c, err := heygen.NewClient(heygen.WithBaseURL(f.URL), tc.opt)
			require.NoError(t, err)
			_, err = c.GetCurrentUser(t.Context())
			require.NoError(t, err)
			h := f.requests()[0].Header
			assert.Equal(t, tc.wantKey, h.Get("X-Api-Key"))
			assert.Equal(t, tc.wantAuth, h.Get("Authorization"))
		})
	}
}

// TestCredentialOptionsAreExclusive: both credentials is an option error, in
// either order, naming the options and never the values; empty or malformed
// tokens are refused before any request.
func TestCredentialOptionsAreExclusive(t *testing.T) {
	t.Parallel()
	for _, opts := range [][]heygen.Option{
		{heygen.WithAPIKey(testKey), heygen.WithAccessToken(testToken)},
		{heygen.WithAccessToken(testToken), heygen.WithAPIKey(testKey)},
	} {
		c, err := heygen.NewClient(opts...)
		require.Error(t, err)
		assert.Nil(t, c)
		assert.Contains(t, err.Error(), "mutually exclusive")
		assert.NotContains(t, err.Error(), testKey)
		assert.NotContains(t, err.Error(), testToken)
	}
	for _, bad := range []string{"", "Bearer " + testToken, testToken + "\n", "tök"} {
		_, err := heygen.NewClient(heygen.WithAccessToken(bad))
		require.Error(t, err, "%q", bad)
		assert.Contains(t, err.Error(), "access token")
		assert.NotContains(t, err.Error(), testToken)
	}
}

// TestAccessTokenNeverInErrors: HeyGen (or a proxy) echoing the token in every
// place an error reads text from, and a transport error quoting the header.
func TestAccessTokenNeverInErrors(t *testing.T) {
	t.Parallel()
	k := testToken
	bodies := map[string]struct {
		status int
		ct     string
		body   string
	}{
		"JSON error fields": {401, "application/json",
			fmt.Sprintf(`{"error":{"code":"bad_%s","message":"token %s expired","param":"%s","doc_url":"https://x/%s"}}`, k, k, k, k)},
		"HTML body":          {502, "text/html", "<html>Bearer " + k + "</html>"},
		"embedded 200 error": {200, "application/json", `{"error":{"code":"x","message":"` + k + `"}}`},
		"malformed 200 body": {200, "application/json", `{"data":{"id":"` + k},
	}
	for name, b := range bodies {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				reply(w, b.status, b.ct, []byte(b.body), "X-Request-Id", "req_"+k)
			})
			c, err := heygen.NewClient(heygen.WithBaseURL(f.URL), heygen.WithAccessToken(k),
				heygen.WithRetryPolicy(heygen.RetryPolicy{}))
			require.NoError(t, err)
			_, err = c.GetVideo(t.Context(), "vid_1")
			require.Error(t, err)
			assertNoSecret(t, err, k)
			assert.Equal(t, "Bearer "+k, f.requests()[0].Header.Get("Authorization"), "the token was sent")
		})
	}
	t.Run("transport error text and id pasted as token", func(t *testing.T) {
		t.Parallel()
		rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return nil, fmt.Errorf("proxy refused %s", r.Header.Get("Authorization"))
		})
		c, err := heygen.NewClient(heygen.WithAccessToken(k), heygen.WithHTTPClient(&http.Client{Transport: rt}),
			heygen.WithRetryPolicy(heygen.RetryPolicy{}))
		require.NoError(t, err)
		_, err = c.GetVideo(t.Context(), k)
		require.Error(t, err)
		assertNoSecret(t, err, k)
		assert.Contains(t, err.Error(), "[redacted]")
	})
}

func assertNoSecret(t *testing.T, err error, secret string) {
	t.Helper()
	assert.NotContains(t, err.Error(), secret)
	assert.NotContains(t, fmt.Sprintf("%+v %#v", err, err), secret)
	var ae *heygen.APIError
	if errors.As(err, &ae) {
		assert.NotContains(t, fmt.Sprintf("%#v", *ae), secret)
	}
}

// TestAccessTokenAgainstSimulator: the simulator takes a listed token and
// answers 401 (ErrUnauthorized) to another one.
func TestAccessTokenAgainstSimulator(t *testing.T) {
	t.Parallel()
	e := newSimEnv(t, sim.WithAccessTokens(testToken))
	good, err := heygen.NewClient(heygen.WithBaseURL(e.url), heygen.WithAccessToken(testToken))
	require.NoError(t, err)
	_, err = good.GetCurrentUser(t.Context())
	require.NoError(t, err)

	const wrong = "hgat_WRONG_TOKEN_0000"
	bad, err := heygen.NewClient(heygen.WithBaseURL(e.url), heygen.WithAccessToken(wrong))
	require.NoError(t, err)
	_, err = bad.GetCurrentUser(t.Context())
	require.ErrorIs(t, err, heygen.ErrUnauthorized)
	assertNoSecret(t, err, wrong)
}

// TestSendMessageAutoProceed: auto_proceed is sent as a JSON boolean when
// true and left out otherwise (HeyGen's default is false).
func TestSendMessageAutoProceed(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		reply(w, 200, "application/json", []byte(`{"data":{"session_id":"s","run_id":"r","title":null}}`))
	})
	c, _ := newTestClient(t, f)
	for _, auto := range []bool{true, false} {
		_, err := c.SendMessage(t.Context(), "s", &heygen.SendMessageRequest{Message: "go", AutoProceed: auto})
		require.NoError(t, err)
	}
	reqs := f.requests()
	require.Len(t, reqs, 2)
	var withAuto, without map[string]any
	require.NoError(t, json.Unmarshal(reqs[0].Body, &withAuto))
	require.NoError(t, json.Unmarshal(reqs[1].Body, &without))
	assert.Equal(t, true, withAuto["auto_proceed"])
	assert.NotContains(t, without, "auto_proceed")
}
