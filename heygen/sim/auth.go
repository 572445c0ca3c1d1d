package sim

import (
	"net/http"
	"strings"
)

// WithAccessTokens restricts the accepted OAuth access tokens, which HeyGen
// takes as "Authorization: Bearer <token>" in place of X-Api-Key. With neither WithAPIKeys nor WithAccessTokens any non-empty key or token
// is accepted; once either is given, a key must be listed by WithAPIKeys and a
// token by WithAccessTokens (a kind without a list accepts nothing). Every
// token is its own tenant, apart from every key even one with the same text
// (inferred: on HeyGen a token acts for the account that granted it).
func WithAccessTokens(tokens ...string) Option {
	return func(s *Simulator) {
		for _, t := range tokens {
			if t == "" {
				continue
			}
			if s.tokens == nil {
				s.tokens = map[string]bool{}
			}
			s.tokens[t] = true
		}
	}
}

// tokenTenant prefixes a token's tenant key. A header value cannot hold NUL,
// so no API key can name a token's tenant.
const tokenTenant = "\x00access_token\x00"

// authenticate returns the caller's tenant key, or the 401 to answer in
// HeyGen's error shape. X-Api-Key wins when both headers are sent (inferred: HeyGen's
// precedence is undocumented; its CLI sends exactly one of them).
func (s *Simulator) authenticate(r *http.Request) (string, *reply) {
	if k := strings.TrimSpace(r.Header.Get("X-Api-Key")); k != "" {
		if !s.accepts(s.keys, k) {
			return "", unauthorized("Invalid API key: send a valid key in the X-Api-Key header.")
		}
		return k, nil
	}
	if tok := bearerToken(r); tok != "" {
		if !s.accepts(s.tokens, tok) {
			// Inferred: HeyGen does not document its text for an expired or
			// unknown token; the code is the documented 401 code.
			return "", unauthorized("Invalid or expired access token: send a valid OAuth access token as " +
				"\"Authorization: Bearer <token>\", or an API key in the X-Api-Key header.")
		}
		return tokenTenant + tok, nil
	}
	return "", unauthorized("Missing credentials: send your API key in the X-Api-Key header " +
		"or an OAuth access token as \"Authorization: Bearer <token>\".")
}

// accepts applies the WithAPIKeys / WithAccessTokens lists.
func (s *Simulator) accepts(listed map[string]bool, v string) bool {
	if s.keys == nil && s.tokens == nil {
		return true
	}
	return listed[v]
}

func unauthorized(msg string) *reply {
	r := errReply(http.StatusUnauthorized, "unauthorized", msg, "")
	return &r
}

// bearerToken is the value of "Authorization: Bearer <value>", or "".
func bearerToken(r *http.Request) string {
	a := r.Header.Get("Authorization")
	if len(a) > 7 && strings.EqualFold(a[:7], "bearer ") {
		return strings.TrimSpace(a[7:])
	}
	return ""
}
