package app

import (
	"bytes"
	"context"
	"net"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/internal/creds"
)

func TestRedisURLSettingIsCheckedAndNamed(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--transport", "http", "--redis-url", "http://x:1"}, nil, "redis:// or rediss://"},
		{[]string{"--transport", "http"}, map[string]string{"HEYGEN_MCP_REDIS_URL": "redis://h:notaport"}, "not a valid Redis URL"},
		{[]string{"--redis-url", "redis://127.0.0.1:6379"}, nil, "--transport http"},
		{[]string{"--transport", "http", "--sandbox", "--redis-url", "redis://127.0.0.1:6379"}, nil, "--sandbox"},
	} {
		_, err := ParseConfig(c.args, env(c.env))
		require.Error(t, err, "%v %v", c.args, c.env)
		assert.Contains(t, err.Error(), "--redis-url / HEYGEN_MCP_REDIS_URL", c.args)
		assert.Contains(t, err.Error(), c.want, c.args)
	}
	cfg, err := ParseConfig([]string{"--transport", "http"}, env(map[string]string{"HEYGEN_MCP_REDIS_URL": "redis://127.0.0.1:6379/0"}))
	require.NoError(t, err)
	assert.Equal(t, "redis://127.0.0.1:6379/0", cfg.RedisURL, "the environment is read when no flag is given")
	cfg, err = ParseConfig([]string{"--transport", "http", "--redis-url", "redis://a:1"}, env(map[string]string{"HEYGEN_MCP_REDIS_URL": "redis://b:2"}))
	require.NoError(t, err)
	assert.Equal(t, "redis://a:1", cfg.RedisURL, "the flag wins")
}

// TestUnreachableRedisStopsStartWithoutPassword: set but down means exit 1
// at start, naming the setting and the host, never the password.
func TestUnreachableRedisStopsStartWithoutPassword(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	var stderr bytes.Buffer
	code := Main(context.Background(), []string{"--transport", "http", "--addr", "127.0.0.1:0"},
		env(map[string]string{"HEYGEN_API_KEY": "sk-x", "HEYGEN_MCP_REDIS_URL": "redis://:pa55-word-x@" + addr + "/0"}),
		nil, &bytes.Buffer{}, &stderr)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr.String(), "--redis-url / HEYGEN_MCP_REDIS_URL")
	assert.Contains(t, stderr.String(), addr)
	assert.NotContains(t, stderr.String(), "pa55-word-x")
}

// TestRedisSharesSessionsListAndHub: two servers on one Redis; a session
// recorded on one appears in the other's list, and the hub is the shared one.
func TestRedisSharesSessionsListAndHub(t *testing.T) {
	mr := miniredis.RunT(t)
	start := func() *Server {
		cfg, err := ParseConfig([]string{"--transport", "http", "--redis-url", "redis://" + mr.Addr()},
			env(map[string]string{"HEYGEN_API_KEY": "sk-x"}))
		require.NoError(t, err)
		s, err := NewServer(cfg, quiet())
		require.NoError(t, err)
		t.Cleanup(s.Close)
		return s
	}
	a, b := start(), start()
	require.NotNil(t, a.Redis)
	assert.NotNil(t, a.httpOptions().EventStore, "resumable streams are kept in Redis")

	tenant := creds.Tenant("sk-x")
	add, stop, err := shareSessions(a.Redis, a.Sessions, quiet())
	require.NoError(t, err)
	defer stop()
	add(context.Background(), tenant, "sess_shared")
	assert.True(t, a.Sessions.Has(tenant, "sess_shared"))
	require.Eventually(t, func() bool { return b.Sessions.Has(tenant, "sess_shared") }, 30*time.Second, 5*time.Millisecond,
		"replica b lists the session created through replica a") // liveness bound only
}
