package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/internal/webhook"
	"github.com/heygen-mcp/heygen-mcp/transport"
)

func TestWebhookRouteMountedOnlyWithPublicURL(t *testing.T) {
	cfg, err := ParseConfig([]string{"--transport", "http", "--public-url", "https://mcp.example.com"},
		env(map[string]string{"HEYGEN_API_KEY": "sk-x", "HEYGEN_WEBHOOK_SECRET": "whsec-1"}))
	require.NoError(t, err)
	s, err := NewServer(cfg, quiet())
	require.NoError(t, err)
	defer s.Close()
	require.NotNil(t, s.Webhook)
	o := s.httpOptions()
	o.Addr = "" // no listener: serve through httptest
	h, shutdown, err := transport.NewHTTPHandler(s.MCP, o)
	require.NoError(t, err)
	defer func() { _ = shutdown(context.Background()) }()
	ts := httptest.NewServer(h)
	defer ts.Close()
	resp, err := http.Post(ts.URL+webhook.Path, "application/json", strings.NewReader(`{"event_type":"video_agent.completed","event_data":{"session_id":"s_1","callback_id":"forged"}}`))
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the receiver answers (and refuses a forged delivery)")

	// stdio, the sandbox, or no public URL: no receiver.
	for _, args := range [][]string{{"--public-url", "https://mcp.example.com"}, {"--transport", "http"},
		{"--transport", "http", "--sandbox", "--public-url", "https://mcp.example.com"}} {
		cfg, err := ParseConfig(args, env(map[string]string{"HEYGEN_API_KEY": "sk-x"}))
		require.NoError(t, err)
		s, err := NewServer(cfg, quiet())
		require.NoError(t, err)
		assert.Nil(t, s.Webhook, "%v", args)
		assert.NotContains(t, s.routes(), webhook.Path, "%v", args)
		s.Close()
	}
}

func TestCallbackSecret(t *testing.T) {
	a, err := callbackSecret("whsec-1")
	require.NoError(t, err)
	b, err := callbackSecret("whsec-1")
	require.NoError(t, err)
	assert.Equal(t, a, b, "derived: stable across restarts and replicas")
	assert.NotContains(t, string(a), "whsec-1")
	r1, err := callbackSecret("")
	require.NoError(t, err)
	r2, err := callbackSecret("")
	require.NoError(t, err)
	assert.Len(t, r1, 32)
	assert.NotEqual(t, r1, r2, "random per process without HEYGEN_WEBHOOK_SECRET")
}

func TestPublicURLValidation(t *testing.T) {
	for _, ok := range []string{"https://mcp.example.com", "https://mcp.example.com/prefix", "http://localhost:8080", "http://127.0.0.1:9", "http://[::1]:8080"} {
		_, err := ParseConfig([]string{"--public-url", ok}, env(nil))
		assert.NoError(t, err, ok)
	}
	for _, bad := range []string{"http://mcp.example.com", "ftp://x", "mcp.example.com", "https://u:p@mcp.example.com", "https://mcp.example.com/?a=1"} {
		_, err := ParseConfig([]string{"--public-url", bad}, env(nil))
		require.Error(t, err, bad)
		assert.Contains(t, err.Error(), "--public-url", bad)
	}
}
