// Package complete answers completion/complete: style_id, avatar_id and
// voice_id prompt arguments from HeyGen's catalogues, and session_id / video_id
// / video_translation_id in the heygen:// resource templates from the caller's
// own lists. Lists are
// cached per credential tenant with a TTL, so typing in a client's argument box
// costs at most one HeyGen listing per TTL.
package complete

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

const (
	// MaxValues is MCP's cap on values in one completion.
	MaxValues = 100

	defaultCatalogTTL = 10 * time.Minute // styles, avatars, voices change rarely
	defaultIDsTTL     = 30 * time.Second // new sessions and videos should show up soon
	// maxListed bounds how many items one list fetch pages through.
	maxListed = 1000
	// maxRecent bounds session and video ids: the newest are the ones people want.
	maxRecent = 200
	// maxEntries bounds the cache; expired entries are dropped beyond it.
	maxEntries = 4096
)

// ClientResolver resolves the caller's HeyGen client and tenant (*creds.Pool).
type ClientResolver interface {
	Client(ctx context.Context) (*heygen.Client, string, error)
}

// Lister lists ids for one tenant, newest first.
type Lister func(ctx context.Context, c *heygen.Client, tenant string) ([]string, error)

// Option configures a Provider.
type Option func(*Provider)

// WithCatalogTTL sets how long styles, avatars and voices are cached.
func WithCatalogTTL(d time.Duration) Option { return func(p *Provider) { p.catalogTTL = d } }

// WithIDsTTL sets how long session and video ids are cached.
func WithIDsTTL(d time.Duration) Option { return func(p *Provider) { p.idsTTL = d } }

// WithClock injects the time source (tests).
func WithClock(now func() time.Time) Option { return func(p *Provider) { p.now = now } }

// WithSessionLister replaces the session id source (default: GET /v3/video-agents,
// newest first), e.g. with the sessions this server created for the caller.
func WithSessionLister(l Lister) Option { return func(p *Provider) { p.lists[kindSessions] = l } }

// WithVideoLister replaces the video id source (default: GET /v3/videos).
func WithVideoLister(l Lister) Option { return func(p *Provider) { p.lists[kindVideos] = l } }

// WithLogger sets where failed listings are logged (default slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(p *Provider) { p.log = l } }

type kind string

const (
	kindStyles   kind = "styles"
	kindAvatars  kind = "avatars"
	kindVoices   kind = "voices"
	kindSessions kind = "sessions"
	kindVideos   kind = "videos"
)

// staticValues complete prompt arguments with fixed vocabularies.
var staticValues = map[string][]string{
	"orientation": {"landscape", "portrait"},
	"length":      {"15s", "30s", "45s", "60s", "90s", "2m", "3m", "5m"},
}

// Provider implements server.PromptCompletionProvider and
// server.ResourceCompletionProvider.
type Provider struct {
	clients    ClientResolver
	catalogTTL time.Duration
	idsTTL     time.Duration
	now        func() time.Time
	log        *slog.Logger
	lists      map[kind]Lister

	mu    sync.Mutex
	cache map[cacheKey]*entry
}

type cacheKey struct {
	tenant string
	kind   kind
}

type entry struct {
	mu      sync.Mutex // held while fetching, so concurrent completions share one listing
	values  []string
	fetched time.Time
	ok      bool
}

// NewProvider returns a provider; clients is usually the server's *creds.Pool.
func NewProvider(clients ClientResolver, opts ...Option) *Provider {
	p := &Provider{
		clients: clients, catalogTTL: defaultCatalogTTL, idsTTL: defaultIDsTTL, now: time.Now, log: slog.Default(),
		lists: map[kind]Lister{
			kindStyles: listStyles, kindAvatars: listAvatars, kindVoices: listVoices,
			kindSessions: listSessions, kindVideos: listVideos, kindTranslations: listTranslations,
		},
		cache: map[cacheKey]*entry{},
	}
	for _, o := range opts {
		o(p)
	}
	return p
}

// ServerOptions are what the server needs to serve completion/complete with p.
func (p *Provider) ServerOptions() []server.ServerOption {
	return []server.ServerOption{
		server.WithCompletions(),
		server.WithPromptCompletionProvider(p),
		server.WithResourceCompletionProvider(p),
	}
}

// CompletePromptArgument completes style_id, avatar_id, voice_id, orientation
// and length in any prompt; other arguments get no values.
func (p *Provider) CompletePromptArgument(ctx context.Context, _ string, arg mcp.CompleteArgument, _ mcp.CompleteContext) (*mcp.Completion, error) {
	if vs, ok := staticValues[arg.Name]; ok {
		return match(vs, arg.Value), nil
	}
	k, ok := map[string]kind{"style_id": kindStyles, "avatar_id": kindAvatars, "voice_id": kindVoices}[arg.Name]
	if !ok {
		return empty(), nil
	}
	return match(p.values(ctx, k), arg.Value), nil
}

// CompleteResourceArgument completes {session_id}, {video_id} and
// {video_translation_id} of the heygen:// templates.
func (p *Provider) CompleteResourceArgument(ctx context.Context, uri string, arg mcp.CompleteArgument, _ mcp.CompleteContext) (*mcp.Completion, error) {
	var k kind
	switch {
	case arg.Name == "session_id" && strings.HasPrefix(uri, "heygen://sessions/"):
		k = kindSessions
	case arg.Name == "video_id" && strings.HasPrefix(uri, "heygen://videos/"):
		k = kindVideos
	case arg.Name == "video_translation_id" && strings.HasPrefix(uri, "heygen://video-translations/"):
		k = kindTranslations
	default:
		return empty(), nil
	}
	return match(p.values(ctx, k), arg.Value), nil
}

