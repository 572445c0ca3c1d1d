package app

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	clienttransport "github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/transport"
)

func TestHTTPLimitsConfig(t *testing.T) {
	cfg, err := ParseConfig(nil, env(nil))
	require.NoError(t, err)
	assert.Equal(t, transport.DefaultBodyReadTimeout, cfg.BodyReadTimeout)
	assert.Equal(t, transport.DefaultMaxCredentialBytes, cfg.MaxCredentialBytes)

	cfg, err = ParseConfig(nil, env(map[string]string{"HEYGEN_MCP_BODY_READ_TIMEOUT": "5s", "HEYGEN_MCP_MAX_CREDENTIAL_BYTES": "100"}))
	require.NoError(t, err)
	assert.Equal(t, 5*time.Second, cfg.BodyReadTimeout)
	assert.Equal(t, 100, cfg.MaxCredentialBytes)

	cfg, err = ParseConfig([]string{"--body-read-timeout", "2s", "--max-credential-bytes", "300"},
		env(map[string]string{"HEYGEN_MCP_BODY_READ_TIMEOUT": "5s", "HEYGEN_MCP_MAX_CREDENTIAL_BYTES": "100"}))
	require.NoError(t, err, "flags win")
	assert.Equal(t, 2*time.Second, cfg.BodyReadTimeout)
	assert.Equal(t, 300, cfg.MaxCredentialBytes)

	for _, bad := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--body-read-timeout", "0s"}, nil, "--body-read-timeout"},
		{[]string{"--body-read-timeout", "soon"}, nil, "--body-read-timeout"},
		{nil, map[string]string{"HEYGEN_MCP_BODY_READ_TIMEOUT": "-1s"}, "HEYGEN_MCP_BODY_READ_TIMEOUT"},
		{[]string{"--max-credential-bytes", "0"}, nil, "--max-credential-bytes"},
		{nil, map[string]string{"HEYGEN_MCP_MAX_CREDENTIAL_BYTES": "lots"}, "HEYGEN_MCP_MAX_CREDENTIAL_BYTES"},
	} {
		_, err := ParseConfig(bad.args, env(bad.env))
		require.Error(t, err, "%v %v", bad.args, bad.env)
		assert.Contains(t, err.Error(), bad.want)
	}
}

// TestOverlongKeyIsKeptNowhere: in the sandbox over HTTP, a key one byte over
// --max-credential-bytes is refused at initialize and adds no pooled client
// (nor, behind it, a simulated tenant); a key at the limit is served.
func TestOverlongKeyIsKeptNowhere(t *testing.T) {
	const limit = 64
	cfg, err := ParseConfig([]string{"--transport", "http", "--sandbox", "--max-credential-bytes", "64"}, env(nil))
	require.NoError(t, err)
	s, err := NewServer(cfg, quiet())
	require.NoError(t, err)
	defer s.Close()
	o := s.httpOptions()
	o.Addr = "" // no listener: serve through httptest
	h, shutdown, err := transport.NewHTTPHandler(s.MCP, o)
	require.NoError(t, err)
	defer func() { _ = shutdown(context.Background()) }()
	ts := httptest.NewServer(h)
	defer ts.Close()
	url := ts.URL + transport.MCPPath

	getAccount := func(c *client.Client) error {
		req := mcp.CallToolRequest{}
		req.Params.Name = "get_account"
		_, err := c.CallTool(context.Background(), req)
		return err
	}
	ok := mcptest.ConnectHTTP(t, url, map[string]string{transport.HeaderAPIKey: strings.Repeat("a", limit)})
	require.NoError(t, getAccount(ok))
	before := s.Pool.Len()
	require.Positive(t, before)

	tr, err := clienttransport.NewStreamableHTTP(url,
		clienttransport.WithHTTPHeaders(map[string]string{transport.HeaderAPIKey: strings.Repeat("b", limit+1)}))
	require.NoError(t, err)
	c := client.NewClient(tr)
	defer func() { _ = c.Close() }()
	require.NoError(t, c.Start(context.Background()))
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "overlong", Version: "1"}
	_, initErr := c.Initialize(context.Background(), init)
	if initErr == nil {
		_ = getAccount(c)
	}
	assert.Error(t, initErr, "an over-long key is refused at initialize")
	assert.Equal(t, before, s.Pool.Len(), "no pooled client for the refused key")
}
