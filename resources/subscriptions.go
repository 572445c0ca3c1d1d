package resources

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
)

// registry holds the per-server state behind the hooks: subscriptions per MCP
// session, which tenant each MCP session speaks for, and the styles cache.
type registry struct {
	srv *server.MCPServer
	d   Deps
	log *slog.Logger

	mu      sync.Mutex
	subs    map[subKey]*subscription
	clients map[string]string // MCP session id -> tenant of its latest request
	streams map[*listenStream]struct{}
	nextID  uint64
	styles  map[string]stylesEntry
}

// listenStream is one open subscriptions/listen request (protocol 2026-07-28):
// the client's notifications for the URIs it named, and resources/list_changed
// when it asked for that, travel on this request's own stream. It lives as
// long as the request's context.
type listenStream struct {
	session     server.ClientSession
	id          any // the listen request's JSON-RPC id, tagged on each notification
	tenant      string
	listChanged bool
}

type subKey struct{ mcpSession, uri string }

type subscription struct {
	id    uint64
	unsub func()
}

// trackClient remembers the tenant behind each MCP session, so list_changed
// reaches exactly that tenant's clients. 2026-07-28 requests over HTTP have no
// session, and in that protocol every notification is opt-in: their
// list_changed goes only through subscriptions/listen (listening).
func (r *registry) trackClient(ctx context.Context, _ any, _ mcp.MCPMethod, _ any) {
	cs := server.ClientSessionFromContext(ctx)
	if cs == nil || cs.SessionID() == "" || server.IsModernRequest(ctx) {
		return
	}
	// A session is bound to the credential that opened it (the transport
	// refuses another), so its tenant never changes once known.
	r.mu.Lock()
	_, known := r.clients[cs.SessionID()]
	r.mu.Unlock()
	if known {
		return
	}
	_, tenant, err := r.d.Clients.Client(ctx)
	if err != nil {
		return
	}
	r.mu.Lock()
	r.clients[cs.SessionID()] = tenant
	r.mu.Unlock()
}

// listChanged tells every MCP session of tenant that resources/list changed.
// The calling session is already known: trackClient runs before every request.
func (r *registry) listChanged(ctx context.Context, tenant string) {
	r.mu.Lock()
	var ids []string
	for id, t := range r.clients {
		if t == tenant {
			ids = append(ids, id)
		}
	}
	var streams []*listenStream
	for st := range r.streams {
		if st.tenant == tenant && st.listChanged {
			streams = append(streams, st)
		}
	}
	r.mu.Unlock()
	for _, id := range ids {
		if err := r.srv.SendNotificationToSpecificClient(id, string(mcp.MethodNotificationResourcesListChanged), nil); err != nil {
			r.log.Debug("resources: list_changed not delivered", "err", err)
		}
	}
	for _, st := range streams {
		st.send(r.log, mcp.MethodNotificationResourcesListChanged, nil)
	}
}

// appendSessions adds the caller's sessions to resources/list (first page only,
// so paging never repeats them). mcp-go lists only static resources itself.
func (r *registry) appendSessions(ctx context.Context, _ any, req *mcp.ListResourcesRequest, res *mcp.ListResourcesResult) {
	if res == nil || (req != nil && req.Params.Cursor != "") {
		return
	}
	_, tenant, err := r.d.Clients.Client(ctx)
	if err != nil {
		return
	}
	for _, e := range r.d.Sessions.List(tenant) {
		name := e.Title
		if name == "" {
			name = "Video Agent session " + e.SessionID
		}
		res.Resources = append(res.Resources, mcp.NewResource(SessionURI(e.SessionID), name,
			mcp.WithResourceDescription("Created "+e.Created.UTC().Format(time.RFC3339)+"; subscribe for status updates."),
			mcp.WithMIMEType(mimeJSON)))
	}
}

