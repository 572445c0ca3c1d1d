package creds

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

type sessionKey struct{}

// TestPoolKeylessCredential: a request's own credential comes first, then
// WithKeyless's, then the default key when WithKeyless declines.
func TestPoolKeylessCredential(t *testing.T) {
	p := NewCredentialPool("server-key", func(c Credential) (*heygen.Client, error) {
		return heygen.NewClient(c.Option())
	}, WithKeyless(func(ctx context.Context) (Credential, bool, error) {
		id, ok := ctx.Value(sessionKey{}).(string)
		if !ok {
			return Credential{}, false, nil
		}
		return APIKeyCredential("per-session-" + id), true, nil
	}))
	tenant := func(ctx context.Context) string {
		_, tn, err := p.Client(ctx)
		require.NoError(t, err)
		return tn
	}
	ctx := context.Background()
	a := context.WithValue(ctx, sessionKey{}, "a")
	b := context.WithValue(ctx, sessionKey{}, "b")

	assert.Equal(t, Tenant("per-session-a"), tenant(a))
	assert.NotEqual(t, tenant(a), tenant(b), "each session its own tenant")
	assert.Equal(t, Tenant("server-key"), tenant(ctx), "no session: the default key")
	assert.Equal(t, Tenant("own"), tenant(WithAPIKey(a, "own")), "the request's own key first")
}
