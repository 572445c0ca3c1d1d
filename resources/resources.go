// Package resources serves HeyGen sessions, videos and the style catalogue as
// MCP resources, lists the sessions this server created for the caller, and
// turns resources/subscribe into shared watchers (internal/watch) that push
// notifications/resources/updated. Everything is keyed by tenant (a hash of
// the caller's HeyGen key), so one user never reads or watches another's data
// through the server.
package resources

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

// ClientResolver returns the caller's HeyGen client and tenant; *creds.Pool
// satisfies it.
type ClientResolver interface {
	Client(ctx context.Context) (*heygen.Client, string, error)
}

// Deps are what Register needs.
type Deps struct {
	Clients  ClientResolver
	Hub      *watch.Hub
	Sessions *Sessions
	Logger   *slog.Logger
	// StylesTTL is how long the style catalogue is cached per tenant (default 10 min).
	StylesTTL time.Duration
	// Now is the clock of the styles cache (default time.Now).
	Now func() time.Time
}

const mimeJSON = "application/json"

// Register adds the resources, templates and hooks to s. s must be built with
// server.WithResourceCapabilities(true, true) (subscribe, listChanged) and
// server.WithHooks(&server.Hooks{}) (mcp-go keeps no subscriptions itself:
// they are tracked through hooks).
//
// Subscriptions work in every protocol version: resources/subscribe up to
// 2025-11-25, subscriptions/listen from 2026-07-28 (listening, in
// subscriptions.go).
func Register(s *server.MCPServer, d Deps) error {
	switch {
	case s == nil:
		return errors.New("resources: server is nil")
	case d.Clients == nil || d.Hub == nil || d.Sessions == nil:
		return errors.New("resources: Deps.Clients, Deps.Hub and Deps.Sessions are required")
	}
	hooks := s.GetHooks()
	if hooks == nil {
		return errors.New("resources: the MCP server has no hooks: build it with server.WithHooks(&server.Hooks{})")
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.StylesTTL <= 0 {
		d.StylesTTL = 10 * time.Minute
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	r := &registry{srv: s, d: d, log: d.Logger, subs: map[subKey]*subscription{}, clients: map[string]string{},
		streams: map[*listenStream]struct{}{}, styles: map[string]stylesEntry{}}

	s.AddResource(mcp.NewResource(StylesURI, "HeyGen video styles",
		mcp.WithResourceDescription("The Video Agent style catalogue (style_id, name, tags, aspect ratio, previews); pass a style_id to create_video."),
		mcp.WithMIMEType(mimeJSON)), r.readStyles)
	s.AddResourceTemplate(mcp.NewResourceTemplate(SessionTemplate, "HeyGen Video Agent session",
		mcp.WithTemplateDescription("A Video Agent session: status, progress, title, video_id, the agent's question when it waits for you, and messages. Subscribe for updates."),
		mcp.WithTemplateMIMEType(mimeJSON)), r.readSession)
	s.AddResourceTemplate(mcp.NewResourceTemplate(VideoTemplate, "HeyGen video",
		mcp.WithTemplateDescription("A rendered video: status, video_url, thumbnail_url, duration, captions, failure details. Subscribe for updates."),
		mcp.WithTemplateMIMEType(mimeJSON)), r.readVideo)
	r.addTranslationTemplate(s)

	hooks.AddOnRequestInitialization(r.checkSubscribe)
	hooks.AddBeforeAny(r.trackClient)
	hooks.AddAfterListResources(r.appendSessions)
	hooks.AddAfterSubscribe(r.subscribed)
	hooks.AddAfterUnsubscribe(r.unsubscribed)
	hooks.AddBeforeSubscriptionsListen(r.listening)
	hooks.AddOnUnregisterSession(r.sessionEnded)
	d.Sessions.onChange(r.listChanged)
	return nil
}

// templateArg reads a template variable; mcp-go v1.2.1 passes []string.
func templateArg(req mcp.ReadResourceRequest, name string) string {
	switch v := req.Params.Arguments[name].(type) {
	case []string:
		if len(v) > 0 {
			return v[0]
		}
	case string:
		return v
	}
	return ""
}

func jsonContents(uri string, v any) ([]mcp.ResourceContents, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding %s: %w", uri, err)
	}
	return []mcp.ResourceContents{mcp.TextResourceContents{URI: uri, MIMEType: mimeJSON, Text: string(b)}}, nil
}

func (r *registry) readSession(ctx context.Context, req mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
	uri := req.Params.URI
	id, c, err := r.readTarget(ctx, uri, KindSession, "session", SessionTemplate)
	if err != nil {
		return nil, err
	}
	s, err := c.GetSession(ctx, id)
	if err != nil && heygen.IsNotFound(err) {
		// The session endpoint can 404 once its video exists (inferred); the
		// session's video list still answers, so report what it knows.
		if v, ok := r.sessionFromVideos(ctx, c, id); ok {
			return jsonContents(uri, v)
		}
	}
	if err != nil {
		return nil, readError(uri, KindSession, id, err)
	}
	return jsonContents(uri, tools.NewSessionResult(s, tools.MaxMessageLimit))
}

func (r *registry) sessionFromVideos(ctx context.Context, c *heygen.Client, id string) (tools.SessionResult, bool) {
	page, err := c.ListSessionVideos(ctx, id, &heygen.ListOptions{Limit: 1})
	if err != nil || page == nil || len(page.Data) == 0 {
		return tools.SessionResult{}, false
	}
	v := page.Data[0]
	status := heygen.SessionGenerating
	progress := 0
	switch v.Status {
	case heygen.VideoCompleted:
		status, progress = heygen.SessionCompleted, 100
	case heygen.VideoFailed:
		status = heygen.SessionFailed
	}
	vid := v.ID
	view := tools.NewSessionResult(&heygen.Session{SessionID: id, Status: status, Progress: progress, Title: v.Title, VideoID: &vid}, 0)
	view.Note = "HeyGen no longer serves this session; status is derived from its video " + vid + " (read " + VideoURI(vid) + ")."
	return view, true
}

func (r *registry) readVideo(ctx context.Context, req mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
	uri := req.Params.URI
	id, c, err := r.readTarget(ctx, uri, KindVideo, "video", VideoTemplate)
	if err != nil {
		return nil, err
	}
	v, err := c.GetVideo(ctx, id)
	if err != nil {
		return nil, readError(uri, KindVideo, id, err)
	}
	return jsonContents(uri, tools.NewVideoResult(v))
}

// readTarget is the start of every read by id: uri must name a resource of
// kind (noun and template name it in the error); then the caller's client.
func (r *registry) readTarget(ctx context.Context, uri, kind, noun, template string) (string, *heygen.Client, error) {
	k, id, err := ParseURI(uri)
	if err != nil {
		return "", nil, err
	}
	if k != kind {
		return "", nil, fmt.Errorf("resource URI %q is not a %s URI (%s)", clip(uri), noun, template)
	}
	c, _, err := r.d.Clients.Client(ctx)
	if err != nil {
		return "", nil, err
	}
	return id, c, nil
}

// readError turns a HeyGen error into a resource-read error a person can act on.
func readError(uri, kind, id string, err error) error {
	var ve *heygen.ValidationError
	switch {
	case errors.As(err, &ve):
		return fmt.Errorf("%s: invalid %s_id %q: %s", uri, kind, clip(id), ve.Message)
	case heygen.IsNotFound(err):
		return fmt.Errorf("%s: %s %q not found: it does not exist or belongs to another HeyGen API key", uri, kind, clip(id))
	case heygen.IsUnauthorized(err):
		return fmt.Errorf("%s: HeyGen rejected the credential (401): check HEYGEN_API_KEY, the X-Api-Key header, or the X-HeyGen-Access-Token header (access tokens expire)", uri)
	case heygen.IsRateLimited(err):
		if ra, ok := heygen.RetryAfterOf(err); ok {
			return fmt.Errorf("%s: HeyGen rate limit reached: retry in %s", uri, ra.Round(time.Second))
		}
		return fmt.Errorf("%s: HeyGen rate limit reached: retry in a minute", uri)
	case errors.Is(err, heygen.ErrForbidden):
		return fmt.Errorf("%s: this HeyGen API key may not read %s %q", uri, kind, clip(id))
	}
	return fmt.Errorf("reading %s: %w", uri, err)
}
