package app

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSessionLimitsFlagsThenEnvironment(t *testing.T) {
	cfg, err := ParseConfig(nil, env(nil))
	require.NoError(t, err)
	assert.Zero(t, cfg.MaxSessions+cfg.MaxSessionsPerCredential+cfg.MaxSessionIDBytes, "0 = the transport's defaults")
	assert.Zero(t, cfg.SessionIdleTTL)

	e := env(map[string]string{"HEYGEN_MCP_MAX_SESSIONS": "200", "HEYGEN_MCP_MAX_SESSIONS_PER_CREDENTIAL": "20",
		"HEYGEN_MCP_MAX_SESSION_ID_BYTES": "64", "HEYGEN_MCP_SESSION_IDLE_TTL": "5m"})
	cfg, err = ParseConfig([]string{"--transport", "http"}, e)
	require.NoError(t, err)
	assert.Equal(t, 200, cfg.MaxSessions)
	assert.Equal(t, 20, cfg.MaxSessionsPerCredential)
	assert.Equal(t, 64, cfg.MaxSessionIDBytes)
	assert.Equal(t, 5*time.Minute, cfg.SessionIdleTTL)

	cfg, err = ParseConfig([]string{"--transport", "http", "--max-sessions", "300", "--max-sessions-per-credential", "30",
		"--max-session-id-bytes", "100", "--session-idle-ttl", "1h"}, e)
	require.NoError(t, err)
	assert.Equal(t, 300, cfg.MaxSessions, "a flag beats the environment")
	assert.Equal(t, 30, cfg.MaxSessionsPerCredential)
	assert.Equal(t, 100, cfg.MaxSessionIDBytes)
	assert.Equal(t, time.Hour, cfg.SessionIdleTTL)

	cfg.Sandbox = true
	srv, err := NewServer(cfg, nil)
	require.NoError(t, err)
	defer srv.Close()
	o := srv.httpOptions()
	assert.Equal(t, 300, o.MaxSessions)
	assert.Equal(t, 30, o.MaxSessionsPerCredential)
	assert.Equal(t, 100, o.MaxSessionIDBytes)
	assert.Equal(t, time.Hour, o.SessionIdleTTL)
}

func TestSessionLimitsErrorsNameTheSetting(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--max-sessions", "0"}, nil, "--max-sessions"},
		{[]string{"--max-sessions", "many"}, nil, "--max-sessions"},
		{nil, map[string]string{"HEYGEN_MCP_MAX_SESSIONS": "-3"}, "HEYGEN_MCP_MAX_SESSIONS"},
		{nil, map[string]string{"HEYGEN_MCP_MAX_SESSIONS_PER_CREDENTIAL": "x"}, "HEYGEN_MCP_MAX_SESSIONS_PER_CREDENTIAL"},
		{[]string{"--session-idle-ttl", "10ms"}, nil, "--session-idle-ttl"},
		{nil, map[string]string{"HEYGEN_MCP_SESSION_IDLE_TTL": "forever"}, "HEYGEN_MCP_SESSION_IDLE_TTL"},
		{[]string{"--transport", "http", "--max-session-id-bytes", "8"}, nil, "--max-session-id-bytes"},
	} {
		_, err := ParseConfig(tc.args, env(tc.env))
		require.Error(t, err, "%v %v", tc.args, tc.env)
		assert.Contains(t, err.Error(), tc.want)
	}
}
