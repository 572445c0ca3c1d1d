package transport_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/internal/creds"
	"github.com/heygen-mcp/heygen-mcp/transport"
)

// accessToken is a HeyGen OAuth access token as a client would send it.
const accessToken = "hg-oauth-access-token-tango-0003"

// header is one request header; a name may repeat.
type header struct{ name, value string }

// postWith sends an initialize POST with exactly these headers (repeats kept).
func postWith(t *testing.T, url string, hs []header) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(initBody))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for _, h := range hs {
		req.Header.Add(h.name, h.value)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

// TestCredentialHeaderRules runs every combination of credential headers,
// with and without an endpoint token: each gives one credential of the right
// kind, none, or a 401 that names the headers and never their values.
func TestCredentialHeaderRules(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	keyTenant := "tenant " + creds.Tenant(keyA)
	tokenTenant := "tenant " + creds.AccessTokenCredential(accessToken).Tenant()
	require.NotEqual(t, keyTenant, tokenTenant)

	apiKey := header{transport.HeaderAPIKey, keyA}
	tok := header{transport.HeaderAccessToken, accessToken}
	endpoint := header{"Authorization", "Bearer " + token}
	bearerKey := header{"Authorization", "Bearer " + keyB}

	type tc struct {
		headers []header
		want    string   // whoami's answer; "" = refused
		names   []string // headers a refusal must name
	}
	for _, mode := range []struct {
		name  string
		token string
		cases map[string]tc
	}{
		{"no endpoint token", "", map[string]tc{
			"nothing":                          {nil, "no key", nil},
			"X-Api-Key":                        {[]header{apiKey}, keyTenant, nil},
			"access token header":              {[]header{tok}, tokenTenant, nil},
			"bare Bearer is a key (as before)": {[]header{bearerKey}, "tenant " + creds.Tenant(keyB), nil},
			"Basic auth is not a credential":   {[]header{{"Authorization", "Basic " + keyB}}, "no key", nil},
			"key and token":                    {[]header{apiKey, tok}, "", []string{"X-Api-Key", "X-HeyGen-Access-Token"}},
			"Bearer and key":                   {[]header{bearerKey, apiKey}, "", []string{"X-Api-Key", "Authorization"}},
			"Bearer and token":                 {[]header{bearerKey, tok}, "", []string{"X-HeyGen-Access-Token", "Authorization"}},
			"all three":                        {[]header{bearerKey, apiKey, tok}, "", []string{"X-Api-Key", "X-HeyGen-Access-Token", "Authorization"}},
			"X-Api-Key twice":                  {[]header{apiKey, {transport.HeaderAPIKey, keyB}}, "", []string{"X-Api-Key"}},
			"access token twice":               {[]header{tok, tok}, "", []string{"X-HeyGen-Access-Token"}},
			"Authorization twice":              {[]header{bearerKey, bearerKey}, "", []string{"Authorization"}},
		}},
		{"endpoint token", token, map[string]tc{
			"endpoint token only":             {[]header{endpoint}, "no key", nil},
			"endpoint token and key":          {[]header{endpoint, apiKey}, keyTenant, nil},
			"endpoint token and access token": {[]header{endpoint, tok}, tokenTenant, nil},
			"endpoint token, key and token":   {[]header{endpoint, apiKey, tok}, "", []string{"X-Api-Key", "X-HeyGen-Access-Token"}},
			"endpoint token, key twice":       {[]header{endpoint, apiKey, apiKey}, "", []string{"X-Api-Key"}},
		}},
	} {
		t.Run(mode.name, func(t *testing.T) {
			ts, _ := startHTTP(t, transport.HTTPOptions{AuthToken: mode.token, AllowRequestKeys: true, Logger: logger})
			url := ts.URL + transport.MCPPath
			for name, c := range mode.cases {
				t.Run(name, func(t *testing.T) {
					if c.want == "" {
						resp := postWith(t, url, c.headers)
						require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
						assert.Equal(t, `Bearer realm="heygen-mcp"`, resp.Header.Get("WWW-Authenticate"))
						raw, err := io.ReadAll(resp.Body)
						require.NoError(t, err)
						var body map[string]string
						require.NoError(t, json.Unmarshal(raw, &body))
						assert.Equal(t, "ambiguous_credentials", body["error"])
						for _, n := range c.names {
							assert.Contains(t, body["message"], n)
						}
						for _, secret := range []string{keyA, keyB, accessToken, token} {
							assert.NotContains(t, string(raw), secret)
						}
						return
					}
					hs := map[string]string{}
					for _, h := range c.headers {
						hs[h.name] = h.value
					}
					assert.Equal(t, c.want, callText(t, connect(t, url, hs), "whoami", nil))
				})
			}
		})
	}
	for _, secret := range []string{keyA, keyB, accessToken, token} {
		assert.NotContains(t, logs.String(), secret)
	}
}

// TestAccessTokenNeedsEndpointTokenFirst: with an endpoint token, a HeyGen
// access token in Authorization is just a wrong endpoint token.
func TestAccessTokenNeedsEndpointTokenFirst(t *testing.T) {
	ts, _ := startHTTP(t, transport.HTTPOptions{AuthToken: token, AllowRequestKeys: true})
	for _, hs := range [][]header{
		{{"Authorization", "Bearer " + accessToken}},
		{{transport.HeaderAccessToken, accessToken}},
	} {
		resp := postWith(t, ts.URL+transport.MCPPath, hs)
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
		body := decodeError(t, resp)
		assert.Equal(t, "unauthorized", body["error"])
		assert.Contains(t, body["message"], transport.HeaderAccessToken, "the message says where a token goes")
		assert.NotContains(t, body["message"], accessToken)
	}
}

// TestAccessTokenRefusedWhenRequestKeysAreNot: a server that serves only its
// own key refuses a token as it refuses a key (403), naming the header.
func TestAccessTokenRefusedWhenRequestKeysAreNot(t *testing.T) {
	ts, _ := startHTTP(t, transport.HTTPOptions{HasDefaultKey: true})
	resp := postWith(t, ts.URL+transport.MCPPath, []header{{transport.HeaderAccessToken, accessToken}})
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	body := decodeError(t, resp)
	assert.Equal(t, "request_keys_not_accepted", body["error"])
	assert.Contains(t, body["message"], transport.HeaderAccessToken)
	assert.NotContains(t, body["message"], accessToken)
}

// TestCORSAllowsTheAccessTokenHeader: a browser client may send the token header.
func TestCORSAllowsTheAccessTokenHeader(t *testing.T) {
	ts, _ := startHTTP(t, transport.HTTPOptions{AllowRequestKeys: true, AllowedOrigins: []string{"https://app.example.com"}})
	pre, err := http.NewRequest(http.MethodOptions, ts.URL+transport.MCPPath, nil)
	require.NoError(t, err)
	pre.Header.Set("Origin", "https://app.example.com")
	pre.Header.Set("Access-Control-Request-Method", "POST")
	pre.Header.Set("Access-Control-Request-Headers", "x-heygen-access-token")
	resp, err := http.DefaultClient.Do(pre)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("Access-Control-Allow-Headers"), transport.HeaderAccessToken)
}
