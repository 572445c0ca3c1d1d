package replicas

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var rpcID atomic.Int64

const modernMeta = `{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}`

// reply is one JSON-RPC answer and the replica that gave it (X-Replica, set
// by the proxy; empty when a replica was called directly).
type reply struct {
	Status  int
	Replica string
	Session string // Mcp-Session-Id of the response
	Result  map[string]any
	Error   map[string]any
}

// post sends one JSON-RPC request. session "" with modern=true is the
// sessionless 2026-07-28 protocol; otherwise a 2025-11-25 request.
func post(t *testing.T, url, session string, modern bool, method, name string, params map[string]any) reply {
	t.Helper()
	if params == nil {
		params = map[string]any{}
	}
	if modern {
		params["_meta"] = json.RawMessage(modernMeta)
	}
	id := rpcID.Add(1)
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, url+"/mcp", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if modern {
		req.Header.Set("MCP-Protocol-Version", "2026-07-28")
		req.Header.Set("Mcp-Method", method)
		if name != "" {
			req.Header.Set("Mcp-Name", name)
		}
	} else {
		req.Header.Set("MCP-Protocol-Version", "2025-11-25")
	}
	if session != "" {
		req.Header.Set("Mcp-Session-Id", session)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	out := reply{Status: resp.StatusCode, Replica: resp.Header.Get("X-Replica"), Session: resp.Header.Get("Mcp-Session-Id")}
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	msg := raw
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		msg = nil
		sc := bufio.NewScanner(bytes.NewReader(raw))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			if ok && strings.Contains(data, fmt.Sprintf(`"id":%d`, id)) {
				msg = []byte(data)
			}
		}
	}
	if len(bytes.TrimSpace(msg)) > 0 {
		var m struct {
			Result map[string]any
			Error  map[string]any
		}
		if json.Unmarshal(msg, &m) == nil {
			out.Result, out.Error = m.Result, m.Error
		}
	}
	return out
}

// callTool calls a tool and returns its structured result; a tool error
// fails the test.
func callTool(t *testing.T, url, session string, modern bool, name string, args map[string]any) (map[string]any, reply) {
	t.Helper()
	r := post(t, url, session, modern, "tools/call", name, map[string]any{"name": name, "arguments": args})
	require.Equal(t, http.StatusOK, r.Status, "%s via %s: %+v", name, url, r)
	require.Nil(t, r.Error, "%s: %v", name, r.Error)
	require.NotEqual(t, true, r.Result["isError"], "%s: %v", name, r.Result)
	sc, _ := r.Result["structuredContent"].(map[string]any)
	require.NotNil(t, sc, "%s: %v", name, r.Result)
	return sc, r
}

// initialize opens a 2025-11-25 MCP session through url.
func initialize(t *testing.T, url string) reply {
	t.Helper()
	r := post(t, url, "", false, "initialize", "", map[string]any{"protocolVersion": "2025-11-25", "capabilities": map[string]any{},
		"clientInfo": map[string]any{"name": "replicas-test", "version": "1"}})
	require.Equal(t, http.StatusOK, r.Status, "initialize: %+v", r)
	require.NotEmpty(t, r.Session, "initialize gave no Mcp-Session-Id")
	note, err := http.NewRequest(http.MethodPost, url+"/mcp", strings.NewReader(`{"jsonrpc":"2.0","method":"notifications/initialized"}`))
	require.NoError(t, err)
	note.Header.Set("Content-Type", "application/json")
	note.Header.Set("Accept", "application/json, text/event-stream")
	note.Header.Set("MCP-Protocol-Version", "2025-11-25")
	note.Header.Set("Mcp-Session-Id", r.Session)
	resp, err := http.DefaultClient.Do(note)
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusAccepted, resp.StatusCode)
	return r
}

// listen opens a sessionless (2026-07-28) subscriptions/listen stream for uri
// through url; it returns the replica serving it (X-Replica) and the raw
// JSON of each message the stream carries. The stream ends with the test.
func listen(t *testing.T, url, uri string) (string, <-chan string) {
	t.Helper()
	params := fmt.Sprintf(`{"notifications":{"resourceSubscriptions":[%q]},"_meta":%s}`, uri, modernMeta)
	body := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"subscriptions/listen","params":%s}`, rpcID.Add(1), params)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/mcp", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("MCP-Protocol-Version", "2026-07-28")
	req.Header.Set("Mcp-Method", "subscriptions/listen")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	out := make(chan string, 64)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				select {
				case out <- data:
				default:
				}
			}
		}
	}()
	return resp.Header.Get("X-Replica"), out
}

// waitFor returns the next message on notes whose method is method.
func waitFor(t *testing.T, notes <-chan string, method string) string {
	t.Helper()
	deadline := time.After(3 * time.Minute) // liveness bound only
	for {
		select {
		case n := <-notes:
			if strings.Contains(n, `"method":"`+method+`"`) {
				return n
			}
		case <-deadline:
			t.Fatalf("no %s on the listen stream", method)
		}
	}
}
