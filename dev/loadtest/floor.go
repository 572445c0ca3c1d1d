package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// floorHandler is the reference for CPU per call: the cheapest Go handler
// that does what a get_video tools/call needs. It decodes one JSON-RPC
// tools/call, makes one upstream GET, and encodes the result as text plus
// structuredContent. No sessions, no validation, no middleware: whatever the
// real server spends above this is the price of being an MCP server.
func floorHandler(simURL, apiKey string, hc *http.Client) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			JSONRPC string          `json:"jsonrpc"`
			ID      json.RawMessage `json:"id"`
			Method  string          `json:"method"`
			Params  struct {
				Name      string `json:"name"`
				Arguments struct {
					VideoID string `json:"video_id"`
				} `json:"arguments"`
			} `json:"params"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		up, err := http.NewRequestWithContext(r.Context(), http.MethodGet, simURL+"/v3/videos/"+req.Params.Arguments.VideoID, nil)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		up.Header.Set("X-Api-Key", apiKey)
		resp, err := hc.Do(up)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			http.Error(w, fmt.Sprintf("upstream: HTTP %d %v", resp.StatusCode, err), http.StatusBadGateway)
			return
		}
		var video struct {
			Data map[string]any `json:"data"`
		}
		if err := json.Unmarshal(body, &video); err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		text, _ := json.Marshal(video.Data)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"jsonrpc": "2.0",
			"id":      req.ID,
			"result": map[string]any{
				"content":           []any{map[string]any{"type": "text", "text": string(text)}},
				"structuredContent": video.Data,
			},
		})
	})
}

// isToolResult reports whether a tools/call reply (JSON or one SSE event)
// holds a result that is not an error.
func isToolResult(body []byte) bool {
	s := string(body)
	return strings.Contains(s, `"result"`) && !strings.Contains(s, `"isError":true`)
}
