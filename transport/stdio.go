// Package transport serves an MCP server over stdio or streamable HTTP: the
// HTTP side adds the endpoint token, per-request HeyGen keys, Origin checks,
// body limits, /healthz and graceful shutdown.
package transport

import (
	"context"
	"errors"
	"io"
	"log/slog"

	"github.com/mark3labs/mcp-go/server"
)

// ServeStdio serves s over in/out until in reaches EOF or ctx is cancelled, and
// returns nil in both cases. Nothing but JSON-RPC is written to out: mcp-go's
// own error messages go to log at error level (stderr in the binary).
func ServeStdio(ctx context.Context, s *server.MCPServer, in io.Reader, out io.Writer, log *slog.Logger) error {
	if s == nil {
		return errors.New("transport: ServeStdio needs an MCP server, got nil")
	}
	if log == nil {
		log = slog.Default()
	}
	std := server.NewStdioServer(s)
	std.SetErrorLogger(slog.NewLogLogger(log.Handler(), slog.LevelError))
	err := std.Listen(ctx, in, out)
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
		return nil
	}
	return err
}
