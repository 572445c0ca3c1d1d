package sandbox

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// inProcessTransport is an http.RoundTripper that hands each request straight to
// a handler's ServeHTTP: no listener, no socket, nothing leaves the process.
type inProcessTransport struct {
	handler http.Handler
}

// RoundTrip runs the handler in its own goroutine so that a cancelled request
// context returns at once even if the handler is slow to notice; the handler
// sees the same context and is expected to stop on its own.
func (t inProcessTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		closeBody(req)
		return nil, err
	}
	if req.URL == nil {
		closeBody(req)
		return nil, errors.New("sandbox: request has no URL")
	}

	// The handler gets a server-side view of the request, as net/http would
	// build it: RequestURI set, a non-nil Body, Host from the URL.
	sreq := req.Clone(ctx)
	sreq.RequestURI = req.URL.RequestURI()
	sreq.RemoteAddr = "sandbox:0"
	if sreq.Host == "" {
		sreq.Host = req.URL.Host
	}
	if sreq.Body == nil {
		sreq.Body = http.NoBody
	}
	sreq.Header = req.Header.Clone()
	if sreq.Header == nil {
		sreq.Header = http.Header{}
	}

	rec := &recorder{header: http.Header{}}
	done := make(chan error, 1)
	go func() {
		defer closeBody(req)
		done <- serve(t.handler, rec, sreq)
	}()

	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case err := <-done:
		if err != nil {
			return nil, err
		}
		return rec.response(req), nil
	}
}

// serve calls h and turns a panic into an error the way net/http's server
// would turn it into a dropped connection: http.ErrAbortHandler (the
// simulator's "drop connection" fault) reads as an unexpected EOF.
func serve(h http.Handler, w http.ResponseWriter, r *http.Request) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				err = fmt.Errorf("sandbox: connection dropped by the simulator: %w", io.ErrUnexpectedEOF)
				return
			}
			err = fmt.Errorf("sandbox: simulator handler panicked: %v", p)
		}
	}()
	h.ServeHTTP(w, r)
	return nil
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}

// recorder is a minimal http.ResponseWriter that buffers the whole response;
// simulator replies are small JSON documents or a few-KB clip.
type recorder struct {
	header      http.Header
	status      int
	wroteHeader bool
	body        bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.wroteHeader {
		return
	}
	r.wroteHeader = true
	r.status = status
}

func (r *recorder) Write(p []byte) (int, error) {
	if !r.wroteHeader {
		r.WriteHeader(http.StatusOK)
	}
	return r.body.Write(p)
}

// Flush is a no-op: everything is delivered when the handler returns.
func (r *recorder) Flush() {}

func (r *recorder) response(req *http.Request) *http.Response {
	status := r.status
	if status == 0 {
		status = http.StatusOK
	}
	hdr := r.header.Clone()
	body := r.body.Bytes()
	if req.Method == http.MethodHead {
		body = nil
	}
	if hdr.Get("Content-Length") == "" {
		hdr.Set("Content-Length", strconv.Itoa(len(body)))
	}
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", status, http.StatusText(status)),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        hdr,
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}
