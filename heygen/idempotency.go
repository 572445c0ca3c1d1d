package heygen

import "net/http"

// Idempotency-Key and retry policy, in one place.
//
// HeyGen documents the Idempotency-Key header (1-255 of [A-Za-z0-9_\-:.], replay
// for 24 h, 409 request_in_progress while the first request still runs) on
// POST /v3/assets, on direct uploads and on rotate-secret. It does NOT document
// it on POST /v3/video-agents, and HeyGen's own CLI never retries a POST on 5xx
// (heygen-cli internal/client/retry.go, shouldRetry). So:
//
//   - POST /v3/assets always carries a key, reused on every attempt, and is
//     retried like a read (5xx, timeouts, dropped connections, 409
//     request_in_progress). If HeyGen ignored the key after all, the worst case
//     is a second copy of a free asset, never a second paid video.
//   - The create (POST /v3/video-agents) carries its key too — it can only help
//     if HeyGen honours it — but is retried only when it provably never reached
//     HeyGen (DNS failure, connection refused) or was refused without work
//     (429). A create whose outcome is unknown is reconciled by the caller with
//     FindCreatedSession instead of being sent again.
//   - Every other POST (send message, stop) is never retried after it may have
//     reached HeyGen.
//
// Whether a request may be sent again is computed from its method and path
// (replayable), never set by a method, so a method cannot opt a POST into
// blind retries by mistake.

// keyDocumentedPaths are the POST paths (relative to the base) on which HeyGen
// documents Idempotency-Key and which this client calls.
var keyDocumentedPaths = map[string]bool{
	"v3/assets": true,
}

// keyDocumented reports a POST to a route that documents Idempotency-Key.
func keyDocumented(r *request) bool {
	return r.method == http.MethodPost && keyDocumentedPaths[r.path]
}

// replayable is the one answer to "may r be sent again after it may have
// reached HeyGen?": GET and DELETE are idempotent, a POST only where HeyGen
// documents Idempotency-Key or documents the route itself as idempotent
// (POST /v3/assets/{asset_id}/complete, direct_upload.go). It decides retries on 5xx, timeouts and dropped
// connections (retryWait), TransportError.SafeToRetry, and whether net/http
// may replay the request by itself (setIdempotencyKey).
func replayable(r *request) bool {
	switch r.method {
	case http.MethodGet, http.MethodDelete:
		return true
	}
	return keyDocumented(r) || completePath(r)
}

// applyIdempotencyPolicy gives a POST to a key-documented route its key (one
// for all attempts); the retry rules follow from replayable.
func (c *Client) applyIdempotencyPolicy(r *request) {
	if keyDocumented(r) && r.idemKey == "" {
		r.idemKey = c.newIdempotencyKey()
	}
}

// setIdempotencyKey puts the key on an outgoing request. On a replayable request
// it goes under its canonical name. Elsewhere it is set under
// a lower-case name: header names are case-insensitive on the wire (HeyGen sees
// the same header), but net/http treats a request whose Header map holds the
// canonical "Idempotency-Key" entry as replayable, and then re-sends a POST by
// itself when a reused keep-alive connection fails after the request was
// written (net/http Transport doc; shouldRetryRequest). That would be exactly
// the blind create retry this client must never make.
func setIdempotencyKey(h http.Header, key string, replayable bool) {
	if replayable {
		h.Set("Idempotency-Key", key)
		return
	}
	h["idempotency-key"] = []string{key}
}

// ValidIdempotencyKey reports whether k has HeyGen's documented key syntax,
// ^[A-Za-z0-9_\-:.]{1,255}$. The client and the simulator both use it.
func ValidIdempotencyKey(k string) bool {
	if k == "" || len(k) > 255 {
		return false
	}
	for i := 0; i < len(k); i++ {
		ch := k[i]
		ok := ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' ||
			ch == '_' || ch == '-' || ch == ':' || ch == '.'
		if !ok {
			return false
		}
	}
	return true
}
