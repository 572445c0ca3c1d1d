package resources_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/dev/watchtest"
	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/internal/creds"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
	"github.com/heygen-mcp/heygen-mcp/resources"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	keyA = "key-tenant-a"
	keyB = "key-tenant-b"
)

type fixture struct {
	env      *watchtest.Env
	srv      *server.MCPServer
	hub      *watch.Hub
	sessions *resources.Sessions
	now      time.Time
	mu       sync.Mutex
}

func newFixture(t *testing.T, simOpts ...sim.Option) *fixture {
	t.Helper()
	f := &fixture{env: watchtest.NewEnv(simOpts...), now: watchtest.Start}
	pool := creds.NewPool("", func(key string) (*heygen.Client, error) { return f.env.Client(key), nil })
	f.hub = watch.NewHub(watch.HubOptions{Clock: f.env.Clock})
	t.Cleanup(f.hub.Close)
	f.sessions = resources.NewSessions(3)
	f.srv = server.NewMCPServer("test", "0", server.WithResourceCapabilities(true, true), server.WithHooks(&server.Hooks{}))
	require.NoError(t, resources.Register(f.srv, resources.Deps{Clients: pool, Hub: f.hub, Sessions: f.sessions,
		Now: func() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }}))
	return f
}

// conn is one MCP client connection whose requests carry one HeyGen key.
type conn struct {
	c   *client.Client
	ctx context.Context

	mu    sync.Mutex
	notes []mcp.JSONRPCNotification
}

func (f *fixture) connect(t *testing.T, key string) *conn {
	t.Helper()
	cn := &conn{ctx: creds.WithAPIKey(context.Background(), key)}
	cn.c = mcptest.Connect(t, f.srv, mcptest.Context(cn.ctx), mcptest.ClientOptions(client.WithLegacyProtocolOnly()),
		mcptest.OnNotification(func(n mcp.JSONRPCNotification) {
			cn.mu.Lock()
			defer cn.mu.Unlock()
			cn.notes = append(cn.notes, n)
		}))
	return cn
}

func (cn *conn) notifications(method string) []mcp.JSONRPCNotification {
	cn.mu.Lock()
	defer cn.mu.Unlock()
	var out []mcp.JSONRPCNotification
	for _, n := range cn.notes {
		if n.Method == method {
			out = append(out, n)
		}
	}
	return out
}

func (cn *conn) read(t *testing.T, uri string) (map[string]any, error) {
	t.Helper()
	res, err := cn.c.ReadResource(cn.ctx, mcp.ReadResourceRequest{Params: mcp.ReadResourceParams{URI: uri}})
	if err != nil {
		return nil, err
	}
	require.Len(t, res.Contents, 1)
	tc, ok := res.Contents[0].(mcp.TextResourceContents)
	require.True(t, ok)
	assert.Equal(t, "application/json", tc.MIMEType)
	assert.Equal(t, uri, tc.URI)
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(tc.Text), &m))
	return m, nil
}

func (cn *conn) subscribe(t *testing.T, uri string) error {
	t.Helper()
	return cn.c.Subscribe(cn.ctx, mcp.SubscribeRequest{Params: mcp.SubscribeParams{URI: uri}})
}

func (f *fixture) create(t *testing.T, key, prompt, mode string) string {
	t.Helper()
	resp, err := f.env.Client(key).CreateSession(context.Background(), &heygen.CreateSessionRequest{Prompt: prompt, Mode: mode})
	require.NoError(t, err)
	return resp.SessionID
}

func TestRegisterNeedsHooksAndDeps(t *testing.T) {
	s := server.NewMCPServer("t", "0", server.WithResourceCapabilities(true, true))
	hub := watch.NewHub(watch.HubOptions{})
	defer hub.Close()
	pool := creds.NewPool("k", nil)
	err := resources.Register(s, resources.Deps{Clients: pool, Hub: hub, Sessions: resources.NewSessions(0)})
	require.ErrorContains(t, err, "server.WithHooks")
	err = resources.Register(server.NewMCPServer("t", "0", server.WithHooks(&server.Hooks{})), resources.Deps{Clients: pool})
	require.ErrorContains(t, err, "Deps.Hub")
}

