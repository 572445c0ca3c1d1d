package transport_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/transport"
)

// badIDs are JSON-RPC ids of a type JSON-RPC 2.0 does not allow (only a
// string, a number or null).
var badIDs = []string{`{"a":1}`, `{}`, `[1]`, `[]`, `true`, `false`}

func initWithID(id string) string {
	return `{"jsonrpc":"2.0","id":` + id + `,"method":"initialize","params":{"protocolVersion":"2025-11-25",` +
		`"capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}`
}

// TestHTTPRefusesIDsOfTheWrongType: a request whose id is an object, an
// array or a boolean is refused with 400 and Invalid Request before mcp-go
// handles it, alone, in a batch, or inside a session; string and number ids
// are served.
func TestHTTPRefusesIDsOfTheWrongType(t *testing.T) {
	for _, stateless := range []bool{false, true} {
		ts, _ := startHTTP(t, transport.HTTPOptions{Stateless: stateless})
		url := ts.URL + transport.MCPPath
		var bodies []string
		for _, id := range badIDs {
			bodies = append(bodies, initWithID(id))
		}
		for _, body := range bodies {
			resp := rawPost(t, url, body, nil)
			assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "body %s", body)
			raw, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			e := decodeRPCError(t, raw)
			assert.Equal(t, "null", string(e.ID), "body %s", body)
			assert.Equal(t, -32600, e.Error.Code, "body %s: %s", body, raw)
			assert.Contains(t, e.Error.Message, "string, a number or null", "body %s", body)
		}
		for _, id := range []string{`"req-1"`, `7`, `1.5`} {
			resp := rawPost(t, url, initWithID(id), nil)
			assert.Equal(t, http.StatusOK, resp.StatusCode, "id %s", id)
		}
	}

	// Inside an established session too.
	ts, _ := startHTTP(t, transport.HTTPOptions{})
	url := ts.URL + transport.MCPPath
	resp := rawPost(t, url, initBody, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	sid := resp.Header.Get("Mcp-Session-Id")
	require.NotEmpty(t, sid)
	resp = rawPost(t, url, `{"jsonrpc":"2.0","id":{"x":[1,2]},"method":"tools/list"}`,
		map[string]string{"Mcp-Session-Id": sid, "Mcp-Protocol-Version": "2025-11-25"})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
}

// TestStdioRefusesIDsOfTheWrongType: over stdio the same request gets an
// Invalid Request error (id null) and the session carries on.
func TestStdioRefusesIDsOfTheWrongType(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in, out, _ := stdioSession(t, ctx)
	for _, id := range badIDs {
		send(t, in, initWithID(id))
		msg := readResponse(t, out)
		raw, err := json.Marshal(msg)
		require.NoError(t, err)
		e := decodeRPCError(t, raw)
		assert.Equal(t, "null", string(e.ID), "id %s", id)
		assert.Equal(t, -32600, e.Error.Code, "id %s: %s", id, raw)
		assert.Contains(t, e.Error.Message, "string, a number or null", "id %s", id)
	}
	send(t, in, initBody)
	init := readResponse(t, out)
	assert.EqualValues(t, 1, init["id"])
	assert.Contains(t, init, "result")
}
