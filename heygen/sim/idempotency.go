package sim

import (
	"net/http"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// Idempotency-Key handling, per API key and path: a
// 2xx reply is replayed for 24 h to a request with the same key (header
// Idempotent-Replayed: true), whatever its body (HeyGen's docs: "even if the
// body differs slightly"); a request arriving while the first one with its key
// still runs gets 409 request_in_progress; any other reply is forgotten, so a
// request refused with 4xx/5xx or cut off can be sent again under the same key.
//
// Where it applies follows HeyGen's documentation:
//   - POST /v3/assets honours the key (documented, developers.heygen.com
//     reference/upload-asset).
//   - POST /v3/video-agents IGNORES it by default: HeyGen does not document the
//     header there, so a client must not count on it. WithCreateIdempotency(true)
//     turns replay on for tests that model a HeyGen that does honour it (inferred).
//   - Other routes ignore it (send message, stop: nothing documented).
// The replayed reply and the 409 text are ours (inferred); the 409 code is documented.

const idempotencyTTL = 24 * time.Hour

// WithCreateIdempotency makes POST /v3/video-agents honour Idempotency-Key
// like POST /v3/assets. Off by default, as documented: HeyGen lists no
// Idempotency-Key for the create, so the default simulator starts a new session
// for every create, repeated key or not (inferred either way).
func WithCreateIdempotency(on bool) Option { return func(s *Simulator) { s.createIdem = on } }

// idempotentPath reports whether a request honours Idempotency-Key.
func (s *Simulator) idempotentPath(method, path string) bool {
	if method != http.MethodPost {
		return false
	}
	switch path {
	case "/v3/assets":
		return true
	case "/v3/video-agents":
		return s.createIdem
	}
	return false
}

// canonicalHeader copies h with every name in canonical form, as a server
// would have parsed it: over the network net/http canonicalises header names,
// but an in-process transport (the sandbox's) hands the client's map over as it
// is, and the heygen client spells the create's key "idempotency-key" on
// purpose. Names already canonical come first, so Get prefers them.
func canonicalHeader(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for _, canonical := range []bool{true, false} {
		for k, vs := range h {
			ck := http.CanonicalHeaderKey(k)
			if (ck == k) == canonical {
				out[ck] = append(out[ck], vs...)
			}
		}
	}
	return out
}

type idemRecord struct {
	inFlight bool
	rep      reply
	at       time.Time
}

type idemClaim struct {
	t   *tenant
	k   string
	rec *idemRecord
}

// claimIdempotency reserves the request's key. done reports that rep is the
// whole answer (a replay, a 409 or a bad header).
func (s *Simulator) claimIdempotency(r *http.Request, key string, now time.Time) (claim *idemClaim, rep reply, done bool) {
	ik := r.Header.Get("Idempotency-Key")
	if ik == "" || !s.idempotentPath(r.Method, r.URL.Path) {
		return nil, reply{}, false
	}
	if !heygen.ValidIdempotencyKey(ik) {
		return nil, invalidParam("Idempotency-Key",
			"Idempotency-Key must be 1-255 characters of letters, digits, '_', '-', ':' or '.'."), true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenantLocked(key)
	k := r.URL.Path + "\x00" + ik
	if rec, ok := t.idem[k]; ok && now.Sub(rec.at) < idempotencyTTL {
		if rec.inFlight {
			return nil, errReply(http.StatusConflict, "request_in_progress",
				"A request with this Idempotency-Key is still in progress; retry once it has finished.", ""), true
		}
		replay := reply{status: rec.rep.status, hdr: rec.rep.hdr.Clone(), body: rec.rep.body}
		replay.header().Set("Idempotent-Replayed", "true")
		return nil, replay, true
	}
	rec := &idemRecord{inFlight: true, at: now}
	t.idem[k] = rec
	return &idemClaim{t: t, k: k, rec: rec}, reply{}, false
}

// finishIdempotency stores a 2xx reply for replay and forgets anything else, so
// a create rejected with 429 or 400 can be retried under the same key.
func (s *Simulator) finishIdempotency(c *idemClaim, rep reply) {
	if c == nil {
		return
	}
	if rep.status < 200 || rep.status > 299 {
		s.releaseIdempotency(c)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c.rec.inFlight = false
	c.rec.rep = rep
}

func (s *Simulator) releaseIdempotency(c *idemClaim) {
	if c == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.t.idem[c.k] == c.rec {
		delete(c.t.idem, c.k)
	}
}
