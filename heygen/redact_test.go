package heygen_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// oddKey has characters that URL encodings escape and base64 alphabets differ on.
const oddKey = "hgk_Redact/Me+Now=7f3a9c&x~Z?q"

// echo is one shape in which an upstream may hand the key back.
type echo struct {
	name string
	text string // what the upstream writes
	// shown is the part of text that must not appear, not even 8 characters
	// of it: text itself unless a prefix that is no secret shares it.
	shown string
}

func keyEchoes(key string) []echo {
	swap := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' {
				return r - 32
			} else if r >= 'A' && r <= 'Z' {
				return r + 32
			}
			return r
		}, s)
	}
	var every strings.Builder
	for i := range len(key) {
		fmt.Fprintf(&every, "%%%02X", key[i])
	}
	var ctl strings.Builder
	for i := range len(key) {
		ctl.WriteString(key[i:i+1] + "\x01")
	}
	line := base64.StdEncoding.EncodeToString([]byte("X-Api-Key: " + key))
	skip := (8*len("X-Api-Key: ") + 5) / 6 // the characters that carry bits of the prefix
	es := []echo{
		{name: "exact", text: key},
		{name: "upper-cased", text: strings.ToUpper(key)},
		{name: "lower-cased", text: strings.ToLower(key)},
		{name: "case swapped", text: swap(key)},
		{name: "query escaped", text: url.QueryEscape(key)},
		{name: "path escaped", text: url.PathEscape(key)},
		{name: "every byte escaped", text: every.String()},
		{name: "escaped, lower-case hex", text: strings.ToLower(url.QueryEscape(key))},
		{name: "base64", text: base64.StdEncoding.EncodeToString([]byte(key))},
		{name: "base64 unpadded", text: base64.RawStdEncoding.EncodeToString([]byte(key))},
		{name: "base64url", text: base64.URLEncoding.EncodeToString([]byte(key))},
		{name: "base64url unpadded", text: base64.RawURLEncoding.EncodeToString([]byte(key))},
		{name: "base64 of upper-cased", text: base64.StdEncoding.EncodeToString([]byte(strings.ToUpper(key)))},
		{name: "base64, query escaped", text: url.QueryEscape(base64.StdEncoding.EncodeToString([]byte(key)))},
		{name: "base64 of a header line", text: line, shown: line[skip : len(line)-2]},
		{name: "cut short: head", text: key[:8]},
		{name: "cut short: tail", text: key[len(key)-9:]},
		{name: "cut short: middle", text: key[5:17]},
		{name: "interleaved with control characters", text: ctl.String(), shown: key},
	}
	for i := range es {
		if es[i].shown == "" {
			es[i].shown = es[i].text
		}
	}
	return es
}

// leak returns a piece (8 characters or more) of shown found in text, or "".
func leak(text, shown string) string {
	const n = 8
	if len(shown) < n {
		if strings.Contains(text, shown) {
			return shown
		}
		return ""
	}
	for i := 0; i+n <= len(shown); i++ {
		if strings.Contains(text, shown[i:i+n]) {
			return shown[i : i+n]
		}
	}
	return ""
}

// errorTexts is every text of err a caller can reach.
func errorTexts(err error) []string {
	texts := []string{err.Error(), fmt.Sprintf("%+v %#v", err, err)}
	var ae *heygen.APIError
	if errors.As(err, &ae) {
		texts = append(texts, fmt.Sprintf("%#v", *ae), ae.Message, ae.Body, ae.Code, ae.Param, ae.DocURL, ae.RequestID)
	}
	var re *heygen.ReplyError
	if errors.As(err, &re) {
		texts = append(texts, fmt.Sprintf("%#v", *re))
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		texts = append(texts, e.Error())
	}
	return texts
}

// TestTransformedKeyNeverInErrors: an upstream that echoes the key changed
// in case, URL- or base64-encoded, or cut short gets none of it into an error,
// through any field the client fills from the reply.
func TestTransformedKeyNeverInErrors(t *testing.T) {
	t.Parallel()
	bodies := map[string]func(string) (int, string, string){
		"JSON error": func(s string) (int, string, string) {
			return 401, "application/json", `{"error":{"code":"invalid_api_key","message":"key ` + s + ` is invalid","param":"` + s + `"}}`
		},
		"HTML body": func(s string) (int, string, string) {
			return 502, "text/html", "<html>your key " + s + " was rejected</html>"
		},
		"200 without data": func(s string) (int, string, string) {
			return 200, "application/json", `{"other":"` + s + `"}`
		},
	}
	for _, e := range keyEchoes(oddKey) {
		for bname, body := range bodies {
			t.Run(e.name+"/"+bname, func(t *testing.T) {
				t.Parallel()
				f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
					status, ct, b := body(e.text)
					reply(w, status, ct, []byte(b))
				})
				c, err := heygen.NewClient(heygen.WithBaseURL(f.URL), heygen.WithAPIKey(oddKey),
					heygen.WithRetryPolicy(heygen.RetryPolicy{}))
				require.NoError(t, err)
				_, err = c.GetVideo(t.Context(), "vid_1")
				require.Error(t, err)
				for _, text := range errorTexts(err) {
					for _, s := range []string{e.shown, oddKey} {
						assert.Empty(t, leak(text, s), "a piece of the key (%s) leaked into %q", e.name, text)
					}
				}
				assert.Contains(t, err.Error(), "[redacted]")
			})
		}
	}
}

// TestTransformedTokenNeverInErrors: the OAuth access token gets the same care.
func TestTransformedTokenNeverInErrors(t *testing.T) {
	t.Parallel()
	const token = "eyJhbGciOi.Tok+en/With=Odd&Chars_0042"
	for _, e := range keyEchoes(token) {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				reply(w, 401, "application/json", []byte(`{"error":{"message":"token `+e.text+` expired"}}`))
			})
			c, err := heygen.NewClient(heygen.WithBaseURL(f.URL), heygen.WithAccessToken(token),
				heygen.WithRetryPolicy(heygen.RetryPolicy{}))
			require.NoError(t, err)
			_, err = c.GetVideo(t.Context(), "vid_1")
			require.Error(t, err)
			for _, text := range errorTexts(err) {
				assert.Empty(t, leak(text, e.shown), "a piece of the token (%s) leaked into %q", e.name, text)
			}
		})
	}
}

// TestRedactionKeepsOtherText: what is not the key stays, including text
// around the key and non-ASCII text.
func TestRedactionKeepsOtherText(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		reply(w, 400, "application/json", []byte(`{"error":{"code":"bad_request","message":"clé `+
			strings.ToUpper(oddKey)+` refusée; video vid_1 not ready"}}`))
	})
	c, err := heygen.NewClient(heygen.WithBaseURL(f.URL), heygen.WithAPIKey(oddKey), heygen.WithRetryPolicy(heygen.RetryPolicy{}))
	require.NoError(t, err)
	_, err = c.GetVideo(t.Context(), "vid_1")
	var ae *heygen.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "clé [redacted] refusée; video vid_1 not ready", ae.Message)
	assert.Equal(t, "bad_request", ae.Code)
}
