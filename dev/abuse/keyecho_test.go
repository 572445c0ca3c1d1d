package abuse

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// echoKey has characters that every encoding changes ('/', '+', '=', '&',
// '~') every few characters and mixed case, so an escaped echo of it has no
// 8 plain characters of the key: only a redactor that sees through the
// encoding removes it.
const echoKey = keyPrefix + "Ab/Cd+E/fG=h/Ij&k/Lm~N/oPq="

// keyTransforms are the shapes in which a hostile or broken upstream echoes
// the key it received.
var keyTransforms = []struct {
	name string
	f    func(string) string
}{
	{"as is", func(k string) string { return k }},
	{"upper-cased", strings.ToUpper},
	{"lower-cased", strings.ToLower},
	{"URL-encoded", url.QueryEscape},
	{"URL-encoded twice", func(k string) string { return url.QueryEscape(url.QueryEscape(k)) }},
	{"base64", func(k string) string { return base64.StdEncoding.EncodeToString([]byte(k)) }},
	{"base64 unpadded", func(k string) string { return base64.RawStdEncoding.EncodeToString([]byte(k)) }},
	{"base64url", func(k string) string { return base64.URLEncoding.EncodeToString([]byte(k)) }},
	{"base64url unpadded", func(k string) string { return base64.RawURLEncoding.EncodeToString([]byte(k)) }},
	{"hex", func(k string) string { return hex.EncodeToString([]byte(k)) }},
	{"hex, upper-case", func(k string) string { return strings.ToUpper(hex.EncodeToString([]byte(k))) }},
	{`JSON \/`, func(k string) string { return strings.ReplaceAll(k, "/", `\/`) }},
	{`JSON \u escapes`, func(k string) string {
		return strings.NewReplacer("/", `\u002F`, "+", `\u002b`, "=", `\u003D`, "&", `\u0026`, "~", `\u007e`).Replace(k)
	}},
	{"HTML-escaped", func(k string) string { return strings.ReplaceAll(strings.ReplaceAll(k, "&", "&amp;"), "/", "&#x2F;") }},
	{"cut short", func(k string) string { return k[:8] }},
	{"cut short, middle", func(k string) string { return k[10:22] }},
}

// echoReplies are the ways the upstream puts the echo in its answer.
var echoReplies = []struct {
	name string
	// write answers with echo in it; JSON string content needs " and \
	// escaped, which none of the transforms above produce unescaped except
	// the JSON ones, which are valid JSON escapes.
	write func(w http.ResponseWriter, echo string)
	// shown: the server passes the text on (redacted); an HTML page is
	// summarised by its type alone.
	shown bool
}{
	{"JSON error", func(w http.ResponseWriter, echo string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":{"code":"invalid_parameter","message":"key %s is not valid","param":"%s"}}`, echo, echo)
	}, true},
	{"HTML page", func(w http.ResponseWriter, echo string) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, "<html><body>Access denied for key %s</body></html>", echo)
	}, false},
	{"unreadable success", func(w http.ResponseWriter, echo string) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"data":{"id":"vid_1","status":%q`, echo) // cut off: not JSON
	}, true},
}

// pieceOf returns 8 consecutive characters of shown found in text, or "".
func pieceOf(text, shown string) string {
	for i := 0; i+8 <= len(shown); i++ {
		if strings.Contains(text, shown[i:i+8]) {
			return shown[i : i+8]
		}
	}
	return ""
}

// TestTransformedKeyEchoesNeverReachClientsOrLogs: the server in real mode,
// pointed at an upstream that answers every call with the caller's key
// echoed transformed (case, URL encoding once and twice, base64, hex, JSON
// and HTML escapes, cut short) in an error message or body; no tool result,
// error text or line of the server's stderr holds any 8 characters of the
// echo or of the key (issue: redaction was exact-match only).
func TestTransformedKeyEchoesNeverReachClientsOrLogs(t *testing.T) {
	t.Parallel()
	type mode struct{ transform, reply int }
	var current atomic.Pointer[mode]
	var hits atomic.Int64
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		m := current.Load()
		echoReplies[m.reply].write(w, keyTransforms[m.transform].f(r.Header.Get("X-Api-Key")))
	}))
	t.Cleanup(upstream.Close)

	s := launch(t, map[string]string{"HEYGEN_MCP_AUTH_TOKEN": endpointToken, "HEYGEN_LOG_LEVEL": "debug"},
		"--addr", "127.0.0.1:0", "--base-url", upstream.URL)
	if !s.waitServing(t) {
		t.Fatalf("the server exited at start-up (code %d); logs:\n%s", s.cmd.ProcessState.ExitCode(), s.logs.String())
	}
	session := initialize(t, s, echoKey)
	headers := auth(echoKey, "")
	for ti, tr := range keyTransforms {
		for ri, rep := range echoReplies {
			current.Store(&mode{ti, ri})
			before := hits.Load()
			r := callTool(t, s, headers, session, "get_video", map[string]any{"video_id": "vid_1"})
			require.Greater(t, hits.Load(), before, "%s in a %s: the call did not reach the upstream", tr.name, rep.name)
			assert.True(t, r.IsError, "%s in a %s: %s", tr.name, rep.name, r.Raw)
			// The raw response is checked JSON-decoded too: an escape in
			// the JSON text must not hide a piece of the key from the check.
			var decoded any
			require.NoError(t, json.Unmarshal([]byte(r.Raw), &decoded))
			flat, _ := json.Marshal(decoded)
			for _, text := range []string{r.Raw, r.Text, string(flat)} {
				for _, shown := range []string{tr.f(echoKey), echoKey} {
					assert.Empty(t, pieceOf(text, shown), "%s in a %s: a piece of the key reached the client: %s",
						tr.name, rep.name, r.Raw)
				}
			}
			if rep.shown {
				assert.Contains(t, r.Raw, "[redacted]", "%s in a %s", tr.name, rep.name)
			}
		}
	}
	s.stopPromptly(t)
	logs := s.logs.String()
	for _, tr := range keyTransforms {
		assert.Empty(t, pieceOf(logs, tr.f(echoKey)), "%s: a piece of the key is in the server's stderr:\n%s", tr.name, logs)
	}
	assert.NotContains(t, logs, endpointToken)
}
