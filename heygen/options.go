package heygen

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
)

// Option configures a Client. Every option validates its input.
type Option func(*Client) error

// WithBaseURL sets the API root (default DefaultBaseURL). It must be an
// absolute http(s) URL without credentials, query or fragment; a path prefix is kept.
func WithBaseURL(raw string) Option {
	return func(c *Client) error {
		u, err := parseBaseURL(raw)
		if err != nil {
			return err
		}
		c.baseURL = u
		return nil
	}
}

func parseBaseURL(raw string) (*url.URL, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, errors.New("heygen: base URL is empty; use e.g. " + DefaultBaseURL)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("heygen: base URL is not a URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("heygen: base URL scheme %q is not http or https", u.Scheme)
	}
	if u.Host == "" {
		return nil, errors.New("heygen: base URL has no host")
	}
	if u.User != nil {
		return nil, errors.New("heygen: base URL must not carry credentials; use WithAPIKey")
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return nil, errors.New("heygen: base URL must not have a query or fragment")
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		if u.RawPath != "" {
			u.RawPath += "/"
		}
	}
	return u, nil
}

// WithAPIKey sets the key sent as X-Api-Key. The key never appears in errors.
// It is mutually exclusive with WithAccessToken.
func WithAPIKey(key string) Option {
	return func(c *Client) error {
		if key == "" {
			return errors.New("heygen: API key is empty; pass the key from HeyGen's API settings")
		}
		if !credentialChars(key) {
			return errors.New("heygen: API key contains whitespace, control or non-ASCII characters; check for a stray newline or quote")
		}
		if c.accessToken != "" {
			return errBothCredentials
		}
		c.apiKey = key
		return nil
	}
}

// WithAccessToken sets a HeyGen OAuth access token, sent as
// "Authorization: Bearer <token>" instead of X-Api-Key: HeyGen takes either on
// every v3 request (documented by HeyGen; HeyGen's CLI internal/client/client.go
// applyHeaders sends one or the other, never both). It is mutually exclusive
// with WithAPIKey. The token never appears in errors. The client does not
// refresh it: an expired token gets 401 (ErrUnauthorized).
func WithAccessToken(token string) Option {
	return func(c *Client) error {
		if token == "" {
			return errors.New("heygen: access token is empty; pass the OAuth access token HeyGen issued")
		}
		if !credentialChars(token) {
			return errors.New("heygen: access token contains whitespace, control or non-ASCII characters; " +
				"pass the token alone (without \"Bearer \") and check for a stray newline or quote")
		}
		if c.apiKey != "" {
			return errBothCredentials
		}
		c.accessToken = token
		return nil
	}
}

var errBothCredentials = errors.New("heygen: WithAPIKey and WithAccessToken are mutually exclusive; " +
	"pass either a HeyGen API key or an OAuth access token, not both")

// credentialChars reports whether s could be sent verbatim in a header.
func credentialChars(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII || unicode.IsControl(r) || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// WithHTTPClient sets the HTTP client (copied). Redirects are refused unless the
// given client sets its own CheckRedirect, because X-Api-Key (or, to the same
// host, Authorization) would follow them.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("heygen: HTTP client is nil")
		}
		cp := *hc
		if cp.CheckRedirect == nil {
			cp.CheckRedirect = refuseRedirect
		}
		c.httpClient = &cp
		return nil
	}
}

// WithUserAgent sets the User-Agent header (default "heygen-mcp/<module version>").
func WithUserAgent(ua string) Option {
	return func(c *Client) error {
		if strings.TrimSpace(ua) == "" {
			return errors.New("heygen: user agent is empty")
		}
		for _, r := range ua {
			if unicode.IsControl(r) {
				return errors.New("heygen: user agent contains control characters")
			}
		}
		c.userAgent = ua
		return nil
	}
}

// RetryPolicy bounds retries. MaxRetries is the number of extra attempts (0 = none).
// Backoff without Retry-After is BaseDelay*2^n with ±25% jitter, capped at
// MaxDelay. A Retry-After longer than MaxRetryAfter (or the ctx budget) is not
// waited for: the error is returned at once (so MaxRetryAfter 0 never waits
// for a Retry-After). The zero RetryPolicy disables retries.
type RetryPolicy struct {
	MaxRetries    int
	BaseDelay     time.Duration
	MaxDelay      time.Duration
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy mirrors HeyGen's own CLI: 1 s base, 30 s cap, Retry-After clamped to 30 s.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxRetries: 3, BaseDelay: time.Second, MaxDelay: 30 * time.Second, MaxRetryAfter: 30 * time.Second}
}

func (p RetryPolicy) validate() error {
	switch {
	case p.MaxRetries < 0 || p.MaxRetries > 20:
		return fmt.Errorf("heygen: retry policy MaxRetries %d is outside 0..20", p.MaxRetries)
	case p.BaseDelay < 0 || p.MaxDelay < 0 || p.MaxRetryAfter < 0:
		return errors.New("heygen: retry policy durations must not be negative")
	case p.MaxDelay < p.BaseDelay:
		return fmt.Errorf("heygen: retry policy MaxDelay %s is less than BaseDelay %s", p.MaxDelay, p.BaseDelay)
	}
	return nil
}

// WithRetryPolicy replaces DefaultRetryPolicy.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *Client) error {
		if err := p.validate(); err != nil {
			return err
		}
		c.retry = p
		return nil
	}
}

// WithTimeouts sets the per-attempt deadline of reads (GET) and writes (POST,
// DELETE); defaults 30 s and 120 s as HeyGen's CLI. Uploads get 10 min.
// 0 means no per-attempt deadline (the caller's ctx still applies).
func WithTimeouts(read, write time.Duration) Option {
	return func(c *Client) error {
		if read < 0 || write < 0 {
			return errors.New("heygen: timeouts must not be negative")
		}
		c.readTimeout, c.writeTimeout = read, write
		return nil
	}
}

// WithSleep replaces the retry wait (test hook). It must return ctx.Err() when
// ctx ends before d has passed.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Client) error {
		if sleep == nil {
			return errors.New("heygen: sleep function is nil")
		}
		c.sleep = sleep
		return nil
	}
}

// WithIdempotencyKeyFunc replaces the Idempotency-Key generator (test hook).
func WithIdempotencyKeyFunc(f func() string) Option {
	return func(c *Client) error {
		if f == nil {
			return errors.New("heygen: idempotency key function is nil")
		}
		c.newIdempotencyKey = f
		return nil
	}
}

// WithNow replaces the clock used to turn an HTTP-date Retry-After into a wait
// (test hook).
func WithNow(now func() time.Time) Option {
	return func(c *Client) error {
		if now == nil {
			return errors.New("heygen: now function is nil")
		}
		c.now = now
		return nil
	}
}

// WithLogger sets where retries are logged at debug level (default: discarded).
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) error {
		if l == nil {
			return errors.New("heygen: logger is nil")
		}
		c.logger = l
		return nil
	}
}

func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
