package e2e

// Tests driven by the official Go SDK client (github.com/modelcontextprotocol/go-sdk)
// at its default, newest protocol, against the built binary over stdio
// (mcp.CommandTransport) and streamable HTTP (mcp.StreamableClientTransport).
//
// Run: go test -race -run TestGoSDK -v ./dev/e2e/

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

// gosdkProtocol is the go-sdk v1.8.0 default: server/discover at 2026-07-28,
// falling back to initialize at 2025-11-25 only when the server refuses.
const gosdkProtocol = "2026-07-28"

// gosdkSandbox runs the simulator fast: a generate-mode video in about half a second.
var gosdkSandbox = []string{"--sandbox", "--sandbox-speed", "50"}

const gosdkWaitSeconds = 30 // per wait_for_video call; the loops below call again

// gosdkForEachTransport runs fn as a parallel subtest per transport, with a
// liveness-bounded context.
func gosdkForEachTransport(t *testing.T, fn func(ctx context.Context, t *testing.T, transport string)) {
	for _, tr := range gosdkTransports {
		t.Run(tr, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), gosdkLiveness)
			defer cancel()
			fn(ctx, t, tr)
		})
	}
}

// 1. Connect at the default protocol; 2026-07-28 is negotiated; every tool of the registry.
func TestGoSDKConnect(t *testing.T) {
	gosdkForEachTransport(t, func(ctx context.Context, t *testing.T, tr string) {
		s := gosdkConnect(ctx, t, tr, gosdkClient(nil), nil, gosdkSandbox...)
		init := s.cs.InitializeResult()
		require.NotNil(t, init)
		assert.Equal(t, gosdkProtocol, s.protocol(), "negotiated protocol over %s", tr)
		if assert.NotNil(t, init.ServerInfo, "serverInfo") {
			assert.Equal(t, "heygen-mcp", init.ServerInfo.Name)
		}
		assert.Contains(t, init.Instructions, "SIMULATED", "sandbox instructions")

		list, err := s.cs.ListTools(ctx, nil)
		require.NoError(t, err, "stderr: %s", s.stderr.String())
		names := make([]string, 0, len(list.Tools))
		for _, tl := range list.Tools {
			names = append(names, tl.Name)
		}
		var want []string
		for _, st := range tools.ServerTools(tools.Deps{}, tools.Selection{}) {
			want = append(want, st.Tool.Name)
		}
		assert.ElementsMatch(t, want, names, "the registry's tools")
	})
}

