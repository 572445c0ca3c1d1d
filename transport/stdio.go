// Package transport serves an MCP server over stdio or streamable HTTP: the
// HTTP side adds the endpoint token, per-request HeyGen keys, Origin checks,
// body limits, /healthz and graceful shutdown.
package transport

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"

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
	w := &closingWriter{w: out}
	// mcp-go v1.2.1 does not join its notification goroutine when Listen
	// returns, so a late notification could still write to out after we hand
	// it back to the caller (a data race the tests caught). Writes are
	// serialised here and dropped once ServeStdio has returned.
	defer w.close()
	err := std.Listen(ctx, newIDCheckingReader(in, w), w)
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
		return nil
	}
	return err
}

// closingWriter serialises writes and refuses them after close.
type closingWriter struct {
	mu     sync.Mutex
	w      io.Writer
	closed bool
}

func (c *closingWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return 0, io.ErrClosedPipe
	}
	return c.w.Write(p)
}

func (c *closingWriter) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
}
