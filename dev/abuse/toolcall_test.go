package abuse

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// toolResult is what a tools/call answered: the result's text and whether it
// is a tool error, or the JSON-RPC error.
type toolResult struct {
	IsError bool
	Text    string // every text content, joined
	Raw     string // the whole JSON-RPC response
}

// callIDs numbers tools/call requests across the package's tests.
var callIDs atomic.Int64

// callTool calls tool name with args in session over HTTP, with headers
// (auth(...) without the session), and returns the response. It fails the
// test on a transport error or no response within outerBound: a server that
// hangs a call is what some attacks try to cause.
func callTool(t *testing.T, s *server, headers map[string]string, session, name string, args map[string]any) toolResult {
	t.Helper()
	r, err := tryCallTool(s, headers, session, name, args)
	require.NoError(t, err, "tools/call %s", name)
	return r
}

func tryCallTool(s *server, headers map[string]string, session, name string, args map[string]any) (toolResult, error) {
	id := callIDs.Add(1)
	params, err := json.Marshal(map[string]any{"name": name, "arguments": args})
	if err != nil {
		return toolResult{}, err
	}
	body := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":%s}`, id, params)
	req, err := http.NewRequest(http.MethodPost, s.url, strings.NewReader(body))
	if err != nil {
		return toolResult{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	req.Header.Set("Mcp-Session-Id", session)
	resp, err := (&http.Client{Timeout: outerBound}).Do(req)
	if err != nil {
		return toolResult{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return toolResult{}, fmt.Errorf("tools/call answered HTTP %d", resp.StatusCode)
	}
	// A JSON body is the response; an event stream carries it as the event
	// whose data has our id (progress notifications may come first).
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 8<<20)
	sse := strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream")
	for sc.Scan() {
		line := sc.Text()
		if sse {
			var ok bool
			if line, ok = strings.CutPrefix(line, "data:"); !ok {
				continue
			}
		}
		var msg struct {
			ID     json.RawMessage `json:"id"`
			Result *struct {
				IsError bool `json:"isError"`
				Content []struct {
					Type string `json:"type"`
					Text string `json:"text"`
				} `json:"content"`
			} `json:"result"`
			Error *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if json.Unmarshal([]byte(strings.TrimSpace(line)), &msg) != nil || string(msg.ID) != fmt.Sprint(id) {
			continue
		}
		r := toolResult{Raw: strings.TrimSpace(line)}
		switch {
		case msg.Result != nil:
			r.IsError = msg.Result.IsError
			var texts []string
			for _, c := range msg.Result.Content {
				texts = append(texts, c.Text)
			}
			r.Text = strings.Join(texts, "\n")
		case msg.Error != nil:
			r.IsError, r.Text = true, msg.Error.Message
		}
		return r, nil
	}
	if err := sc.Err(); err != nil {
		return toolResult{}, fmt.Errorf("reading the tools/call response: %w", err)
	}
	return toolResult{}, fmt.Errorf("the tools/call response ended without an answer to id %d", id)
}
