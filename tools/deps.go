package tools

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/creds"
	"github.com/heygen-mcp/heygen-mcp/internal/localfiles"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
)

// ClientResolver returns the HeyGen client for a call and the caller's tenant
// (creds.Tenant of the key). *creds.Pool implements it.
type ClientResolver interface {
	Client(ctx context.Context) (*heygen.Client, string, error)
}

// Deps is what the tools need from the server assembly. Handlers are methods
// of Deps, so each call sees the server's own dependencies and nothing global.
type Deps struct {
	Clients ClientResolver
	// Simulated is set when HeyGen is a simulator (sandbox mode); nil means
	// real HeyGen. The tools know only what it tells them.
	Simulated *Simulated
	// OnSessionCreated runs after a successful create_video (e.g. to start
	// watching the session); nil is fine.
	OnSessionCreated func(ctx context.Context, tenant, sessionID string)
	// Hub shares one poll loop among concurrent waits and resource
	// subscriptions. Every wait runs on it (the assembly always sets it);
	// with nil, the tools that wait return an error instead.
	Hub *watch.Hub
	// Webhook, when set, makes create_video ask HeyGen to call this server
	// back, so watchers re-fetch on delivery instead of polling often.
	Webhook *WebhookConfig
	// Tasks lets the tools whose Definition says Task run as MCP tasks (only
	// where the transport serves tasks reliably: stdio).
	Tasks bool
	// Files are the local directories upload_asset, download_video and
	// {"type":"path"} files may use; nil allows none (the tools then say how
	// to enable them with --allow-dir).
	Files *localfiles.Allowed
	// DownloadClient fetches the signed video URLs (never sent the API key);
	// nil = a client with connect and header timeouts (ServerTools sets it).
	DownloadClient *http.Client
	// Logger receives the tools' debug logs; nil discards them.
	Logger *slog.Logger
	// OneClient says the server has exactly one client (stdio), so
	// enable_toolset may add tools to the server itself; otherwise it adds
	// them to the caller's MCP session only.
	OneClient bool

	// selection is what ServerTools built these tools for (enable_toolset
	// adds to it).
	selection Selection
}

// Simulated describes the simulator behind a sandbox server. The assembly
// fills it from the sandbox package, so the tool layer never imports it.
type Simulated struct {
	// Notice starts every result text: nothing touched HeyGen.
	Notice string
	// RenderTime says how long a simulated video takes, for the texts a
	// model reads (in place of the real 5 to 45 minutes).
	RenderTime string
	// IsSampleURL reports a file:// URL of the simulator's sample videos,
	// the only local URLs download_video reads.
	IsSampleURL func(rawURL string) bool
}

// WebhookConfig is where HeyGen delivers and the key of the callback_id MAC.
type WebhookConfig struct {
	PublicURL      string // the server's public origin; deliveries go to webhook.CallbackURL(PublicURL)
	CallbackSecret []byte // webhook.CallbackID key; at least 16 bytes
}

func (d Deps) logger() *slog.Logger {
	if d.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Logger
}

func (d Deps) client(ctx context.Context) (*heygen.Client, string, error) {
	if d.Clients == nil {
		return nil, "", creds.ErrNoAPIKey
	}
	return d.Clients.Client(ctx)
}
