package faults_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/internal/creds"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

// js is a JSON string literal of s (valid UTF-8 only).
func js(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// badIDs are path-parameter values that must never reach HeyGen; one carries
// a raw 0xFF byte (not valid UTF-8) into the JSON text.
func badIDs() []string {
	return []string{js("a/b"), js(".."), js("a..b"), js("a?b"), js("a#b"), js("a b"), js("a\tb"),
		js("a\u0000b"), js("a\u007fb"), js("a\u200bb"), js(`a\b`), js("%2F"), js(""), js(strings.Repeat("a", 129)),
		`"a` + "\xff" + `b"`, "123", "null", "true", `["a"]`, `{"a":1}`}
}

func files(n int) string {
	items := make([]string, n)
	for i := range items {
		items[i] = `{"type":"url","url":"https://example.com/f.png"}`
	}
	return "[" + strings.Join(items, ",") + "]"
}

// badInputs adds, to the cases every tool gets from its schema (schemaCases),
// the ones a schema cannot say: unions, paths, ids in URLs, free text.
func badInputs(f fixtures, dir string) map[string][]string {
	idCases := func(tmpl string) []string {
		out := make([]string, 0, len(badIDs()))
		for _, id := range badIDs() {
			out = append(out, fmt.Sprintf(tmpl, id))
		}
		return out
	}
	// Ids in a JSON body or a query are not spliced into a path, so ".." and
	// null (= omitted) are harmless there; the rest is still refused.
	bodyIDCases := func(tmpl string) []string {
		var out []string
		for _, id := range badIDs() {
			if id != js("..") && id != js("a..b") && id != "null" && id != js("") {
				out = append(out, fmt.Sprintf(tmpl, id))
			}
		}
		return out
	}
	common := []string{`[]`, `"text"`, `42`, `{"no_such_argument":1}`}
	m := map[string][]string{
		"create_video": {
			`{}`, `{"prompt":""}`, `{"prompt":"   "}`, `{"prompt":` + js(strings.Repeat("p", 10001)) + `}`,
			`{"prompt":123}`, `{"prompt":["a"]}`, `{"prompt":null,"mode":"chat"}`,
			`{"prompt":"ok","mode":"fast"}`, `{"prompt":"ok","mode":"GENERATE"}`, `{"prompt":"ok","orientation":"square"}`,
			`{"prompt":"ok","files":` + files(21) + `}`, `{"prompt":"ok","files":{}}`,
			`{"prompt":"ok","files":[{"type":"ftp","url":"https://example.com/a.png"}]}`,
			`{"prompt":"ok","files":[{"type":"url","url":"http://example.com/a.png"}]}`,
			`{"prompt":"ok","files":[{"type":"url"}]}`,
			`{"prompt":"ok","files":[{"type":"base64","media_type":"image/gif","data":"AAAA"}]}`,
			`{"prompt":"ok","files":[{"type":"base64","media_type":"image/png","data":"not base64!"}]}`,
			`{"prompt":"ok","files":[{"type":"base64","media_type":"image/png","data":"data:image/png;base64,AAAA"}]}`,
			`{"prompt":"ok","files":[{"type":"asset_id","asset_id":"a/b"}]}`,
			`{"prompt":"ok","callback_url":"http://example.com/hook"}`, `{"prompt":"ok","callback_url":"not a url"}`,
			`{"prompt":"ok","callback_id":` + js(strings.Repeat("c", 257)) + `}`,
			`{"prompt":"ok","incognito_mode":"yes"}`, `{"prompt":"ok","avatar_id":` + js(strings.Repeat("a", 129)) + `}`,
		},
		"send_message": {
			`{"session_id":` + js(f.waiting) + `}`, `{"session_id":` + js(f.waiting) + `,"message":""}`,
			`{"session_id":` + js(f.waiting) + `,"message":` + js(strings.Repeat("m", 10001)) + `}`,
			`{"session_id":` + js(f.waiting) + `,"message":7}`,
			`{"session_id":` + js(f.waiting) + `,"message":"ok","files":` + files(21) + `}`,
			`{"message":"ok"}`,
		},
		"stop_session":  {`{}`},
		"get_session":   {`{"session_id":"s","message_limit":0}`, `{"session_id":"s","message_limit":41}`, `{"session_id":"s","message_limit":"5"}`, `{"session_id":"s","message_limit":1.5}`},
		"get_video":     {`{}`},
		"list_sessions": {`{"limit":0}`, `{"limit":101}`, `{"limit":-1}`, `{"limit":1.5}`, `{"limit":"10"}`, `{"token":` + js(strings.Repeat("t", 2049)) + `}`, `{"token":5}`},
		"list_session_videos": {`{"session_id":"s","limit":0}`, `{"session_id":"s","limit":101}`,
			`{"session_id":"s","token":` + js(strings.Repeat("t", 2049)) + `}`},
		"get_session_resource": {`{"session_id":"s"}`, `{"resource_id":"r"}`},
		"list_styles":          {`{"limit":0}`, `{"limit":101}`, `{"tag":` + js(strings.Repeat("t", 65)) + `}`},
		"list_avatars":         {`{"limit":51}`, `{"limit":0}`, `{"avatar_type":"robot"}`, `{"ownership":"shared"}`},
		"list_voices":          {`{"limit":101}`, `{"type":"cloned"}`, `{"language":` + js(strings.Repeat("l", 65)) + `}`, `{"gender":4}`},
		"get_account":          {`{"limit":1}`},
		"upload_asset": {`{}`, `{"path":""}`, `{"path":"/etc/passwd"}`, `{"path":` + js(dir+"/../logo.png") + `}`,
			`{"path":` + js(dir+"/missing.png") + `}`, `{"path":5}`, `{"path":` + js("/"+strings.Repeat("p", 4096)) + `}`},
		"download_video": {`{"video_id":"v","directory":"/etc"}`, `{"video_id":"v","filename":"../x.mp4"}`,
			`{"video_id":"v","filename":"a/b.mp4"}`, `{"video_id":"v","filename":"a\\u0000b.mp4"}`, `{"video_id":"v","captioned":"yes"}`},
		"wait_for_video": {`{}`, `{"session_id":"s","video_id":"v"}`, `{"video_id":"v","timeout_seconds":0}`, `{"video_id":"v","timeout_seconds":601}`, `{"video_id":"v","timeout_seconds":"10"}`},
	}
	m["send_message"] = append(m["send_message"], idCases(`{"session_id":%s,"message":"ok"}`)...)
	m["stop_session"] = append(m["stop_session"], idCases(`{"session_id":%s}`)...)
	m["get_session"] = append(m["get_session"], idCases(`{"session_id":%s}`)...)
	m["get_video"] = append(m["get_video"], idCases(`{"video_id":%s}`)...)
	m["list_session_videos"] = append(m["list_session_videos"], idCases(`{"session_id":%s}`)...)
	m["get_session_resource"] = append(m["get_session_resource"], idCases(`{"session_id":"s","resource_id":%s}`)...)
	m["get_session_resource"] = append(m["get_session_resource"], idCases(`{"session_id":%s,"resource_id":"r"}`)...)
	m["wait_for_video"] = append(m["wait_for_video"], idCases(`{"video_id":%s}`)...)
	// download_video's video_id has no id pattern (see TestDownloadVideoIDPattern):
	// the ids only validPathParam refuses are checked here.
	for _, c := range idCases(`{"video_id":%s}`) {
		if !strings.Contains(c, "\u200b") && !strings.Contains(c, "%2F") && !strings.Contains(c, "\xff") {
			m["download_video"] = append(m["download_video"], c)
		}
	}
	m["wait_for_video"] = append(m["wait_for_video"], idCases(`{"session_id":%s}`)...)
	m["create_video"] = append(m["create_video"], bodyIDCases(`{"prompt":"ok","avatar_id":%s}`)...)
	m["create_video"] = append(m["create_video"], bodyIDCases(`{"prompt":"ok","style_id":%s}`)...)
	m["send_message"] = append(m["send_message"], bodyIDCases(`{"session_id":"s","message":"ok","voice_id":%s}`)...)
	m["list_avatars"] = append(m["list_avatars"], bodyIDCases(`{"group_id":%s}`)...)
	for name := range m {
		m[name] = append(m[name], common...)
	}
	return m
}

// TestBadInputNeverReachesHeyGen sends every bad argument object byte for
// byte over the HTTP transport and asserts a clear invalid-argument error and
// zero upstream requests.
func TestBadInputNeverReachesHeyGen(t *testing.T) {
	e := newEnv(t, envOpts{retries: 2})
	e.setup()
	rs := e.raw(t)
	cases := badInputs(e.fix, e.dir)
	valid := map[string]map[string]any{}
	for _, def := range tools.Definitions() {
		valid[def.Name] = e.exampleArgs(def)
	}
	n := 0
	all := tools.ServerTools(tools.Deps{}, tools.SelectAll(false))
	for _, st := range all {
		name := st.Tool.Name
		for _, args := range append(schemaCases(t, st.Tool.RawInputSchema, valid[name]), cases[name]...) {
			e.sim.ResetRequests()
			e.hits.Store(0)
			isErr, text, rpcErr := rs.callTool(name, args)
			fmt.Fprintf(e.seen, "%s(%.200s): %s %s\n", name, args, text, rpcErr)
			show := args
			if len(show) > 120 {
				show = show[:120] + "..."
			}
			if rpcErr != "" {
				// Not a tool result at all (e.g. arguments that are not an
				// object, refused by mcp-go): still nothing may be sent.
				assert.NotEmpty(t, rpcErr)
			} else {
				assert.True(t, isErr, "%s %q was accepted: %.300s", name, show, text)
				assert.Contains(t, text, "Nothing was sent to HeyGen", "%s %q: %.300s", name, show, text)
				assert.Contains(t, text, "invalid argument", "%s %q", name, show)
			}
			assert.Zero(t, e.hits.Load(), "%s %q reached HeyGen", name, show)
			n++
		}
	}
	t.Logf("%d bad argument objects across %d tools, 0 upstream requests", n, len(all))
}

// TestNonUTF8Text: invalid UTF-8 in free text is refused, naming the argument,
// before anything is sent to HeyGen. Replacing the bad bytes (what
// encoding/json does on its own) would send HeyGen a prompt the user never
// wrote; a refusal lets the client fix its encoding. Text nested in a list is
// named by its path.
func TestNonUTF8Text(t *testing.T) {
	e := newEnv(t, envOpts{retries: 0})
	e.setup()
	rs := e.raw(t)
	for _, c := range []struct{ args, field string }{
		{`{"prompt":"caf` + "\xe9 au lait \xff\xfe" + `"}`, `"prompt"`},
		{`{"prompt":"ok","files":[{"type":"url","url":"https://example.com/f.png"},{"type":"url","url":"https://example.com/` + "\xff" + `.png"}]}`, `"files[1].url"`},
	} {
		isErr, text, rpcErr := rs.callTool("create_video", c.args)
		require.Empty(t, rpcErr, "the tool refuses, not the transport")
		require.True(t, isErr, "invalid UTF-8 was accepted: %s", text)
		assert.Contains(t, text, c.field)
		assert.Contains(t, text, "UTF-8")
		assert.Contains(t, text, "Nothing was sent to HeyGen")
	}
	assert.Zero(t, len(e.sim.Requests()))
}

// TestBase64OverCap: an inline file over the 10 MiB cap is refused before any
// request. The HTTP transport caps bodies at 4 MiB, so this goes through the
// real tool handler directly (what stdio serves).
func TestBase64OverCap(t *testing.T) {
	e := newEnv(t, envOpts{retries: 0})
	var create mcp.CallToolRequest
	big := base64.StdEncoding.EncodeToString(make([]byte, tools.MaxInlineFileBytes+3))
	raw, err := json.Marshal(map[string]any{"prompt": "ok", "files": []any{map[string]any{"type": "base64", "media_type": "image/png", "data": big}}})
	require.NoError(t, err)
	create.Params.Name = "create_video"
	create.Params.RawArguments = raw
	for _, st := range tools.ServerTools(tools.Deps{Clients: e.pool}, tools.SelectAll(false)) {
		if st.Tool.Name != "create_video" {
			continue
		}
		res, err := st.Handler(creds.WithAPIKey(context.Background(), apiKey), create)
		require.NoError(t, err)
		require.True(t, res.IsError)
		text := res.Content[0].(mcp.TextContent).Text
		fmt.Fprintln(e.seen, text)
		assert.Contains(t, text, "files[0].data")
		assert.Contains(t, text, "capped at 10 MiB")
	}
	assert.Zero(t, len(e.sim.Requests()))
}
