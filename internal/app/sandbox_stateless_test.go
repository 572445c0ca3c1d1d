package app

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/transport"
)

// TestSandboxStatelessTenants: with --stateless there is no MCP session to
// give a keyless caller a tenant of its own. On a network address a keyless
// call is refused with how to name a tenant (before, every keyless caller
// shared one, and could list, read and stop the others' sessions); callers
// that send different X-Api-Key values are apart, the same value shares. On
// loopback keyless callers keep working, sharing the local tenant.
func TestSandboxStatelessTenants(t *testing.T) {
	t.Run("network address", func(t *testing.T) {
		const token = "stateless-tenants-token"
		cfg, err := ParseConfig([]string{"--transport", "http", "--sandbox", "--stateless", "--addr", "0.0.0.0:8080"},
			env(map[string]string{"HEYGEN_MCP_AUTH_TOKEN": token}))
		require.NoError(t, err)
		s, err := NewServer(cfg, quiet())
		require.NoError(t, err)
		t.Cleanup(s.Close)
		o := s.httpOptions()
		o.Addr = "" // no listener: serve through httptest
		h, shutdown, err := transport.NewHTTPHandler(s.MCP, o)
		require.NoError(t, err)
		ts := httptest.NewServer(h)
		t.Cleanup(func() {
			_ = shutdown(context.Background())
			ts.Close()
		})
		url := ts.URL + transport.MCPPath
		headers := func(key string) map[string]string {
			h := map[string]string{"Authorization": "Bearer " + token}
			if key != "" {
				h[transport.HeaderAPIKey] = key
			}
			return h
		}
		keyless := mcptest.ConnectHTTP(t, url, headers(""))
		out, isErr := toolJSON(t, keyless, "list_sessions", nil)
		require.True(t, isErr, "a keyless stateless call on a network address: %s", out)
		assert.Contains(t, out, "X-Api-Key")
		assert.Contains(t, out, "any value")

		alice := mcptest.ConnectHTTP(t, url, headers("sandbox-alice"))
		bob := mcptest.ConnectHTTP(t, url, headers("sandbox-bob"))
		sid := createVideo(t, alice)
		list, isErr := toolJSON(t, alice, "list_sessions", nil)
		require.False(t, isErr, list)
		assert.Contains(t, list, sid, "the creator lists its session")
		list, isErr = toolJSON(t, bob, "list_sessions", nil)
		require.False(t, isErr, list)
		assert.NotContains(t, list, sid, "another key lists the creator's session")
		got, isErr := toolJSON(t, bob, "get_session", map[string]any{"session_id": sid})
		assert.True(t, isErr, "another key reads the creator's session: %s", got)
		got, isErr = toolJSON(t, bob, "stop_session", map[string]any{"session_id": sid})
		assert.True(t, isErr, "another key stops the creator's session: %s", got)
		alice2 := mcptest.ConnectHTTP(t, url, headers("sandbox-alice"))
		list, isErr = toolJSON(t, alice2, "list_sessions", nil)
		require.False(t, isErr, list)
		assert.Contains(t, list, sid, "the same key shares its tenant")
	})
	t.Run("loopback", func(t *testing.T) {
		url := sandboxHTTP(t, "--stateless", "--addr", "127.0.0.1:8080")
		a := mcptest.ConnectHTTP(t, url, nil)
		b := mcptest.ConnectHTTP(t, url, nil)
		sid := createVideo(t, a)
		list, isErr := toolJSON(t, b, "list_sessions", nil)
		require.False(t, isErr, list)
		assert.Contains(t, list, sid, "keyless local callers share the local tenant, as documented")
	})
}
