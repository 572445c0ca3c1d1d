package heygen

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Sentinels matched by errors.Is against an *APIError, by HTTP status or by
// HeyGen's error code (a 200 reply can carry an error object).
var (
	ErrNotFound        = errors.New("heygen: not found")
	ErrUnauthorized    = errors.New("heygen: API key missing or invalid")
	ErrRateLimited     = errors.New("heygen: rate limited")
	ErrPaymentRequired = errors.New("heygen: insufficient credit")
	ErrForbidden       = errors.New("heygen: not permitted")
	ErrConflict        = errors.New("heygen: conflict")
	ErrTooLarge        = errors.New("heygen: payload too large")
	ErrServer          = errors.New("heygen: server error")

	// ErrRequestTimeout is the cause inside a *TransportError when one attempt got
	// no reply within the client's per-request timeout while the caller's ctx was
	// still alive. It deliberately is not context.DeadlineExceeded, which would
	// read as "the caller's deadline passed".
	ErrRequestTimeout = errors.New("no reply from HeyGen within the request timeout")
)

// APIError is any reply HeyGen answered with an error: a non-2xx status, or a
// 2xx whose body carries an "error" object.
type APIError struct {
	StatusCode int
	Code       string
	Message    string
	Param      string
	DocURL     string
	RequestID  string
	// RetryAfter is the parsed Retry-After header (seconds or HTTP date), 0 if absent.
	RetryAfter time.Duration
	// Body is a capped excerpt of the body when it was not the documented error JSON.
	Body string
	// Method and Path identify the call, e.g. "GET", "/v3/videos/vid_1" (no host, no query).
	Method, Path string
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("heygen: ")
	if e.Method != "" {
		fmt.Fprintf(&b, "%s %s: ", e.Method, e.Path)
	}
	fmt.Fprintf(&b, "status %d", e.StatusCode)
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteString(" " + t)
	}
	if e.Code != "" {
		b.WriteString(": " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.Param != "" {
		fmt.Fprintf(&b, " (param %q)", e.Param)
	}
	if e.Body != "" {
		fmt.Fprintf(&b, ": body %q", truncateRunes(e.Body, 200))
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

// Is maps the error to the package sentinels.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound || e.Code == "not_found" || strings.HasSuffix(e.Code, "_not_found")
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || e.Code == "unauthorized" || e.Code == "authentication_failed"
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests || e.Code == "rate_limit_exceeded" || e.Code == "quota_exceeded"
	case ErrPaymentRequired:
		return e.StatusCode == http.StatusPaymentRequired || e.Code == "insufficient_credit"
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden || e.Code == "forbidden" || e.Code == "resource_access_denied"
	case ErrConflict:
		return e.StatusCode == http.StatusConflict || e.Code == "conflict" || e.Code == "request_in_progress"
	case ErrTooLarge:
		return e.StatusCode == http.StatusRequestEntityTooLarge || e.Code == "payload_too_large"
	case ErrServer:
		return e.StatusCode >= 500
	}
	return false
}

// inProgress reports HeyGen's 409 request_in_progress: an earlier request with
// the same Idempotency-Key is still running.
func (e *APIError) inProgress() bool {
	return e.StatusCode == http.StatusConflict && e.Code == "request_in_progress"
}

// TransportError means HeyGen could not be reached or did not answer in time.
type TransportError struct {
	Method, Path string
	Err          error
	// SafeToRetry is true when repeating the call cannot create duplicate work:
	// the method is idempotent, the route documents Idempotency-Key (uploads;
	// never the create, see idempotency.go), or the connection was never
	// established.
	SafeToRetry bool
	// NotSent is true when the request provably never reached HeyGen (DNS
	// failure, connection refused): nothing can have happened there.
	NotSent bool
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("heygen: %s %s: HeyGen could not be reached: %v", e.Method, e.Path, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// ValidationError is input rejected locally: nothing was sent to HeyGen.
type ValidationError struct {
	Param   string
	Message string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("heygen: invalid %s: %s", e.Param, e.Message)
}

// IsNotFound reports whether err is (or wraps) a HeyGen not-found reply.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// IsUnauthorized reports whether err is (or wraps) a HeyGen 401 / unauthorized reply.
func IsUnauthorized(err error) bool { return errors.Is(err, ErrUnauthorized) }

// IsRateLimited reports whether err is (or wraps) a HeyGen 429 / rate-limit reply.
func IsRateLimited(err error) bool { return errors.Is(err, ErrRateLimited) }

// RetryAfterOf returns the Retry-After carried by an *APIError in err's chain.
func RetryAfterOf(err error) (time.Duration, bool) {
	var ae *APIError
	if errors.As(err, &ae) && ae.RetryAfter > 0 {
		return ae.RetryAfter, true
	}
	return 0, false
}

// redactedError replaces an error whose text contained the API key. It does not
// unwrap to the original: anything reached through the chain could print the key.
type redactedError struct{ msg string }

func (e *redactedError) Error() string { return e.msg }

// Error-body handling limits.
const (
	maxSuccessBody = 10 << 20
	maxErrorBody   = 64 << 10
	maxBodyExcerpt = 512
	// HeyGen's own messages are one sentence; these caps only bite on garbage.
	maxErrorMessage = 2000
	maxErrorField   = 256
)

// excerpt makes a printable, valid-UTF-8, capped sample of a body for errors.
func excerpt(b []byte, limit int) string {
	var s strings.Builder
	n := 0
	for len(b) > 0 && n < limit {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		switch {
		case r == utf8.RuneError && size <= 1:
			s.WriteRune(utf8.RuneError)
		case r == '\n' || r == '\r' || r == '\t':
			s.WriteByte(' ')
		case unicode.IsControl(r):
			continue
		default:
			s.WriteRune(r)
		}
		n++
	}
	if len(b) > 0 {
		s.WriteString("…")
	}
	return strings.TrimSpace(s.String())
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// ReplyError is a 2xx reply whose body could not be decoded: a proxy's HTML
// page, a truncated or empty body. HeyGen may have done the work (for a
// create, the session may exist); a read can simply be retried.
type ReplyError struct {
	Method, Path string
	Detail       string // what the decoder said
	Body         string // capped, redacted excerpt
}

func (e *ReplyError) Error() string {
	return fmt.Sprintf("heygen: %s %s: decode reply: %s (body %q)", e.Method, e.Path, e.Detail, e.Body)
}