// 2. Generate mode to a finished video, with progress notifications.
func TestGoSDKGenerateFlow(t *testing.T) {
	gosdkForEachTransport(t, func(ctx context.Context, t *testing.T, tr string) {
		token := "wait-progress-" + tr
		var progress atomic.Int64
		gotProgress := make(chan struct{}, 1)
		client := gosdkClient(&mcp.ClientOptions{
			ProgressNotificationHandler: func(_ context.Context, req *mcp.ProgressNotificationClientRequest) {
				if req.Params != nil && req.Params.ProgressToken == token {
					progress.Add(1)
					select {
					case gotProgress <- struct{}{}:
					default:
					}
				}
			},
		})
		s := gosdkConnect(ctx, t, tr, client, nil, gosdkSandbox...)
		t.Logf("negotiated protocol %s", s.protocol())

		cv := s.callOK(ctx, t, "create_video", map[string]any{"prompt": "A 30-second explainer about the official Go MCP SDK"})
		sid, _ := cv["session_id"].(string)
		require.NotEmpty(t, sid, "create_video: %v", cv)

		var w map[string]any
		for i := 0; ; i++ {
			require.Less(t, i, 20, "wait_for_video never reported done; last: %v", w)
			res := s.callMeta(ctx, t, "wait_for_video",
				map[string]any{"session_id": sid, "timeout_seconds": gosdkWaitSeconds}, mcp.Meta{"progressToken": token})
			require.False(t, res.IsError, gosdkText(res))
			w = gosdkStructured(t, res)
			require.NotEqual(t, true, w["needs_input"], "a generate-mode session asked a question: %s", gosdkText(res))
			if w["done"] == true {
				break
			}
		}
		assert.Equal(t, "completed", w["status"], "wait result: %v", w)
		assert.NotEmpty(t, w["video_url"], "wait result: %v", w)
		// Notifications may be dispatched after the result: wait for the first one.
		gosdkWaitFor(ctx, t, gotProgress, "a progress notification for "+token, s.stderr)
		t.Logf("%d progress notifications", progress.Load())

		sess := s.callOK(ctx, t, "get_session", map[string]any{"session_id": sid})
		assert.Equal(t, "completed", sess["status"], "get_session: %v", sess)
		vid, _ := sess["video_id"].(string)
		require.NotEmpty(t, vid, "get_session: %v", sess)
		v := s.callOK(ctx, t, "get_video", map[string]any{"video_id": vid})
		assert.Equal(t, "completed", v["status"], "get_video: %v", v)
		videoURL, _ := v["video_url"].(string)
		require.NotEmpty(t, videoURL, "get_video: %v", v)

		// The sandbox serves a real clip: a file over stdio, the server's own URL over HTTP.
		switch tr {
		case "stdio":
			path, ok := strings.CutPrefix(videoURL, "file://")
			require.True(t, ok, "video_url %q", videoURL)
			fi, err := os.Stat(path)
			require.NoError(t, err)
			assert.Positive(t, fi.Size())
		case "http":
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, videoURL, nil)
			require.NoError(t, err)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			_ = resp.Body.Close()
			assert.Equal(t, http.StatusOK, resp.StatusCode, "GET %s", videoURL)
		}
	})
}

// gosdkChatAnswer is what the model would send for the simulated agent's
// questions: approve a storyboard, otherwise pick a voice.
func gosdkChatAnswer(question string) string {
	if strings.Contains(strings.ToLower(question), "approve") {
		return "approve"
	}
	return "Warm narrator"
}

