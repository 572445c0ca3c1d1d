package heygen

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// do runs a logical call with the retry policy and returns the success body.
//
// Retried: 429 on any method (429 means HeyGen rejected the request, so no work
// started); 500/502/503/504, timeouts and dropped connections only when
// replayable(r) (GET, DELETE, POST /v3/assets with its documented
// Idempotency-Key; never the create, see idempotency.go); 409
// request_in_progress on a request carrying a key (the first attempt is still
// running, as documented by HeyGen: wait, honouring Retry-After, and ask again
// with the same key);
// connection errors that prove nothing was sent, on any method.
func (c *Client) do(ctx context.Context, r *request) ([]byte, error) {
	c.applyIdempotencyPolicy(r)
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("heygen: %s %s: %w", r.method, c.shownPath(r), err)
		}
		body, err := c.attempt(ctx, r)
		if err == nil {
			return body, nil
		}
		if ctx.Err() != nil || attempt >= c.retry.MaxRetries {
			return nil, err
		}
		wait, ok := c.retryWait(ctx, r, err, attempt)
		if !ok {
			return nil, err
		}
		c.logger.DebugContext(ctx, "heygen: retrying", "method", r.method, "path", c.shownPath(r),
			"attempt", attempt+1, "wait", wait, "error", err.Error())
		if serr := c.sleep(ctx, wait); serr != nil {
			return nil, fmt.Errorf("heygen: %s %s: gave up waiting to retry (%w) after: %w",
				r.method, c.shownPath(r), serr, err)
		}
	}
}

// retryWait decides whether err is retried and how long to wait first.
func (c *Client) retryWait(ctx context.Context, r *request, err error, attempt int) (time.Duration, bool) {
	var retryAfter time.Duration
	var ae *APIError
	var te *TransportError
	switch {
	case errors.As(err, &ae):
		switch {
		case ae.StatusCode == http.StatusTooManyRequests:
		case replayable(r) && isRetryableStatus(ae.StatusCode):
		case r.idemKey != "" && ae.inProgress():
		default:
			return 0, false
		}
		retryAfter = ae.RetryAfter
		if retryAfter > 0 && retryAfter > c.retry.MaxRetryAfter {
			return 0, false
		}
	case errors.As(err, &te):
		if !te.SafeToRetry {
			return 0, false
		}
	default:
		return 0, false
	}
	wait := retryAfter
	if wait <= 0 {
		wait = c.backoff(attempt)
	}
	// A wait that outlives the caller's deadline only delays the same error.
	// ctx deadlines are wall-clock, so this uses time.Until, not the injected now.
	if dl, ok := ctx.Deadline(); ok && wait >= time.Until(dl) {
		return 0, false
	}
	return wait, true
}

func isRetryableStatus(code int) bool {
	switch code {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoff is BaseDelay*2^attempt with ±25% jitter (as HeyGen's CLI), capped at MaxDelay.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.retry.BaseDelay
	for i := 0; i < attempt && d < c.retry.MaxDelay; i++ {
		d *= 2
	}
	d = time.Duration(float64(d) * (0.75 + 0.5*rand.Float64()))
	return min(d, c.retry.MaxDelay)
}

// parseRetryAfter reads delay-seconds or an HTTP date; junk and past dates give 0.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		const maxSeconds = int64(1<<63-1) / int64(time.Second)
		return time.Duration(min(n, maxSeconds)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			// HTTP dates have 1 s resolution: round up so we never retry early.
			return (d + time.Second - 1).Truncate(time.Second)
		}
	}
	return 0
}
