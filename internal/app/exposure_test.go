package app

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAllowDirOnOpenAddressNeedsToken: with --allow-dir, a non-loopback
// address without an endpoint token is a bad setting (exit 2) even when
// callers must bring their own key; loopback or a token is accepted.
func TestAllowDirOnOpenAddressNeedsToken(t *testing.T) {
	dir := t.TempDir()
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.168.1.5:0", "box.lan:0"} {
		t.Run("refused "+addr, func(t *testing.T) {
			// Cancelled, so that a server that wrongly starts stops at once.
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var out, errb bytes.Buffer
			code := Main(ctx, []string{"--transport", "http", "--addr", addr, "--allow-dir", dir},
				env(nil), strings.NewReader(""), &out, &errb)
			assert.Equal(t, 2, code)
			for _, want := range []string{"--allow-dir", "HEYGEN_MCP_AUTH_TOKEN", "127.0.0.1", "download_video"} {
				assert.Contains(t, errb.String(), want)
			}
		})
	}
	for name, tc := range map[string]struct {
		args []string
		env  map[string]string
	}{
		"loopback":           {[]string{"--addr", "127.0.0.1:8080", "--allow-dir", dir}, nil},
		"localhost":          {[]string{"--addr", "localhost:8080", "--allow-dir", dir}, nil},
		"v6 loopback":        {[]string{"--addr", "[::1]:8080", "--allow-dir", dir}, nil},
		"token":              {[]string{"--addr", "0.0.0.0:8080", "--allow-dir", dir}, map[string]string{"HEYGEN_MCP_AUTH_TOKEN": "tok"}},
		"no allow-dir":       {[]string{"--addr", "0.0.0.0:8080"}, nil},
		"stdio ignores addr": {[]string{"--transport", "stdio", "--addr", "0.0.0.0:8080", "--allow-dir", dir}, nil},
	} {
		t.Run("accepted "+name, func(t *testing.T) {
			args := append([]string{"--transport", "http"}, tc.args...)
			_, err := ParseConfig(args, env(tc.env))
			assert.NoError(t, err)
		})
	}
	// The other exposure rules still come first: a server key on 0.0.0.0.
	_, err := ParseConfig([]string{"--transport", "http", "--addr", "0.0.0.0:8080", "--allow-dir", dir},
		env(map[string]string{"HEYGEN_API_KEY": "sk-x"}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "HEYGEN_API_KEY")
}