// 3. Chat mode, the model answers: a client without elicitation gets the
// question back from wait_for_video and answers with send_message.
func TestGoSDKChatModelRoute(t *testing.T) {
	gosdkForEachTransport(t, func(ctx context.Context, t *testing.T, tr string) {
		s := gosdkConnect(ctx, t, tr, gosdkClient(nil), nil, gosdkSandbox...)
		t.Logf("negotiated protocol %s", s.protocol())
		cv := s.callOK(ctx, t, "create_video", map[string]any{"prompt": "A short product teaser for a smart kettle", "mode": "chat"})
		sid, _ := cv["session_id"].(string)
		require.NotEmpty(t, sid, "create_video: %v", cv)

		questions := 0
		var w map[string]any
		for i := 0; ; i++ {
			require.Less(t, i, 20, "the chat session never finished; last: %v", w)
			res := s.call(ctx, t, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": gosdkWaitSeconds})
			require.False(t, res.IsError, gosdkText(res))
			w = gosdkStructured(t, res)
			assert.Empty(t, w["answered"], "nobody could have answered: the client has no elicitation")
			if w["done"] == true {
				break
			}
			if w["needs_input"] != true {
				continue
			}
			q, _ := w["question"].(string)
			require.NotEmpty(t, q, "needs_input without a question: %s", gosdkText(res))
			assert.Contains(t, gosdkText(res), "send_message", "the text tells the model how to answer")
			questions++
			sm := s.callOK(ctx, t, "send_message", map[string]any{"session_id": sid, "message": gosdkChatAnswer(q)})
			assert.Equal(t, sid, sm["session_id"])
		}
		assert.Positive(t, questions, "a chat-mode agent asks first")
		assert.Equal(t, "completed", w["status"], "wait result: %v", w)
		assert.NotEmpty(t, w["video_url"], "wait result: %v", w)
	})
}

// 4. Chat mode, the user answers: a client with an ElicitationHandler is asked
// through the client (multi-round-trip results at 2026-07-28), each answer
// goes to the agent, and wait_for_video lists it under answered.
func TestGoSDKChatUserRoute(t *testing.T) {
	gosdkForEachTransport(t, func(ctx context.Context, t *testing.T, tr string) {
		rec := &gosdkElicitRecorder{}
		s := gosdkConnect(ctx, t, tr, gosdkClient(&mcp.ClientOptions{ElicitationHandler: rec.handle}), nil, gosdkSandbox...)
		t.Logf("negotiated protocol %s", s.protocol())
		cv := s.callOK(ctx, t, "create_video", map[string]any{"prompt": "A short onboarding video for new engineers", "mode": "chat"})
		sid, _ := cv["session_id"].(string)
		require.NotEmpty(t, sid, "create_video: %v", cv)

		type answeredQ struct{ Question, Answer string }
		var answered []answeredQ
		var w map[string]any
		for i := 0; ; i++ {
			require.Less(t, i, 20, "the chat session never finished; last: %v", w)
			res := s.call(ctx, t, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": gosdkWaitSeconds})
			require.False(t, res.IsError, gosdkText(res))
			w = gosdkStructured(t, res)
			if list, ok := w["answered"].([]any); ok {
				for _, a := range list {
					m, _ := a.(map[string]any)
					q, _ := m["question"].(string)
					ans, _ := m["answer"].(string)
					answered = append(answered, answeredQ{q, ans})
				}
			}
			if w["done"] == true {
				break
			}
			_, _, errs := rec.snapshot()
			require.Empty(t, errs, "elicitation requests this client could not answer")
			require.NotEqual(t, true, w["needs_input"],
				"the agent's question went back to the model although the client declared elicitation "+
					"(answered so far: %v); result: %s", answered, gosdkText(res))
		}

		messages, answers, errs := rec.snapshot()
		assert.Empty(t, errs)
		require.NotEmpty(t, answered, "wait_for_video listed no answered question; elicitation handler calls: %d", len(messages))
		assert.Len(t, messages, len(answered), "the handler must be called exactly once per question; messages: %q", messages)
		seen := map[string]bool{}
		for i, a := range answered {
			assert.NotEmpty(t, a.Question)
			assert.NotEmpty(t, a.Answer)
			assert.False(t, seen[a.Question], "question answered twice: %q", a.Question)
			seen[a.Question] = true
			if i < len(messages) {
				assert.Contains(t, messages[i], a.Question, "the user saw the agent's question")
			}
			if i < len(answers) {
				for _, v := range answers[i] {
					if sv, ok := v.(string); ok {
						assert.Contains(t, a.Answer, sv, "the user's answer was sent to the agent")
					}
				}
			}
		}
		assert.Equal(t, "completed", w["status"], "wait result: %v", w)
		sess := s.callOK(ctx, t, "get_session", map[string]any{"session_id": sid})
		assert.Equal(t, "completed", sess["status"])
	})
}

// 5. Read heygen://sessions/{id}, subscribe, and get an update for that URI
// while the session moves on.
func TestGoSDKSessionSubscription(t *testing.T) {
	gosdkForEachTransport(t, func(ctx context.Context, t *testing.T, tr string) {
		var uri atomic.Value // string
		uri.Store("")
		updates := make(chan string, 256)
		acked := make(chan struct{}, 1)
		client := gosdkClient(&mcp.ClientOptions{
			ResourceUpdatedHandler: func(_ context.Context, req *mcp.ResourceUpdatedNotificationRequest) {
				if req.Params != nil && req.Params.URI == uri.Load().(string) {
					select {
					case updates <- req.Params.URI:
					default:
					}
				}
			},
		})
		// At 2026-07-28 Subscribe blocks on a subscriptions/listen stream; the
		// server's acknowledgement says the subscription is in place.
		client.AddReceivingMiddleware(func(next mcp.MethodHandler) mcp.MethodHandler {
			return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
				if method == "notifications/subscriptions/acknowledged" {
					select {
					case acked <- struct{}{}:
					default:
					}
				}
				return next(ctx, method, req)
			}
		})
		s := gosdkConnect(ctx, t, tr, client, nil, gosdkSandbox...)
		t.Logf("negotiated protocol %s", s.protocol())

		// A chat session pauses for the user, so nothing changes until we answer:
		// the subscription is in place before the first change.
		cv := s.callOK(ctx, t, "create_video", map[string]any{"prompt": "A short welcome video", "mode": "chat"})
		sid, _ := cv["session_id"].(string)
		require.NotEmpty(t, sid, "create_video: %v", cv)
		var w map[string]any
		for i := 0; w["needs_input"] != true; i++ {
			require.Less(t, i, 20, "the chat session never asked; last: %v", w)
			w = s.callOK(ctx, t, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": gosdkWaitSeconds})
			require.NotEqual(t, true, w["done"], "ended before asking: %v", w)
		}

		u := "heygen://sessions/" + sid
		uri.Store(u)
		view := gosdkReadJSON(ctx, t, s, u)
		assert.Equal(t, sid, view["session_id"])
		assert.Equal(t, "waiting_for_input", view["status"])
		assert.NotEmpty(t, view["question"])

		subCtx, cancelSub := context.WithCancel(ctx)
		defer cancelSub()
		subDone := make(chan error, 1)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			subDone <- s.cs.Subscribe(subCtx, &mcp.SubscribeParams{URI: u})
		}()
		subscribedLegacy := false
		select {
		case <-acked:
		case err := <-subDone: // the legacy resources/subscribe returns at once
			require.NoError(t, err, "subscribe; stderr: %s", s.stderr.String())
			subscribedLegacy = true
		case <-ctx.Done():
			t.Fatalf("subscription never acknowledged; stderr: %s", s.stderr.String())
		}

		// Drive the session to its end; every step is a change of the resource.
		q, _ := w["question"].(string)
		s.callOK(ctx, t, "send_message", map[string]any{"session_id": sid, "message": gosdkChatAnswer(q)})
		for i := 0; ; i++ {
			require.Less(t, i, 20, "the chat session never finished; last: %v", w)
			w = s.callOK(ctx, t, "wait_for_video", map[string]any{"session_id": sid, "timeout_seconds": gosdkWaitSeconds})
			if w["done"] == true {
				break
			}
			if w["needs_input"] == true {
				q, _ := w["question"].(string)
				s.callOK(ctx, t, "send_message", map[string]any{"session_id": sid, "message": gosdkChatAnswer(q)})
			}
		}
		assert.Equal(t, "completed", w["status"], "wait result: %v", w)
		// Changes were sent as they happened; the grace period only covers
		// notifications still in flight when the wait returned.
		graceCtx, cancelGrace := context.WithTimeout(ctx, time.Minute)
		defer cancelGrace()
		got := gosdkWaitFor(graceCtx, t, updates, "notifications/resources/updated for "+u, s.stderr)
		assert.Equal(t, u, got)

		// The update invalidated the client's cached read: a new read is current.
		view = gosdkReadJSON(ctx, t, s, u)
		assert.Equal(t, "completed", view["status"], "resource after the update: %v", view)

		require.NoError(t, s.cs.Unsubscribe(ctx, &mcp.UnsubscribeParams{URI: u}))
		if !subscribedLegacy {
			gosdkWaitFor(ctx, t, subDone, "Subscribe to return after Unsubscribe", s.stderr)
		}
		wg.Wait()
	})
}

func gosdkReadJSON(ctx context.Context, t *testing.T, s *gosdkSession, uri string) map[string]any {
	t.Helper()
	rr, err := s.cs.ReadResource(ctx, &mcp.ReadResourceParams{URI: uri})
	require.NoError(t, err, "read %s; stderr: %s", uri, s.stderr.String())
	require.NotEmpty(t, rr.Contents)
	c := rr.Contents[0]
	assert.Equal(t, uri, c.URI)
	assert.Equal(t, "application/json", c.MIMEType)
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(c.Text), &m), "resource text: %q", c.Text)
	return m
}

