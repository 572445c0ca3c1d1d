package resources_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/watchtest"
	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/creds"
	"github.com/heygen-mcp/heygen-mcp/resources"
)

// listenSession stands for the session mcp-go gives one 2026-07-28 request:
// what the server puts on its channel is what the client's stream receives.
type listenSession struct {
	ch   chan mcp.JSONRPCNotification
	quit chan struct{}

	mu    sync.Mutex
	notes []mcp.JSONRPCNotification
}

// newListenSession collects what the server sends until the test ends (the
// channel itself is never closed: a late watcher callback may still send).
func newListenSession(t *testing.T) *listenSession {
	s := &listenSession{ch: make(chan mcp.JSONRPCNotification, 64), quit: make(chan struct{})}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case n := <-s.ch:
				s.mu.Lock()
				s.notes = append(s.notes, n)
				s.mu.Unlock()
			case <-s.quit:
				return
			}
		}
	}()
	t.Cleanup(func() { close(s.quit); <-done })
	return s
}

func (s *listenSession) Initialize()                                         {}
func (s *listenSession) Initialized() bool                                   { return true }
func (s *listenSession) NotificationChannel() chan<- mcp.JSONRPCNotification { return s.ch }
func (s *listenSession) SessionID() string                                   { return "" }

func (s *listenSession) received(method string) []mcp.JSONRPCNotification {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []mcp.JSONRPCNotification
	for _, n := range s.notes {
		if n.Method == method {
			out = append(out, n)
		}
	}
	return out
}

const modernMeta = `"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}`

// listen sends subscriptions/listen as a 2026-07-28 client of tenant key; the
// stream stays open until stop is called, which returns the final response.
func (f *fixture) listen(t *testing.T, key string, notifications string) (sess *listenSession, stop func() mcp.JSONRPCMessage) {
	t.Helper()
	sess = newListenSession(t)
	ctx, cancel := context.WithCancel(creds.WithAPIKey(context.Background(), key))
	ctx = f.srv.WithContext(ctx, sess)
	done := make(chan mcp.JSONRPCMessage, 1)
	msg := fmt.Sprintf(`{"jsonrpc":"2.0","id":7,"method":"subscriptions/listen","params":{"notifications":%s,%s}}`, notifications, modernMeta)
	go func() { done <- f.srv.HandleMessage(ctx, json.RawMessage(msg)) }()
	stop = sync.OnceValue(func() mcp.JSONRPCMessage {
		cancel()
		return <-done
	})
	t.Cleanup(func() { stop() })
	return sess, stop
}

func TestListenStreamsResourceUpdatesUntilCancelled(t *testing.T) {
	f := newFixture(t)
	sid := f.create(t, keyA, "A teaser", heygen.ModeGenerate)
	uri := resources.SessionURI(sid)

	sess, stop := f.listen(t, keyA, `{"resourceSubscriptions":["`+uri+`"]}`)
	watchtest.WaitFor(t, "the acknowledgement", func() bool {
		return len(sess.received(string(mcp.MethodNotificationSubscriptionsAcknowledged))) == 1
	})
	require.Equal(t, 1, f.hub.Watchers(), "one poller for the listened session")
	watchtest.Drive(t, f.env.Clock, 1, func() bool {
		return len(sess.received(string(mcp.MethodNotificationResourceUpdated))) >= 2
	})
	for _, n := range sess.received(string(mcp.MethodNotificationResourceUpdated)) {
		assert.Equal(t, map[string]any{"uri": uri}, n.Params.AdditionalFields)
		assert.EqualValues(t, 7, n.Params.Meta[mcp.MetaKeySubscriptionID], "tagged with the listen request id")
	}

	resp := stop()
	_, isErr := resp.(mcp.JSONRPCError)
	assert.False(t, isErr, "a cancelled listen ends with a result: %v", resp)
	watchtest.WaitFor(t, "the poller to stop with the stream", func() bool { return f.hub.Watchers() == 0 })
}

func TestListenRejectsBadURIsBeforeWatching(t *testing.T) {
	f := newFixture(t)
	// A good URI beside the bad one: the whole stream is refused, nothing watched.
	for _, uris := range []string{`["heygen://sessions/sess_1","https://example.com/x"]`, `["heygen://sessions/sess_1","heygen://videos/"]`} {
		ctx := f.srv.WithContext(creds.WithAPIKey(context.Background(), keyA), newListenSession(t))
		msg := `{"jsonrpc":"2.0","id":1,"method":"subscriptions/listen","params":{"notifications":{"resourceSubscriptions":` + uris + `},` + modernMeta + `}}`
		resp := f.srv.HandleMessage(ctx, json.RawMessage(msg))
		e, ok := resp.(mcp.JSONRPCError)
		require.True(t, ok, "%s: want an error, got %v", uris, resp)
		assert.Contains(t, e.Error.Message, "heygen://", uris)
	}
	assert.Equal(t, 0, f.hub.Watchers())
}

func TestListenListChangedIsPerTenantAndOptIn(t *testing.T) {
	f := newFixture(t)
	a, _ := f.listen(t, keyA, `{"resourcesListChanged":true}`)
	quiet, _ := f.listen(t, keyA, `{"resourceSubscriptions":["`+resources.StylesURI+`"]}`)
	b, _ := f.listen(t, keyB, `{"resourcesListChanged":true}`)
	for _, s := range []*listenSession{a, quiet, b} {
		watchtest.WaitFor(t, "the acknowledgement", func() bool {
			return len(s.received(string(mcp.MethodNotificationSubscriptionsAcknowledged))) == 1
		})
	}

	f.sessions.Add(context.Background(), creds.Tenant(keyA), "sess_1", "Video 1")
	watchtest.WaitFor(t, "list_changed on A's stream", func() bool {
		return len(a.received(string(mcp.MethodNotificationResourcesListChanged))) == 1
	})
	assert.Empty(t, b.received(string(mcp.MethodNotificationResourcesListChanged)), "B is not told about A's sessions")
	assert.Empty(t, quiet.received(string(mcp.MethodNotificationResourcesListChanged)), "a stream that did not ask gets none")
}

var _ server.ClientSession = (*listenSession)(nil)
