package heygen

import "strings"

// The one rule for a HeyGen id (session, video, resource, asset) everywhere in
// this server: the tools' input schemas (tools: TestIDPatternIsHeyGens), the
// client's path parameters, the heygen:// resource URIs and the sandbox's
// files. Inferred: HeyGen does not document its id alphabet; the ids it returns
// are letters, digits, '_' and '-' (sess_..., uuid-like), and '.', ':' and '='
// are allowed for safety margin. Dot segments are refused so an id can never
// change a URL path.
const (
	IDPattern   = `^[A-Za-z0-9_.:=-]+$`
	MaxIDLength = 128
)

// idByte is IDPattern's character class, checked without the regexp on the
// hot path (every id of every call); TestIDByteIsIDPattern checks them against the pattern.
func idByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' ||
		b == '_' || b == '.' || b == ':' || b == '=' || b == '-'
}

// ValidID reports whether id follows the one id rule.
func ValidID(id string) bool {
	if id == "" || len(id) > MaxIDLength || id == "." || strings.Contains(id, "..") {
		return false
	}
	for i := 0; i < len(id); i++ {
		if !idByte(id[i]) {
			return false
		}
	}
	return true
}

// IDRule says the rule in words, for error messages.
const IDRule = "1-128 letters, digits, '_', '-', '.', ':' or '=' (no \"..\")"