// gosdkClosedPortURL is a base URL where nothing listens.
func gosdkClosedPortURL(t *testing.T) string {
	t.Helper()
	return "http://" + httpFreeAddr(t) // released at once: nothing listens there
}

const gosdkRealKey = "sk-e2e-gosdk-0123456789abcdef"

// 6. Every error kind reaches the client as the documented tool error.
func TestGoSDKToolErrors(t *testing.T) {
	gosdkForEachTransport(t, func(ctx context.Context, t *testing.T, tr string) {
		sandbox := gosdkConnect(ctx, t, tr, gosdkClient(nil), nil, gosdkSandbox...)

		t.Run("invalid_argument unknown argument", func(t *testing.T) {
			res := sandbox.call(ctx, t, "get_session", map[string]any{"session_id": "sess_abc", "colour": "red"})
			e := gosdkAssertToolError(t, res, "invalid_argument")
			assert.Equal(t, "colour", e["param"])
			assert.Equal(t, false, e["sent_to_heygen"])
			assert.Contains(t, gosdkText(res), "colour")
		})
		t.Run("invalid_argument missing required", func(t *testing.T) {
			res := sandbox.call(ctx, t, "create_video", map[string]any{"mode": "generate"})
			e := gosdkAssertToolError(t, res, "invalid_argument")
			assert.Equal(t, "prompt", e["param"])
			assert.Equal(t, false, e["sent_to_heygen"])
		})
		t.Run("heygen_api 404", func(t *testing.T) {
			res := sandbox.call(ctx, t, "get_session", map[string]any{"session_id": "sess_doesnotexist"})
			e := gosdkAssertToolError(t, res, "heygen_api")
			assert.EqualValues(t, 404, e["http_status"])
			assert.Equal(t, true, e["sent_to_heygen"])
			assert.Contains(t, gosdkText(res), "404")
		})

		t.Run("no_api_key", func(t *testing.T) {
			nokey := gosdkConnect(ctx, t, tr, gosdkClient(nil), nil, "--base-url", gosdkClosedPortURL(t))
			res := nokey.call(ctx, t, "get_account", nil)
			e := gosdkAssertToolError(t, res, "no_api_key")
			assert.Equal(t, false, e["sent_to_heygen"])
			howTo := map[string]string{"stdio": "HEYGEN_API_KEY", "http": "X-Api-Key"}[tr]
			assert.Contains(t, gosdkText(res), howTo, "the text says how to give a key")
		})

		t.Run("heygen_unreachable", func(t *testing.T) {
			down := gosdkConnect(ctx, t, tr, gosdkClient(nil),
				[]string{"HEYGEN_API_KEY=" + gosdkRealKey, "HEYGEN_BASE_URL=" + gosdkClosedPortURL(t)})
			res := down.call(ctx, t, "get_account", nil) // a GET: retried with backoff first, then reported
			e := gosdkAssertToolError(t, res, "heygen_unreachable")
			assert.Equal(t, true, e["safe_to_retry"], "a GET changes nothing")
			assert.Equal(t, false, e["sent_to_heygen"], "a refused connection sent nothing")
			assert.NotContains(t, gosdkText(res), gosdkRealKey)
			assert.NotContains(t, down.stderr.String(), gosdkRealKey)
		})

		// Real mode against the project's simulator with faults injected.
		s := sim.New(sim.WithAPIKeys(gosdkRealKey), sim.WithSeed(7))
		up := httptest.NewServer(s)
		t.Cleanup(up.Close)
		live := gosdkConnect(ctx, t, tr, gosdkClient(nil), []string{"HEYGEN_API_KEY=" + gosdkRealKey, "HEYGEN_BASE_URL=" + up.URL})

		t.Run("heygen_api 5xx", func(t *testing.T) {
			// send_message is a POST that is never retried on 5xx, so this stays quick.
			path := "/v3/video-agents/sess_e2e_outage"
			s.InjectFault(sim.Fault{Method: http.MethodPost, Path: path, Status: http.StatusInternalServerError,
				Body: `{"error":{"code":"internal_error","message":"Simulated outage."}}`})
			res := live.call(ctx, t, "send_message", map[string]any{"session_id": "sess_e2e_outage", "message": "approve"})
			e := gosdkAssertToolError(t, res, "heygen_api")
			assert.EqualValues(t, 500, e["http_status"])
			assert.Equal(t, "internal_error", e["code"])
			assert.Equal(t, true, e["sent_to_heygen"])
			assert.Equal(t, 1, s.RequestCount(http.MethodPost, path), "a message is not resent on 5xx")
		})
		t.Run("heygen_api 429", func(t *testing.T) {
			// Retry-After 1: the client honours it up to its retry limit, then reports it.
			s.InjectFault(sim.Fault{Method: http.MethodGet, Path: "/v3/users/me", Status: http.StatusTooManyRequests,
				RetryAfter: "1", Body: `{"error":{"code":"rate_limit_exceeded","message":"Too many requests."}}`})
			res := live.call(ctx, t, "get_account", nil)
			e := gosdkAssertToolError(t, res, "heygen_api")
			assert.EqualValues(t, 429, e["http_status"])
			assert.EqualValues(t, 1, e["retry_after_seconds"])
			assert.Equal(t, "rate_limit_exceeded", e["code"])
			assert.Equal(t, true, e["safe_to_retry"], "a 429 means nothing started")
		})
		t.Run("heygen_bad_reply", func(t *testing.T) {
			// A 2xx that is not JSON (a proxy's page): not retried, reported as unreadable.
			path := "/v3/videos/vid_e2e_badreply"
			s.InjectFault(sim.Fault{Method: http.MethodGet, Path: path, Status: http.StatusOK,
				ContentType: "text/html; charset=utf-8", Body: "<html><body>Welcome to the captive portal</body></html>"})
			res := live.call(ctx, t, "get_video", map[string]any{"video_id": "vid_e2e_badreply"})
			e := gosdkAssertToolError(t, res, "heygen_bad_reply")
			assert.Equal(t, true, e["sent_to_heygen"])
			assert.Positive(t, s.RequestCount(http.MethodGet, path))
		})

		for _, child := range []*gosdkSession{sandbox, live} {
			assert.NotContains(t, child.stderr.String(), gosdkRealKey, "the key never appears in logs")
		}
	})
}

// create_video with wait_seconds, chat mode, a client that answers questions:
// the official client re-runs any call that returns input_required, so
// create_video must never return one (each re-run would start another paid
// session). The agent's question comes back to the model instead.
func TestGoSDKCreateVideoWaitStartsOneSession(t *testing.T) {
	gosdkForEachTransport(t, func(ctx context.Context, t *testing.T, tr string) {
		rec := &gosdkElicitRecorder{}
		s := gosdkConnect(ctx, t, tr, gosdkClient(&mcp.ClientOptions{ElicitationHandler: rec.handle}), nil, gosdkSandbox...)
		cv := s.callOK(ctx, t, "create_video", map[string]any{"prompt": "A teaser for the spring sale", "mode": "chat", "wait_seconds": 30})
		w, _ := cv["wait"].(map[string]any)
		assert.Equal(t, true, w["needs_input"], "the question goes to the model: %v", cv)
		messages, _, _ := rec.snapshot()
		assert.Empty(t, messages, "create_video asked nobody")
		list := s.callOK(ctx, t, "list_sessions", nil)
		sessions, _ := list["sessions"].([]any)
		assert.Len(t, sessions, 1, "one create_video call, one session: %v", list)
	})
}
