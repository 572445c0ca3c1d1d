package faults_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/internal/app"
	"github.com/heygen-mcp/heygen-mcp/tools"
	"github.com/heygen-mcp/heygen-mcp/transport"
)

// waitForURL reads the MCP URL from the server's "serving MCP" log line.
func waitForURL(t *testing.T, logs *syncBuffer) string {
	t.Helper()
	re := regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+/mcp)`)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(logs.String()); m != nil {
			return m[1]
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("the server never said where it listens; logs:\n%s", logs.String())
	return ""
}

const (
	accessToken = "hgat_LEAKCANARY_2d8f6b0a3c5e7914_token"
	wrongToken  = "hgat_LEAKCANARY_0f9e8d7c6b5a4321_wrong"
)

// TestSecretsAccessTokenHTTP runs the real entry point (app.Main) over HTTP
// with an endpoint token, the server's own key and debug logs, and lets a
// client bring a HeyGen OAuth access token in X-HeyGen-Access-Token. It checks the token, not the server's own key, is
// what reaches HeyGen (as Authorization: Bearer), that HeyGen echoing the
// token in every error shape and a rejected token leak nothing, and greps
// every log line and everything a client was shown for each secret.
func TestSecretsAccessTokenHTTP(t *testing.T) {
	s := sim.New(sim.WithAPIKeys(apiKey), sim.WithAccessTokens(accessToken), sim.WithSeed(5))
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", s))
	heygenTS := httptest.NewServer(mux)
	defer heygenTS.Close()

	// The real entry point, over HTTP on a free port, logging at debug level.
	logs := &syncBuffer{}
	env := map[string]string{"HEYGEN_API_KEY": apiKey, "HEYGEN_BASE_URL": heygenTS.URL + "/api",
		"HEYGEN_MCP_AUTH_TOKEN": endpointToken}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- app.Main(ctx, []string{"--transport", "http", "--addr", "127.0.0.1:0", "--log-level", "debug"},
			func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, logs)
	}()
	defer func() {
		cancel()
		assert.Equal(t, 0, <-done)
	}()
	url := waitForURL(t, logs)

	seen := &strings.Builder{}
	connect := func(token string) *client.Client {
		t.Helper()
		return mcptest.ConnectHTTP(t, url, map[string]string{
			"Authorization": "Bearer " + endpointToken, transport.HeaderAccessToken: token})
	}
	call := func(c *client.Client, name string, args map[string]any) *mcp.CallToolResult {
		t.Helper()
		req := mcp.CallToolRequest{}
		req.Params.Name, req.Params.Arguments = name, args
		res, err := c.CallTool(context.Background(), req)
		require.NoError(t, err)
		raw, _ := json.Marshal(res)
		fmt.Fprintf(seen, "%s: %s\n", name, raw)
		return res
	}

	// The token is what HeyGen sees, not the server's HEYGEN_API_KEY.
	c := connect(accessToken)
	s.ResetRequests()
	res := call(c, "get_account", nil)
	require.False(t, res.IsError, "%v", res.Content)
	reqs := s.Requests()
	require.NotEmpty(t, reqs)
	for _, r := range reqs {
		assert.Equal(t, "set", r.Header.Get("Authorization"), "the token travels as Authorization: Bearer")
		assert.Empty(t, r.Header.Get("X-Api-Key"), "the server's own key is not used for a token")
	}

	// HeyGen echoing the token in every error shape.
	echo := `{"error":{"code":"unauthorized","message":"token ` + accessToken + ` expired","param":"` + accessToken + `"}}`
	for _, f := range []sim.Fault{
		{Path: "/v3/*", Status: 400, Body: echo},
		{Path: "/v3/*", Status: 401, Body: echo},
		{Path: "/v3/*", Status: 200, Body: `{"data":` + accessToken},
		{Path: "/v3/*", Status: 403, ContentType: "text/html", Body: "<html>Bearer " + accessToken + "</html>"},
	} {
		remove := s.InjectFault(f)
		for _, tc := range []struct {
			name string
			args map[string]any
		}{
			{"get_account", nil},
			{"create_video", map[string]any{"prompt": "p"}},
			{"get_session", map[string]any{"session_id": accessToken}},
		} {
			assert.True(t, call(c, tc.name, tc.args).IsError, "%s under %d", tc.name, f.Status)
		}
		remove()
	}

	// A token HeyGen rejects: a 401 tool error that says what to do.
	bad := call(connect(wrongToken), "get_account", nil)
	require.True(t, bad.IsError)
	info, ok := tools.ErrorInfoOf(bad)
	require.True(t, ok)
	assert.Equal(t, 401, info.HTTPStatus)
	assert.Contains(t, bad.Content[0].(mcp.TextContent).Text, "access token")

	// Two credentials: refused by the transport, naming the headers only.
	both, err := http.NewRequest(http.MethodPost, url, strings.NewReader(`{}`))
	require.NoError(t, err)
	both.Header.Set("Authorization", "Bearer "+endpointToken)
	both.Header.Set("X-Api-Key", apiKey)
	both.Header.Set(transport.HeaderAccessToken, accessToken)
	resp, err := http.DefaultClient.Do(both)
	require.NoError(t, err)
	var body map[string]string
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, "ambiguous_credentials", body["error"])
	fmt.Fprintf(seen, "ambiguous: %v\n", body)

	require.NotEmpty(t, logs.String())
	for name, text := range map[string]string{"server logs": logs.String(), "client-visible output": seen.String()} {
		for _, secret := range []string{accessToken, wrongToken, apiKey, endpointToken} {
			if i := strings.Index(text, secret); i >= 0 {
				t.Errorf("%s leak a secret (%.12s...): ...%s", name, secret, text[max(0, i-200):i])
			}
		}
	}
}
