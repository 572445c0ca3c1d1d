package sandbox

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSessionKey: one key per session id, stable within a sandbox, new in
// another run, and showing nothing of the session id.
func TestSessionKey(t *testing.T) {
	sb, err := New(Options{PublicBaseURL: "http://127.0.0.1:1"})
	require.NoError(t, err)
	defer func() { _ = sb.Close() }()
	other, err := New(Options{PublicBaseURL: "http://127.0.0.1:1"})
	require.NoError(t, err)
	defer func() { _ = other.Close() }()

	const id = "mcp-session-ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	k := sb.SessionKey(id)
	assert.Equal(t, k, sb.SessionKey(id), "stable for a session")
	assert.True(t, strings.HasPrefix(k, SessionKeyPrefix), k)
	assert.NotEqual(t, k, sb.SessionKey(id+"2"), "one per session")
	assert.NotEqual(t, k, other.SessionKey(id), "another run, another key")
	assert.NotContains(t, k, "ABCDEFGH", "the key shows nothing of the id")
}
