package faults_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
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

// createPosts counts the create requests that reached the simulator.
func createPosts(s *sim.Simulator) int { return len(createKeys(s)) }

// (a) A create that times out after HeyGen accepted it is NOT sent again
// (HeyGen documents no Idempotency-Key on the create, and the simulator, like
// HeyGen's docs, ignores it there): the server looks the session up and
// returns it as the create's result. One POST, one session, and the model is
// told not to create again.
func TestCreateTimeoutAfterAcceptIsRecovered(t *testing.T) {
	hang := &acceptThenHang{}
	hang.hangs.Store(1)
	e := newEnv(t, envOpts{retries: 2, write: time.Second, wrapSim: func(h http.Handler) http.Handler {
		hang.next = h
		return hang
	}})
	o := e.call(context.Background(), "create_video", map[string]any{"prompt": "A video about idempotency keys"})
	require.NoError(t, o.err)
	require.False(t, o.isError, "the recovered session is a normal success: %s", o)
	assert.Contains(t, o.text, "reply to this create was lost or unreadable")
	assert.Contains(t, o.text, "Do not call create_video again")

	assert.Equal(t, 1, createPosts(e.sim), "the create was sent once")
	assert.Equal(t, 1, e.sim.SessionCount(), "exactly one session exists")
	listed := e.ok("list_sessions", nil)["sessions"].([]any)[0].(map[string]any)["session_id"]
	assert.Contains(t, o.text, listed.(string), "the tool returned the one session HeyGen made")
}

// The same when the connection is cut mid-reply after the create ran.
func TestCreateDroppedReplyIsRecovered(t *testing.T) {
	e := newEnv(t, envOpts{retries: 2})
	e.sim.InjectFault(sim.Fault{Method: http.MethodPost, Path: createPath, DropConnection: true, Times: 1})
	res := e.ok("create_video", map[string]any{"prompt": "A video about dropped connections"})
	assert.Equal(t, 1, createPosts(e.sim))
	assert.Equal(t, 1, e.sim.SessionCount())
	listed := e.ok("list_sessions", nil)["sessions"].([]any)[0].(map[string]any)["session_id"]
	assert.Equal(t, listed, res["session_id"])
}

// When a create times out before HeyGen made anything, the lookup finds
// nothing: the tool says the outcome is unknown, that calling again may start
// a second paid video, and to check list_sessions first (safe_to_retry false).
// A model that ignores the advice does make a second session: that is why the
// advice is in the error text.
func TestCreateTimeoutAdvice(t *testing.T) {
	e := newEnv(t, envOpts{retries: 1, write: time.Second})
	remove := e.sim.InjectFault(sim.Fault{Method: http.MethodPost, Path: createPath, Delay: time.Hour})
	o := e.call(context.Background(), "create_video", map[string]any{"prompt": "A video that times out"})
	remove()
	require.NoError(t, o.err)
	require.True(t, o.isError, "%s", o)
	assert.Contains(t, o.text, "no reply from HeyGen within the request timeout")
	assert.Contains(t, o.text, "The outcome is unknown")
	assert.Contains(t, o.text, "found none")
	assert.Contains(t, o.text, "may start a second paid video")
	assert.Contains(t, o.text, "check list_sessions before creating again")
	assert.Contains(t, o.text, "safe_to_retry=false")
	assert.Equal(t, "heygen_unreachable", o.kind)
	assert.NotContains(t, o.text, "Retrying is safe")
	first := createKeys(e.sim)
	require.Len(t, first, 1, "a timed-out create is not sent again")
	assert.Zero(t, e.sim.SessionCount())

	// The model ignores the advice and calls create_video again: a new call, a new key.
	e.sim.ResetRequests()
	e.ok("create_video", map[string]any{"prompt": "A video that times out"})
	again := createKeys(e.sim)
	require.Len(t, again, 1)
	assert.NotEqual(t, first[0], again[0], "a new tool call carries a new key")
	assert.Equal(t, 1, e.sim.SessionCount())
}

// (b) A 5xx on create is never followed by a second POST, whether the gateway
// answered instead of HeyGen (nothing made) or after it (session made: it is
// recovered).
func TestCreate5xxNeverResent(t *testing.T) {
	for _, fc := range faultCases() {
		if fc.fault.Status < 500 {
			continue
		}
		for _, after := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/after_handler=%v", fc.name, after), func(t *testing.T) {
				t.Parallel()
				e := newEnv(t, envOpts{retries: 3})
				f := fc.fault
				f.Method, f.Path, f.Times, f.AfterHandler = http.MethodPost, createPath, 1, after
				e.sim.InjectFault(f)
				o := e.call(context.Background(), "create_video", map[string]any{"prompt": "A video behind a flaky gateway"})
				require.NoError(t, o.err)
				assert.Equal(t, 1, createPosts(e.sim), "one POST, never a retry")
				if after {
					assert.False(t, o.isError, "the session HeyGen made is recovered: %s", o)
					assert.Equal(t, 1, e.sim.SessionCount())
					return
				}
				assert.True(t, o.isError, "%s", o)
				assert.Regexp(t, fc.want, o.text)
				assert.Contains(t, o.text, "may start a second paid video")
				assert.Contains(t, o.text, "safe_to_retry=false")
				assert.Zero(t, e.sim.SessionCount())
			})
		}
	}
}

