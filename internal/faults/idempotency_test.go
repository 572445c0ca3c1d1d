package faults_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
)

const createPath = "/v3/video-agents"

// acceptThenHang lets the simulator accept a create (the session exists and
// its reply is stored under the Idempotency-Key), then withholds the reply
// until the client gives up: "HeyGen accepted it, the answer never came".
type acceptThenHang struct {
	next  http.Handler
	hangs atomic.Int32 // how many more creates to withhold; <0 = all
}

func (a *acceptThenHang) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != createPath || a.hangs.Load() == 0 {
		a.next.ServeHTTP(w, r)
		return
	}
	if a.hangs.Load() > 0 {
		a.hangs.Add(-1)
	}
	a.next.ServeHTTP(httptest.NewRecorder(), r) // accepted upstream, reply lost
	<-r.Context().Done()
}

func createKeys(s *sim.Simulator) []string {
	var keys []string
	for _, r := range s.Requests() {
		if r.Method == http.MethodPost && r.Path == createPath {
			keys = append(keys, r.Header.Get("Idempotency-Key"))
		}
	}
	return keys
}

func sessionCount(t *testing.T, e *env) int {
	t.Helper()
	return len(e.ok("list_sessions", map[string]any{"limit": 100})["sessions"].([]any))
}

// A create whose first attempt times out after HeyGen accepted it is retried
// by the client with the same Idempotency-Key and HeyGen replays the first
// answer: one paid session, not two.
func TestIdempotentCreateAfterTimeout(t *testing.T) {
	hang := &acceptThenHang{}
	hang.hangs.Store(1)
	e := newEnv(t, envOpts{retries: 2, write: time.Second, wrapSim: func(h http.Handler) http.Handler {
		hang.next = h
		return hang
	}})
	res := e.ok("create_video", map[string]any{"prompt": "A video about idempotency keys"})

	keys := createKeys(e.sim)
	require.Len(t, keys, 2, "the timed-out attempt and one retry")
	assert.NotEmpty(t, keys[0])
	assert.Equal(t, keys[0], keys[1], "the retry reuses the Idempotency-Key")
	assert.Equal(t, 1, sessionCount(t, e), "exactly one session exists")
	listed := e.ok("list_sessions", nil)["sessions"].([]any)[0].(map[string]any)["session_id"]
	assert.Equal(t, res["session_id"], listed, "the tool returned the one session HeyGen made")
}

// The same proof when the connection is cut mid-reply after the create ran.
func TestIdempotentCreateAfterDroppedReply(t *testing.T) {
	e := newEnv(t, envOpts{retries: 2})
	e.sim.InjectFault(sim.Fault{Method: http.MethodPost, Path: createPath, DropConnection: true, Times: 1})
	e.ok("create_video", map[string]any{"prompt": "A video about dropped connections"})

	keys := createKeys(e.sim)
	require.Len(t, keys, 2)
	assert.Equal(t, keys[0], keys[1])
	assert.Equal(t, 1, sessionCount(t, e))
}

// When every attempt of a call times out, the tool cannot know whether a
// session exists. Its error tells the model to check list_sessions before
// creating again, and list_sessions does show the session. A model that
// ignores the advice makes a new call with a new key, which is a second
// session: that is why the advice is in the error text.
func TestCreateTimeoutAdvice(t *testing.T) {
	hang := &acceptThenHang{}
	hang.hangs.Store(-1)
	e := newEnv(t, envOpts{retries: 1, write: time.Second, wrapSim: func(h http.Handler) http.Handler {
		hang.next = h
		return hang
	}})
	o := e.call(context.Background(), "create_video", map[string]any{"prompt": "A video that times out"})
	require.NoError(t, o.err)
	require.True(t, o.isError, "%s", o)
	assert.Contains(t, o.text, "no reply from HeyGen within the request timeout")
	assert.Contains(t, o.text, "The session may or may not have been created")
	assert.Contains(t, o.text, "check list_sessions before creating again")
	assert.Equal(t, "heygen_unreachable", o.kind)
	assert.NotContains(t, o.text, "Retrying is safe")

	firstKeys := createKeys(e.sim)
	require.Len(t, firstKeys, 2)
	assert.Equal(t, firstKeys[0], firstKeys[1])
	assert.Equal(t, 1, sessionCount(t, e), "list_sessions shows the session the failed call made")

	// The model ignores the advice and calls create_video again.
	hang.hangs.Store(0)
	e.sim.ResetRequests()
	e.ok("create_video", map[string]any{"prompt": "A video that times out"})
	again := createKeys(e.sim)
	require.Len(t, again, 1)
	assert.NotEqual(t, firstKeys[0], again[0], "a new tool call carries a new key")
	assert.Equal(t, 2, sessionCount(t, e), "so HeyGen starts a second session")
}
