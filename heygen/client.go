package heygen

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// DefaultBaseURL is HeyGen's production API root.
const DefaultBaseURL = "https://api.heygen.com"

// Per-attempt deadlines, as HeyGen's CLI.
const (
	defaultReadTimeout  = 30 * time.Second
	defaultWriteTimeout = 2 * time.Minute
	uploadTimeout       = 10 * time.Minute
)

// Client is HeyGen's v3 REST client. It is safe for concurrent use.
type Client struct {
	baseURL           *url.URL // path always ends in "/"
	apiKey            string
	accessToken       string // OAuth access token (Authorization: Bearer); exclusive with apiKey
	httpClient        *http.Client
	userAgent         string
	retry             RetryPolicy
	readTimeout       time.Duration
	writeTimeout      time.Duration
	sleep             func(ctx context.Context, d time.Duration) error
	newIdempotencyKey func() string
	now               func() time.Time
	logger            *slog.Logger
	// redactor is built on first use: most clients never see an error, and
	// a pool holds many clients.
	redactor func() *redactor
}

// NewClient builds a client; every option is validated.
func NewClient(opts ...Option) (*Client, error) {
	base, err := parseBaseURL(DefaultBaseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		baseURL:           base,
		httpClient:        defaultHTTPClient(),
		userAgent:         defaultUserAgent(),
		retry:             DefaultRetryPolicy(),
		readTimeout:       defaultReadTimeout,
		writeTimeout:      defaultWriteTimeout,
		sleep:             SleepContext,
		newIdempotencyKey: randomIdempotencyKey,
		now:               time.Now,
		logger:            slog.New(slog.DiscardHandler),
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	c.redactor = sync.OnceValue(func() *redactor { return newRedactor(c.apiKey, c.accessToken) })
	return c, nil
}

// BaseURL returns the API root the client talks to (no credentials in it).
func (c *Client) BaseURL() string { return c.baseURL.String() }

// NewHTTPClient returns a new *http.Client with the settings NewClient uses by
// default (timeouts, redirects refused so the key never follows one). Share one
// between many Clients (one per API key) so they share a connection pool.
func NewHTTPClient() *http.Client { return defaultHTTPClient() }

// maxIdleConnsPerHost bounds the upstream connections kept open between calls.
const maxIdleConnsPerHost = 64

func defaultHTTPClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.ResponseHeaderTimeout = defaultWriteTimeout
	tr.TLSHandshakeTimeout = 10 * time.Second
	tr.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	// Every call goes to one host. net/http keeps only 2 idle connections per
	// host by default, so with more calls in flight than that, connections
	// were closed and dialled again (and, against HeyGen, TLS-handshaken
	// again) all the time: 10% of the server's CPU under 16 callers.
	tr.MaxIdleConnsPerHost = maxIdleConnsPerHost
	return &http.Client{
		Transport:     tr,
		CheckRedirect: refuseRedirect,
		// A safety net above the longest per-attempt deadline (uploads).
		Timeout: uploadTimeout + time.Minute,
	}
}

func defaultUserAgent() string {
	v := "dev"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	return "heygen-mcp/" + v
}

func randomIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return "hgmcp-" + hex.EncodeToString(b[:])
}

// SleepContext waits d or until ctx ends (then it returns ctx.Err()): the
// default of WithSleep, and a ctx-aware sleep for callers.
func SleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// request is one logical call; attempts rebuild the body from payload.
type request struct {
	method      string
	path        string // escaped, relative to the base, e.g. "v3/videos/vid%201"
	query       url.Values
	payload     []byte
	contentType string
	idemKey     string
	timeout     time.Duration
}

// shownPath is the path for errors and logs: unescaped, without base or query,
// and redacted (an id could be the key pasted by mistake).
func (c *Client) shownPath(r *request) string {
	p := "/" + r.path
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	return c.redact(p)
}

func (c *Client) newGet(path string, q url.Values) *request {
	return &request{method: http.MethodGet, path: path, query: q, timeout: c.readTimeout}
}

func (c *Client) newJSON(method, path string, body any) (*request, error) {
	b, err := encodeJSON(body)
	if err != nil {
		return nil, err
	}
	return &request{method: method, path: path, payload: b, contentType: "application/json",
		timeout: c.writeTimeout}, nil
}

