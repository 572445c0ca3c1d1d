// Package creds carries the caller's HeyGen credential (an API key or an OAuth
// access token) through a request context and hands out one heygen.Client per
// credential. Everything the server caches or watches per user is keyed by the
// tenant, a hash of the credential's kind and value, so the secret itself is
// never a map key, a log field or part of an error.
package creds

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// ErrNoAPIKey is returned when neither the request nor the server has a key. Its
// text is what a model shows the user, so it says how to fix it.
var ErrNoAPIKey = errors.New("no HeyGen API key: set the HEYGEN_API_KEY environment variable in your MCP client's config " +
	"(get a key at https://app.heygen.com/settings?nav=API), or start the server with --sandbox to try it without one; " +
	"over HTTP, send the key in an X-Api-Key header (or an OAuth access token in X-HeyGen-Access-Token)")

// KeyRequiredError is ErrNoAPIKey (errors.Is) with a reason and fix of its
// own, for a server that has a key but will not use it for this request.
type KeyRequiredError struct{ Msg string }

func (e *KeyRequiredError) Error() string        { return e.Msg }
func (e *KeyRequiredError) Is(target error) bool { return target == ErrNoAPIKey }

// ErrAccessTokenNotSupported is returned by a Pool made with NewPool (API keys
// only) for a request that carries an access token.
var ErrAccessTokenNotSupported = errors.New("this server takes HeyGen API keys only, not OAuth access tokens: " +
	"send an API key in the X-Api-Key header")

// Kind is what a credential is; HeyGen sends each kind in its own header.
type Kind uint8

const (
	// KindAPIKey is a HeyGen API key (sent to HeyGen as X-Api-Key).
	KindAPIKey Kind = iota + 1
	// KindAccessToken is a HeyGen OAuth access token (sent to HeyGen as
	// "Authorization: Bearer").
	KindAccessToken
)

func (k Kind) String() string {
	switch k {
	case KindAPIKey:
		return "api_key"
	case KindAccessToken:
		return "access_token"
	}
	return "unknown"
}

// Credential is one HeyGen credential. Its String, GoString and LogValue never
// show Value, so printing or logging one by mistake leaks nothing.
type Credential struct {
	Kind  Kind
	Value string
}

// APIKeyCredential is a HeyGen API key.
func APIKeyCredential(key string) Credential { return Credential{Kind: KindAPIKey, Value: key} }

// AccessTokenCredential is a HeyGen OAuth access token.
func AccessTokenCredential(token string) Credential {
	return Credential{Kind: KindAccessToken, Value: token}
}

// IsZero reports a missing credential.
func (c Credential) IsZero() bool { return c.Value == "" }

// String names the kind only: "api_key:[redacted]".
func (c Credential) String() string { return c.Kind.String() + ":[redacted]" }

// GoString keeps %#v from printing Value.
func (c Credential) GoString() string { return "creds.Credential{" + c.String() + "}" }

// Format keeps every fmt verb (%v, %+v, %s, %q, %x, ...) from printing Value.
func (c Credential) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue keeps slog from printing Value.
func (c Credential) LogValue() slog.Value { return slog.StringValue(c.String()) }

// Tenant is the credential's stable, non-reversible name. An API key's is
// Tenant(key); an access token's is hashed under another label, so a token
// and a key never share a tenant, even with the same text.
func (c Credential) Tenant() string {
	if c.Kind == KindAccessToken {
		return hashTenant("heygen-mcp tenant access_token\x00" + c.Value)
	}
	return Tenant(c.Value)
}

// Option is the heygen client option that sends this credential.
func (c Credential) Option() heygen.Option {
	if c.Kind == KindAccessToken {
		return heygen.WithAccessToken(c.Value)
	}
	return heygen.WithAPIKey(c.Value)
}

type credCtx struct{}

// WithCredential returns ctx carrying c (a zero credential leaves ctx unchanged).
func WithCredential(ctx context.Context, c Credential) context.Context {
	if c.IsZero() || (c.Kind != KindAPIKey && c.Kind != KindAccessToken) {
		return ctx
	}
	return context.WithValue(ctx, credCtx{}, c)
}

// CredentialFrom returns the credential carried by ctx.
func CredentialFrom(ctx context.Context) (Credential, bool) {
	c, ok := ctx.Value(credCtx{}).(Credential)
	return c, ok && !c.IsZero()
}

// WithAPIKey returns ctx carrying key (an empty key leaves ctx unchanged).
func WithAPIKey(ctx context.Context, key string) context.Context {
	return WithCredential(ctx, APIKeyCredential(key))
}

// WithAccessToken returns ctx carrying an OAuth access token (empty: unchanged).
func WithAccessToken(ctx context.Context, token string) context.Context {
	return WithCredential(ctx, AccessTokenCredential(token))
}

