package heygen

import (
	"encoding/base64"
	"slices"
	"strings"
)

// minSecretRun is the shortest piece of a secret that is redacted. An
// upstream may echo the key cut short; 8 characters of a random key are
// enough to narrow a guess and too many (about 40 bits) to occur elsewhere by
// chance, so any 8 consecutive characters of a secret count as the secret.
const minSecretRun = 8

// redacted replaces every run of text that carries a secret.
const redacted = "[redacted]"

// A redactor removes secrets (the API key, the access token) from text an
// upstream, a proxy or a dialer produced, in the shapes an echo takes:
//   - any case (upper-cased, lower-cased): matching ignores ASCII case;
//   - URL encoding of any kind (query or path escaping, every byte escaped):
//     matching sees the text percent-decoded;
//   - base64, standard and URL-safe, padded or not, at any offset of a longer
//     encoded text: the characters that depend on the secret alone are forms
//     of it;
//   - cut short: any minSecretRun consecutive characters of a form;
//   - interleaved with control or non-ASCII characters, which excerpt would
//     drop and so reassemble the key: matching skips them.
//
// The whole run that carries a match, from its first to its last byte in the
// original text, becomes "[redacted]".
type redactor struct {
	windows []uint64 // every minSecretRun-byte piece of every form, ASCII-lowercased, packed, sorted
	short   []string // forms shorter than minSecretRun, lowercased: matched whole
}

func newRedactor(secrets ...string) *redactor {
	r := &redactor{}
	for _, s := range secrets {
		if s == "" {
			continue
		}
		for _, f := range secretForms(s) {
			f = asciiLower(f)
			if len(f) < minSecretRun {
				if f != "" && !slices.Contains(r.short, f) {
					r.short = append(r.short, f)
				}
				continue
			}
			for i := 0; i+minSecretRun <= len(f); i++ {
				r.windows = append(r.windows, pack(f[i:i+minSecretRun]))
			}
		}
	}
	slices.Sort(r.windows)
	r.windows = slices.Compact(r.windows)
	return r
}

// secretForms are the texts that stand for s: s itself (its case and URL
// encodings are handled by matching) and its base64 encodings, of s as given
// and upper- or lower-cased (a proxy may change the case before encoding).
func secretForms(s string) []string {
	forms := []string{s}
	for _, v := range []string{s, strings.ToUpper(s), strings.ToLower(s)} {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
			for shift := range 3 {
				forms = append(forms, base64Core(enc, v, shift))
			}
		}
	}
	return forms
}

// base64Core is the part of the base64 encoding of s, preceded by shift other
// bytes, that depends on s alone: an echo of s inside a longer encoded text
// (a header line, a JSON document) contains it whatever came before s.
func base64Core(enc *base64.Encoding, s string, shift int) string {
	e := enc.EncodeToString(append(make([]byte, shift), s...))
	from := (8*shift + 5) / 6      // the first character with no bit of the prefix
	to := 8 * (shift + len(s)) / 6 // after the last character made only of bits of s
	return e[from:max(from, to)]
}

// redact returns s with every secret-bearing run replaced by "[redacted]".
func (r *redactor) redact(s string) string {
	if r == nil || (len(r.windows) == 0 && len(r.short) == 0) || s == "" {
		return s
	}
	view, from, to := matchView(s)
	var mark []bool              // over s's bytes
	markView := func(i, j int) { // view[i:j] matched
		if mark == nil {
			mark = make([]bool, len(s))
		}
		for k := from[i]; k < to[j-1]; k++ {
			mark[k] = true
		}
	}
	if len(r.windows) > 0 {
		var w uint64
		for i := range len(view) {
			w = w<<8 | uint64(view[i])
			if i+1 < minSecretRun {
				continue
			}
			if _, ok := slices.BinarySearch(r.windows, w); ok {
				markView(i+1-minSecretRun, i+1)
			}
		}
	}
	for _, f := range r.short {
		for off := 0; ; {
			k := strings.Index(string(view[off:]), f)
			if k < 0 {
				break
			}
			markView(off+k, off+k+len(f))
			off += k + 1
		}
	}
	if mark == nil {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if !mark[i] {
			b.WriteByte(s[i])
			i++
			continue
		}
		b.WriteString(redacted)
		for i < len(s) && mark[i] {
			i++
		}
	}
	return b.String()
}

// matchView is s as matching sees it: percent-escapes decoded, ASCII
// lower-cased, and only printable ASCII kept (a secret is printable ASCII:
// see credentialChars). view[i] came from s[from[i]:to[i]]. A match's first
// and last bytes are ASCII, so replacing s[from[first]:to[last]] keeps s
// valid UTF-8.
func matchView(s string) (view []byte, from, to []int) {
	view = make([]byte, 0, len(s))
	from = make([]int, 0, len(s))
	to = make([]int, 0, len(s))
	for i := 0; i < len(s); {
		c, n := s[i], 1
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			c, n = unhex(s[i+1])<<4|unhex(s[i+2]), 3
		}
		if c >= 0x20 && c < 0x7f {
			view = append(view, lowerByte(c))
			from = append(from, i)
			to = append(to, i+n)
		}
		i += n
	}
	return view, from, to
}

func pack(s string) uint64 {
	var w uint64
	for i := range minSecretRun {
		w = w<<8 | uint64(s[i])
	}
	return w
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lowerByte(c)
	}
	return string(b)
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
