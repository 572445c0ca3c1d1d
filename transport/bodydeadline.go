package transport

import (
	"io"
	"net/http"
	"sync/atomic"
	"time"
)

// DefaultBodyReadTimeout bounds how long a request body may take to arrive.
const DefaultBodyReadTimeout = 30 * time.Second

// boundBodies gives every request that has a body one read deadline on its
// connection, timeout after the handler starts, whatever route or refusal
// answers it. Without it net/http reads an unread remainder (after a 401, or a
// handler that gave up) with no deadline at all, so a client that declares a
// body and never sends it holds its connection, and a file descriptor, forever.
// The deadline is lifted once the body has been read to its end, so a response
// streamed after it (SSE) is not cut; the server-wide ReadTimeout could not
// make that distinction.
func boundBodies(next http.Handler, timeout time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 {
			next.ServeHTTP(w, r)
			return
		}
		rc := http.NewResponseController(w)
		if err := rc.SetReadDeadline(time.Now().Add(timeout)); err != nil {
			// Not a connection net/http serves (a recorder in tests): nothing to hold.
			next.ServeHTTP(w, r)
			return
		}
		r.Body = &deadlineBody{ReadCloser: r.Body, rc: rc}
		// When the handler returns with the body unread, the deadline stays:
		// net/http's own read of the remainder then ends with it and closes
		// the connection.
		next.ServeHTTP(w, r)
	})
}

// deadlineBody lifts the connection's read deadline at the end of the body.
type deadlineBody struct {
	io.ReadCloser
	rc   *http.ResponseController
	done atomic.Bool
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF && b.done.CompareAndSwap(false, true) {
		_ = b.rc.SetReadDeadline(time.Time{})
	}
	return n, err
}
