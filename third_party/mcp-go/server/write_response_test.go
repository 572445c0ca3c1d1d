package server

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

// heygen-mcp patch 3: writeJSONResponse writes the bytes json.Encoder would.
func TestWriteJSONResponseMatchesEncoder(t *testing.T) {
	results := []any{
		&mcp.CallToolResult{Content: []mcp.Content{mcp.NewTextContent("a <b> & \"c\"\n\u2028")},
			StructuredContent: map[string]any{"url": "https://x/y?a=1&b=<2>", "n": 1.5}},
		mcp.CallToolResult{Content: []mcp.Content{mcp.NewTextContent("x")}, IsError: true},
		&mcp.CallToolResult{Content: []mcp.Content{}, RawStructuredContent: json.RawMessage(` { "a" : [1, 2] , "h":"<&>" } `)},
		map[string]any{"other": "result <&>"},
	}
	for _, id := range []mcp.RequestId{mcp.NewRequestId(7), mcp.NewRequestId("id-<&>")} {
		for i, res := range results {
			resp := mcp.JSONRPCResponse{JSONRPC: mcp.JSONRPC_VERSION, ID: id, Result: res}
			var want, got bytes.Buffer
			if err := json.NewEncoder(&want).Encode(resp); err != nil {
				t.Fatal(err)
			}
			if err := writeJSONResponse(&got, resp); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("result %d, id %v:\n got %s\nwant %s", i, id, got.String(), want.String())
			}
		}
	}
}
