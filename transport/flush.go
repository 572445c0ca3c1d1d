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

// FlushNotifications is a tool middleware that, over streamable HTTP and when
// the caller asked for progress, holds a tool's result until the
// notifications it queued have been written.
//
// mcp-go v1.2.1's HTTP transport can drop a notification its forwarder took
// off the session queue just as the handler returned: the response path runs
// first and the forwarder then finds the request done (mcp-go PR #969). The
// event store avoids that for 2025-11-25 sessions; the stateless and
// 2026-07-28 paths have none, and lost the final progress notification of
// most calls in our tests. Waiting until the queue is empty, then a few
// milliseconds, lets the forwarder finish its write.
func FlushNotifications(next server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		res, err := next(ctx, req)
		if req.Params.Meta == nil || req.Params.Meta.ProgressToken == nil {
			return res, err
		}
		cs, ok := server.ClientSessionFromContext(ctx).(server.SessionWithStreamableHTTPConfig)
		if !ok {
			return res, err // stdio writes notifications in order with the result
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