// (c) Under every fault of the matrix, once or lasting, before HeyGen's work
// or after it, one create_video call never yields two sessions; when the fault
// hits only the create and the session exists, the call returns exactly it.
func TestCreateNeverMakesTwoSessions(t *testing.T) {
	for _, fc := range faultCases() {
		for _, after := range []bool{false, true} {
			if after && fc.fault.Status == http.StatusTooManyRequests {
				continue // 429 means HeyGen refused the request: it never follows work
			}
			for _, scope := range []string{"create_once", "create_always", "everything_always"} {
				t.Run(fmt.Sprintf("%s/after_handler=%v/%s", fc.name, after, scope), func(t *testing.T) {
					t.Parallel()
					e := newEnv(t, envOpts{retries: 2})
					f := fc.fault
					f.AfterHandler = after
					switch scope {
					case "create_once":
						f.Method, f.Path, f.Times = http.MethodPost, createPath, 1
					case "create_always":
						f.Method, f.Path = http.MethodPost, createPath
					default:
						f.Path = "/v3/*"
					}
					remove := e.sim.InjectFault(f)
					o := e.call(context.Background(), "create_video", map[string]any{"prompt": "One video, whatever happens"})
					remove()
					require.NoError(t, o.err)
					require.LessOrEqual(t, e.sim.SessionCount(), 1, "one create_video call, at most one paid session: %s", o)
					if !o.isError {
						assert.Equal(t, 1, e.sim.SessionCount(), "a success names the one session")
						listed := e.ok("list_sessions", nil)["sessions"].([]any)[0].(map[string]any)["session_id"].(string)
						assert.Contains(t, o.text, listed)
						return
					}
					if strings.HasPrefix(fc.name, "429") {
						// 429: HeyGen refused every attempt, nothing was made.
						assert.Contains(t, o.text, "safe_to_retry=true")
						assert.Zero(t, e.sim.SessionCount())
						return
					}
					assert.Contains(t, o.text, "safe_to_retry=false", "an error after a create that may have run never says retrying is safe")
					if scope != "everything_always" {
						assert.Zero(t, e.sim.SessionCount(), "a session that exists is found while reads work: %s", o)
					}
				})
			}
		}
	}
}

// refuseFirstCreate sends the first create to an address nothing listens on: a
// real "connection refused" from net/http. Everything else goes to next.
type refuseFirstCreate struct {
	next    http.RoundTripper
	dead    string
	refused atomic.Int32
}

func (rt *refuseFirstCreate) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, createPath) && rt.refused.Add(1) == 1 {
		r2 := r.Clone(r.Context())
		r2.URL.Host = rt.dead
		return (&http.Transport{}).RoundTrip(r2)
	}
	return rt.next.RoundTrip(r)
}

// (d) A create whose connection is refused provably never reached HeyGen: the
// client retries it, and one session is made.
func TestCreateConnectionRefusedIsRetried(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	dead := ln.Addr().String()
	require.NoError(t, ln.Close())
	rt := &refuseFirstCreate{dead: dead}
	e := newEnv(t, envOpts{retries: 2, wrapTransport: func(next http.RoundTripper) http.RoundTripper {
		rt.next = next
		return rt
	}})
	res := e.ok("create_video", map[string]any{"prompt": "A video after a refused connection"})
	assert.EqualValues(t, 2, rt.refused.Load(), "one refused attempt and one retry")
	assert.Equal(t, 1, createPosts(e.sim))
	assert.Equal(t, 1, e.sim.SessionCount())
	listed := e.ok("list_sessions", nil)["sessions"].([]any)[0].(map[string]any)["session_id"]
	assert.Equal(t, listed, res["session_id"])
}

func uploadKeys(s *sim.Simulator) []string {
	var keys []string
	for _, r := range s.Requests() {
		if r.Method == http.MethodPost && r.Path == "/v3/assets" {
			keys = append(keys, r.Header.Get("Idempotency-Key"))
		}
	}
	return keys
}

// (e) An upload answered with a 5xx after HeyGen stored it is retried under
// the same Idempotency-Key (documented on POST /v3/assets) and HeyGen replays
// the stored asset: one asset. A 409 request_in_progress is waited out and
// asked again with the same key.
func TestUploadIdempotency(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault sim.Fault
	}{
		{"500 after the asset was stored", sim.Fault{Status: 500, Body: errJSON, AfterHandler: true}},
		{"502 before", sim.HTMLErrorFault("", "", 502)},
		{"reset after the asset was stored", sim.Fault{DropConnection: true}},
		{"409 request_in_progress", sim.Fault{Status: 409, RetryAfter: "1",
			Body: `{"error":{"code":"request_in_progress","message":"A request with this Idempotency-Key is still in progress."}}`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, envOpts{retries: 2})
			f := tc.fault
			f.Method, f.Path, f.Times = http.MethodPost, "/v3/assets", 1
			e.sim.InjectFault(f)
			res := e.ok("upload_asset", map[string]any{"path": filepath.Join(e.dir, "logo.png")})
			keys := uploadKeys(e.sim)
			require.Len(t, keys, 2, "one failed attempt, one retry")
			assert.NotEmpty(t, keys[0])
			assert.Equal(t, keys[0], keys[1], "the retry reuses the key")
			assert.Equal(t, 1, e.sim.AssetCount(), "one asset, not two")
			assert.NotEmpty(t, res["asset_id"])
		})
	}
}
