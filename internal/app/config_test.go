package app

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParseConfigDefaults(t *testing.T) {
	cfg, err := ParseConfig(nil, env(nil))
	require.NoError(t, err)
	assert.Equal(t, DefaultBaseURL, cfg.BaseURL)
	assert.Equal(t, "stdio", cfg.Transport)
	assert.Equal(t, DefaultAddr, cfg.Addr)
	assert.Equal(t, "info", cfg.LogLevel)
	assert.False(t, cfg.ReadOnly || cfg.Sandbox || cfg.Stateless)
}

func TestParseConfigEnvThenFlags(t *testing.T) {
	e := env(map[string]string{
		"HEYGEN_API_KEY": "sk-env", "HEYGEN_BASE_URL": "http://127.0.0.1:9/api", "HEYGEN_MCP_TRANSPORT": "http",
		"HEYGEN_MCP_ADDR": "0.0.0.0:9000", "HEYGEN_LOG_LEVEL": "debug", "HEYGEN_SANDBOX": "1", "HEYGEN_MCP_AUTH_TOKEN": "tok",
		"HEYGEN_WEBHOOK_SECRET": "whsec", "HEYGEN_MCP_ALLOWED_ORIGINS": "https://a.example, https://b.example",
	})
	cfg, err := ParseConfig(nil, e)
	require.NoError(t, err)
	assert.Equal(t, "sk-env", cfg.APIKey)
	assert.Equal(t, "http://127.0.0.1:9/api", cfg.BaseURL)
	assert.Equal(t, "http", cfg.Transport)
	assert.Equal(t, "0.0.0.0:9000", cfg.Addr)
	assert.Equal(t, "debug", cfg.LogLevel)
	assert.True(t, cfg.Sandbox)
	assert.Equal(t, "tok", cfg.AuthToken)
	assert.Equal(t, "whsec", cfg.WebhookSecret)
	assert.Equal(t, []string{"https://a.example", "https://b.example"}, cfg.AllowedOrigins)

	cfg, err = ParseConfig([]string{"--base-url", "https://flag.example", "--transport", "stdio", "--addr", "127.0.0.1:1",
		"--log-level", "warn", "--sandbox=false", "--read-only", "--stateless", "--allowed-origins", "https://c.example",
		"--public-url", "https://mcp.example", "--sandbox-speed", "5", "--allow-dir", "/tmp/a", "--allow-dir", "/tmp/b"}, e)
	require.NoError(t, err)
	assert.Equal(t, "https://flag.example", cfg.BaseURL)
	assert.Equal(t, "stdio", cfg.Transport)
	assert.Equal(t, "127.0.0.1:1", cfg.Addr)
	assert.Equal(t, "warn", cfg.LogLevel)
	assert.False(t, cfg.Sandbox, "a flag beats the environment")
	assert.True(t, cfg.ReadOnly)
	assert.True(t, cfg.Stateless)
	assert.Equal(t, []string{"https://c.example"}, cfg.AllowedOrigins)
	assert.Equal(t, "https://mcp.example", cfg.PublicURL)
	assert.Equal(t, 5.0, cfg.SandboxSpeed)
	assert.Equal(t, []string{"/tmp/a", "/tmp/b"}, cfg.AllowDirs)
}

func TestParseConfigErrorsNameTheSetting(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--api-key", "sk"}, nil, "HEYGEN_API_KEY environment variable only"},
		{[]string{"--api-key=sk"}, nil, "HEYGEN_API_KEY environment variable only"},
		{[]string{"--transport", "sse"}, nil, "--transport"},
		{nil, map[string]string{"HEYGEN_MCP_TRANSPORT": "grpc"}, "HEYGEN_MCP_TRANSPORT"},
		{[]string{"--base-url", "ftp://x"}, nil, "--base-url"},
		{[]string{"--base-url", "https://user:pw@api.heygen.com"}, nil, "credentials"},
		{[]string{"--transport", "http", "--addr", "8080"}, nil, "--addr"},
		{[]string{"--log-level", "loud"}, nil, "--log-level"},
		{nil, map[string]string{"HEYGEN_SANDBOX": "maybe"}, "HEYGEN_SANDBOX"},
		{[]string{"--sandbox-speed", "-1"}, nil, "--sandbox-speed"},
		{[]string{"--public-url", "mcp.example.com"}, nil, "--public-url"},
		{[]string{"--bogus"}, nil, "bogus"},
		{[]string{"serve"}, nil, `unexpected argument "serve"`},
	}
	for _, tc := range cases {
		_, err := ParseConfig(tc.args, env(tc.env))
		require.Error(t, err, "%v %v", tc.args, tc.env)
		assert.Contains(t, err.Error(), tc.want)
		assert.NotContains(t, err.Error(), "sk-")
	}
}

func TestParseConfigHelpAndVersion(t *testing.T) {
	cfg, err := ParseConfig([]string{"--help"}, env(nil))
	require.NoError(t, err)
	assert.True(t, cfg.ShowHelp)
	cfg, err = ParseConfig([]string{"--version"}, env(nil))
	require.NoError(t, err)
	assert.True(t, cfg.ShowVersion)
}
