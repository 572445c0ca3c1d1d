package transport

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// Session limits of the stateful HTTP transport.
const (
	// DefaultMaxSessions bounds the MCP sessions the server holds at once. An
	// idle session costs about 10-14 KB of heap and lives for the idle TTL,
	// so this bounds their memory (BENCHMARKS.md measures it) while leaving
	// room well above the 1,000 concurrent sessions the server is built for.
	DefaultMaxSessions = 5000
	// DefaultMaxSessionsPerCredential bounds the sessions of one HeyGen
	// credential, so that one caller cannot take every session of the server.
	// Requests without a credential of their own (the server's key) count
	// only against DefaultMaxSessions: they are the operator's own clients.
	DefaultMaxSessionsPerCredential = 500
	// DefaultMaxSessionIDBytes refuses longer Mcp-Session-Id headers before
	// anything is looked up or stored; the ids this server issues are
	// sessionIDLen bytes.
	DefaultMaxSessionIDBytes = 128

	sessionIDPrefix = "mcp-session-"
	// sessionIDLen: the prefix and crypto/rand.Text's 26 base32 characters
	// (130 random bits).
	sessionIDLen = len(sessionIDPrefix) + 26
	// sessionRetryAfter is what a refused initialize is told to wait.
	sessionRetryAfter = "60"
	// codeSessionLimit is the JSON-RPC error code of a refused initialize
	// (the implementation-defined server error range).
	codeSessionLimit = -32000
	// codeSessionNotFound answers a session id this server did not issue to
	// the caller.
	codeSessionNotFound = -32001
)

// sessionRegistry issues session ids, binds each to the tenant (creds.Tenant
// of the credential, "" for the server's own key) that initialized it, and
// counts them against the limits. It is mcp-go's SessionIdManager (through
// the resolver): mcp-go asks it to Generate on initialize, to Validate on
// later POSTs and to Terminate on DELETE, on idle expiry and on shutdown, so
// its count follows mcp-go's session state.
type sessionRegistry struct {
	maxSessions, maxPerTenant int

	mu        sync.Mutex
	owners    map[string]string // issued session id -> tenant
	total     int               // issued + reserved
	perTenant map[string]int    // issued + reserved, by tenant; "" is not counted
}

func newSessionRegistry(maxSessions, maxPerTenant int) *sessionRegistry {
	return &sessionRegistry{maxSessions: maxSessions, maxPerTenant: maxPerTenant,
		owners: map[string]string{}, perTenant: map[string]int{}}
}

// A sessionLimitError is the limit an initialize ran into.
type sessionLimitError struct {
	perCredential bool
	limit         int
}

// reserve takes a slot for a session that tenant is about to initialize. The
// slot is taken before mcp-go runs, so concurrent initializes cannot overshoot.
func (g *sessionRegistry) reserve(tenant string) (*reservation, *sessionLimitError) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.total >= g.maxSessions {
		return nil, &sessionLimitError{limit: g.maxSessions}
	}
	if tenant != "" {
		if g.perTenant[tenant] >= g.maxPerTenant {
			return nil, &sessionLimitError{perCredential: true, limit: g.maxPerTenant}
		}
		g.perTenant[tenant]++
	}
	g.total++
	return &reservation{reg: g, tenant: tenant}, nil
}

// releaseSlot gives back a slot, reserved or issued. Callers hold g.mu.
func (g *sessionRegistry) releaseSlot(tenant string) {
	g.total--
	if tenant == "" {
		return
	}
	if g.perTenant[tenant]--; g.perTenant[tenant] <= 0 {
		delete(g.perTenant, tenant)
	}
}

// owner reports the tenant a session id was issued to.
func (g *sessionRegistry) owner(id string) (string, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	t, ok := g.owners[id]
	return t, ok
}

// Len reports how many sessions are issued or being initialized.
func (g *sessionRegistry) Len() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.total
}

// Generate is called by mcp-go without a reservation only for an initialize
// the guard did not see as one (one that carries an Mcp-Session-Id header).
// The empty id makes mcp-go answer it without creating a session, so nothing
// outside the limits is ever stored.
func (g *sessionRegistry) Generate() string { return "" }

// Validate accepts only ids this server issued and has not terminated. The
// guard has already checked the caller owns it.
func (g *sessionRegistry) Validate(id string) (bool, error) {
	if _, ok := g.owner(id); !ok {
		return false, errors.New("unknown session id")
	}
	return false, nil
}

// Terminate forgets the session and frees its slot; unknown ids are a no-op.
func (g *sessionRegistry) Terminate(id string) (bool, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if tenant, ok := g.owners[id]; ok {
		delete(g.owners, id)
		g.releaseSlot(tenant)
	}
	return false, nil
}

