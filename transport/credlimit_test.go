package transport_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/internal/creds"
	"github.com/heygen-mcp/heygen-mcp/transport"
)

// TestCredentialLengthLimit: a credential one byte over the limit is refused
// with 431 and a JSON-RPC error naming the header and the limit, in every
// header a credential travels in; one at the limit is served.
func TestCredentialLengthLimit(t *testing.T) {
	for _, limit := range []int{0, 64} { // 0: the default
		want := limit
		if want == 0 {
			want = transport.DefaultMaxCredentialBytes
		}
		withToken, _ := startHTTP(t, transport.HTTPOptions{AuthToken: token, AllowRequestKeys: true, MaxCredentialBytes: limit})
		open, _ := startHTTP(t, transport.HTTPOptions{AllowRequestKeys: true, MaxCredentialBytes: limit})
		atLimit, over := strings.Repeat("k", want), strings.Repeat("k", want+1)
		for _, tc := range []struct {
			url, name string
			header    func(v string) []header
			tenant    func(v string) string
		}{
			{withToken.URL + transport.MCPPath, transport.HeaderAPIKey, func(v string) []header {
				return []header{{"Authorization", "Bearer " + token}, {transport.HeaderAPIKey, v}}
			}, creds.Tenant},
			{withToken.URL + transport.MCPPath, transport.HeaderAccessToken, func(v string) []header {
				return []header{{"Authorization", "Bearer " + token}, {transport.HeaderAccessToken, v}}
			}, func(v string) string { return creds.AccessTokenCredential(v).Tenant() }},
			{open.URL + transport.MCPPath, "Authorization", func(v string) []header {
				return []header{{"Authorization", "Bearer " + v}}
			}, creds.Tenant},
		} {
			t.Run(fmt.Sprintf("%s/%d", tc.name, want), func(t *testing.T) {
				resp := postWith(t, tc.url, tc.header(over))
				require.Equal(t, http.StatusRequestHeaderFieldsTooLarge, resp.StatusCode)
				var body struct {
					JSONRPC string `json:"jsonrpc"`
					ID      any    `json:"id"`
					Error   struct {
						Code    int    `json:"code"`
						Message string `json:"message"`
					} `json:"error"`
				}
				require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
				assert.Equal(t, "2.0", body.JSONRPC)
				assert.Nil(t, body.ID)
				assert.Equal(t, -32600, body.Error.Code)
				assert.Contains(t, body.Error.Message, tc.name+" header")
				assert.Contains(t, body.Error.Message, fmt.Sprint(want)+" bytes")
				assert.Contains(t, body.Error.Message, "--max-credential-bytes")
				assert.NotContains(t, body.Error.Message, over[:32])

				c := connect(t, tc.url, headerMap(tc.header(atLimit)))
				assert.Equal(t, "tenant "+tc.tenant(atLimit), callText(t, c, "whoami", nil))
			})
		}
	}
}

func headerMap(hs []header) map[string]string {
	m := map[string]string{}
	for _, h := range hs {
		m[h.name] = h.value
	}
	return m
}
