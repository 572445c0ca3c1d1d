package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/heygen-mcp/heygen-mcp/internal/creds"
)

// Paths and defaults of the HTTP transport.
const (
	MCPPath    = "/mcp"
	HealthPath = "/healthz"

	DefaultAddr            = "127.0.0.1:8080"
	DefaultMaxBodyBytes    = 4 << 20
	DefaultShutdownTimeout = 10 * time.Second
	DefaultSessionIdleTTL  = 30 * time.Minute

	readHeaderTimeout = 10 * time.Second
	// idleTimeout closes idle keep-alive connections; it does not cut SSE
	// streams, which are active responses.
	idleTimeout = 2 * time.Minute
)

// HTTPOptions configures the streamable HTTP transport. The zero value serves
// a stateful endpoint on DefaultAddr without an endpoint token.
type HTTPOptions struct {
	// Addr is host:port to listen on (ServeHTTP); NewHTTPHandler checks it
	// against the exposure rule when it is set.
	Addr string
	// Stateless serves every request without an Mcp-Session-Id, for replicas
	// behind a load balancer without sticky sessions.
	Stateless bool
	// AuthToken, when set, must be presented by every /mcp request as
	// "Authorization: Bearer <token>"; the HeyGen key then travels in X-Api-Key
	// (or an access token in X-HeyGen-Access-Token). See credentials.go.
	AuthToken string
	// AllowedOrigins lists browser origins ("https://app.example.com") allowed
	// besides loopback ones; "*" allows any origin.
	AllowedOrigins []string
	// AllowRequestKeys lets a request bring its own HeyGen credential
	// (X-Api-Key, X-HeyGen-Access-Token, or Authorization: Bearer without
	// AuthToken). When false such a request is refused rather than silently
	// served with the server's key.
	AllowRequestKeys bool
	// HasDefaultKey reports that the server has its own HeyGen API key, which
	// serves requests that carry no key.
	HasDefaultKey bool
	// Routes are extra handlers by ServeMux pattern (/webhooks/heygen,
	// /sandbox/). They get neither the endpoint token nor the Origin check.
	Routes map[string]http.Handler
	// Logger receives transport logs; nil = slog.Default().
	Logger *slog.Logger
	// ShutdownTimeout bounds how long in-flight calls may run after ctx is
	// cancelled; 0 = DefaultShutdownTimeout.
	ShutdownTimeout time.Duration

	// MaxBodyBytes caps request bodies; 0 = DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// BodyReadTimeout bounds how long a request body may take to arrive, on
	// every route and every refusal; 0 = DefaultBodyReadTimeout.
	BodyReadTimeout time.Duration
	// MaxCredentialBytes caps a HeyGen credential sent per request (X-Api-Key,
	// X-HeyGen-Access-Token, a key in Authorization: Bearer);
	// 0 = DefaultMaxCredentialBytes.
	MaxCredentialBytes int
	// SessionIdleTTL sweeps sessions idle this long; 0 = DefaultSessionIdleTTL.
	SessionIdleTTL time.Duration
	// StreamResumeWindow is how long streamed events stay replayable
	// (Last-Event-ID); 0 = DefaultStreamResumeWindow.
	StreamResumeWindow time.Duration
	// MaxSessions caps the MCP sessions held at once; 0 = DefaultMaxSessions.
	MaxSessions int
	// MaxSessionsPerCredential caps the sessions of one HeyGen credential;
	// 0 = DefaultMaxSessionsPerCredential.
	MaxSessionsPerCredential int
	// MaxSessionIDBytes refuses longer Mcp-Session-Id headers with 400;
	// 0 = DefaultMaxSessionIDBytes.
	MaxSessionIDBytes int
	// EventStore keeps the events of resumable streams (stateful only); nil =
	// a bounded store in this process's memory.
	EventStore server.EventStore
	// Ready, if set, is called by ServeHTTP once the listener is bound (with
	// Addr "127.0.0.1:0" this is how a caller learns the port).
	Ready func(addr net.Addr)
}

// NewHTTPHandler returns the handler serving /mcp, /healthz and o.Routes, and
// a shutdown func that closes MCP sessions and streams and stops the idle
// sweeper (call it before, or instead of, http.Server.Shutdown).
func NewHTTPHandler(s *server.MCPServer, o HTTPOptions) (http.Handler, func(context.Context) error, error) {
	h, err := newHandler(s, o, nil)
	if err != nil {
		return nil, nil, err
	}
	return h.root, h.shutdown, nil
}

