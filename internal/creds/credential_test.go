package creds

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

const secretToken = "hgat_POOLSECRET_5e1b"

// TestPoolKeysClientsByKindAndValue: the same text as a key and as a token are
// two tenants with two clients; each is reused; the default key serves only
// requests without a credential.
func TestPoolKeysClientsByKindAndValue(t *testing.T) {
	var built []Credential
	p := NewCredentialPool("server-key", func(c Credential) (*heygen.Client, error) {
		built = append(built, c)
		return heygen.NewClient(c.Option())
	})
	ctx := context.Background()
	const same = "same-text"

	ck, tk, err := p.Client(WithAPIKey(ctx, same))
	require.NoError(t, err)
	ct, tt, err := p.Client(WithAccessToken(ctx, same))
	require.NoError(t, err)
	assert.NotSame(t, ck, ct)
	assert.NotEqual(t, tk, tt, "a token and a key are different tenants")
	assert.Equal(t, Tenant(same), tk, "an API key's tenant is unchanged")
	assert.Equal(t, AccessTokenCredential(same).Tenant(), tt)

	again, _, err := p.Client(WithAccessToken(ctx, same))
	require.NoError(t, err)
	assert.Same(t, ct, again)
	_, def, err := p.Client(ctx)
	require.NoError(t, err)
	assert.Equal(t, Tenant("server-key"), def)
	require.Len(t, built, 3)
	assert.Equal(t, []Kind{KindAPIKey, KindAccessToken, KindAPIKey}, []Kind{built[0].Kind, built[1].Kind, built[2].Kind})
}

// TestCredentialOptionSendsTheRightHeader: Option gives a client that sends a
// token as Bearer and a key as X-Api-Key.
func TestCredentialOptionSendsTheRightHeader(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		_, _ = w.Write([]byte(`{"data":{"username":"u"}}`))
	}))
	defer srv.Close()
	for _, c := range []Credential{APIKeyCredential("k1"), AccessTokenCredential(secretToken)} {
		cl, err := heygen.NewClient(heygen.WithBaseURL(srv.URL), c.Option())
		require.NoError(t, err)
		_, err = cl.GetCurrentUser(context.Background())
		require.NoError(t, err)
		if c.Kind == KindAPIKey {
			assert.Equal(t, "k1", got.Get("X-Api-Key"))
			assert.Empty(t, got.Get("Authorization"))
		} else {
			assert.Equal(t, "Bearer "+secretToken, got.Get("Authorization"))
			assert.Empty(t, got.Get("X-Api-Key"))
		}
	}
}

// TestKeyOnlyPoolRefusesTokens: NewPool (API keys only) never turns a token
// into a key.
func TestKeyOnlyPoolRefusesTokens(t *testing.T) {
	p, built := countingPool("server-key")
	_, _, err := p.Client(WithAccessToken(context.Background(), secretToken))
	require.ErrorIs(t, err, ErrAccessTokenNotSupported)
	assert.NotContains(t, err.Error(), secretToken)
	assert.Equal(t, 0, *built)
}

// TestCredentialNeverPrintsItsValue: fmt verbs and slog show the kind only.
func TestCredentialNeverPrintsItsValue(t *testing.T) {
	c := AccessTokenCredential(secretToken)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		out := fmt.Sprintf(verb, c)
		assert.NotContains(t, out, secretToken, verb)
		assert.NotContains(t, out, fmt.Sprintf("%x", secretToken), verb)
	}
	assert.Equal(t, "access_token:[redacted]", c.String())
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "cred", c)
	assert.NotContains(t, buf.String(), secretToken)
	assert.Contains(t, buf.String(), "access_token")

	_, ok := APIKey(WithAccessToken(context.Background(), secretToken))
	assert.False(t, ok, "a token is not an API key")
	got, ok := CredentialFrom(WithAccessToken(context.Background(), secretToken))
	require.True(t, ok)
	assert.Equal(t, KindAccessToken, got.Kind)
	_, ok = CredentialFrom(WithCredential(context.Background(), Credential{Value: "no kind"}))
	assert.False(t, ok, "a credential without a kind is ignored")
}
