// Package creds carries the caller's HeyGen API key through a request context and
// hands out one heygen.Client per key. Everything the server caches or watches per
// user is keyed by Tenant, a hash of the key, so the key itself is never a map key,
// a log field or part of an error.
package creds

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sync"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// ErrNoAPIKey is returned when neither the request nor the server has a key. Its
// text is what a model shows the user, so it says how to fix it.
var ErrNoAPIKey = errors.New("no HeyGen API key: set the HEYGEN_API_KEY environment variable in your MCP client's config " +
	"(get a key at https://app.heygen.com/settings?nav=API), or start the server with --sandbox to try it without one; " +
	"over HTTP, send the key in an X-Api-Key header")

type keyCtx struct{}

// WithAPIKey returns ctx carrying key (an empty key leaves ctx unchanged).
func WithAPIKey(ctx context.Context, key string) context.Context {
	if key == "" {
		return ctx
	}
	return context.WithValue(ctx, keyCtx{}, key)
}

// APIKey returns the key carried by ctx.
func APIKey(ctx context.Context) (string, bool) {
	k, ok := ctx.Value(keyCtx{}).(string)
	return k, ok && k != ""
}

// Tenant is a stable, non-reversible name for a key: the first 16 bytes of its
// SHA-256, hex encoded.
func Tenant(key string) string {
	sum := sha256.Sum256([]byte("heygen-mcp tenant\x00" + key))
	return hex.EncodeToString(sum[:16])
}

// NewClientFunc builds a client for one key.
type NewClientFunc func(apiKey string) (*heygen.Client, error)

// DefaultPoolSize bounds how many per-key clients a Pool keeps. Over HTTP every
// request may bring its own key, so without a bound a stream of made-up keys
// would grow the pool forever; the least recently used client is dropped.
const DefaultPoolSize = 1024

// Pool resolves the client for a request: the request's own key first, the
// server's default key second. It builds one client per key, reuses it, and
// keeps at most DefaultPoolSize of them.
type Pool struct {
	defaultKey string
	newClient  NewClientFunc
	size       int

	mu      sync.Mutex
	clients map[string]*list.Element // by Tenant; values are *pooled
	lru     *list.List               // front = most recently used
}

type pooled struct {
	tenant string
	client *heygen.Client
}

// NewPool returns a pool; defaultKey may be empty.
func NewPool(defaultKey string, newClient NewClientFunc) *Pool {
	return &Pool{defaultKey: defaultKey, newClient: newClient, size: DefaultPoolSize,
		clients: map[string]*list.Element{}, lru: list.New()}
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
	key, ok := APIKey(ctx)
	if !ok {
		key = p.defaultKey
	}
	if key == "" {
		return nil, "", ErrNoAPIKey
	}
	tenant := Tenant(key)
	p.mu.Lock()
	defer p.mu.Unlock()
	if el, ok := p.clients[tenant]; ok {
		p.lru.MoveToFront(el)
		return el.Value.(*pooled).client, tenant, nil
	}
	c, err := p.newClient(key)
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
