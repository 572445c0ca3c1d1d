package transport

import (
	"encoding/json"
	"net/http"
)

// writeJSONRPCRefusal answers a request refused before its body was read with
// status and a JSON-RPC error (id null: the request's id is unknown), so an MCP
// client shows message rather than a bare status. reason is a stable
// machine-readable name in error.data.
func writeJSONRPCRefusal(w http.ResponseWriter, status int, reason, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"jsonrpc": "2.0",
		"id":      nil,
		"error": map[string]any{
			"code":    -32600, // Invalid Request
			"message": message,
			"data":    map[string]string{"reason": reason},
		},
	})
}
