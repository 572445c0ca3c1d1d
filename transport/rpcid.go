package transport

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
)

// JSON-RPC 2.0 allows a request id to be a string, a number or null. mcp-go
// v1.2.1 takes any JSON value and echoes it back, so an object id of any size
// and depth was accepted, held while the request ran, and written back. Both
// transports refuse such a message before mcp-go sees it.

const reasonInvalidID = "invalid_request_id"

// badRequestID returns why msg's id is not allowed, or "" when it is allowed,
// absent, or msg is not a JSON object (mcp-go answers that with its own parse
// error). Batches (JSON arrays) are refused by mcp-go as a whole.
func badRequestID(msg []byte) string {
	if !idMayBeBad(msg) {
		return ""
	}
	return parsedBadRequestID(msg)
}

// parsedBadRequestID is badRequestID without the scan in front.
func parsedBadRequestID(msg []byte) string {
	var m struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(msg, &m) != nil || len(m.ID) == 0 {
		return ""
	}
	var kind string
	switch m.ID[0] {
	case '{':
		kind = "an object"
	case '[':
		kind = "an array"
	case 't', 'f':
		kind = "a boolean"
	default: // a string, a number or null
		return ""
	}
	return "invalid JSON-RPC request: its id is " + kind + "; JSON-RPC 2.0 allows only a string, a number or null as an id: " +
		"send the request with a string or number id"
}

// idMayBeBad is a scan that lets nearly every request skip badRequestID's
// parse (a second parse of every body): it is true when some key that
// encoding/json would take for "id" (any case, or any \u escape) is followed
// by an object, array or boolean.
func idMayBeBad(msg []byte) bool {
	if bytes.Contains(msg, []byte(`\u`)) {
		return true
	}
	for i := 0; i+4 <= len(msg); i++ {
		if msg[i] != '"' || msg[i+1]|0x20 != 'i' || msg[i+2]|0x20 != 'd' || msg[i+3] != '"' {
			continue
		}
		j := skipSpace(msg, i+4)
		if j >= len(msg) || msg[j] != ':' {
			continue
		}
		j = skipSpace(msg, j+1)
		if j < len(msg) && bytes.IndexByte([]byte("{[tf"), msg[j]) >= 0 {
			return true
		}
	}
	return false
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// checkRequestIDs answers a POST whose JSON-RPC id is of a type JSON-RPC
// does not allow with 400 and Invalid Request (-32600). The gate has already
// bounded and buffered the body (postBody).
func checkRequestIDs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.Body != nil {
			body, err := postBody(r)
			if err == nil {
				if msg := badRequestID(body); msg != "" {
					writeJSONRPCRefusal(w, http.StatusBadRequest, reasonInvalidID, msg)
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// idCheckingReader hands mcp-go's stdio server the lines of in, minus those
// whose JSON-RPC id JSON-RPC does not allow: each of those is answered on out
// with Invalid Request (id null) and the session goes on.
type idCheckingReader struct {
	in      *bufio.Reader
	out     io.Writer // whole messages per Write, like mcp-go's own writes
	pending []byte    // the rest of an accepted line
	err     error     // in's error, returned once pending is drained
}

func newIDCheckingReader(in io.Reader, out io.Writer) *idCheckingReader {
	return &idCheckingReader{in: bufio.NewReader(in), out: out}
}

func (c *idCheckingReader) Read(p []byte) (int, error) {
	for len(c.pending) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		line, err := c.in.ReadBytes('\n')
		c.err = err
		if len(line) == 0 {
			continue
		}
		if msg := badRequestID(line); msg != "" {
			if _, werr := c.out.Write(refusalLine(msg)); werr != nil {
				return 0, werr
			}
			continue
		}
		c.pending = line
	}
	n := copy(p, c.pending)
	c.pending = c.pending[n:]
	return n, nil
}

// refusalLine is the stdio form of writeJSONRPCRefusal's body.
func refusalLine(message string) []byte {
	return append(rpcErrorJSON(nil, codeInvalidRequest, message, map[string]string{"reason": reasonInvalidID}), '\n')
}
