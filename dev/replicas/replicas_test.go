// Package replicas runs heygen-mcp as a team hosting it would: three replicas
// of the built binary behind HAProxy (deploy/haproxy/haproxy.cfg), sharing
// Redis (--redis-url) and one simulated HeyGen (dev/simserver, the replicas in
// real mode with --base-url pointing at it). It needs redis-server and
// haproxy on PATH; without them it is skipped, unless
// HEYGEN_MCP_REPLICAS_REQUIRED=1 (CI: scripts/replicas.sh) makes that a
// failure. Its measured figures are in BENCHMARKS.md ("Replicas").
package replicas

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/dev/servertest"
	"github.com/heygen-mcp/heygen-mcp/internal/creds"
)

var serverBin, simBin string

func TestMain(m *testing.M) {
	bin, cleanup, err := servertest.Build()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	serverBin = bin
	simBin = filepath.Join(filepath.Dir(bin), "simserver")
	goBin, lookErr := exec.LookPath("go")
	if lookErr != nil {
		goBin = "/usr/local/go/bin/go"
	}
	if out, err := exec.Command(goBin, "build", "-o", simBin, "github.com/heygen-mcp/heygen-mcp/dev/simserver").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build simserver: %v\n%s", err, out)
		cleanup()
		os.Exit(1)
	}
	code := m.Run()
	cleanup()
	os.Exit(code)
}

// leaseKey is the Redis key of the poll lease of a session watched with the
// test's key (internal/cluster and internal/watch name it so).
func leaseKey(sessionID string) string {
	return "heygen-mcp:lease:" + creds.Tenant(apiKey) + "/session/" + sessionID
}

// subscriber is a 2025-11-25 client of one replica subscribed to a session.
type subscriber struct {
	mu      sync.Mutex
	updates int
}

func (s *subscriber) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.updates
}

func subscribe(t *testing.T, r *replica, sessionID string) (*subscriber, func() map[string]any) {
	t.Helper()
	uri := "heygen://sessions/" + sessionID
	sub := &subscriber{}
	cl := mcptest.ConnectHTTP(t, r.url+"/mcp", nil, mcptest.HTTPOptions(transport.WithContinuousListening()),
		mcptest.OnNotification(func(n mcp.JSONRPCNotification) {
			if n.Method == string(mcp.MethodNotificationResourceUpdated) && n.Params.AdditionalFields["uri"] == uri {
				sub.mu.Lock()
				sub.updates++
				sub.mu.Unlock()
			}
		}),
		mcptest.Diagnostics(func() string { return r.name + ": " + r.logs() }))
	require.NoError(t, cl.Subscribe(context.Background(), mcp.SubscribeRequest{Params: mcp.SubscribeParams{URI: uri}}))
	read := func() map[string]any {
		res, err := cl.ReadResource(context.Background(), mcp.ReadResourceRequest{Params: mcp.ReadResourceParams{URI: uri}})
		require.NoError(t, err)
		require.NotEmpty(t, res.Contents)
		tc, ok := res.Contents[0].(mcp.TextResourceContents)
		require.True(t, ok)
		var view map[string]any
		require.NoError(t, json.Unmarshal([]byte(tc.Text), &view))
		return view
	}
	return sub, read
}

