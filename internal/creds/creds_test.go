package creds

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

func countingPool(defaultKey string) (*Pool, *int) {
	built := 0
	return NewPool(defaultKey, func(key string) (*heygen.Client, error) {
		built++
		return heygen.NewClient(heygen.WithAPIKey(key))
	}), &built
}

func TestPoolPrefersRequestKeyAndReusesClients(t *testing.T) {
	p, built := countingPool("server-key")
	ctx := context.Background()

	_, serverTenant, err := p.Client(ctx)
	require.NoError(t, err)
	assert.Equal(t, Tenant("server-key"), serverTenant)

	userCtx := WithAPIKey(ctx, "user-key")
	c1, userTenant, err := p.Client(userCtx)
	require.NoError(t, err)
	c2, _, err := p.Client(userCtx)
	require.NoError(t, err)
	assert.Equal(t, Tenant("user-key"), userTenant)
	assert.NotEqual(t, serverTenant, userTenant)
	assert.Same(t, c1, c2, "one client per key")
	assert.Equal(t, 2, *built)
}

func TestPoolWithoutAnyKeySaysHowToSetIt(t *testing.T) {
	p, _ := countingPool("")
	_, _, err := p.Client(context.Background())
	require.ErrorIs(t, err, ErrNoAPIKey)
	assert.Contains(t, err.Error(), "HEYGEN_API_KEY")
	assert.False(t, p.HasDefaultKey())
}

func TestPoolEvictsLeastRecentlyUsed(t *testing.T) {
	p, built := countingPool("")
	p.size = 3
	ctx := context.Background()
	get := func(key string) *heygen.Client {
		c, _, err := p.Client(WithAPIKey(ctx, key))
		require.NoError(t, err)
		return c
	}
	a := get("a")
	get("b")
	get("c")
	assert.Same(t, a, get("a"), "touching a makes b the oldest")
	get("d") // evicts b
	assert.Equal(t, 3, p.Len())
	assert.Equal(t, 4, *built)
	get("b") // rebuilt
	assert.Equal(t, 5, *built)
	assert.Same(t, a, get("a"), "a survived: it was used after b")

	for i := range 100 {
		get(fmt.Sprintf("made-up-%d", i))
	}
	assert.Equal(t, 3, p.Len(), "made-up keys cannot grow the pool")
}

func TestPoolClientBuildErrorIsReturned(t *testing.T) {
	boom := errors.New("bad base url")
	p := NewPool("k", func(string) (*heygen.Client, error) { return nil, boom })
	_, _, err := p.Client(context.Background())
	require.ErrorIs(t, err, boom)
	assert.Equal(t, 0, p.Len())
}

func TestTenantIsStableAndHidesTheKey(t *testing.T) {
	assert.Equal(t, Tenant("k1"), Tenant("k1"))
	assert.NotEqual(t, Tenant("k1"), Tenant("k2"))
	assert.NotContains(t, Tenant("secret-key-123"), "secret-key-123")
	assert.Len(t, Tenant("x"), 32)
	_, ok := APIKey(WithAPIKey(context.Background(), ""))
	assert.False(t, ok, "an empty key is no key")
}
