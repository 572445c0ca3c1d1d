package sim

import (
	"net/http"
	"time"
)

// Idempotency-Key handling (reference §6.4): replay within 24 h per key and path,
// 409 request_in_progress while the first request runs. Whether HeyGen honours
// the header on POST /v3/video-agents is not confirmed ([I]); the client relies on it.

const idempotencyTTL = 24 * time.Hour

// validIdempotencyKey checks the documented format ^[A-Za-z0-9_\-:.]{1,255}$.
func validIdempotencyKey(k string) bool {
	if len(k) < 1 || len(k) > 255 {
		return false
	}
	for _, r := range k {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			r == '_' || r == '-' || r == ':' || r == '.'
		if !ok {
			return false
		}
	}
	return true
}

// idempotentPaths are the POST paths that honour Idempotency-Key.
func idempotentPath(method, path string) bool {
	return method == http.MethodPost && path == "/v3/video-agents"
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
	if ik == "" || !idempotentPath(r.Method, r.URL.Path) {
		return nil, reply{}, false
	}
	if !validIdempotencyKey(ik) {
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
