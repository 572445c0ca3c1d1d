package heygen

import (
	"encoding/base64"
	"encoding/hex"
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
//   - URL encoding of any kind (query or path escaping, every byte escaped),
//     also encoded twice or more (%252F), JSON string escapes (\/, \u002F,
//     also escaped again inside an embedded document) and HTML character
//     references (&amp;, &#x2F;): matching sees the text with these decoded;
//   - hex, upper- or lower-case;
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
	// seen has the bit filterBit(w) set for every w in windows: text without
	// a secret, the usual case, costs one bit test per byte, not a search.
	seen *[filterWords]uint64
}

// filterWords sizes redactor.seen: 2^16 bits (8 KB) keep false hits rare
// for the few thousand windows of a key and a token.
const filterWords = 1 << 10

func filterBit(w uint64) uint64 { return (w * 0x9E3779B97F4A7C15) >> 48 }

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
	r.seen = new([filterWords]uint64)
	for _, w := range r.windows {
		b := filterBit(w)
		r.seen[b>>6] |= 1 << (b & 63)
	}
	return r
}

// secretForms are the texts that stand for s: s itself (its case and its
// URL, JSON and HTML escapes are handled by matching), and its base64 and hex
// encodings, of s as given and upper- or lower-cased (a proxy may change the
// case before encoding). Hex is matched lower-cased, so one form covers
// upper- and lower-case digits.
func secretForms(s string) []string {
	forms := []string{s}
	for _, v := range []string{s, strings.ToUpper(s), strings.ToLower(s)} {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
			for shift := range 3 {
				forms = append(forms, base64Core(enc, v, shift))
			}
		}
		forms = append(forms, hex.EncodeToString([]byte(v)))
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
	if len(r.short) == 0 && !r.anyWindow(s) {
		return s // the usual case, without building the view
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
			if b := filterBit(w); r.seen[b>>6]&(1<<(b&63)) == 0 {
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

// matchView is s as matching sees it: escapes decoded (see unescape),
// ASCII lower-cased, and only printable ASCII kept (a secret is printable
// ASCII: see credentialChars). view[i] came from s[from[i]:to[i]]. A match's
// first and last bytes are ASCII, so replacing s[from[first]:to[last]] keeps
// s valid UTF-8.
func matchView(s string) (view []byte, from, to []int) {
	view = make([]byte, 0, len(s))
	from = make([]int, 0, len(s))
	to = make([]int, 0, len(s))
	for i := 0; i < len(s); {
		c, n := viewByte(s, i)
		if c >= 0x20 && c < 0x7f {
			view = append(view, lowerByte(c))
			from = append(from, i)
			to = append(to, i+n)
		}
		i += n
	}
	return view, from, to
}

// anyWindow reports whether the view of s (see matchView) has a piece of a
// secret, without allocating.
func (r *redactor) anyWindow(s string) bool {
	var w uint64
	k := 0
	for i := 0; i < len(s); {
		c, n := viewByte(s, i)
		i += n
		if c < 0x20 || c >= 0x7f {
			continue
		}
		w = w<<8 | uint64(lowerByte(c))
		if k++; k < minSecretRun {
			continue
		}
		if b := filterBit(w); r.seen[b>>6]&(1<<(b&63)) == 0 {
			continue
		}
		if _, ok := slices.BinarySearch(r.windows, w); ok {
			return true
		}
	}
	return false
}

// viewByte decodes the byte of the view at s[i:]: s[i] itself, or the
// character an escape there stands for, and the escape's length.
func viewByte(s string, i int) (byte, int) {
	c, n := s[i], 1
	if c != '%' && c != '\\' && c != '&' {
		return c, n
	}
	// What an escape decodes to may start another escape: %252F is %2F
	// encoded again, \\\/ is \/ escaped inside a JSON string.
	for {
		d, m, ok := unescape(c, s[i+n:])
		if !ok {
			return c, n
		}
		c, n = d, n+m
	}
}

// unescape decodes the escape that starts with lead and goes on with rest:
// a percent-escape (%2F), a JSON string escape of an ASCII character (\/,
// \", \\, \u002F) or an HTML character reference (&amp;, &#47;, &#x2F;).
// It returns the character and how many bytes of rest the escape took.
func unescape(lead byte, rest string) (byte, int, bool) {
	switch lead {
	case '%':
		if len(rest) >= 2 && isHex(rest[0]) && isHex(rest[1]) {
			return unhex(rest[0])<<4 | unhex(rest[1]), 2, true
		}
	case '\\':
		switch {
		case rest == "":
		case rest[0] == '/' || rest[0] == '"' || rest[0] == '\\':
			return rest[0], 1, true
		case len(rest) >= 5 && rest[0] == 'u' && rest[1] == '0' && rest[2] == '0' && isHex(rest[3]) && isHex(rest[4]):
			if c := unhex(rest[3])<<4 | unhex(rest[4]); c < 0x80 {
				return c, 5, true
			}
		}
	case '&':
		return htmlReference(rest)
	}
	return 0, 0, false
}

// htmlReference decodes the rest of an HTML character reference that stands
// for a printable ASCII character: a named one an escaper writes, or a
// decimal or hex one, with its closing semicolon.
func htmlReference(rest string) (byte, int, bool) {
	end := strings.IndexByte(rest[:min(len(rest), 8)], ';')
	if end < 1 {
		return 0, 0, false
	}
	name := rest[:end]
	switch name {
	case "amp":
		return '&', end + 1, true
	case "lt":
		return '<', end + 1, true
	case "gt":
		return '>', end + 1, true
	case "quot":
		return '"', end + 1, true
	case "apos":
		return '\'', end + 1, true
	}
	if name[0] != '#' || len(name) < 2 {
		return 0, 0, false
	}
	digits, base := name[1:], 10
	if digits[0] == 'x' || digits[0] == 'X' {
		digits, base = digits[1:], 16
	}
	if digits == "" {
		return 0, 0, false
	}
	v := 0
	for i := range len(digits) {
		c := digits[i]
		switch {
		case '0' <= c && c <= '9':
			v = v*base + int(c-'0')
		case base == 16 && isHex(c):
			v = v*base + int(unhex(c))
		default:
			return 0, 0, false
		}
	}
	if v < 0x20 || v >= 0x7f {
		return 0, 0, false
	}
	return byte(v), end + 1, true
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
