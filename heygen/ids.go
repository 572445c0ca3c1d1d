package heygen

import (
	"regexp"
	"strings"
)

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

var idRE = regexp.MustCompile(IDPattern)

// ValidID reports whether id follows the one id rule.
func ValidID(id string) bool {
	return id != "" && len(id) <= MaxIDLength && idRE.MatchString(id) && id != "." && !strings.Contains(id, "..")
}

// IDRule says the rule in words, for error messages.
const IDRule = "1-128 letters, digits, '_', '-', '.', ':' or '=' (no \"..\")"
