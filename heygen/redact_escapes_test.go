package heygen_test

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// slashKey has a character that an escaper changes ('/', '&', '+', '=') every
// few characters, so no 8 characters of an escaped echo are plain key: only
// decoding the escape shows the key in it.
const slashKey = "hgk_Ab/Cd+E/fG=h/Ij&k/Lm~N/oPq"

// escapedEchoes are the escaped shapes of key an upstream writes, which the
// first redactor (case, single URL encoding, base64, pieces) let through.
func escapedEchoes(key string) map[string]string {
	every := func(format string) string {
		var b strings.Builder
		for i := range len(key) {
			fmt.Fprintf(&b, format, key[i])
		}
		return b.String()
	}
	jsonSlash := strings.ReplaceAll(key, "/", `\/`)
	twice, _ := json.Marshal(jsonSlash) // JSON text embedded in a JSON string
	return map[string]string{
		"URL-encoded twice":          url.QueryEscape(url.QueryEscape(key)),
		"URL-encoded three times":    url.PathEscape(url.PathEscape(url.PathEscape(key))),
		"every byte escaped twice":   every("%%25%02X"),
		"hex":                        hex.EncodeToString([]byte(key)),
		"hex, upper-case":            strings.ToUpper(hex.EncodeToString([]byte(key))),
		"hex of upper-cased":         hex.EncodeToString([]byte(strings.ToUpper(key))),
		`JSON \/`:                    jsonSlash,
		`JSON \u escapes`:            strings.NewReplacer("/", `\u002F`, "&", `\u0026`, "+", `\u002b`, "=", `\u003d`).Replace(key),
		`JSON \u00XX for every byte`: every(`\u%04x`),
		"JSON escaped twice":         strings.Trim(string(twice), `"`),
		"HTML-escaped":               html.EscapeString(strings.ReplaceAll(key, "/", "&#x2F;")),
		"HTML decimal references":    every("&#%d;"),
		"HTML hex references":        every("&#x%X;"),
	}
}

// TestEscapedKeyNeverInErrors: an upstream that echoes the key escaped
// (twice URL-encoded, hex, JSON- or HTML-escaped) gets none of it into an
// error, whether the echo is in a JSON error message or a raw body.
func TestEscapedKeyNeverInErrors(t *testing.T) {
	t.Parallel()
	for name, text := range escapedEchoes(slashKey) {
		for bname, body := range map[string]string{
			// JSON-escaped text is valid inside a JSON string; the others
			// need no escaping there but a backslash or quote would.
			"JSON error": `{"error":{"code":"invalid_api_key","message":"key ` + strings.ReplaceAll(text, `"`, `\"`) + ` is invalid"}}`,
			"HTML body":  "<html>your key " + text + " was rejected</html>",
		} {
			t.Run(name+"/"+bname, func(t *testing.T) {
				t.Parallel()
				f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
					ct := "application/json"
					if bname == "HTML body" {
						ct = "text/html"
					}
					reply(w, http.StatusBadRequest, ct, []byte(body))
				})
				c, err := heygen.NewClient(heygen.WithBaseURL(f.URL), heygen.WithAPIKey(slashKey),
					heygen.WithRetryPolicy(heygen.RetryPolicy{}))
				require.NoError(t, err)
				_, err = c.GetVideo(t.Context(), "vid_1")
				require.Error(t, err)
				for _, et := range errorTexts(err) {
					for _, s := range []string{text, slashKey} {
						assert.Empty(t, leak(et, s), "a piece of the key (%s) leaked into %q", name, et)
					}
				}
				assert.Contains(t, err.Error(), "[redacted]")
			})
		}
	}
}

// TestRedactionKeepsEscapedOtherText: decoding is for matching only; text
// around a redacted key keeps its escapes, and escapes of other text stay.
func TestRedactionKeepsEscapedOtherText(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		reply(w, http.StatusBadRequest, "text/html", []byte(`<p>path \/v3\/videos%252F &amp; key `+
			hex.EncodeToString([]byte(slashKey))+` (request 9f86d081884c7d65)</p>`))
	})
	c, err := heygen.NewClient(heygen.WithBaseURL(f.URL), heygen.WithAPIKey(slashKey), heygen.WithRetryPolicy(heygen.RetryPolicy{}))
	require.NoError(t, err)
	_, err = c.GetVideo(t.Context(), "vid_1")
	var ae *heygen.APIError
	require.ErrorAs(t, err, &ae)
	assert.Contains(t, ae.Body, `path \/v3\/videos%252F &amp; key [redacted] (request 9f86d081884c7d65)`)
}