// ServeHTTP listens on o.Addr and serves until ctx is cancelled. Then it stops
// accepting connections, closes the MCP streams, lets in-flight calls finish
// for at most o.ShutdownTimeout and returns nil. It returns an error when it
// cannot start (bad options, exposure rule, address in use).
func ServeHTTP(ctx context.Context, s *server.MCPServer, o HTTPOptions) error {
	if o.Addr == "" {
		o.Addr = DefaultAddr
	}
	log := loggerOf(o)
	httpSrv := &http.Server{
		ReadHeaderTimeout: readHeaderTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		// In-flight calls must survive ctx cancellation to finish gracefully;
		// Shutdown/Close bound them instead.
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	h, err := newHandler(s, o, httpSrv)
	if err != nil {
		return err
	}
	httpSrv.Handler = h.root

	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		_ = h.shutdown(context.Background())
		return fmt.Errorf("listen on --addr %q: %w", o.Addr, err)
	}
	log.Info("serving MCP over streamable HTTP", "url", "http://"+ln.Addr().String()+MCPPath,
		"stateless", o.Stateless, "endpoint_token", o.AuthToken != "", "request_keys", o.AllowRequestKeys)
	if o.Ready != nil {
		o.Ready(ln.Addr())
	}

	served := make(chan error, 1)
	go func() { served <- httpSrv.Serve(ln) }()

	select {
	case err := <-served:
		_ = h.shutdown(context.Background())
		return fmt.Errorf("http server stopped: %w", err)
	case <-ctx.Done():
	}

	timeout := o.ShutdownTimeout
	if timeout <= 0 {
		timeout = DefaultShutdownTimeout
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	log.Info("shutting down HTTP transport", "timeout", timeout.String())
	// mcp-go's Shutdown closes the sessions (unblocking GET streams) and then
	// shuts httpSrv down, waiting for in-flight requests.
	if err := h.mcp.Shutdown(sctx); err != nil {
		log.Warn("in-flight requests did not finish in time; closing connections", "err", err)
		_ = httpSrv.Close()
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("http server: %w", err)
	}
	return nil
}

// handler is the assembled HTTP side of one MCP server.
type handler struct {
	root     http.Handler
	mcp      *server.StreamableHTTPServer
	sessions *sessionRegistry // nil when stateless
}

func (h *handler) shutdown(ctx context.Context) error {
	// Without an http.Server attached this only closes sessions and stops the
	// sweeper goroutine.
	return h.mcp.Shutdown(ctx)
}

// CheckOptions applies the rules the HTTP transport refuses to start without:
// the exposure rule (when Addr is set), the allowed origins' form, and an
// endpoint token without surrounding whitespace. The server's configuration
// checks call it too, so a refusal is a bad setting before anything starts.
func CheckOptions(o HTTPOptions) error {
	if o.Addr != "" {
		if err := CheckExposure(o); err != nil {
			return err
		}
	}
	if _, err := parseOrigins(o.AllowedOrigins); err != nil {
		return err
	}
	if err := checkSessionOptions(o); err != nil {
		return err
	}
	if strings.TrimSpace(o.AuthToken) != o.AuthToken {
		return &OptionError{Field: "AuthToken",
			Msg: "the endpoint token has leading or trailing whitespace: remove it (clients send the token verbatim)"}
	}
	return nil
}

// An OptionError is an HTTPOptions field the transport refuses. Msg names the
// setting in the transport's words ("the endpoint token"); a caller that read
// it from a flag or an environment variable can name that too, by Field.
type OptionError struct {
	Field string // the HTTPOptions field: "AuthToken" or "AllowedOrigins"
	Msg   string
}

func (e *OptionError) Error() string { return e.Msg }

func newHandler(s *server.MCPServer, o HTTPOptions, httpSrv *http.Server) (*handler, error) {
	if s == nil {
		return nil, errors.New("transport: NewHTTPHandler needs an MCP server, got nil")
	}
	if err := CheckOptions(o); err != nil {
		return nil, err
	}
	origins, err := parseOrigins(o.AllowedOrigins)
	if err != nil {
		return nil, err
	}
	maxBody := orDefault(o.MaxBodyBytes, DefaultMaxBodyBytes)
	bodyTimeout := orDefault(o.BodyReadTimeout, DefaultBodyReadTimeout)
	maxCred := orDefault(o.MaxCredentialBytes, DefaultMaxCredentialBytes)
	idleTTL := orDefault(o.SessionIdleTTL, DefaultSessionIdleTTL)
	log := loggerOf(o)
	var sessions *sessionRegistry

	opts := []server.StreamableHTTPOption{
		server.WithStreamableHTTPLogger(log),
		server.WithHTTPContextFunc(func(ctx context.Context, r *http.Request) context.Context {
			// The gate already refused credentials that are not allowed and
			// ambiguous ones, so an error cannot happen here.
			if !o.AllowRequestKeys {
				return ctx
			}
			cred, _ := requestCredential(r, o.AuthToken != "", maxCred)
			return creds.WithCredential(ctx, cred)
		}),
	}
	// Every protocol revision is served, 2026-07-28 included: mcp-go decides
	// the era per request. On the 2026-07-28 path mcp-go keeps no event store
	// (that protocol has no resumable streams), so a notification sent right
	// before a handler returns can still be lost (mcp-go PR #969); progress is
	// a hint, and every result carries the final state itself.
	if o.Stateless {
		// No event store here: mcp-go v1.2.1 reclaims stored streams only when
		// a session ends, and stateless requests share the session "", so the
		// store would grow without bound. The cost is mcp-go #969: a
		// notification sent right before a handler returns may be lost.
		opts = append(opts, server.WithStateLess(true))
	} else {
		sessions = newSessionRegistry(orDefault(o.MaxSessions, DefaultMaxSessions),
			orDefault(o.MaxSessionsPerCredential, DefaultMaxSessionsPerCredential))
		opts = append(opts,
			// Our registry instead of WithStateful: it issues the ids, binds
			// them to their tenant and counts them (sessions.go).
			server.WithSessionIdManagerResolver(sessions),
			// Without an event store mcp-go drops the last notification a
			// handler sends before returning (mcp-go PR #969); with one, the
			// forwarder stops before the final drain and nothing is lost.
			server.WithEventStore(eventStoreOf(o)),
			server.WithSessionIdleTTL(idleTTL),
		)
	}
	if len(o.AllowedOrigins) > 0 {
		opts = append(opts, server.WithStreamableHTTPCORS(
			server.WithCORSAllowedOrigins(o.AllowedOrigins...),
			server.WithCORSAllowedHeaders("Content-Type", "Authorization", HeaderAPIKey, HeaderAccessToken,
				server.HeaderKeySessionID, mcp.HeaderProtocolVersion, mcp.HeaderLastEventID, mcp.HeaderMethod, mcp.HeaderName),
		))
	}
	if httpSrv != nil {
		opts = append(opts, server.WithStreamableHTTPServer(httpSrv))
	}
	streamable := server.NewStreamableHTTPServer(s, opts...)

	var next http.Handler = streamable
	if sessions != nil {
		next = &sessionGuard{next: streamable, reg: sessions, maxIDBytes: orDefault(o.MaxSessionIDBytes, DefaultMaxSessionIDBytes),
			hasEndpointToken: o.AuthToken != "", allowRequestKeys: o.AllowRequestKeys, idleTTL: idleTTL.String(), log: log}
	}
	g := &gate{
		next:             checkRequestIDs(next),
		token:            o.AuthToken,
		allowRequestKeys: o.AllowRequestKeys,
		origins:          origins,
		maxBody:          maxBody,
		bodyTimeout:      bodyTimeout,
		maxCredential:    maxCred,
	}
	mux := http.NewServeMux()
	if err := registerRoutes(mux, g, o.Routes); err != nil {
		_ = streamable.Shutdown(context.Background())
		return nil, err
	}
	return &handler{root: boundBodies(limitBodies(mux, maxBody), bodyTimeout), mcp: streamable, sessions: sessions}, nil
}

func registerRoutes(mux *http.ServeMux, mcp http.Handler, routes map[string]http.Handler) (err error) {
	// ServeMux panics on a malformed or conflicting pattern; report it instead.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("transport: bad extra route: %v", r)
		}
	}()
	mux.Handle(MCPPath, mcp)
	mux.HandleFunc("GET "+HealthPath, serveHealth)
	for pattern, h := range routes {
		if h == nil {
			return fmt.Errorf("transport: extra route %q has a nil handler", pattern)
		}
		mux.Handle(pattern, h)
	}
	return nil
}

// serveHealth answers liveness probes without auth and without calling HeyGen.
func serveHealth(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
}

func loggerOf(o HTTPOptions) *slog.Logger {
	if o.Logger != nil {
		return o.Logger
	}
	return slog.Default()
}

// writeJSONError writes {"error": code, "message": message} with status.
func writeJSONError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "message": message})
}
