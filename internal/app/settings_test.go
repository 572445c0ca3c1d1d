package app

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBadSettingsExit2 is the README's promise: every bad flag or environment
// setting stops the server with exit code 2 and one message that names the
// setting and says what is valid.
func TestBadSettingsExit2(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want []string
	}{
		{"speed zero", []string{"--sandbox-speed", "0"}, nil, []string{"--sandbox-speed", "greater than 0 and at most 10000"}},
		{"speed too fast", []string{"--sandbox-speed", "10001"}, nil, []string{"--sandbox-speed", "greater than 0 and at most 10000"}},
		{"speed negative", []string{"--sandbox-speed=-1"}, nil, []string{"--sandbox-speed", "greater than 0 and at most 10000"}},
		{"speed not a number", []string{"--sandbox-speed", "fast"}, nil, []string{"--sandbox-speed", `"fast"`, "at most 10000"}},
		{"speed NaN", []string{"--sandbox-speed", "NaN"}, nil, []string{"--sandbox-speed", "at most 10000"}},
		{"speed Inf", []string{"--sandbox-speed", "+Inf"}, nil, []string{"--sandbox-speed", "at most 10000"}},
		{"speed env", nil, map[string]string{"HEYGEN_SANDBOX_SPEED": "0"}, []string{"HEYGEN_SANDBOX_SPEED", "greater than 0"}},
		{"bool flag", []string{"--read-only=maybe"}, nil, []string{`--read-only "maybe" must be true or false`}},
		{"bool env sandbox", nil, map[string]string{"HEYGEN_SANDBOX": "maybe"}, []string{"HEYGEN_SANDBOX", "1/true or 0/false"}},
		{"bool env read-only", nil, map[string]string{"HEYGEN_MCP_READ_ONLY": "yes please"}, []string{"HEYGEN_MCP_READ_ONLY", "1/true or 0/false"}},
		{"bool env stateless", nil, map[string]string{"HEYGEN_MCP_STATELESS": "2"}, []string{"HEYGEN_MCP_STATELESS", "1/true or 0/false"}},
		{"transport", []string{"--transport", "sse"}, nil, []string{"--transport", "stdio or http"}},
		{"transport env", nil, map[string]string{"HEYGEN_MCP_TRANSPORT": "grpc"}, []string{"HEYGEN_MCP_TRANSPORT", "stdio or http"}},
		{"flag without value", []string{"--transport"}, nil, []string{"--transport needs a value"}},
		{"unknown flag", []string{"--bogus"}, nil, []string{"unknown flag --bogus"}},
		{"stray argument", []string{"serve"}, nil, []string{`unexpected argument "serve"`}},
		{"api key flag", []string{"--api-key=sk-x"}, nil, []string{"HEYGEN_API_KEY environment variable only"}},
		{"addr without port", []string{"--transport", "http", "--addr", "8080"}, nil, []string{"--addr", "host:port"}},
		{"addr port out of range", []string{"--transport", "http", "--addr", "127.0.0.1:99999"}, nil, []string{"--addr", "port number from 0 to 65535"}},
		{"addr env", nil, map[string]string{"HEYGEN_MCP_TRANSPORT": "http", "HEYGEN_MCP_ADDR": "localhost:http-alt"}, []string{"HEYGEN_MCP_ADDR", "0 to 65535"}},
		{"log level", []string{"--log-level", "loud"}, nil, []string{"--log-level", "debug, info, warn or error"}},
		{"base url", []string{"--base-url", "ftp://x"}, nil, []string{"--base-url", "http(s) URL"}},
		{"public url", []string{"--public-url", "mcp.example.com"}, nil, []string{"--public-url", "https origin"}},
		{"allowed origin with a path", []string{"--transport", "http", "--allowed-origins", "https://app.example.com/x"}, nil, []string{"--allowed-origins", "scheme://host[:port]"}},
		{"allowed origin env", nil, map[string]string{"HEYGEN_MCP_TRANSPORT": "http", "HEYGEN_MCP_ALLOWED_ORIGINS": "app.example.com"}, []string{"HEYGEN_MCP_ALLOWED_ORIGINS", "scheme://host[:port]"}},
		{"empty allow-dir", []string{"--allow-dir", " "}, nil, []string{"--allow-dir must name a directory"}},
		{"exposed http with a key", []string{"--transport", "http", "--addr", "0.0.0.0:8080"}, map[string]string{"HEYGEN_API_KEY": "sk-secret"},
			[]string{"--addr", "HEYGEN_MCP_AUTH_TOKEN"}},
		{"exposed sandbox http", []string{"--transport", "http", "--addr", ":8080", "--sandbox"}, nil, []string{"--addr", "HEYGEN_MCP_AUTH_TOKEN"}},
		{"token with whitespace", []string{"--transport", "http"}, map[string]string{"HEYGEN_MCP_AUTH_TOKEN": "tok\n"}, []string{"HEYGEN_MCP_AUTH_TOKEN", "whitespace"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := Main(context.Background(), tc.args, env(tc.env), strings.NewReader(""), &out, &errb)
			assert.Equal(t, 2, code, "stderr: %s", errb.String())
			assert.Empty(t, out.String(), "nothing on stdout (the JSON-RPC stream)")
			msg := errb.String()
			assert.Equal(t, 1, strings.Count(msg, "heygen-mcp:"), "one message: %s", msg)
			assert.NotContains(t, msg, "Usage", "no usage dump on a bad setting")
			for _, w := range tc.want {
				assert.Contains(t, msg, w)
			}
			assert.NotContains(t, msg, "sk-secret")
		})
	}
}

func TestGoodSettingsStillParse(t *testing.T) {
	for _, args := range [][]string{
		{"--sandbox-speed", "10000"},
		{"--sandbox-speed", "0.5"},
		{"--addr", "127.0.0.1:0"},
		{"--allowed-origins", "*, https://app.example.com/, http://localhost:3000"},
		{"--transport", "http", "--addr", "0.0.0.0:8080"}, // no server key: every caller brings their own
		{"--read-only=false", "--sandbox=true"},
		{"--addr", "localhost:http-alt", "--allowed-origins", "app.example.com"}, // HTTP-only settings: stdio (and the demo) ignore them
	} {
		_, err := ParseConfig(args, env(nil))
		assert.NoError(t, err, "%v", args)
	}
	_, err := ParseConfig([]string{"--transport", "http", "--addr", "0.0.0.0:8080"},
		env(map[string]string{"HEYGEN_API_KEY": "sk-x", "HEYGEN_MCP_AUTH_TOKEN": "tok"}))
	assert.NoError(t, err, "an endpoint token makes any address fine")
	_, err = ParseConfig(nil, env(map[string]string{"HEYGEN_MCP_AUTH_TOKEN": " tok "}))
	assert.NoError(t, err, "the endpoint token only matters over HTTP")
}

func TestCheckAllowDirs(t *testing.T) {
	dir := t.TempDir()
	cfg, err := ParseConfig([]string{"--allow-dir", dir}, env(nil))
	require.NoError(t, err)
	assert.NoError(t, cfg.CheckAllowDirs())

	missing := filepath.Join(dir, "missing")
	cfg, err = ParseConfig([]string{"--allow-dir", missing}, env(nil))
	require.NoError(t, err, "ParseConfig does not look at the disk")
	err = cfg.CheckAllowDirs()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--allow-dir")
	assert.Contains(t, err.Error(), missing)
}

func TestFlagErrorPassesOtherErrorsThrough(t *testing.T) {
	assert.NoError(t, FlagError(nil))
	assert.EqualError(t, FlagError(assert.AnError), assert.AnError.Error())
}