func TestReadSessionAndVideo(t *testing.T) {
	f := newFixture(t)
	a := f.connect(t, keyA)
	sid := f.create(t, keyA, "A teaser", heygen.ModeGenerate)

	m, err := a.read(t, resources.SessionURI(sid))
	require.NoError(t, err)
	// The resource is get_session's view (tools.SessionResult).
	for _, k := range []string{"session_id", "status", "progress", "video_id", "messages", "needs_input", "next_step"} {
		assert.Contains(t, m, k)
	}
	assert.Equal(t, sid, m["session_id"])
	assert.Equal(t, heygen.SessionThinking, m["status"])
	assert.Empty(t, m["video_id"])

	f.env.Clock.Advance(10 * time.Minute)
	m, err = a.read(t, resources.SessionURI(sid))
	require.NoError(t, err)
	assert.Equal(t, heygen.SessionCompleted, m["status"])
	vid, _ := m["video_id"].(string)
	require.NotEmpty(t, vid)

	v, err := a.read(t, resources.VideoURI(vid))
	require.NoError(t, err)
	// The resource is get_video's view (tools.VideoResult).
	for _, k := range []string{"video_id", "status", "video_url", "thumbnail_url", "duration", "captioned_video_url", "subtitle_url"} {
		assert.Contains(t, v, k)
	}
	assert.Equal(t, vid, v["video_id"])
	assert.Equal(t, heygen.VideoCompleted, v["status"])
	assert.NotEmpty(t, v["video_url"])
}

func TestReadChatSessionShowsQuestion(t *testing.T) {
	f := newFixture(t)
	a := f.connect(t, keyA)
	sid := f.create(t, keyA, "A teaser", heygen.ModeChat)
	f.env.Clock.Advance(5 * time.Minute)
	m, err := a.read(t, resources.SessionURI(sid))
	require.NoError(t, err)
	assert.Equal(t, heygen.SessionWaitingForInput, m["status"])
	assert.NotEmpty(t, m["question"])
}

func TestReadSessionAfterLate404(t *testing.T) {
	f := newFixture(t, sim.WithSessionGoneAfterVideo(time.Second))
	a := f.connect(t, keyA)
	sid := f.create(t, keyA, "A teaser", heygen.ModeGenerate)
	f.env.Clock.Advance(10 * time.Minute)
	m, err := a.read(t, resources.SessionURI(sid))
	require.NoError(t, err)
	assert.Equal(t, heygen.SessionCompleted, m["status"])
	assert.NotEmpty(t, m["video_id"])
	assert.Contains(t, m["note"], "derived from its video")
}

func TestReadErrors(t *testing.T) {
	f := newFixture(t)
	a := f.connect(t, keyA)
	b := f.connect(t, keyB)
	sid := f.create(t, keyA, "A's video", heygen.ModeGenerate)

	_, err := a.read(t, resources.SessionURI("sess_missing"))
	require.ErrorContains(t, err, `session "sess_missing" not found`)
	_, err = a.read(t, resources.VideoURI("vid_missing"))
	require.ErrorContains(t, err, `video "vid_missing" not found`)

	_, err = b.read(t, resources.SessionURI(sid))
	require.ErrorContains(t, err, "not found", "B cannot read A's session")

	before := f.env.Sim.RequestCount("", "/v3/")
	_, err = a.read(t, "heygen://sessions/a%2Fb")
	require.ErrorContains(t, err, "must be 1-128 letters")
	assert.Equal(t, before, f.env.Sim.RequestCount("", "/v3/"), "bad ids never reach HeyGen")

	// No key at all: the error says how to fix it.
	c := mcptest.Connect(t, f.srv, mcptest.ClientOptions(client.WithLegacyProtocolOnly()))
	_, err = c.ReadResource(context.Background(), mcp.ReadResourceRequest{Params: mcp.ReadResourceParams{URI: resources.SessionURI(sid)}})
	require.ErrorContains(t, err, "HEYGEN_API_KEY")
}