// values returns the cached list for the caller's tenant, refreshing it when
// older than its TTL. Completion is best effort: without a key or when HeyGen
// fails it returns the last good list, or nothing.
func (p *Provider) values(ctx context.Context, k kind) []string {
	if p.clients == nil {
		return nil
	}
	c, tenant, err := p.clients.Client(ctx)
	if err != nil {
		return nil
	}
	ttl := p.catalogTTL
	if k == kindSessions || k == kindVideos || k == kindTranslations {
		ttl = p.idsTTL
	}
	e := p.entry(cacheKey{tenant: tenant, kind: k})
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ok && p.now().Sub(e.fetched) < ttl {
		return e.values
	}
	vs, err := p.lists[k](ctx, c, tenant)
	if err != nil {
		// Never the key: the tenant is a hash, err comes from the client's typed errors.
		p.log.Debug("completion listing failed", "kind", string(k), "tenant", tenant, "err", err)
		return e.values
	}
	e.values, e.fetched, e.ok = dedupe(vs), p.now(), true
	return e.values
}

func (p *Provider) entry(key cacheKey) *entry {
	p.mu.Lock()
	defer p.mu.Unlock()
	if e, ok := p.cache[key]; ok {
		return e
	}
	if len(p.cache) >= maxEntries {
		now := p.now()
		for k, e := range p.cache {
			// TryLock: an entry being fetched is in use, keep it.
			if e.mu.TryLock() {
				stale := !e.ok || now.Sub(e.fetched) >= max(p.catalogTTL, p.idsTTL)
				e.mu.Unlock()
				if stale {
					delete(p.cache, k)
				}
			}
		}
	}
	e := &entry{}
	p.cache[key] = e
	return e
}

// match returns the values starting with prefix (case-insensitive), at most
// MaxValues, with HasMore and Total when there were more.
func match(values []string, prefix string) *mcp.Completion {
	lp := strings.ToLower(prefix)
	out := []string{}
	total := 0
	for _, v := range values {
		if strings.HasPrefix(strings.ToLower(v), lp) {
			total++
			if len(out) < MaxValues {
				out = append(out, v)
			}
		}
	}
	c := &mcp.Completion{Values: out}
	if total > len(out) {
		c.HasMore, c.Total = true, total
	}
	return c
}

func empty() *mcp.Completion { return &mcp.Completion{Values: []string{}} }

func dedupe(vs []string) []string {
	seen := make(map[string]bool, len(vs))
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// collect pages through a HeyGen list, keeping at most limit ids.
func collect[T any](ctx context.Context, limit int, fetch func(ctx context.Context, token string) (*heygen.Page[T], error), id func(T) string) ([]string, error) {
	var out []string
	for item, err := range heygen.All(ctx, fetch) {
		if err != nil {
			return nil, err
		}
		out = append(out, id(item))
		if len(out) >= limit {
			break
		}
	}
	return out, nil
}

func listStyles(ctx context.Context, c *heygen.Client, _ string) ([]string, error) {
	return collect(ctx, maxListed, func(ctx context.Context, token string) (*heygen.Page[heygen.Style], error) {
		return c.ListStyles(ctx, &heygen.ListStylesOptions{ListOptions: heygen.ListOptions{Limit: heygen.MaxListLimit, Token: token}})
	}, func(s heygen.Style) string { return s.StyleID })
}

func listAvatars(ctx context.Context, c *heygen.Client, _ string) ([]string, error) {
	return collect(ctx, maxListed, func(ctx context.Context, token string) (*heygen.Page[heygen.AvatarLook], error) {
		return c.ListAvatarLooks(ctx, &heygen.ListAvatarLooksOptions{ListOptions: heygen.ListOptions{Limit: heygen.MaxAvatarLimit, Token: token}})
	}, func(a heygen.AvatarLook) string { return a.ID })
}

func listVoices(ctx context.Context, c *heygen.Client, _ string) ([]string, error) {
	return collect(ctx, maxListed, func(ctx context.Context, token string) (*heygen.Page[heygen.Voice], error) {
		return c.ListVoices(ctx, &heygen.ListVoicesOptions{ListOptions: heygen.ListOptions{Limit: heygen.MaxListLimit, Token: token}})
	}, func(v heygen.Voice) string { return v.VoiceID })
}

func listSessions(ctx context.Context, c *heygen.Client, _ string) ([]string, error) {
	return collect(ctx, maxRecent, func(ctx context.Context, token string) (*heygen.Page[heygen.SessionSummary], error) {
		return c.ListSessions(ctx, &heygen.ListOptions{Limit: heygen.MaxListLimit, Token: token})
	}, func(s heygen.SessionSummary) string { return s.SessionID })
}

func listVideos(ctx context.Context, c *heygen.Client, _ string) ([]string, error) {
	return collect(ctx, maxRecent, func(ctx context.Context, token string) (*heygen.Page[heygen.Video], error) {
		return c.ListVideos(ctx, &heygen.ListVideosOptions{ListOptions: heygen.ListOptions{Limit: heygen.MaxListLimit, Token: token}})
	}, func(v heygen.Video) string { return v.ID })
}
