package sandbox

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
)

// SessionKeyPrefix starts every key SessionKey makes.
const SessionKeyPrefix = "sandbox-session-"

// newSessionSecret keys SessionKey: random per sandbox, so a session's
// simulated tenant cannot be named from outside the process, and a key
// from an earlier run names nothing.
func newSessionSecret() []byte {
	return []byte(rand.Text())
}

// SessionKey is the simulator key of a caller that brings no key of its own
// in the MCP session sessionID. The simulator keeps one tenant per key, so
// each such session sees only its own videos, however many callers share
// the server. The key is a MAC of the id, never the id itself, so it shows
// nothing of the session id.
func (s *Sandbox) SessionKey(sessionID string) string {
	m := hmac.New(sha256.New, s.sessionSecret)
	m.Write([]byte("heygen-mcp sandbox session\x00" + sessionID))
	return SessionKeyPrefix + hex.EncodeToString(m.Sum(nil)[:16])
}