func TestListShowsOwnSessionsAndListChanged(t *testing.T) {
	f := newFixture(t)
	a := f.connect(t, keyA)
	a2 := f.connect(t, keyA) // a second connection of the same user
	b := f.connect(t, keyB)
	_, err := b.c.ListResources(b.ctx, mcp.ListResourcesRequest{}) // b is known to the server as tenant B
	require.NoError(t, err)

	ids := []string{"sess_1", "sess_2", "sess_3", "sess_4"}
	for i, id := range ids {
		f.sessions.Add(a.ctx, creds.Tenant(keyA), id, "Video "+id)
		watchtest.WaitFor(t, "list_changed", func() bool {
			return len(a.notifications(string(mcp.MethodNotificationResourcesListChanged))) == i+1
		})
	}
	watchtest.WaitFor(t, "list_changed on A's other connection", func() bool {
		return len(a2.notifications(string(mcp.MethodNotificationResourcesListChanged))) == len(ids)
	})
	assert.Empty(t, b.notifications(string(mcp.MethodNotificationResourcesListChanged)), "B is not told about A's sessions")

	res, err := a.c.ListResources(a.ctx, mcp.ListResourcesRequest{})
	require.NoError(t, err)
	var uris []string
	for _, r := range res.Resources {
		uris = append(uris, r.URI)
	}
	// Styles first (static), then A's sessions newest first, bounded at 3.
	assert.Equal(t, []string{resources.StylesURI, "heygen://sessions/sess_4", "heygen://sessions/sess_3", "heygen://sessions/sess_2"}, uris)
	assert.Equal(t, "Video sess_4", res.Resources[1].Name)

	res, err = b.c.ListResources(b.ctx, mcp.ListResourcesRequest{})
	require.NoError(t, err)
	require.Len(t, res.Resources, 1)
	assert.Equal(t, resources.StylesURI, res.Resources[0].URI)
}

func TestSessionsRegistry(t *testing.T) {
	r := resources.NewSessions(2)
	ctx := context.Background()
	r.Add(ctx, "t", "s1", "one")
	r.Add(ctx, "t", "s2", "")
	r.Add(ctx, "t", "s1", "") // re-add keeps the title, moves to front
	r.Add(ctx, "", "s9", "ignored")
	r.Add(ctx, "t", "", "ignored")
	got := r.List("t")
	require.Len(t, got, 2)
	assert.Equal(t, "s1", got[0].SessionID)
	assert.Equal(t, "one", got[0].Title)
	assert.True(t, r.Has("t", "s2"))
	assert.False(t, r.Has("u", "s2"))
	r.Add(ctx, "t", "s3", "")
	assert.False(t, r.Has("t", "s2"), "bounded: the oldest is dropped")
}

func TestStylesCachedPerTenant(t *testing.T) {
	f := newFixture(t)
	a := f.connect(t, keyA)
	b := f.connect(t, keyB)
	m, err := a.read(t, resources.StylesURI)
	require.NoError(t, err)
	styles, _ := m["styles"].([]any)
	require.NotEmpty(t, styles)
	assert.EqualValues(t, len(styles), m["count"])
	_, err = a.read(t, resources.StylesURI)
	require.NoError(t, err)
	assert.Equal(t, 1, f.env.Sim.RequestCount("GET", "/v3/video-agents/styles"), "second read is cached")
	_, err = b.read(t, resources.StylesURI)
	require.NoError(t, err)
	assert.Equal(t, 2, f.env.Sim.RequestCount("GET", "/v3/video-agents/styles"), "each tenant has its own cache")
	f.mu.Lock()
	f.now = f.now.Add(11 * time.Minute)
	f.mu.Unlock()
	_, err = a.read(t, resources.StylesURI)
	require.NoError(t, err)
	assert.Equal(t, 3, f.env.Sim.RequestCount("GET", "/v3/video-agents/styles"), "expired after the TTL")
}

func TestSubscribeRejectsBadURIs(t *testing.T) {
	f := newFixture(t)
	a := f.connect(t, keyA)
	err := a.subscribe(t, "https://example.com/x")
	require.ErrorContains(t, err, "heygen://sessions/{session_id}")
	err = a.subscribe(t, "heygen://videos/")
	require.ErrorContains(t, err, "video_id")
	assert.Equal(t, 0, f.hub.Watchers())
	require.NoError(t, a.subscribe(t, resources.StylesURI), "styles can be subscribed (nothing to watch)")
	assert.Equal(t, 0, f.hub.Watchers())
}

