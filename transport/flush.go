package transport

import (
	"context"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// flushPause is how long FlushNotifications lets a notification that the
// transport has already taken off the queue be written.
const flushPause = 5 * time.Millisecond

// FlushNotifications is a tool middleware that, when the caller asked for
// progress, holds a tool's result until the notifications it queued have been
// written.
//
// In mcp-go v1.2.1 notifications and results travel separately: a goroutine
// writes a session's queued notifications while the result is written by the
// request. Over streamable HTTP the forwarder can drop a notification it took
// off the queue just as the handler returned (mcp-go PR #969; the event store
// avoids that for 2025-11-25 sessions, the stateless and 2026-07-28 paths have
// none and lost the final progress notification of most calls in our tests).
// Over stdio the result overtook the last progress notification in 14 of 14
// quick waits, and the TypeScript SDK then reports a progress notification
// for an unknown token. Waiting until the queue is empty, then a few
// milliseconds, lets the writer finish first.
func FlushNotifications(next server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		res, err := next(ctx, req)
		if req.Params.Meta == nil || req.Params.Meta.ProgressToken == nil {
			return res, err
		}
		cs := server.ClientSessionFromContext(ctx)
		if cs == nil {
			return res, err
		}
		queue := cs.NotificationChannel()
		for range 50 {
			if len(queue) == 0 {
				break
			}
			time.Sleep(time.Millisecond)
		}
		time.Sleep(flushPause)
		return res, err
	}
}
