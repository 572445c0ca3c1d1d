package tools_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/creds"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

// fuzzRecorder is an in-memory HeyGen that answers 404 to everything (so
// waits end at once) and records what was asked.
type fuzzRecorder struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (f *fuzzRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
	}
	f.mu.Lock()
	f.reqs = append(f.reqs, r)
	f.mu.Unlock()
	body := `{"error":{"code":"not_found","message":"no such thing"}}`
	return &http.Response{StatusCode: http.StatusNotFound, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
}

func (f *fuzzRecorder) take() []*http.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.reqs
	f.reqs = nil
	return r
}

// FuzzToolArguments feeds arbitrary argument bytes to every tool's real
// handler (NewTool's decoding, schema bounds, validate, the handler, the error
// mapper). Invariants: no panic; always a result with text; an
// invalid_argument result sent nothing to HeyGen; whatever was sent has its
// path parameters escaped (no "..", "?" or "#" spliced into the path); the
// key never appears in a result.
//
//	go test -run '^$' -fuzz FuzzToolArguments -fuzztime 60s -parallel 1 ./tools/
func FuzzToolArguments(f *testing.F) {
	for _, seed := range []struct {
		tool uint8
		args string
	}{
		{0, `{"prompt":"A 60-second explainer on tides","mode":"chat","orientation":"portrait","files":[{"type":"url","url":"https://example.com/a.png"}]}`},
		{0, `{"prompt":"p","files":[{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}]}`},
		{0, `{"prompt":"p","files":[{"type":"asset_id","asset_id":"asset_1"}],"callback_url":"https://example.com/h"}`},
		{1, `{"session_id":"sess_1","message":"yes","voice_id":"v1"}`},
		{2, `{"session_id":"sess_1"}`},
		{3, `{}`},
		{4, `{"session_id":"sess_1","message_limit":40}`},
		{5, `{"video_id":"vid_1"}`},
		{6, `{"limit":100,"token":"abc"}`},
		{7, `{"session_id":"s","limit":1}`},
		{8, `{"session_id":"s","resource_id":"r"}`},
		{9, `{"tag":"cinematic","limit":3}`},
		{10, `{"avatar_type":"digital_twin","ownership":"private","group_id":"g"}`},
		{11, `{"type":"public","language":"English","gender":"female"}`},
		{12, `{"video_id":"vid_1","timeout_seconds":1}`},
		{5, `{"video_id":".."}`},
		{4, `{"session_id":"a/b?c#d"}`},
		{6, `{"limit":"10"}`},
		{0, `[]`},
		{0, `null`},
		{1, `{"session_id":"s","message":"m","files":[{}]}`},
	} {
		f.Add(seed.tool, []byte(seed.args))
	}

	const key = "hgk_FUZZ_never_shown_0123456789"
	rec := &fuzzRecorder{}
	client, err := heygen.NewClient(heygen.WithBaseURL("https://api.heygen.test/base"), heygen.WithAPIKey(key),
		heygen.WithHTTPClient(&http.Client{Transport: rec}), heygen.WithRetryPolicy(heygen.RetryPolicy{}))
	if err != nil {
		f.Fatal(err)
	}
	pool := creds.NewPool(key, func(string) (*heygen.Client, error) { return client, nil })
	// wait_for_video (and create_video's wait) run on a hub, as in the server.
	hub := watch.NewHub(watch.HubOptions{})
	f.Cleanup(hub.Close)
	all := tools.ServerTools(tools.Deps{Clients: pool, Hub: hub}, tools.SelectAll(false))

	f.Fuzz(func(t *testing.T, tool uint8, args []byte) {
		st := all[int(tool)%len(all)]
		req := mcp.CallToolRequest{}
		req.Params.Name = st.Tool.Name
		req.Params.RawArguments = args
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		rec.take()
		res, err := st.Handler(ctx, req)
		sent := rec.take()
		if err != nil {
			if ctx.Err() == nil {
				t.Fatalf("%s: protocol error %v", st.Tool.Name, err)
			}
			return
		}
		if res == nil || len(res.Content) == 0 {
			t.Fatalf("%s: empty result", st.Tool.Name)
		}
		text, ok := res.Content[0].(mcp.TextContent)
		if !ok || text.Text == "" {
			t.Fatalf("%s: first content is not text: %#v", st.Tool.Name, res.Content[0])
		}
		out, err := json.Marshal(res)
		if err != nil {
			t.Fatalf("%s: result does not marshal: %v", st.Tool.Name, err)
		}
		if strings.Contains(string(out), key) {
			t.Fatalf("%s: the API key is in the result", st.Tool.Name)
		}
		if res.IsError && strings.Contains(string(out), `"kind":"invalid_argument"`) && len(sent) > 0 {
			t.Fatalf("%s: rejected the arguments but sent %d request(s) to HeyGen", st.Tool.Name, len(sent))
		}
		for _, r := range sent {
			checkSentPath(t, st.Tool.Name, r.URL)
		}
	})
}

// checkSentPath: every request stays under the base path and every path
// segment is a whole, escaped id.
func checkSentPath(t *testing.T, tool string, u *url.URL) {
	t.Helper()
	if u.Host != "api.heygen.test" || !strings.HasPrefix(u.Path, "/base/v3/") {
		t.Fatalf("%s: request escaped the API base: %s", tool, u.Redacted())
	}
	for seg := range strings.SplitSeq(u.EscapedPath(), "/") {
		dec, err := url.PathUnescape(seg)
		if err != nil {
			t.Fatalf("%s: bad path segment %q", tool, seg)
		}
		if dec == "." || dec == ".." || strings.ContainsAny(dec, "/?#\\") {
			t.Fatalf("%s: id spliced into the path: %q", tool, u.EscapedPath())
		}
	}
}
