package transport

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"time"
)

// gate guards /mcp: Origin allowlist, endpoint token, per-request key policy and
// the body cap, in that order, before mcp-go sees the request.
type gate struct {
	next             http.Handler
	token            string
	allowRequestKeys bool
	origins          originPolicy
	maxBody          int64
	bodyTimeout      time.Duration // for the refusal's text; boundBodies applies it
	maxCredential    int
}

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if origin := r.Header.Get("Origin"); origin != "" && !g.origins.allows(origin) {
		writeJSONError(w, http.StatusForbidden, "forbidden_origin",
			fmt.Sprintf("requests from origin %q are not allowed (DNS-rebinding protection); "+
				"start the server with --allowed-origins %s to allow it", origin, origin))
		return
	}
	// A CORS preflight carries no credentials; mcp-go answers it for allowed
	// origins.
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		g.next.ServeHTTP(w, r)
		return
	}
	if g.token != "" && !tokenMatches(bearerToken(r), g.token) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="heygen-mcp"`)
		writeJSONError(w, http.StatusUnauthorized, "unauthorized",
			"missing or wrong endpoint token: send the server's endpoint token as \"Authorization: Bearer <token>\", "+
				"and your HeyGen API key in \""+HeaderAPIKey+"\" (or an OAuth access token in \""+HeaderAccessToken+"\")")
		return
	}
	cred, bad := requestCredential(r, g.token != "", g.maxCredential)
	if bad != nil && bad.tooLong {
		writeJSONRPCRefusal(w, http.StatusRequestHeaderFieldsTooLarge, "credential_too_long", bad.message)
		return
	}
	if bad != nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="heygen-mcp"`)
		writeJSONError(w, http.StatusUnauthorized, "ambiguous_credentials", bad.message)
		return
	}
	if !g.allowRequestKeys && !cred.IsZero() {
		writeJSONError(w, http.StatusForbidden, "request_keys_not_accepted",
			"this server does not accept HeyGen credentials per request; it uses its own key: "+
				"remove the X-Api-Key and "+HeaderAccessToken+" headers (and, without an endpoint token, the Authorization header)")
		return
	}
	if r.Method == http.MethodPost && r.Body != nil {
		// mcp-go reads the whole body anyway; reading it here turns an
		// oversized body into a clear 413 instead of a JSON-RPC parse error.
		// boundBodies put a read deadline on it, limitBodies the g.maxBody cap.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				writeJSONError(w, http.StatusRequestEntityTooLarge, "request_too_large",
					fmt.Sprintf("request body exceeds %d bytes; send large files by URL or upload them first", g.maxBody))
				return
			}
			if errors.Is(err, os.ErrDeadlineExceeded) {
				writeJSONError(w, http.StatusRequestTimeout, "request_body_timeout",
					fmt.Sprintf("the request body did not arrive within %s (the server's body read timeout, "+
						"--body-read-timeout): send the whole body at once", g.bodyTimeout))
				return
			}
			writeJSONError(w, http.StatusBadRequest, "bad_request", "could not read the request body")
			return
		}
		r.Body = &bufferedBody{Reader: bytes.NewReader(body), data: body}
	}
	rw := &releasingWriter{w: w}
	defer rw.release()
	g.next.ServeHTTP(rw, r)
}

// bufferedBody is a POST body the gate has read whole; the stages after it
// (checkRequestIDs, sessionGuard) look at its bytes through postBody instead
// of reading and copying it again.
type bufferedBody struct {
	*bytes.Reader
	data []byte
}

func (*bufferedBody) Close() error { return nil }

// postBody returns the request's body, which stays readable for mcp-go:
// the gate's buffer when it has one, else the body read and put back.
func postBody(r *http.Request) ([]byte, error) {
	if b, ok := r.Body.(*bufferedBody); ok {
		return b.data, nil
	}
	body, err := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body, err
}

