package faults_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// keyEcho is one shape in which an upstream hands the key back: transform
// turns the key it received into what it writes; shown is the part of that
// which must not reach a client (8 characters of it are already a leak).
type keyEcho struct {
	name      string
	transform func(key string) (echo, shown string)
}

func same(f func(string) string) func(string) (string, string) {
	return func(k string) (string, string) { s := f(k); return s, s }
}

var keyEchoes = []keyEcho{
	{"upper-cased", same(strings.ToUpper)},
	{"lower-cased", same(strings.ToLower)},
	{"query escaped", same(url.QueryEscape)},
	{"path escaped", same(url.PathEscape)},
	{"every byte escaped", same(func(k string) string {
		var b strings.Builder
		for i := range len(k) {
			fmt.Fprintf(&b, "%%%02x", k[i])
		}
		return b.String()
	})},
	{"base64", same(func(k string) string { return base64.StdEncoding.EncodeToString([]byte(k)) })},
	{"base64 unpadded", same(func(k string) string { return base64.RawStdEncoding.EncodeToString([]byte(k)) })},
	{"base64url", same(func(k string) string { return base64.URLEncoding.EncodeToString([]byte(k)) })},
	{"base64url unpadded", same(func(k string) string { return base64.RawURLEncoding.EncodeToString([]byte(k)) })},
	{"base64 of a header line", func(k string) (string, string) {
		const prefix = "X-Api-Key: "
		line := base64.StdEncoding.EncodeToString([]byte(prefix + k))
		return line, line[(8*len(prefix)+5)/6 : len(line)-2] // the characters made of key bits only
	}},
	{"cut short: head", same(func(k string) string { return k[:8] })},
	{"cut short: tail", same(func(k string) string { return k[len(k)-10:] })},
	{"cut short: middle", same(func(k string) string { return k[4:16] })},
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

// TestTransformedKeyEchoesNeverReachTheClient: HeyGen (or a proxy) answers
// every call with an error that echoes the key it received, transformed; no
// tool result, error or log line shows any of it.
func TestTransformedKeyEchoesNeverReachTheClient(t *testing.T) {
	var current atomic.Pointer[keyEcho]
	e := newEnv(t, envOpts{wrapSim: func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ke := current.Load()
			if ke == nil {
				h.ServeHTTP(w, r)
				return
			}
			echo, _ := ke.transform(r.Header.Get("X-Api-Key"))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"error":{"code":"invalid_parameter","message":"key %s is not valid here","param":"%s"}}`, echo, echo)
		})
	}})
	calls := []struct {
		name string
		args map[string]any
	}{
		{"get_video", map[string]any{"video_id": "vid_1"}},
		{"get_account", map[string]any{}},
		{"list_sessions", map[string]any{}},
	}
	for _, ke := range keyEchoes {
		t.Run(ke.name, func(t *testing.T) {
			current.Store(&ke)
			defer current.Store(nil)
			_, shown := ke.transform(apiKey)
			for _, c := range calls {
				o := e.call(context.Background(), c.name, c.args)
				require.NoError(t, o.err, c.name)
				require.True(t, o.isError, "%s: %s", c.name, o)
				assert.Contains(t, o.text, "[redacted]", "%s: the upstream's message is shown, without the key: %s", c.name, o)
			}
			for name, text := range map[string]string{"client-visible output": e.seen.String(), "server logs": e.logs.String()} {
				for _, s := range []string{shown, apiKey} {
					assert.Empty(t, pieceOf(text, s), "%s show a piece of the key (%s)", name, ke.name)
				}
			}
		})
	}
}
