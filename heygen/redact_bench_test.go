package heygen

import (
	"strings"
	"testing"
)

// redactBenchBody is a typical upstream error page: about 4 KB of HTML and
// JSON-ish text, with hex request ids, percent-escapes and backslashes.
var redactBenchBody = strings.Repeat(`<p class="err">Request 9f86d081884c7d65 to /v3/videos%2Fvid_1 failed: {\"code\":\"bad_request\",\"path\":\"\/v3\/videos\"} &amp; retry</p>`+"\n", 32)

// BenchmarkRedact measures the redaction every upstream error goes through:
// a 4 KB body without the key, and the same body with the key echoed once.
func BenchmarkRedact(b *testing.B) {
	const key = "hgk_Bench/Key+With=Odd7f3a9c&x~Z?q"
	r := newRedactor(key, "eyJhbGciOi.Tok+en/With=Odd&Chars_0042")
	for _, c := range []struct{ name, text string }{
		{"clean 4KB", redactBenchBody},
		{"key echoed 4KB", redactBenchBody[:2048] + key + redactBenchBody[2048:]},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.text)))
			b.ReportAllocs()
			for b.Loop() {
				_ = r.redact(c.text)
			}
		})
	}
	b.Run("build", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = newRedactor(key)
		}
	})
}