// ResolveSessionIdManager hands mcp-go the request's reservation, if the
// guard made one, so that Generate issues the id into the reserved slot.
func (g *sessionRegistry) ResolveSessionIdManager(r *http.Request) server.SessionIdManager {
	if r != nil {
		if res, ok := r.Context().Value(reservationKey{}).(*reservation); ok {
			return res
		}
	}
	return g
}

type reservationKey struct{}

// A reservation is one initialize's slot; mcp-go turns it into a session by
// calling Generate, or the guard releases it when the request ends without.
type reservation struct {
	reg    *sessionRegistry
	tenant string
	used   atomic.Bool
}

func (r *reservation) Generate() string {
	if r.used.Swap(true) {
		return "" // one slot, one session
	}
	id := sessionIDPrefix + rand.Text()
	r.reg.mu.Lock()
	r.reg.owners[id] = r.tenant
	r.reg.mu.Unlock()
	return id
}

func (r *reservation) Validate(id string) (bool, error)  { return r.reg.Validate(id) }
func (r *reservation) Terminate(id string) (bool, error) { return r.reg.Terminate(id) }

// release frees the slot if mcp-go did not issue a session into it (the
// request was not an initialize after all, or failed before).
func (r *reservation) release() {
	if r.used.Swap(true) {
		return
	}
	r.reg.mu.Lock()
	r.reg.releaseSlot(r.tenant)
	r.reg.mu.Unlock()
}

// sessionGuard runs after the gate and before mcp-go in stateful mode. mcp-go
// does not check the Mcp-Session-Id of a GET (it creates a session for any
// id) nor of a DELETE, has no session limits and no notion of who owns a
// session; the guard supplies those:
//   - an Mcp-Session-Id longer than maxIDBytes: 400, before any lookup;
//   - GET without an Mcp-Session-Id: 400 (a stream belongs to a session);
//   - an id this server did not issue to the caller's tenant: 404 on every
//     method, the same answer for unknown and foreign ids;
//   - a POST without an id that is an initialize: a slot is reserved, or the
//     request is refused with 503 (server limit) or 429 (per credential).
type sessionGuard struct {
	next             http.Handler
	reg              *sessionRegistry
	maxIDBytes       int
	hasEndpointToken bool
	allowRequestKeys bool
	idleTTL          string
	log              *slog.Logger
	lastWarn         atomic.Int64 // unix nanos of the last refusal logged
}

func (s *sessionGuard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := r.Header.Get(server.HeaderKeySessionID)
	if len(id) > s.maxIDBytes {
		writeRPCError(w, http.StatusBadRequest, nil, codeSessionNotFound, fmt.Sprintf(
			"the Mcp-Session-Id header is longer than %d bytes, so this server did not issue it "+
				"(limit --max-session-id-bytes / HEYGEN_MCP_MAX_SESSION_ID_BYTES): send initialize without one to get a session", s.maxIDBytes), nil)
		return
	}
	// Protocol version 2026-07-28 has no sessions: mcp-go ignores the header
	// and refuses GET and DELETE itself.
	if mcp.IsModernProtocol(r.Header.Get(mcp.HeaderProtocolVersion)) {
		s.next.ServeHTTP(w, r)
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodDelete, http.MethodPost:
	default:
		s.next.ServeHTTP(w, r)
		return
	}
	tenant := s.tenant(r)
	if id != "" {
		if owner, ok := s.reg.owner(id); !ok || owner != tenant {
			writeRPCError(w, http.StatusNotFound, nil, codeSessionNotFound,
				"session not found: it expired, was deleted, or was not opened with these credentials; "+
					"send initialize without an Mcp-Session-Id to start a new session", nil)
			return
		}
		s.next.ServeHTTP(w, r)
		return
	}
	switch r.Method {
	case http.MethodGet:
		writeRPCError(w, http.StatusBadRequest, nil, codeSessionNotFound,
			"GET /mcp opens the stream of a session: send initialize first and then the Mcp-Session-Id it returns", nil)
		return
	case http.MethodDelete:
		s.next.ServeHTTP(w, r) // nothing to terminate; mcp-go answers it
		return
	}
	reqID, isInit := peekInitialize(r)
	if !isInit {
		s.next.ServeHTTP(w, r)
		return
	}
	res, lim := s.reg.reserve(tenant)
	if lim != nil {
		s.refuse(w, reqID, lim)
		return
	}
	defer res.release()
	s.next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), reservationKey{}, res)))
}

// tenant names the credential of the request as the pool does; "" is the
// server's own key. The gate has already refused ambiguous and over-long
// credentials, so no length limit applies again here.
func (s *sessionGuard) tenant(r *http.Request) string {
	if !s.allowRequestKeys {
		return ""
	}
	cred, _ := requestCredential(r, s.hasEndpointToken, math.MaxInt)
	if cred.IsZero() {
		return ""
	}
	return cred.Tenant()
}