// checkSubscribe rejects, before mcp-go acknowledges it, a subscribe to a URI
// this server cannot watch, or from a caller without a HeyGen key.
func (r *registry) checkSubscribe(ctx context.Context, _ any, message any) error {
	raw, ok := message.(json.RawMessage)
	// Both methods checked here contain "subscri"; every other request (a
	// tool call, say) skips a second parse of its whole body.
	if !ok || !bytes.Contains(raw, []byte("subscri")) {
		return nil
	}
	var m struct {
		Method string `json:"method"`
		Params struct {
			URI           string `json:"uri"`
			Notifications struct {
				ResourceSubscriptions []string `json:"resourceSubscriptions"`
			} `json:"notifications"`
		} `json:"params"`
	}
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	var uris []string
	switch m.Method {
	case string(mcp.MethodResourcesSubscribe):
		if m.Params.URI == "" {
			return nil // mcp-go answers "uri is required"
		}
		uris = []string{m.Params.URI}
	case string(mcp.MethodSubscriptionsListen):
		uris = m.Params.Notifications.ResourceSubscriptions
		if len(uris) == 0 {
			return nil // list_changed only: nothing of ours to check
		}
		if len(uris) > maxListenURIs {
			return fmt.Errorf("subscriptions/listen names %d resources; at most %d per stream", len(uris), maxListenURIs)
		}
	default:
		return nil
	}
	for _, uri := range uris {
		if _, _, err := ParseURI(uri); err != nil {
			return err
		}
	}
	_, _, err := r.d.Clients.Client(ctx)
	return err
}

// maxListenURIs bounds the resources one subscriptions/listen stream may
// watch: each is a poller against HeyGen.
const maxListenURIs = 50

// listening serves a 2026-07-28 subscriptions/listen: that protocol has no
// resources/subscribe, and mcp-go v1.2.1 records the URIs only on sessions that
// implement its subscription interface, which its own sessions do not. So the
// stream is tracked here, from the hook that runs before mcp-go acknowledges
// it, until the request's context ends (client cancel or disconnect).
func (r *registry) listening(ctx context.Context, id any, req *mcp.SubscriptionsListenRequest) {
	cs := server.ClientSessionFromContext(ctx)
	if cs == nil || req == nil || id == nil {
		return
	}
	want := req.Params.Notifications
	r.log.Debug("resources: subscriptions/listen", "uris", len(want.ResourceSubscriptions), "list_changed", want.ResourcesListChanged)
	if !want.ResourcesListChanged && len(want.ResourceSubscriptions) == 0 {
		return
	}
	c, tenant, err := r.d.Clients.Client(ctx)
	if err != nil {
		return
	}
	st := &listenStream{session: cs, id: id, tenant: tenant, listChanged: want.ResourcesListChanged}
	var unsubs []func()
	for _, uri := range want.ResourceSubscriptions {
		ref, ok := refOf(uri)
		if !ok {
			continue
		}
		unsub, err := r.d.Hub.Subscribe(tenant, c, ref, func(u watch.Update) {
			if worthTelling(u) {
				st.send(r.log, mcp.MethodNotificationResourceUpdated, map[string]any{"uri": uri})
			}
		})
		if err != nil {
			r.log.Warn("resources: subscription not watched", "uri", uri, "err", err)
			continue
		}
		unsubs = append(unsubs, unsub)
	}
	r.mu.Lock()
	r.streams[st] = struct{}{}
	r.mu.Unlock()
	go func() {
		<-ctx.Done()
		r.mu.Lock()
		delete(r.streams, st)
		r.mu.Unlock()
		for _, u := range unsubs {
			u()
		}
	}()
}

// send puts a notification on the listen stream, tagged with the stream's
// request id as 2026-07-28 asks. It never blocks the watcher: a full channel
// drops the notification (the client re-reads the resource on the next one).
func (st *listenStream) send(log *slog.Logger, method mcp.MCPMethod, params map[string]any) {
	n := mcp.JSONRPCNotification{
		JSONRPC: mcp.JSONRPC_VERSION,
		Notification: mcp.Notification{
			Method: string(method),
			Params: mcp.NotificationParams{
				Meta:             map[string]any{mcp.MetaKeySubscriptionID: st.id},
				AdditionalFields: params,
			},
		},
	}
	select {
	case st.session.NotificationChannel() <- n:
	default:
		log.Debug("resources: listen stream full; notification dropped", "method", method)
	}
}

