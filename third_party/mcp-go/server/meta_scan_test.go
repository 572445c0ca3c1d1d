package server

import (
	"encoding/json"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

// heygen-mcp patch 2: the scan may say "maybe" too often, never "no" for a
// message in which encoding/json finds params._meta.
func FuzzMayHaveMetaNeverMissesMeta(f *testing.F) {
	for _, seed := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":{"video_id":"v"}}}`,
		`{"params":{"_meta":{"progressToken":1}}}`,
		`{"params":{"_META":{}}}`,
		`{"PARAMS":{"_Meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}`,
		`{"params":{"\u005fmeta":{}}}`,
		`{"params":{"_me":1,"ta":2}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		var w struct {
			Params struct {
				Meta *mcp.Meta `json:"_meta"`
			} `json:"params"`
		}
		if json.Unmarshal(msg, &w) == nil && w.Params.Meta != nil && !mayHaveMeta(msg) {
			t.Fatalf("mayHaveMeta missed _meta in %q", msg)
		}
	})
}