// APIKey returns the API key carried by ctx (not an access token).
func APIKey(ctx context.Context) (string, bool) {
	c, ok := CredentialFrom(ctx)
	if !ok || c.Kind != KindAPIKey {
		return "", false
	}
	return c.Value, true
}

// Tenant is a stable, non-reversible name for an API key: the first 16 bytes
// of its SHA-256, hex encoded. Credential.Tenant covers access tokens.
func Tenant(key string) string {
	return hashTenant("heygen-mcp tenant\x00" + key)
}

// hashTenant: the labels differ in their 18th byte ("\x00" vs " "), so an API
// key's input can never equal an access token's.
func hashTenant(labelled string) string {
	sum := sha256.Sum256([]byte(labelled))
	return hex.EncodeToString(sum[:16])
}

// NewClientFunc builds a client for one API key.
type NewClientFunc func(apiKey string) (*heygen.Client, error)

// NewCredentialClientFunc builds a client for one credential of either kind
// (use Credential.Option for the heygen option).
type NewCredentialClientFunc func(Credential) (*heygen.Client, error)

// DefaultPoolSize bounds how many per-key clients a Pool keeps. Over HTTP every
// request may bring its own key, so without a bound a stream of made-up keys
// would grow the pool forever; the least recently used client is dropped.
const DefaultPoolSize = 1024

// Pool resolves the client for a request: the request's own credential first,
// the server's default key second. It builds one client per credential (kind
// and value: a token and a key are different tenants), reuses it, and keeps at
// most DefaultPoolSize of them.
type Pool struct {
	defaultKey string
	newClient  NewCredentialClientFunc
	size       int
	keyless    func(context.Context) (Credential, bool, error) // nil: the default key

	mu      sync.Mutex
	clients map[string]*list.Element // by Tenant; values are *pooled
	lru     *list.List               // front = most recently used
}

type pooled struct {
	tenant string
	client *heygen.Client
}

// NewCredentialPool returns a pool for API keys and access tokens; defaultKey
// (an API key) may be empty.
func NewCredentialPool(defaultKey string, newClient NewCredentialClientFunc, opts ...PoolOption) *Pool {
	p := &Pool{defaultKey: defaultKey, newClient: newClient, size: DefaultPoolSize,
		clients: map[string]*list.Element{}, lru: list.New()}
	for _, o := range opts {
		o(p)
	}
	return p
}

// A PoolOption configures a Pool.
type PoolOption func(*Pool)

// WithKeyless sets the credential of a request that brings none of its own,
// before the default key: f returns it, or false to fall back to the default
// key, or an error to refuse the request. The sandbox over HTTP uses it to
// give each keyless MCP session a simulated tenant of its own, instead of one
// tenant shared by every caller.
func WithKeyless(f func(ctx context.Context) (Credential, bool, error)) PoolOption {
	return func(p *Pool) { p.keyless = f }
}

// NewPool is NewCredentialPool for API keys only: a request carrying an access
// token gets ErrAccessTokenNotSupported.
func NewPool(defaultKey string, newClient NewClientFunc) *Pool {
	return NewCredentialPool(defaultKey, newClient.apiKeysOnly)
}

// apiKeysOnly builds f's client for an API key and refuses an access token.
func (f NewClientFunc) apiKeysOnly(c Credential) (*heygen.Client, error) {
	if c.Kind != KindAPIKey {
		return nil, ErrAccessTokenNotSupported
	}
	return f(c.Value)
}

// HasDefaultKey reports whether the server has its own key.
func (p *Pool) HasDefaultKey() bool { return p.defaultKey != "" }

// Len reports how many clients the pool holds.
func (p *Pool) Len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lru.Len()
}

// Client returns the client for ctx and the caller's tenant, or ErrNoAPIKey.
func (p *Pool) Client(ctx context.Context) (*heygen.Client, string, error) {
	cred, ok := CredentialFrom(ctx)
	if !ok && p.keyless != nil {
		var err error
		if cred, ok, err = p.keyless(ctx); err != nil {
			return nil, "", err
		}
	}
	if !ok {
		cred = APIKeyCredential(p.defaultKey)
	}
	if cred.IsZero() {
		return nil, "", ErrNoAPIKey
	}
	tenant := cred.Tenant()
	p.mu.Lock()
	defer p.mu.Unlock()
	if el, ok := p.clients[tenant]; ok {
		p.lru.MoveToFront(el)
		return el.Value.(*pooled).client, tenant, nil
	}
	c, err := p.newClient(cred)
	if err != nil {
		return nil, "", err
	}
	p.clients[tenant] = p.lru.PushFront(&pooled{tenant: tenant, client: c})
	for p.lru.Len() > p.size {
		oldest := p.lru.Back()
		p.lru.Remove(oldest)
		delete(p.clients, oldest.Value.(*pooled).tenant)
	}
	return c, tenant, nil
}