func (s *sessionGuard) refuse(w http.ResponseWriter, reqID json.RawMessage, lim *sessionLimitError) {
	status, name, flag, env := http.StatusServiceUnavailable, "max_sessions", "--max-sessions", "HEYGEN_MCP_MAX_SESSIONS"
	what := fmt.Sprintf("this server already holds its maximum of %d MCP sessions", lim.limit)
	if lim.perCredential {
		status, name, flag, env = http.StatusTooManyRequests, "max_sessions_per_credential",
			"--max-sessions-per-credential", "HEYGEN_MCP_MAX_SESSIONS_PER_CREDENTIAL"
		what = fmt.Sprintf("these credentials already hold their maximum of %d MCP sessions", lim.limit)
	}
	// At most one line a minute: a flood of initializes must not flood the log.
	if now, last := time.Now().UnixNano(), s.lastWarn.Load(); now-last >= int64(time.Minute) && s.lastWarn.CompareAndSwap(last, now) {
		s.log.Warn("refusing new MCP sessions (logged at most once a minute)", "limit", name, "value", lim.limit)
	}
	w.Header().Set("Retry-After", sessionRetryAfter)
	writeRPCError(w, status, reqID, codeSessionLimit, fmt.Sprintf("%s (limit %s / %s): end sessions you no longer use "+
		"(DELETE /mcp with their Mcp-Session-Id), wait for idle ones to expire (after %s, --session-idle-ttl), "+
		"or ask the operator to raise %s", what, flag, env, s.idleTTL, flag),
		map[string]any{"limit": name, "value": lim.limit, "flag": flag, "env": env})
}

// peekInitialize reports whether a POST body is an initialize request, as
// mcp-go will decode it, and its JSON-RPC id. The body was buffered by the
// gate. Most bodies skip the decode: "initialize" can only be spelled without
// that substring through a \u escape.
func peekInitialize(r *http.Request) (json.RawMessage, bool) {
	if r.Body == nil {
		return nil, false
	}
	body, err := postBody(r)
	if err != nil || (!bytes.Contains(body, []byte("initialize")) && !bytes.Contains(body, []byte(`\u`))) {
		return nil, false
	}
	var msg struct {
		ID     json.RawMessage `json:"id"`
		Method string          `json:"method"`
	}
	if json.Unmarshal(body, &msg) != nil {
		return nil, false
	}
	return msg.ID, msg.Method == string(mcp.MethodInitialize)
}

// writeRPCError answers with a JSON-RPC error object: MCP clients show its
// message, where a plain-text body would be dropped.
func writeRPCError(w http.ResponseWriter, status int, id json.RawMessage, code int, message string, data any) {
	body := rpcErrorJSON(id, code, message, data)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)+1))
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

// rpcErrorJSON is a JSON-RPC error response (id null when id is absent or
// not JSON), the body of writeRPCError and of a refused stdio line.
func rpcErrorJSON(id json.RawMessage, code int, message string, data any) []byte {
	if len(id) == 0 || !json.Valid(id) {
		id = json.RawMessage("null")
	}
	body, _ := json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
			Data    any    `json:"data,omitempty"`
		} `json:"error"`
	}{JSONRPC: "2.0", ID: id, Error: struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Data    any    `json:"data,omitempty"`
	}{code, message, data}})
	return body
}

// checkSessionOptions refuses limits that are negative, and a session id
// limit below the length of the ids this server issues.
func checkSessionOptions(o HTTPOptions) error {
	for _, f := range []struct {
		field string
		v     int
		what  string
	}{{"MaxSessions", o.MaxSessions, "the maximum number of MCP sessions"},
		{"MaxSessionsPerCredential", o.MaxSessionsPerCredential, "the maximum number of MCP sessions per credential"},
		{"MaxSessionIDBytes", o.MaxSessionIDBytes, "the maximum session id length"}} {
		if f.v < 0 {
			return &OptionError{Field: f.field, Msg: fmt.Sprintf("%s must be a positive number, got %d", f.what, f.v)}
		}
	}
	if o.SessionIdleTTL < 0 {
		return &OptionError{Field: "SessionIdleTTL", Msg: "the session idle TTL must be a positive duration such as 30m"}
	}
	if o.MaxSessionIDBytes != 0 && o.MaxSessionIDBytes < sessionIDLen {
		return &OptionError{Field: "MaxSessionIDBytes", Msg: fmt.Sprintf(
			"the maximum session id length must be at least %d bytes, the length of the ids this server issues; got %d",
			sessionIDLen, o.MaxSessionIDBytes)}
	}
	return nil
}

// orDefault is v, or def when v is not positive (an unset option).
func orDefault[T int | int64 | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}