// refOf is the watcher reference behind a session, video or video
// translation URI; false for
// the styles URI (it only changes with HeyGen's catalogue: nothing to watch)
// and for a URI that does not parse.
func refOf(uri string) (watch.Ref, bool) {
	kind, id, err := ParseURI(uri)
	switch {
	case err != nil || kind == KindStyles:
		return watch.Ref{}, false
	case kind == KindVideo:
		return watch.Ref{VideoID: id}, true
	case kind == KindTranslation:
		return watch.Ref{TranslationID: id}, true
	}
	return watch.Ref{SessionID: id}, true
}

// worthTelling reports whether a watcher update becomes resources/updated. A
// transient error is not: the watcher backs off and retries. A final update
// (done, failed, not found) is, so the client re-reads and sees the end.
func worthTelling(u watch.Update) bool { return u.Err == nil || u.Final }

// subscribed starts (or joins) the tenant's shared watcher for the URI.
func (r *registry) subscribed(ctx context.Context, _ any, req *mcp.SubscribeRequest, _ *mcp.EmptyResult) {
	cs := server.ClientSessionFromContext(ctx)
	if cs == nil || req == nil {
		return
	}
	uri := req.Params.URI
	ref, ok := refOf(uri)
	if !ok {
		return
	}
	c, tenant, err := r.d.Clients.Client(ctx)
	if err != nil {
		return
	}
	key := subKey{mcpSession: cs.SessionID(), uri: uri}
	r.mu.Lock()
	if _, dup := r.subs[key]; dup {
		r.mu.Unlock()
		return
	}
	r.nextID++
	sub := &subscription{id: r.nextID}
	r.subs[key] = sub
	r.mu.Unlock()

	unsub, err := r.d.Hub.Subscribe(tenant, c, ref, func(u watch.Update) { r.updated(key, sub.id, u) })
	if err != nil {
		r.log.Warn("resources: subscription not watched", "uri", uri, "err", err)
		r.forget(key, sub.id)
		return
	}
	r.mu.Lock()
	if cur, ok := r.subs[key]; ok && cur == sub {
		sub.unsub = unsub
		r.mu.Unlock()
		return
	}
	r.mu.Unlock()
	unsub() // unsubscribed or session ended while the watcher was starting
}

// updated forwards a watcher update as notifications/resources/updated; after
// the final one the subscription is forgotten.
func (r *registry) updated(key subKey, id uint64, u watch.Update) {
	if !worthTelling(u) {
		return
	}
	if err := r.srv.SendNotificationToSpecificClient(key.mcpSession, string(mcp.MethodNotificationResourceUpdated),
		map[string]any{"uri": key.uri}); err != nil {
		r.log.Debug("resources: update not delivered", "uri", key.uri, "err", err)
	}
	if u.Final {
		if u.Err != nil && !heygen.IsNotFound(u.Err) {
			r.log.Info("resources: watch ended", "uri", key.uri, "err", u.Err)
		}
		r.forget(key, id)
	}
}

func (r *registry) forget(key subKey, id uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cur, ok := r.subs[key]; ok && cur.id == id {
		delete(r.subs, key)
	}
}

func (r *registry) unsubscribed(ctx context.Context, _ any, req *mcp.UnsubscribeRequest, _ *mcp.EmptyResult) {
	cs := server.ClientSessionFromContext(ctx)
	if cs == nil || req == nil {
		return
	}
	r.drop(func(k subKey) bool { return k.mcpSession == cs.SessionID() && k.uri == req.Params.URI })
}

// sessionEnded drops everything an MCP session held.
func (r *registry) sessionEnded(_ context.Context, cs server.ClientSession) {
	id := cs.SessionID()
	r.drop(func(k subKey) bool { return k.mcpSession == id })
	r.mu.Lock()
	delete(r.clients, id)
	r.mu.Unlock()
}

func (r *registry) drop(match func(subKey) bool) {
	r.mu.Lock()
	var unsubs []func()
	for k, s := range r.subs {
		if match(k) {
			if s.unsub != nil {
				unsubs = append(unsubs, s.unsub)
			}
			delete(r.subs, k)
		}
	}
	r.mu.Unlock()
	for _, u := range unsubs {
		u()
	}
}
