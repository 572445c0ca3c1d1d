package app

import (
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/mark3labs/mcp-go/server"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/cluster"
	"github.com/heygen-mcp/heygen-mcp/internal/complete"
	"github.com/heygen-mcp/heygen-mcp/internal/creds"
	"github.com/heygen-mcp/heygen-mcp/internal/localfiles"
	"github.com/heygen-mcp/heygen-mcp/internal/prompts"
	"github.com/heygen-mcp/heygen-mcp/internal/sandbox"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
	"github.com/heygen-mcp/heygen-mcp/internal/webhook"
	"github.com/heygen-mcp/heygen-mcp/resources"
	"github.com/heygen-mcp/heygen-mcp/tools"
	"github.com/heygen-mcp/heygen-mcp/transport"
)

// Name is the MCP server name.
const Name = "heygen-mcp"

const instructions = `This server makes videos with HeyGen's Video Agent: a prompt becomes a finished video with an avatar, voice, scenes and captions.
How to use it:
1. Optionally call get_account first to check the API key and the remaining credits.
2. create_video with a prompt starts a session and returns session_id at once. Rendering takes minutes (often 5-45), so do not wait in one call.
3. Call wait_for_video with the session_id: it waits up to 45 s and returns done true with video_url once the video is completed (download links expire: call get_video again for a fresh one), or done false: then call it again. If the video failed, explain failure_message.
4. Chat mode (create_video with mode "chat"): the agent may pause with status waiting_for_input or reviewing; wait_for_video and get_session then show "The agent is asking: ...". Ask the user, answer with send_message, then call wait_for_video again. Later messages request revisions, each making a new video (list_session_videos). If the user's client supports it, wait_for_video asks the user the agent's question directly and reports what was answered.
5. Local files: files entries may be {"type":"path","path":"..."} inside the directories the user allowed (--allow-dir or the client's roots); upload_asset uploads one on its own and download_video saves a finished video there.
The prompts product_walkthrough, explainer and social_clip write a good brief for create_video.
list_avatars, list_voices and list_styles give ids for avatar_id, voice_id and style_id; they are optional. Every create_video costs credits: never repeat one that may have succeeded; check list_sessions instead. Errors come back as tool results that say what to fix.`

var sandboxInstructions = fmt.Sprintf("\n\nSANDBOX MODE: this server is connected to a built-in simulator, not to HeyGen. Every result is SIMULATED: no credits are spent and the video URLs point at a sample clip, not at a real HeyGen video. Tell the user so. A simulated video takes well under a minute (about %g s at the default sandbox speed), not 5-45 minutes; still use wait_for_video as in step 3.", sandbox.GenerateDuration.Seconds())

// Server is an assembled MCP server with what it owns.
type Server struct {
	MCP     *server.MCPServer
	Pool    *creds.Pool
	Sandbox *sandbox.Sandbox // nil unless cfg.Sandbox

	// Hub shares pollers among waits and resource subscriptions; Sessions is
	// what resources/list shows per caller.
	Hub      *watch.Hub
	Sessions *resources.Sessions
	// Webhook receives HeyGen's callbacks at webhook.Path (HTTP with
	// --public-url only; nil otherwise).
	Webhook *webhook.Handler
	// Redis is the state shared with other replicas (--redis-url; nil otherwise).
	Redis *cluster.Redis

	stopSharing func()

	cfg     Config
	baseURL string // where HeyGen calls go (the sandbox's own URL in sandbox mode)
	log     *slog.Logger
}

// webhooksOn: only HTTP has a URL HeyGen can call, and the sandbox's
// simulator delivers no callbacks (its watchers must keep polling).
func (c Config) webhooksOn() bool {
	return c.Transport == "http" && c.PublicURL != "" && !c.Sandbox
}

// callbackSecret keys the callback_id MACs. Derived from HEYGEN_WEBHOOK_SECRET
// (so every replica and restart verifies the same ids) or random per process:
// after a restart, deliveries for older creates are then refused and the
// watchers' safety-net poll picks the change up instead.
func callbackSecret(signing string) ([]byte, error) {
	if signing != "" {
		m := hmac.New(sha256.New, []byte(signing))
		m.Write([]byte("heygen-mcp callback secret v1"))
		return m.Sum(nil), nil
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("making the webhook callback secret: %w", err)
	}
	return b, nil
}

// NewServer assembles the MCP server for cfg: the HeyGen client pool (real
// API or sandbox), every tool (read-only ones with cfg.ReadOnly), instructions.
func NewServer(cfg Config, logger *slog.Logger) (*Server, error) {
	return newServer(cfg, logger, nil)
}