func TestSubscribeUpdatesInOrderThenStops(t *testing.T) {
	f := newFixture(t)
	a := f.connect(t, keyA)
	sid := f.create(t, keyA, "A teaser", heygen.ModeGenerate)
	uri := resources.SessionURI(sid)

	// On each notification the client re-reads, as a real client would; the
	// statuses it sees must move forward only.
	var mu sync.Mutex
	var seen []string
	a.c.OnNotification(func(n mcp.JSONRPCNotification) {
		if n.Method != string(mcp.MethodNotificationResourceUpdated) {
			return
		}
		assert.Equal(t, map[string]any{"uri": uri}, n.Params.AdditionalFields, "content is exactly the uri")
		m, err := a.read(t, uri)
		if assert.NoError(t, err) {
			mu.Lock()
			seen = append(seen, m["status"].(string))
			mu.Unlock()
		}
	})
	require.NoError(t, a.subscribe(t, uri))
	require.NoError(t, a.subscribe(t, uri), "a repeated subscribe is harmless")
	assert.Equal(t, 1, f.hub.Watchers())
	done := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(seen) > 0 && seen[len(seen)-1] == heygen.SessionCompleted
	}
	watchtest.Drive(t, f.env.Clock, 1, done)
	watchtest.WaitFor(t, "the watcher to stop at the terminal state", func() bool { return f.hub.Watchers() == 0 })

	rank := map[string]int{heygen.SessionThinking: 0, heygen.SessionGenerating: 1, heygen.SessionCompleted: 2}
	mu.Lock()
	defer mu.Unlock()
	require.GreaterOrEqual(t, len(seen), 3, "thinking, generating..., completed: %v", seen)
	for i := 1; i < len(seen); i++ {
		assert.LessOrEqual(t, rank[seen[i-1]], rank[seen[i]], "statuses went backwards: %v", seen)
	}
}

func TestManySubscribersShareOnePoller(t *testing.T) {
	f := newFixture(t)
	sid := f.create(t, keyA, "A teaser", heygen.ModeGenerate)
	uri := resources.SessionURI(sid)
	conns := make([]*conn, 10)
	for i := range conns {
		conns[i] = f.connect(t, keyA)
		require.NoError(t, conns[i].subscribe(t, uri))
	}
	assert.Equal(t, 1, f.hub.Watchers(), "10 subscribers, one poll loop")
	f.env.Sim.ResetRequests()
	watchtest.Drive(t, f.env.Clock, 1, func() bool { return f.hub.Watchers() == 0 })
	// Every update is sent before the watcher stops, but each connection
	// receives it on its own goroutine: wait until all have the same count.
	updates := func(cn *conn) int { return len(cn.notifications(string(mcp.MethodNotificationResourceUpdated))) }
	watchtest.WaitFor(t, "the same updates on every connection", func() bool {
		for _, cn := range conns {
			if updates(cn) == 0 || updates(cn) != updates(conns[0]) {
				return false
			}
		}
		return true
	})
	assert.Less(t, f.env.Sim.RequestCount("", "/v3/"), 25)
}

func TestUnsubscribeAndSessionEndStopWatchers(t *testing.T) {
	f := newFixture(t)
	a := f.connect(t, keyA)
	sid := f.create(t, keyA, "A teaser", heygen.ModeGenerate)
	uri := resources.SessionURI(sid)

	require.NoError(t, a.subscribe(t, uri))
	assert.Equal(t, 1, f.hub.Watchers())
	require.NoError(t, a.c.Unsubscribe(a.ctx, mcp.UnsubscribeRequest{Params: mcp.UnsubscribeParams{URI: uri}}))
	assert.Equal(t, 0, f.hub.Watchers())

	b := f.connect(t, keyA)
	require.NoError(t, b.subscribe(t, uri))
	require.NoError(t, b.subscribe(t, resources.VideoURI("vid_later")))
	assert.Equal(t, 2, f.hub.Watchers())
	require.NoError(t, b.c.Close()) // the MCP session ends
	watchtest.WaitFor(t, "the session's watchers to stop", func() bool { return f.hub.Watchers() == 0 })
	f.hub.Close()
	goleak.VerifyNone(t, goleak.IgnoreCurrent())
}

