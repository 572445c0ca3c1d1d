package transport_test

import (
	"context"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/heygen-mcp/heygen-mcp/transport"
)

// benchSession is a session whose queue a writer goroutine drains, as the
// stdio and HTTP transports do.
type benchSession struct{ ch chan mcp.JSONRPCNotification }

func (s benchSession) Initialize()                                         {}
func (s benchSession) Initialized() bool                                   { return true }
func (s benchSession) NotificationChannel() chan<- mcp.JSONRPCNotification { return s.ch }
func (s benchSession) SessionID() string                                   { return "bench" }

// BenchmarkFlushNotifications measures what FlushNotifications adds to a tool
// call that queued three progress notifications: nothing without a progress
// token, the wait for the writer plus the fixed pause with one.
func BenchmarkFlushNotifications(b *testing.B) {
	sess := benchSession{ch: make(chan mcp.JSONRPCNotification, 16)}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-sess.ch:
			case <-done:
				return
			}
		}
	}()
	b.Cleanup(func() { close(done) })
	srv := server.NewMCPServer("bench", "0")
	ctx := srv.WithContext(context.Background(), sess)
	handler := transport.FlushNotifications(func(ctx context.Context, _ mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		for range 3 {
			sess.ch <- mcp.JSONRPCNotification{}
		}
		return mcp.NewToolResultText("done"), nil
	})
	for _, tc := range []struct {
		name  string
		token mcp.ProgressToken
	}{{"no progress token", nil}, {"progress token", "p1"}} {
		b.Run(tc.name, func(b *testing.B) {
			req := mcp.CallToolRequest{}
			if tc.token != nil {
				req.Params.Meta = &mcp.Meta{ProgressToken: tc.token}
			}
			for b.Loop() {
				if _, err := handler(ctx, req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