// waitUntil polls cond (each try is cheap and touches no HeyGen path) within
// a generous bound; it is liveness only, never a measured figure.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func TestReplicas(t *testing.T) {
	c := startCluster(t)

	// 1. Sessionless (2026-07-28) calls through the proxy's round-robin: the
	// session created through one replica is followed to its video through
	// the others.
	t.Run("round robin follows a video across replicas", func(t *testing.T) {
		created, r := callTool(t, c.lbURL, "", true, "create_video", map[string]any{"prompt": "A short welcome video for new users"})
		sid, _ := created["session_id"].(string)
		require.NotEmpty(t, sid)
		seen := map[string]bool{r.Replica: true}
		began := time.Now()
		var w map[string]any
		for i := 0; w["done"] != true; i++ {
			require.Less(t, i, 40, "not done after 40 waits: %v", w)
			w, r = callTool(t, c.lbURL, "", true, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": 10})
			seen[r.Replica] = true
		}
		took := time.Since(began)
		assert.Equal(t, "completed", w["status"], "%v", w)
		assert.GreaterOrEqual(t, len(seen), 2, "round-robin spread the calls over replicas: %v", seen)
		url, _ := w["video_url"].(string)
		require.NotEmpty(t, url)
		resp, err := http.Get(url)
		require.NoError(t, err)
		_ = resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode, "the video file is reachable: %s", url)
		sessionGets, videoGets := c.polls(t, sid)
		t.Logf("MEASURED round-robin: replicas answering %v; HeyGen GETs while waiting %.0f s: session %d, video %d",
			slices.Sorted(maps.Keys(seen)), took.Seconds(), sessionGets, videoGets)
	})

	// 1b. A sessionless subscriptions/listen stream opened through the proxy
	// hears of a webhook that reached another replica.
	t.Run("listen stream through the proxy hears a webhook on another replica", func(t *testing.T) {
		created, _ := callTool(t, c.lbURL, "", true, "create_video", map[string]any{"prompt": "A launch announcement"})
		sid := created["session_id"].(string)
		uri := "heygen://sessions/" + sid
		replica, notes := listen(t, c.lbURL, uri)
		waitFor(t, notes, "notifications/subscriptions/acknowledged")
		waitUntil(t, "the listening replica's watcher to hold the lease", func() bool {
			return c.rdb.Exists(context.Background(), leaseKey(sid)).Val() == 1
		})
		other := c.replicas[0]
		if replica == other.name {
			other = c.replicas[1]
		}
		s0, _ := c.polls(t, sid)
		webhook(t, other.url, sid)
		n := waitFor(t, notes, "notifications/resources/updated")
		assert.Contains(t, n, uri)
		s1, _ := c.polls(t, sid)
		assert.Equal(t, 1, s1-s0, "one fetch for the delivery")
		t.Logf("MEASURED listen stream on %s, webhook to %s: told, with %d session GET", replica, other.name, s1-s0)
	})

	// 2. Stateful sessions stick to the replica that created them.
	t.Run("stateful session sticks to its replica", func(t *testing.T) {
		init := initialize(t, c.lbURL)
		require.NotEmpty(t, init.Replica)
		for range 6 {
			r := post(t, c.lbURL, init.Session, false, "tools/list", "", nil)
			require.Equal(t, http.StatusOK, r.Status, "%+v", r)
			assert.Equal(t, init.Replica, r.Replica, "every request of the session reaches the replica that created it")
		}
	})

	// 3. A webhook delivered to replica 1 wakes a subscriber on replica 3 with
	// one fetch, by the lease holder; subscription-only pollers otherwise
	// wait (webhooks on: the 10-minute safety net).
	t.Run("webhook on one replica wakes a subscriber on another", func(t *testing.T) {
		created, _ := callTool(t, c.replicas[0].url, "", true, "create_video", map[string]any{"prompt": "A product teaser"})
		sid := created["session_id"].(string)
		sub, _ := subscribe(t, c.replicas[2], sid)
		waitUntil(t, "replica 3's watcher to hold the lease", func() bool {
			return c.rdb.Exists(context.Background(), leaseKey(sid)).Val() == 1
		})
		s0, v0 := c.polls(t, sid)
		webhook(t, c.replicas[0].url, sid)
		waitUntil(t, "the subscriber on replica 3 to be told", func() bool { return sub.count() >= 1 })
		s1, v1 := c.polls(t, sid)
		t.Logf("MEASURED webhook to r1, subscriber on r3: HeyGen GETs before %d+%d, after %d+%d (session+video)", s0, v0, s1, v1)
		assert.Equal(t, 0, s0, "no poll before the webhook")
		assert.Equal(t, 1, s1-s0, "one session fetch for one delivery")
		assert.LessOrEqual(t, v1-v0, 1, "at most the video that fetch named")
	})

	// 4. Six subscribers on three replicas: every delivery costs one fetch
	// round, by the one lease holder, and every subscriber hears the end.
	t.Run("one poller whatever the replicas and subscribers", func(t *testing.T) {
		created, _ := callTool(t, c.lbURL, "", true, "create_video", map[string]any{"prompt": "An explainer"})
		sid := created["session_id"].(string)
		var subs []*subscriber
		for i := range 6 {
			s, _ := subscribe(t, c.replicas[i%3], sid)
			subs = append(subs, s)
		}
		waitUntil(t, "a watcher to hold the lease", func() bool { return c.rdb.Exists(context.Background(), leaseKey(sid)).Val() == 1 })
		total := func() int { s, v := c.polls(t, sid); return s + v }
		watching := func() bool { return c.rdb.Exists(context.Background(), leaseKey(sid)).Val() == 1 }
		base := total()
		s0, v0 := c.polls(t, sid)
		hints := 0
		// The holder's watch ends (and frees its lease) at the final state.
		for watching() {
			require.Less(t, hints, 200, "the video never completed")
			before := total()
			webhook(t, c.replicas[hints%3].url, sid)
			hints++
			// A fetch, or the end (the fetch of the previous delivery may have
			// been the final one).
			waitUntil(t, "the fetch of this delivery", func() bool { return total() > before || !watching() })
		}
		waitUntil(t, "every subscriber to hear the first state and the end", func() bool {
			for _, s := range subs {
				if s.count() < 2 {
					return false
				}
			}
			return true
		})
		sessionGets, videoGets := c.polls(t, sid)
		t.Logf("MEASURED 6 subscribers on 3 replicas: %d webhooks round-robin over the replicas -> HeyGen GETs: session %d, video %d (none before the first webhook)",
			hints, sessionGets-s0, videoGets-v0)
		assert.Equal(t, 0, s0, "subscribing costs no fetch while webhooks drive the watch")
		// At most one fetch per delivery (the fetch in which the session names
		// its video also gets the video: one GET more), not one per replica
		// or per subscriber.
		assert.Positive(t, sessionGets)
		assert.LessOrEqual(t, sessionGets+videoGets-base, hints+1, "one fetch per delivery, not one per replica or subscriber")
	})

	// 5. SIGKILL the lease holder: the lease expires, the replica with the
	// remaining subscriber takes over, and the final state still arrives.
	t.Run("killing the lease holder loses no update", func(t *testing.T) {
		created, _ := callTool(t, c.replicas[0].url, "", true, "create_video", map[string]any{"prompt": "A social clip"})
		sid := created["session_id"].(string)
		_, _ = subscribe(t, c.replicas[1], sid) // r2 subscribes first: it takes the lease
		var holder string
		waitUntil(t, "replica 2 to hold the lease", func() bool {
			holder = c.rdb.Get(context.Background(), leaseKey(sid)).Val()
			return holder != ""
		})
		survivor, read := subscribe(t, c.replicas[2], sid)
		// A stateful client whose session the proxy placed on replica 2.
		stateful := initialize(t, c.lbURL)
		for i := 0; stateful.Replica != "r2"; i++ {
			require.Less(t, i, 20, "round-robin never placed a session on r2")
			stateful = initialize(t, c.lbURL)
		}
		atKill := survivor.count()
		killed := time.Now()
		c.replicas[1].kill()
		r3 := c.replicas[2]
		ref := `ref="session ` + sid + `"`
		waitUntil(t, "replica 3 to take the lease over", func() bool {
			return r3.logged(`msg="watch: poll lease changed hands"`, ref, "held=true")
		})
		takeover := time.Since(killed)
		// Act as HeyGen: deliveries to replica 1 until replica 3's poller has
		// fetched the final state.
		for i := 0; !r3.logged(`msg="watch: fetched as the lease holder"`, ref, "done=true"); i++ {
			require.Less(t, i, 400, "the new holder never fetched the end")
			webhook(t, c.replicas[0].url, sid)
			time.Sleep(500 * time.Millisecond) // pacing of the simulated deliveries, not an assertion
		}
		waitUntil(t, "the subscriber on replica 3 to be told of the end", func() bool { return survivor.count() > atKill })
		// What the subscriber re-reads now.
		w, _ := callTool(t, c.replicas[2].url, "", true, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": 1})
		assert.Equal(t, true, w["done"], "%v", w)
		assert.Equal(t, "completed", w["status"], "%v", w)
		assert.NotEmpty(t, w["video_url"])
		assert.NotEmpty(t, read()["video_id"])
		t.Logf("MEASURED SIGKILL of the lease holder (r2): r3 took the lease over %.1f s after the kill; the subscriber on r3 got %d update(s) after the kill, the watch ended at the final state (video completed)",
			takeover.Seconds(), survivor.count()-atKill)

		// Its replica died: the proxy sends the session elsewhere, where it is
		// unknown (404); the client initializes again and carries on.
		r := post(t, c.lbURL, stateful.Session, false, "tools/list", "", nil)
		assert.Equal(t, http.StatusNotFound, r.Status, "the dead replica's session is unknown elsewhere: %+v", r)
		again := initialize(t, c.lbURL)
		assert.NotEqual(t, "r2", again.Replica)
		list := post(t, c.lbURL, again.Session, false, "tools/list", "", nil)
		assert.Equal(t, http.StatusOK, list.Status)
		assert.Equal(t, again.Replica, list.Replica)
	})
}
