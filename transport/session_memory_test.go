package transport_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/transport"
)

// liveHeap is the heap still reachable after two collections.
func liveHeap() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// A stateful session must not grow the server with every streamed call.
// mcp-go v1.2.1 kept each streamed POST's resumable stream in a map until the
// session ended (≈ 0.6 KB per call in the soak); the patch in
// third_party/mcp-go drops a request stream once its response is recorded.
// The bound is a size, not a time: the unpatched module grows by about 300
// bytes per call here and the patched one by none, so 100 bytes per call is
// far from both.
func TestStreamedCallsDoNotGrowASession(t *testing.T) {
	ts, _ := startHTTP(t, transport.HTTPOptions{AllowRequestKeys: true})
	c := connect(t, ts.URL+transport.MCPPath, nil)
	call := func(i int) {
		req := mcp.CallToolRequest{}
		req.Params.Name = "progress"
		req.Params.Arguments = map[string]any{"n": 1}
		// A progress token makes the server stream the reply (SSE), which is
		// what creates a resumable stream.
		req.Params.Meta = &mcp.Meta{ProgressToken: mcp.ProgressToken(i)}
		_, err := c.CallTool(context.Background(), req)
		require.NoError(t, err)
	}
	// Warm up past the event store's per-session bound (256 events) so only
	// per-call records can grow the heap after this point.
	for i := range 300 {
		call(i)
	}
	before := liveHeap()
	const calls = 1500
	for i := range calls {
		call(300 + i)
	}
	after := liveHeap()
	grew := int64(after) - int64(before)
	t.Logf("live heap %d -> %d bytes over %d streamed calls (%.0f bytes per call)", before, after, calls, float64(grew)/calls)
	require.Less(t, grew, int64(100*calls), "the session grows with every streamed call: mcp-go keeps a record per POST")
}
