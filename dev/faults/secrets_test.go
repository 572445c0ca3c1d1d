package faults_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/internal/app"
)

// TestSecretsStdio runs the real binary's entry point (app.Main) over stdio
// with debug logs, against the simulator answering with faults, some of which
// echo the API key back, and greps stdout and stderr for the key. The HTTP
// side (endpoint token, X-Api-Key header) is grepped by every env's cleanup.
func TestSecretsStdio(t *testing.T) {
	s := sim.New(sim.WithAPIKeys(apiKey), sim.WithSeed(3))
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", s))
	ts := httptest.NewServer(mux)
	defer ts.Close()

	env := map[string]string{"HEYGEN_API_KEY": apiKey, "HEYGEN_BASE_URL": ts.URL + "/api", "HEYGEN_LOG_LEVEL": "debug",
		"HEYGEN_MCP_AUTH_TOKEN": endpointToken}
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	stderr := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- app.Main(ctx, []string{"--log-level", "debug"}, func(k string) string { return env[k] }, inR, outW, stderr)
		outW.Close()
	}()
	stdout := &strings.Builder{}
	lines := bufio.NewScanner(outR)
	lines.Buffer(make([]byte, 1<<20), 64<<20)
	send := func(msg string) string {
		t.Helper()
		_, err := io.WriteString(inW, msg+"\n")
		require.NoError(t, err)
		if !strings.Contains(msg, `"id"`) {
			return ""
		}
		require.True(t, lines.Scan(), "no reply to %s", msg)
		stdout.WriteString(lines.Text() + "\n")
		return lines.Text()
	}
	send(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"s","version":"1"}}}`)
	send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)

	echo := `{"error":{"code":"invalid_parameter","message":"key ` + apiKey + ` is not allowed","param":"` + apiKey + `"}}`
	faults := []sim.Fault{
		{Path: "/v3/*", Status: 400, Body: echo},
		{Path: "/v3/*", Status: 401, Body: echo},
		{Path: "/v3/*", Status: 200, Body: `{"data":` + apiKey},
		{Path: "/v3/*", Status: 429, Body: echo, RetryAfter: "86400"},
		{Path: "/v3/*", Status: 403, ContentType: "text/html", Body: "<html>" + apiKey + "</html>"},
		sim.HTMLErrorFault("", "/v3/*", 404),
	}
	calls := []string{`"get_account","arguments":{}`, `"get_video","arguments":{"video_id":"vid_1"}`,
		`"create_video","arguments":{"prompt":"p"}`, `"list_sessions","arguments":{}`,
		`"get_session","arguments":{"session_id":"` + apiKey + `"}`}
	id := 1
	for _, f := range faults {
		remove := s.InjectFault(f)
		for _, c := range calls {
			id++
			reply := send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":%s}}`, id, c))
			assert.Contains(t, reply, `"isError":true`, "%s", reply)
		}
		remove()
	}
	// A malformed request and an unknown tool, for good measure.
	send(`{"jsonrpc":"2.0","id":999,"method":"tools/call","params":{"name":"nope","arguments":{"k":"` + apiKey + `"}}}`)

	cancel()
	inW.Close()
	<-done
	for name, text := range map[string]string{"stdout": stdout.String(), "stderr": stderr.String()} {
		assert.NotEmpty(t, text, name)
		for _, secret := range []string{apiKey, endpointToken} {
			if strings.Contains(text, secret) {
				i := strings.Index(text, secret)
				t.Errorf("%s leaks a secret: ...%s...", name, strings.ReplaceAll(text[max(0, i-200):i], "\n", " | "))
			}
		}
	}
}