// newServer is NewServer with the local directories already opened (Main
// opens them to check --allow-dir); nil opens them here.
func newServer(cfg Config, logger *slog.Logger, files *localfiles.Allowed) (*Server, error) {
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{cfg: cfg, log: logger}
	baseURL, key := cfg.BaseURL, cfg.APIKey
	var httpClient *http.Client
	if cfg.Sandbox {
		public := ""
		if cfg.Transport == "http" {
			public = cfg.PublicURL
			if public == "" {
				public = "http://" + cfg.Addr
			}
		}
		sb, err := sandbox.New(sandbox.Options{Speed: cfg.SandboxSpeed, PublicBaseURL: strings.TrimSuffix(public, "/")})
		if err != nil {
			return nil, fmt.Errorf("start the sandbox: %w", err)
		}
		s.Sandbox = sb
		baseURL, httpClient = sb.BaseURL(), sb.HTTPClient()
		if key == "" {
			key = sandbox.DefaultAPIKey // the simulator accepts any key
		}
	}
	userAgent := Name + "/" + Version()
	if httpClient == nil {
		// One connection pool for every per-key client, not one each.
		httpClient = heygen.NewHTTPClient()
	}
	// One client per credential: an API key (X-Api-Key) or, over HTTP, an
	// OAuth access token (Authorization: Bearer to HeyGen).
	newClient := func(c creds.Credential) (*heygen.Client, error) {
		return heygen.NewClient(heygen.WithBaseURL(baseURL), c.Option(),
			heygen.WithUserAgent(userAgent), heygen.WithHTTPClient(httpClient))
	}
	// Fail at start, not at the first call, when the client options are wrong.
	if _, err := newClient(creds.APIKeyCredential("startup-check")); err != nil {
		s.Close()
		return nil, fmt.Errorf("HeyGen client: %w", err)
	}
	var poolOpts []creds.PoolOption
	if s.Sandbox != nil && cfg.Transport == "http" {
		host, _, _ := net.SplitHostPort(cfg.Addr)
		poolOpts = append(poolOpts, creds.WithKeyless(sandboxSessionCredential(s.Sandbox, isLoopbackHost(host))))
	}
	s.Pool = creds.NewCredentialPool(key, newClient, poolOpts...)
	s.baseURL = baseURL

	instr := instructions
	if cfg.Sandbox {
		instr += sandboxInstructions
	}
	opts := []server.ServerOption{
		// list_changed only when enable_toolset can change the list.
		server.WithToolCapabilities(cfg.DynamicToolsets),
		// subscribe + listChanged; subscriptions are tracked through hooks (resources.Register).
		server.WithResourceCapabilities(true, true),
		server.WithHooks(&server.Hooks{}),
		server.WithInstructions(instr),
		server.WithRecovery(),
		server.WithToolHandlerMiddleware(transport.FlushNotifications),
	}
	// MCP tasks only on stdio, where the session outlives the call. Over
	// streamable HTTP mcp-go v1.2.1 ties the task to the POST that started it
	// (issue #897) and its status notifications need a stream the client may
	// not hold (README "Live sessions").
	tasks := cfg.Transport == "stdio"
	if tasks {
		opts = append(opts, server.WithTaskCapabilities(true, true, true))
	}
	// Local files: the --allow-dir directories, plus the client's MCP roots
	// where cfg.clientRoots allows them.
	if cfg.clientRoots() {
		opts = append(opts, server.WithRoots())
	}
	if files == nil {
		var err error
		if files, err = cfg.localFiles(logger); err != nil {
			s.Close()
			return nil, err
		}
	}
	s.Sessions = resources.NewSessions(0)
	// The agent's questions are asked in the user's client when it supports
	// elicitation; prompts and argument completions help start good videos.
	opts = append(opts, server.WithElicitation(), server.WithPromptCapabilities(false))
	opts = append(opts, complete.NewProvider(s.Pool, complete.WithSessionLister(s.sessionIDs), complete.WithLogger(logger)).ServerOptions()...)
	s.MCP = server.NewMCPServer(Name, Version(), opts...)
	prompts.Register(s.MCP)

	webhooks := cfg.webhooksOn()
	hubOpts := watch.HubOptions{Webhooks: webhooks, Logger: logger}
	if cfg.Sandbox {
		// Poll the simulator at the pace of its own timeline, or a 25-second
		// video would be checked once every 10 s.
		hubOpts.Schedule = watch.DefaultSchedule().Scale(sandbox.TimeScale(cfg.SandboxSpeed))
	}
	onSessionCreated := func(ctx context.Context, tenant, sessionID string) { s.Sessions.Add(ctx, tenant, sessionID, "") }
	if cfg.RedisURL != "" {
		var err error
		if s.Redis, err = cluster.Connect(context.Background(), cfg.RedisURL, logger); err != nil {
			s.Close()
			return nil, err
		}
		if s.Hub, err = watch.NewSharedHub(hubOpts, s.Redis); err != nil {
			s.Close()
			return nil, err
		}
		if onSessionCreated, s.stopSharing, err = shareSessions(s.Redis, s.Sessions, logger); err != nil {
			s.Close()
			return nil, err
		}
	} else {
		s.Hub = watch.NewHub(hubOpts)
	}
	if err := resources.Register(s.MCP, resources.Deps{Clients: s.Pool, Hub: s.Hub, Sessions: s.Sessions, Logger: logger}); err != nil {
		s.Close()
		return nil, err
	}
	deps := tools.Deps{
		Clients: s.Pool, Hub: s.Hub, Tasks: tasks, Files: files, Logger: logger, OneClient: cfg.Transport != "http",
		OnSessionCreated: onSessionCreated,
	}
	if cfg.Sandbox {
		deps.Simulated = &tools.Simulated{Notice: sandbox.Notice, RenderTime: sandbox.RenderTimeText(cmp.Or(cfg.SandboxSpeed, 1)),
			IsSampleURL: sandbox.IsSandboxURL}
	}
	if webhooks {
		secret, err := callbackSecret(cfg.WebhookSecret)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.Webhook, err = webhook.NewHandler(webhook.Options{CallbackSecret: secret, SigningSecret: cfg.WebhookSecret, Hub: s.Hub, Logger: logger})
		if err != nil {
			s.Close()
			return nil, err
		}
		deps.Webhook = &tools.WebhookConfig{PublicURL: cfg.PublicURL, CallbackSecret: secret}
	}
	tools.Register(s.MCP, deps, tools.Selection{Toolsets: cfg.Toolsets, ReadOnly: cfg.ReadOnly, Dynamic: cfg.DynamicToolsets})
	if err := tools.RegisterUnknownToolHook(s.MCP); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// sandboxSessionCredential: in the sandbox over HTTP, a caller that sends no
// key gets a simulated tenant of its own per MCP session, so keyless callers
// of one server cannot see each other's videos (stdio has one local user and
// keeps the default key). A request outside any session (--stateless, or the
// sessionless 2026-07-28 protocol) has nothing to bind a tenant to, and any
// X-Api-Key names a tenant of its own (the simulator accepts any). Without
// one, on a loopback address, where every caller is a local user as over
// stdio, it uses the sandbox's default key, shared by all such callers; on
// any other address it is refused, since a shared tenant would let one
// remote caller list, read and stop another's sessions.
func sandboxSessionCredential(sb *sandbox.Sandbox, loopback bool) func(context.Context) (creds.Credential, bool, error) {
	return func(ctx context.Context) (creds.Credential, bool, error) {
		cs := server.ClientSessionFromContext(ctx)
		if cs == nil || cs.SessionID() == "" {
			if loopback {
				return creds.Credential{}, false, nil
			}
			return creds.Credential{}, false, errSandboxTenantNeeded
		}
		return creds.APIKeyCredential(sb.SessionKey(cs.SessionID())), true, nil
	}
}

// errSandboxTenantNeeded refuses a keyless call outside an MCP session in a
// sandbox reachable from the network (sandboxSessionCredential).
var errSandboxTenantNeeded = &creds.KeyRequiredError{Msg: "this sandbox server is reachable from the network and the call " +
	"has no MCP session to keep its simulated videos apart from other callers': send an X-Api-Key header with any " +
	"value of your own (e.g. X-Api-Key: sandbox-alice); the sandbox accepts any key, spends nothing, and callers with " +
	"the same key share its simulated account"}

// sessionIDs completes session ids from the sessions this server created for
// the caller's tenant, newest first.
func (s *Server) sessionIDs(_ context.Context, _ *heygen.Client, tenant string) ([]string, error) {
	entries := s.Sessions.List(tenant)
	ids := make([]string, 0, len(entries))
	for _, e := range entries {
		ids = append(ids, e.SessionID)
	}
	return ids, nil
}

// routes are the extra HTTP handlers: webhook receiver and sandbox files.
func (s *Server) routes() map[string]http.Handler {
	routes := map[string]http.Handler{}
	if s.Sandbox != nil {
		routes[sandbox.RoutePrefix] = s.Sandbox.Handler()
	}
	if s.Webhook != nil {
		routes[webhook.Path] = s.Webhook
	}
	return routes
}

// Serve runs the configured transport until ctx ends (or stdin closes).
func (s *Server) Serve(ctx context.Context, stdin io.Reader, stdout io.Writer) error {
	s.log.Info("starting", "name", Name, "version", Version(), "transport", s.cfg.Transport,
		"base_url", s.baseURL, "api_key_set", s.cfg.APIKey != "", "sandbox", s.cfg.Sandbox, "read_only", s.cfg.ReadOnly)
	if s.Sandbox != nil && s.cfg.Transport == "http" && s.cfg.Stateless {
		if host, _, _ := net.SplitHostPort(s.cfg.Addr); isLoopbackHost(host) {
			s.log.Warn("sandbox with --stateless: callers that send no X-Api-Key share one simulated tenant and see each " +
				"other's videos; any X-Api-Key value gives a caller a tenant of its own")
		} else {
			s.log.Info("sandbox with --stateless on a non-loopback address: callers must send an X-Api-Key (any value) " +
				"naming their simulated tenant; calls without one are refused")
		}
	}
	if !s.Pool.HasDefaultKey() && s.cfg.Transport == "stdio" {
		s.log.Warn("HEYGEN_API_KEY is not set: tools will answer with how to set it (or start with --sandbox)")
	}
	switch s.cfg.Transport {
	case "http":
		return nameHTTPSetting(transport.ServeHTTP(ctx, s.MCP, s.httpOptions()))
	default:
		return transport.ServeStdio(ctx, s.MCP, stdin, stdout, s.log)
	}
}

func (s *Server) httpOptions() transport.HTTPOptions {
	return transport.HTTPOptions{
		Addr: s.cfg.Addr, Stateless: s.cfg.Stateless, AuthToken: s.cfg.AuthToken, AllowedOrigins: s.cfg.AllowedOrigins,
		AllowRequestKeys: true, HasDefaultKey: s.Pool.HasDefaultKey(), Routes: s.routes(), Logger: s.log,
		Ready: s.listening, MaxSessions: s.cfg.MaxSessions, MaxSessionsPerCredential: s.cfg.MaxSessionsPerCredential,
		MaxSessionIDBytes: s.cfg.MaxSessionIDBytes, SessionIdleTTL: s.cfg.SessionIdleTTL,
		StreamResumeWindow: s.cfg.StreamResumeWindow,
		BodyReadTimeout:    s.cfg.BodyReadTimeout, MaxCredentialBytes: s.cfg.MaxCredentialBytes,
		EventStore: s.redisEventStore(),
	}
}

// listening points sandbox videos at the port actually bound when --addr
// asked for any free one (port 0) and no --public-url says otherwise.
func (s *Server) listening(addr net.Addr) {
	if s.Sandbox == nil || s.cfg.PublicURL != "" {
		return
	}
	if _, port, err := net.SplitHostPort(s.cfg.Addr); err != nil || port != "0" {
		return
	}
	if err := s.Sandbox.SetPublicBaseURL("http://" + addr.String()); err != nil {
		s.log.Warn("sandbox: videos keep pointing at --addr", "err", err)
	}
}

// Close stops the pollers and releases the sandbox, if any.
func (s *Server) Close() {
	if s.Hub != nil {
		s.Hub.Close()
	}
	if s.stopSharing != nil {
		s.stopSharing()
	}
	if s.Redis != nil {
		if err := s.Redis.Close(); err != nil {
			s.log.Warn("closing the Redis connection", "err", err)
		}
	}
	if s.Sandbox != nil {
		if err := s.Sandbox.Close(); err != nil {
			s.log.Warn("closing the sandbox", "err", err)
		}
	}
}

// Main runs the server and returns the process exit code: 0 after a clean
// stop, 2 for bad configuration, 1 when the server fails.
func Main(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, err := ParseConfig(args, getenv)
	if err != nil {
		return badConfig(stderr, err)
	}
	if cfg.ShowHelp {
		// Help is not a server run, so stdout is fine.
		var c Config
		var dirs stringList
		var o, sp, ts string
		newFlagSet(&c, &dirs, &o, &sp, &ts, stdout).Usage()
		return 0
	}
	if cfg.ShowVersion {
		fmt.Fprintf(stdout, "%s %s\n", Name, Version())
		return 0
	}
	level, _ := parseLevel(cfg.LogLevel) // validated by ParseConfig
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	// What CheckAllowDirs checks, opened once for the server.
	files, err := cfg.localFiles(logger)
	if err != nil {
		return badConfig(stderr, err)
	}

	srv, err := newServer(cfg, logger, files)
	if err != nil {
		logger.Error("cannot start", "err", err)
		return 1
	}
	defer srv.Close()
	if err := srv.Serve(ctx, stdin, stdout); err != nil && !errors.Is(err, context.Canceled) {
		logger.Error("server stopped", "err", err)
		return 1
	}
	return 0
}

// badConfig reports a bad setting and returns exit code 2.
func badConfig(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "heygen-mcp: %v\nRun heygen-mcp --help for the flags.\n", err)
	return 2
}
