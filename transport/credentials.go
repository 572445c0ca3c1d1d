package transport

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/internal/creds"
)

// The headers a request to /mcp may carry credentials in. Each carries one
// thing, so a request is never read two ways:
//
//	Authorization: Bearer <x>   the endpoint token (HTTPOptions.AuthToken) when the server has one;
//	                            without one, a HeyGen API key (the behaviour before access tokens)
//	X-Api-Key: <key>            a HeyGen API key
//	X-HeyGen-Access-Token: <t>  a HeyGen OAuth access token, sent on to HeyGen as "Authorization: Bearer"
//
// Why a header of its own for access tokens: HeyGen itself takes a token as
// "Authorization: Bearer", but here Authorization already means the endpoint
// token, or, on servers without one, a HeyGen API key (existing clients send
// their key that way). A token there could not be told from either without
// guessing. The X-HeyGen- prefix follows HeyGen's own client headers
// (X-HeyGen-Source, X-HeyGen-Client-Origin in HeyGen's CLI); the value is the
// bare token, without "Bearer ".
const (
	HeaderAPIKey      = "X-Api-Key"
	HeaderAccessToken = "X-HeyGen-Access-Token"
)

// DefaultMaxCredentialBytes caps a HeyGen credential a request brings. HeyGen
// API keys are under a hundred bytes; OAuth access tokens may be JWTs, which
// can run to a kilobyte or more. Without a cap every distinct megabyte-sized
// "key" got its own pooled client (and, in the sandbox, its own simulated
// tenant) holding it.
const DefaultMaxCredentialBytes = 2048

// credentialError is why a request's credentials cannot be read; it names
// headers, never their values. tooLong marks a credential over the cap (a
// 431, not a 401).
type credentialError struct {
	message string
	tooLong bool
}

// tooLongCredential is the refusal of a credential over max bytes.
func tooLongCredential(header string, max int) *credentialError {
	return &credentialError{tooLong: true, message: fmt.Sprintf("the %s header is longer than %d bytes, the most "+
		"this server accepts for a HeyGen credential (--max-credential-bytes): send the key or token exactly "+
		"as HeyGen issued it", header, max)}
}

// requestCredential reads the HeyGen credential a request carries (zero when
// none). More than one credential, a credential header sent twice, or one
// longer than maxLen bytes is an error: the server never picks one, and keeps
// none it refuses.
func requestCredential(r *http.Request, hasEndpointToken bool, maxLen int) (creds.Credential, *credentialError) {
	type found struct {
		header string
		cred   creds.Credential
	}
	var got []found
	for _, h := range []struct {
		name string
		kind creds.Kind
	}{{HeaderAPIKey, creds.KindAPIKey}, {HeaderAccessToken, creds.KindAccessToken}} {
		vals := r.Header.Values(h.name)
		if len(vals) > 1 {
			return creds.Credential{}, &credentialError{message: "the request carries " + h.name + " more than once: send it once"}
		}
		if v := strings.TrimSpace(r.Header.Get(h.name)); v != "" {
			if len(v) > maxLen {
				return creds.Credential{}, tooLongCredential(h.name, maxLen)
			}
			got = append(got, found{h.name, creds.Credential{Kind: h.kind, Value: v}})
		}
	}
	if !hasEndpointToken {
		if len(r.Header.Values("Authorization")) > 1 {
			return creds.Credential{}, &credentialError{message: "the request carries Authorization more than once: send it once"}
		}
		if b := bearerToken(r); b != "" {
			if len(b) > maxLen {
				return creds.Credential{}, tooLongCredential("Authorization", maxLen)
			}
			got = append(got, found{"Authorization: Bearer", creds.APIKeyCredential(b)})
		}
	}
	switch len(got) {
	case 0:
		return creds.Credential{}, nil
	case 1:
		return got[0].cred, nil
	}
	names := make([]string, len(got))
	for i, f := range got {
		names[i] = f.header
	}
	msg := "ambiguous HeyGen credentials: the request carries " + strings.Join(names, " and ") +
		"; send exactly one: a HeyGen API key in " + HeaderAPIKey + " or a HeyGen OAuth access token in " + HeaderAccessToken
	if !hasEndpointToken {
		msg += " (this server has no endpoint token, so \"Authorization: Bearer\" is read as a HeyGen API key; drop it)"
	}
	return creds.Credential{}, &credentialError{message: msg}
}