func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, &ValidationError{Param: "request", Message: err.Error()}
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// attempt performs one HTTP exchange and returns the success body.
func (c *Client) attempt(ctx context.Context, r *request) ([]byte, error) {
	actx := ctx
	if r.timeout > 0 {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(ctx, r.timeout)
		defer cancel()
	}
	u := c.baseURL.String() + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var body io.Reader
	if r.payload != nil {
		body = bytes.NewReader(r.payload)
	}
	req, err := http.NewRequestWithContext(actx, r.method, u, body)
	if err != nil {
		return nil, &ValidationError{Param: "path", Message: c.redact(err.Error())}
	}
	c.setCredential(req.Header)
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	if r.idemKey != "" {
		setIdempotencyKey(req.Header, r.idemKey, replayable(r))
	}

	resp, err := c.httpClient.Do(req)
	if err != nil {
		return nil, c.transportError(ctx, actx, r, err, false)
	}
	defer resp.Body.Close()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, c.checkResponse(r, resp)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxSuccessBody+1))
	if err != nil {
		return nil, c.transportError(ctx, actx, r, err, true)
	}
	if len(b) > maxSuccessBody {
		return nil, fmt.Errorf("heygen: %s %s: response body exceeds %d MB", r.method, c.shownPath(r), maxSuccessBody>>20)
	}
	return b, nil
}

// transportError classifies a failed exchange. The caller's own cancellation
// is returned as ctx.Err() (wrapped), not as a TransportError.
func (c *Client) transportError(ctx, actx context.Context, r *request, err error, afterHeaders bool) error {
	if ctx.Err() != nil {
		return fmt.Errorf("heygen: %s %s: %w", r.method, c.shownPath(r), ctx.Err())
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // drop the URL: it names our host, which adds nothing
	}
	if actx.Err() != nil {
		err = ErrRequestTimeout
	}
	if msg, red := err.Error(), c.redact(err.Error()); red != msg {
		err = &redactedError{msg: red} // the key or token echoed by a proxy or dialer
	}
	notSent := !afterHeaders && neverSent(err)
	return &TransportError{
		Method:      r.method,
		Path:        c.shownPath(r),
		Err:         err,
		SafeToRetry: replayable(r) || notSent,
		NotSent:     notSent,
	}
}

// neverSent reports errors that prove the request did not reach HeyGen.
func neverSent(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// errorEnvelope is HeyGen's error shape; the alternates are tolerated
// because proxies and v2-era routes answer differently.
type errorEnvelope struct {
	Error   json.RawMessage `json:"error"`
	Message string          `json:"message"`
}

type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Param   string `json:"param"`
	DocURL  string `json:"doc_url"`
}

// checkResponse turns a non-2xx reply into an *APIError. It reads at most
// 64 KB; a body that is not the documented error JSON becomes a capped excerpt.
func (c *Client) checkResponse(r *request, resp *http.Response) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := &APIError{
		StatusCode: resp.StatusCode,
		Method:     r.method,
		Path:       c.shownPath(r),
		RequestID:  c.excerpt([]byte(resp.Header.Get("X-Request-Id")), 128),
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), c.now()),
	}
	if !c.fillFromErrorJSON(e, b) {
		e.Body = c.excerpt(b, maxBodyExcerpt)
		switch {
		case len(bytes.TrimSpace(b)) == 0:
			e.Message = "empty response body"
		case !strings.Contains(resp.Header.Get("Content-Type"), "json") && !json.Valid(b):
			e.Message = "non-JSON response body"
			if ct := c.excerpt([]byte(resp.Header.Get("Content-Type")), 128); ct != "" {
				e.Message += " (" + ct + ")"
			}
		default:
			e.Message = "response body is not HeyGen's error JSON"
		}
	}
	c.redactAPIError(e)
	return e
}

// fillFromErrorJSON decodes {"error":{...}} (or {"error":"text"} / {"message":"text"}).
func (c *Client) fillFromErrorJSON(e *APIError, b []byte) bool {
	var env errorEnvelope
	if err := json.Unmarshal(b, &env); err != nil {
		return false
	}
	var eb errorBody
	if len(env.Error) > 0 && json.Unmarshal(env.Error, &eb) == nil && (eb.Code != "" || eb.Message != "") {
		e.Code, e.Message, e.Param, e.DocURL = eb.Code, eb.Message, eb.Param, eb.DocURL
		return true
	}
	var s string
	if len(env.Error) > 0 && json.Unmarshal(env.Error, &s) == nil && s != "" {
		e.Message = s
		return true
	}
	if env.Message != "" {
		e.Message = env.Message
		return true
	}
	return false
}

