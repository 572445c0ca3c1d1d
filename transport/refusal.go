package transport

import "net/http"

// writeJSONRPCRefusal answers a request refused before its body was read with
// status and a JSON-RPC error (id null: the request's id is unknown), so an MCP
// client shows message rather than a bare status. reason is a stable
// machine-readable name in error.data.
func writeJSONRPCRefusal(w http.ResponseWriter, status int, reason, message string) {
	writeRPCError(w, status, nil, codeInvalidRequest, message, map[string]string{"reason": reason})
}

// codeInvalidRequest is JSON-RPC's Invalid Request.
const codeInvalidRequest = -32600