// limitBodies caps every request body (extra routes included) at max bytes.
func limitBodies(next http.Handler, max int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			writeJSONError(w, http.StatusRequestEntityTooLarge, "request_too_large",
				fmt.Sprintf("request body exceeds %d bytes", max))
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, max)
		}
		next.ServeHTTP(w, r)
	})
}

// bearerToken returns the credentials of an "Authorization: Bearer x" header.
func bearerToken(r *http.Request) string {
	scheme, value, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(value)
}

// tokenMatches compares in constant time; hashing first hides the length too.
func tokenMatches(got, want string) bool {
	g := sha256.Sum256([]byte(got))
	w := sha256.Sum256([]byte(want))
	return got != "" && subtle.ConstantTimeCompare(g[:], w[:]) == 1
}

// originPolicy decides which browser origins may call /mcp. Loopback origins
// are always allowed: a page served from this machine can reach the server
// anyway. DNS rebinding shows up as a foreign origin and is refused.
type originPolicy struct {
	any     bool
	allowed map[string]bool // normalised "scheme://host[:port]"
}

func parseOrigins(list []string) (originPolicy, error) {
	p := originPolicy{allowed: map[string]bool{}}
	for _, raw := range list {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		if raw == "*" {
			p.any = true
			continue
		}
		norm, ok := normaliseOrigin(raw)
		if !ok {
			return p, &OptionError{Field: "AllowedOrigins", Msg: fmt.Sprintf("allowed origin %q is not an origin; "+
				"write scheme://host[:port] with http or https, e.g. https://app.example.com (no path), or * for any", raw)}
		}
		p.allowed[norm] = true
	}
	return p, nil
}

func (p originPolicy) allows(origin string) bool {
	if p.any {
		return true
	}
	norm, ok := normaliseOrigin(origin)
	if !ok {
		return false // includes the opaque "null" origin
	}
	if p.allowed[norm] {
		return true
	}
	u, _ := url.Parse(norm)
	return isLoopbackHost(u.Hostname())
}

func normaliseOrigin(s string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", false
	}
	host := strings.ToLower(u.Host)
	// Default ports are implied by the scheme in a browser's Origin header.
	if u.Scheme == "http" {
		host = strings.TrimSuffix(host, ":80")
	} else {
		host = strings.TrimSuffix(host, ":443")
	}
	return u.Scheme + "://" + host, true
}

func isLoopbackHost(host string) bool {
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// CheckExposure refuses configurations that would let anyone who can reach
// o.Addr spend somebody's HeyGen credits. The rule: a non-loopback address
// (0.0.0.0, ::, a LAN IP, a host name other than localhost, or an empty host)
// without an endpoint token is allowed only when every caller must bring their
// own key, i.e. AllowRequestKeys is set and the server has no key of its own.
func CheckExposure(o HTTPOptions) error {
	host, _, err := net.SplitHostPort(o.Addr)
	if err != nil {
		return fmt.Errorf("--addr %q is not host:port (e.g. 127.0.0.1:8080 or 0.0.0.0:8080): %v", o.Addr, err)
	}
	if isLoopbackHost(host) || o.AuthToken != "" {
		return nil
	}
	if o.AllowRequestKeys && !o.HasDefaultKey {
		return nil
	}
	if o.HasDefaultKey {
		return fmt.Errorf("refusing to serve on non-loopback --addr %q without an endpoint token: anyone who can "+
			"reach it could spend the credits of the server's HEYGEN_API_KEY. Set HEYGEN_MCP_AUTH_TOKEN "+
			"(clients then send \"Authorization: Bearer <token>\"), or bind to 127.0.0.1", o.Addr)
	}
	return fmt.Errorf("refusing to serve on non-loopback --addr %q: without an endpoint token and without "+
		"per-request HeyGen keys it would serve nobody safely. Set HEYGEN_MCP_AUTH_TOKEN, "+
		"or bind to 127.0.0.1", o.Addr)
}
