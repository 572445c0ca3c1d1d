package transport

import (
	"errors"
	"net/http"
	"sync"
)

// errResponseDone is what a late write gets once the request has been answered.
var errResponseDone = errors.New("transport: response already finished")

// releasingWriter is the http.ResponseWriter mcp-go sees for a POST. mcp-go
// v1.2.1 (with an event store) records every POST as a resumable stream that
// holds its response writer until the MCP session ends, so a long-lived session
// kept every request and response it ever served (headers, bodies, buffers:
// about 5 KB a call; the soak grew by hundreds of MB in two minutes). Once our
// handler returns, release drops the real writer: what mcp-go keeps is this
// small shell, and a late write to a finished response fails instead of racing.
type releasingWriter struct {
	mu sync.Mutex
	w  http.ResponseWriter // nil once released
}

func (rw *releasingWriter) Header() http.Header {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if rw.w == nil {
		return http.Header{}
	}
	return rw.w.Header()
}

func (rw *releasingWriter) WriteHeader(code int) {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if rw.w != nil {
		rw.w.WriteHeader(code)
	}
}

func (rw *releasingWriter) Write(p []byte) (int, error) {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if rw.w == nil {
		return 0, errResponseDone
	}
	return rw.w.Write(p)
}

// Flush keeps SSE streaming working (mcp-go streams only to a Flusher).
func (rw *releasingWriter) Flush() {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if f, ok := rw.w.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the real writer (write deadlines).
func (rw *releasingWriter) Unwrap() http.ResponseWriter {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	return rw.w
}

func (rw *releasingWriter) release() {
	rw.mu.Lock()
	rw.w = nil
	rw.mu.Unlock()
}
