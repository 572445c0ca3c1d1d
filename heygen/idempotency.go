package heygen

import "net/http"

// Idempotency-Key policy, in one place (reference §6.4 and §10).
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
// The policy is applied by do() whatever a method set on its request, so a
// method cannot opt a POST into blind retries by mistake.

// keyDocumentedPaths are the POST paths (relative to the base) on which HeyGen
// documents Idempotency-Key and which this client calls.
var keyDocumentedPaths = map[string]bool{
	"v3/assets": true,
}

// applyIdempotencyPolicy sets r's key and retry rules from the table above.
func (c *Client) applyIdempotencyPolicy(r *request) {
	if r.method != http.MethodPost {
		return
	}
	if keyDocumentedPaths[r.path] {
		if r.idemKey == "" {
			r.idemKey = c.newIdempotencyKey()
		}
		r.idemDocumented = true
		r.retryServerErrors = true
		return
	}
	r.idemDocumented = false
	r.retryServerErrors = false
}

// setIdempotencyKey puts the key on an outgoing request. On a route where the
// key is documented it goes under its canonical name. Elsewhere it is set under
// a lower-case name: header names are case-insensitive on the wire (HeyGen sees
// the same header), but net/http treats a request whose Header map holds the
// canonical "Idempotency-Key" entry as replayable, and then re-sends a POST by
// itself when a reused keep-alive connection fails after the request was
// written (net/http Transport doc; shouldRetryRequest). That would be exactly
// the blind create retry this client must never make.
func setIdempotencyKey(h http.Header, key string, documented bool) {
	if documented {
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
