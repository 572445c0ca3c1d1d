// Package mcptest connects an mcp-go client to an MCP server for tests: it
// builds the client (in-process, streamable HTTP, or over any transport),
// starts it, runs the initialize handshake, fails the test on any error, and
// closes the client when the test ends.
//
//	c := mcptest.Connect(t, srv)                                   // in-process
//	c := mcptest.ConnectHTTP(t, url, map[string]string{"X-Api-Key": key})
//	c := mcptest.ConnectTransport(t, tr, mcptest.Protocol("2025-06-18"))
//
// The default protocol is 2025-11-25 (mcp.LATEST_LEGACY_PROTOCOL_VERSION, the
// initialize handshake today's clients speak); Protocol("") leaves the choice
// to mcp-go, which tries 2026-07-28 first.
package mcptest

import (
	"context"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/require"
)

// Option changes how a client connects.
type Option func(*config)

type config struct {
	ctx         context.Context
	protocol    string
	name        string
	clientOpts  []client.ClientOption
	httpOpts    []transport.StreamableHTTPCOption
	onNote      []func(mcp.JSONRPCNotification)
	result      **mcp.InitializeResult
	diagnostics func() string
}

// Protocol is the version the client asks for; "" lets mcp-go choose.
func Protocol(version string) Option { return func(c *config) { c.protocol = version } }

// Name is the clientInfo name sent in initialize (default "mcptest").
func Name(name string) Option { return func(c *config) { c.name = name } }

// Context is the context Start and Initialize run with (default
// context.Background()); in-process, the server registers the session with it.
func Context(ctx context.Context) Option { return func(c *config) { c.ctx = ctx } }

// ClientOptions are passed to the mcp-go client: roots, elicitation or
// sampling handlers, client capabilities, client.WithLegacyProtocolOnly().
func ClientOptions(opts ...client.ClientOption) Option {
	return func(c *config) { c.clientOpts = append(c.clientOpts, opts...) }
}

// HTTPOptions are passed to the streamable HTTP transport (ConnectHTTP only).
func HTTPOptions(opts ...transport.StreamableHTTPCOption) Option {
	return func(c *config) { c.httpOpts = append(c.httpOpts, opts...) }
}

// OnNotification registers fn before the client starts, so no notification
// sent during or right after initialize is missed.
func OnNotification(fn func(mcp.JSONRPCNotification)) Option {
	return func(c *config) { c.onNote = append(c.onNote, fn) }
}

// Result stores the server's initialize result in *res.
func Result(res **mcp.InitializeResult) Option { return func(c *config) { c.result = res } }

// Diagnostics adds what it returns (e.g. the server's stderr) to the failure
// message when start or initialize fails.
func Diagnostics(fn func() string) Option { return func(c *config) { c.diagnostics = fn } }

func newConfig(opts []Option) *config {
	c := &config{ctx: context.Background(), protocol: mcp.LATEST_LEGACY_PROTOCOL_VERSION, name: "mcptest"}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Connect connects an in-process client to srv and initializes it.
func Connect(t testing.TB, srv *server.MCPServer, opts ...Option) *client.Client {
	t.Helper()
	cfg := newConfig(opts)
	c, err := client.NewInProcessClientWithOptions(srv, cfg.clientOpts...)
	require.NoError(t, err)
	return cfg.start(t, c)
}

// ConnectHTTP connects a streamable HTTP client to url, sending headers (may
// be nil) on every request, and initializes it.
func ConnectHTTP(t testing.TB, url string, headers map[string]string, opts ...Option) *client.Client {
	t.Helper()
	cfg := newConfig(opts)
	httpOpts := append([]transport.StreamableHTTPCOption{transport.WithHTTPHeaders(headers)}, cfg.httpOpts...)
	tr, err := transport.NewStreamableHTTP(url, httpOpts...)
	require.NoError(t, err)
	clientOpts := cfg.clientOpts
	if tr.GetSessionId() != "" { // as client.NewStreamableHttpClient does for transport.WithSession
		clientOpts = append([]client.ClientOption{client.WithSession()}, clientOpts...)
	}
	return cfg.start(t, client.NewClient(tr, clientOpts...))
}

// ConnectTransport connects a client over tr (e.g. transport.NewIO on a child
// process's pipes) and initializes it.
func ConnectTransport(t testing.TB, tr transport.Interface, opts ...Option) *client.Client {
	t.Helper()
	cfg := newConfig(opts)
	return cfg.start(t, client.NewClient(tr, cfg.clientOpts...))
}

func (cfg *config) start(t testing.TB, c *client.Client) *client.Client {
	t.Helper()
	for _, fn := range cfg.onNote {
		c.OnNotification(fn)
	}
	require.NoError(t, c.Start(cfg.ctx), "start%s", cfg.diag())
	t.Cleanup(func() { _ = c.Close() })
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = cfg.protocol
	init.Params.ClientInfo = mcp.Implementation{Name: cfg.name, Version: "0"}
	res, err := c.Initialize(cfg.ctx, init)
	require.NoError(t, err, "initialize%s", cfg.diag())
	if cfg.result != nil {
		*cfg.result = res
	}
	return c
}

func (cfg *config) diag() string {
	if cfg.diagnostics == nil {
		return ""
	}
	return "; " + cfg.diagnostics()
}
