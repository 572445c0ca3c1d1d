package tools

import (
	"context"
	"log/slog"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// progress sends notifications/progress for a call whose caller gave a
// progress token (params._meta.progressToken); without one it does nothing.
// MCP requires each value to be larger than the one before, which progress
// keeps: send drops a value that is not, keepAlive nudges it up.
type progress struct {
	ctx   context.Context
	srv   *server.MCPServer
	token mcp.ProgressToken
	log   *slog.Logger

	mu   sync.Mutex
	last float64
	sent bool
}

func (d Deps) newProgress(ctx context.Context) *progress {
	return &progress{ctx: ctx, srv: server.ServerFromContext(ctx), token: progressTokenFrom(ctx), log: d.logger()}
}

// send reports value out of total (0 = total unknown) unless it does not
// increase.
func (p *progress) send(value, total float64, message string) {
	if p.srv == nil || p.token == nil {
		return
	}
	p.mu.Lock()
	if p.sent && value <= p.last {
		p.mu.Unlock()
		return
	}
	p.sent, p.last = true, value
	p.mu.Unlock()
	params := map[string]any{"progressToken": p.token, "progress": value, "message": message}
	if total > 0 {
		params["total"] = total
	}
	// Best effort: a client that went away must not fail the call.
	if err := p.srv.SendNotificationToClient(p.ctx, string(mcp.MethodNotificationProgress), params); err != nil {
		p.log.Debug("progress notification not sent", "err", err)
	}
}

// keepAlive is send for a value that may repeat (a poll without change): it
// is nudged up by a thousandth, so clients that reset their timeout on
// progress hear from every poll, until total is reached.
func (p *progress) keepAlive(value, total float64, message string) {
	p.mu.Lock()
	if p.sent && value <= p.last {
		value = min(p.last+0.001, total)
	}
	p.mu.Unlock()
	p.send(value, total, message)
}