func TestSubscriptionTenantIsolation(t *testing.T) {
	f := newFixture(t)
	a := f.connect(t, keyA)
	b := f.connect(t, keyB)
	sid := f.create(t, keyA, "A's private video", heygen.ModeGenerate)
	uri := resources.SessionURI(sid)

	require.NoError(t, a.subscribe(t, uri))
	require.NoError(t, b.subscribe(t, uri))
	assert.Equal(t, 2, f.hub.Watchers(), "B gets its own watcher with its own key, never A's")

	// B's watcher asks HeyGen with B's key, gets 404, tells B once and stops.
	watchtest.Drive(t, f.env.Clock, 2, func() bool { return f.hub.Watchers() == 1 })
	watchtest.WaitFor(t, "B's final notification", func() bool {
		return len(b.notifications(string(mcp.MethodNotificationResourceUpdated))) == 1
	})
	_, err := b.read(t, uri)
	require.ErrorContains(t, err, "not found", "re-reading shows B nothing of A's session")

	watchtest.Drive(t, f.env.Clock, 1, func() bool { return f.hub.Watchers() == 0 })
	watchtest.WaitFor(t, "A's updates", func() bool {
		return len(a.notifications(string(mcp.MethodNotificationResourceUpdated))) >= 3
	})
	assert.Len(t, b.notifications(string(mcp.MethodNotificationResourceUpdated)), 1, "B saw none of A's progress")
	m, err := a.read(t, uri)
	require.NoError(t, err)
	assert.Equal(t, heygen.SessionCompleted, m["status"])
}

func TestParseURI(t *testing.T) {
	cases := []struct {
		uri, kind, id, err string
	}{
		{"heygen://sessions/sess_1", resources.KindSession, "sess_1", ""},
		{"heygen://videos/vid-9", resources.KindVideo, "vid-9", ""},
		{"heygen://styles", resources.KindStyles, "", ""},
		{"heygen://sessions/", "", "", "session_id in the resource URI is empty"},
		{"heygen://sessions/a/b", "", "", "must be 1-128 letters"},
		{"heygen://sessions/a?x=1", "", "", "must be 1-128 letters"},
		{"heygen://videos/vid.a:b=c", resources.KindVideo, "vid.a:b=c", ""}, // what get_video accepts
		{"heygen://sessions/a..b", "", "", "must be 1-128 letters"},
		{"heygen://sessions/.", "", "", "must be 1-128 letters"},
		{"heygen://videos/" + strings.Repeat("v", 129), "", "", "longer than 128"},
		{"heygen://styles/x", "", "", "is not one of"},
		{"file:///etc/passwd", "", "", "is not one of"},
	}
	for _, tc := range cases {
		kind, id, err := resources.ParseURI(tc.uri)
		if tc.err != "" {
			assert.ErrorContains(t, err, tc.err, tc.uri)
			continue
		}
		require.NoError(t, err, tc.uri)
		assert.Equal(t, tc.kind, kind)
		assert.Equal(t, tc.id, id)
	}
}

func FuzzParseURI(f *testing.F) {
	for _, s := range []string{"heygen://sessions/sess_1", "heygen://videos/v", "heygen://styles", "heygen://sessions/../x", "heygen://video-translations/vt_1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, uri string) {
		kind, id, err := resources.ParseURI(uri)
		if err != nil {
			return
		}
		switch kind {
		case resources.KindStyles:
			if uri != resources.StylesURI || id != "" {
				t.Fatalf("styles from %q", uri)
			}
		case resources.KindSession:
			if resources.SessionURI(id) != uri {
				t.Fatalf("session round trip %q -> %q", uri, id)
			}
		case resources.KindVideo:
			if resources.VideoURI(id) != uri {
				t.Fatalf("video round trip %q -> %q", uri, id)
			}
		case resources.KindTranslation:
			if resources.TranslationURI(id) != uri {
				t.Fatalf("translation round trip %q -> %q", uri, id)
			}
		default:
			t.Fatalf("unknown kind %q", kind)
		}
		if id != "" && (len(id) > 128 || strings.ContainsAny(id, "/?#%\\ \t\n\x00") || strings.Contains(id, "..") || id == ".") {
			t.Fatalf("accepted id %q", id)
		}
		if id != "" && !heygen.ValidID(id) {
			t.Fatalf("accepted id %q that the one id rule refuses", id)
		}
	})
}