// redactAPIError removes the key, then caps every field decoded from the reply:
// a hostile or broken upstream must not hand a model a 10 MB error text.
// Redacting first means a cut can never leave part of the key behind.
func (c *Client) redactAPIError(e *APIError) {
	for _, s := range []*string{&e.Code, &e.Message, &e.Param, &e.DocURL, &e.RequestID, &e.Body} {
		*s = c.redact(*s)
	}
	e.Message = excerpt([]byte(e.Message), maxErrorMessage)
	for _, s := range []*string{&e.Code, &e.Param, &e.DocURL} {
		*s = excerpt([]byte(*s), maxErrorField)
	}
}

// redact removes the API key and the access token from text that may echo
// them, also changed in case, URL- or base64-encoded, or cut short (see
// redactor). It is the one redaction of the package.
func (c *Client) redact(s string) string {
	if c.redactor == nil {
		return s // not built by NewClient: no credential
	}
	return c.redactor().redact(s)
}

// excerpt is the one way upstream text enters an error: the key is removed
// before the text is cut, so a cut can never leave part of the key behind.
func (c *Client) excerpt(b []byte, limit int) string {
	return excerpt([]byte(c.redact(string(b))), limit)
}

// data decodes {"data": {...}}; an "error" object in a 2xx body is an *APIError
// (inferred: a GET can succeed at HTTP level yet carry an error).
func decodeData[T any](c *Client, r *request, body []byte) (*T, error) {
	var env struct {
		Data  *T              `json:"data"`
		Error json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, c.decodeError(r, body, err)
	}
	if err := c.embeddedError(r, env.Error); err != nil {
		return nil, err
	}
	if env.Data == nil {
		return nil, c.decodeError(r, body, errors.New(`no "data" in the reply`))
	}
	return env.Data, nil
}

// decodePage decodes {"data": [...], "has_more": bool, "next_token": string|null}.
func decodePage[T any](c *Client, r *request, body []byte) (*Page[T], error) {
	var env struct {
		Page[T]
		Error json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, c.decodeError(r, body, err)
	}
	if err := c.embeddedError(r, env.Error); err != nil {
		return nil, err
	}
	p := env.Page
	if p.Data == nil {
		p.Data = []T{}
	}
	return &p, nil
}

func (c *Client) embeddedError(r *request, raw json.RawMessage) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	e := &APIError{StatusCode: http.StatusOK, Method: r.method, Path: c.shownPath(r)}
	if !c.fillFromErrorJSON(e, []byte(`{"error":`+string(raw)+`}`)) {
		return nil // e.g. "error": {} or "error": false: nothing to report
	}
	c.redactAPIError(e)
	return e
}

func (c *Client) decodeError(r *request, body []byte, err error) error {
	return &ReplyError{Method: r.method, Path: c.shownPath(r),
		Detail: c.redact(err.Error()), Body: c.excerpt(body, 200)}
}

// validPathParam applies the one id rule (ValidID) to an id before it goes
// into a path; the rule already refuses "/", "?", "#", a backslash, whitespace, "."
// and "..", so an id can never change the path.
func validPathParam(param, v string) error {
	const hint = "; pass the id exactly as HeyGen returned it"
	if v == "" {
		return &ValidationError{Param: param, Message: "must not be empty" + hint}
	}
	if !ValidID(v) {
		return &ValidationError{Param: param, Message: "must be " + IDRule + hint}
	}
	return nil
}

// pathf builds an escaped relative path from literal segments and validated ids.
func pathf(format string, params ...[2]string) (string, error) {
	args := make([]any, 0, len(params))
	for _, p := range params {
		if err := validPathParam(p[0], p[1]); err != nil {
			return "", err
		}
		// A no-op for ids that pass ValidID; kept so a wider id rule could
		// never put a raw "/" or "%" into the path.
		args = append(args, url.PathEscape(p[1]))
	}
	return fmt.Sprintf(format, args...), nil
}
