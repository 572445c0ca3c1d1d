// Package cluster is the shared state of several heygen-mcp replicas, kept in
// Redis (--redis-url): a lease per watched HeyGen resource so that one replica
// polls it, a pub/sub channel that carries watcher updates, webhook hints and
// session-list changes to every replica, and a bounded event store for
// resumable streams. Without --redis-url none of this runs: the server keeps
// everything in memory, as a single process should.
package cluster

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// DefaultPrefix starts every key and channel name, so one Redis can serve
// other applications too.
const DefaultPrefix = "heygen-mcp:"

// connectTimeout bounds the start-up check: a Redis that is set but does not
// answer must stop the server with a clear message, not hang it.
const connectTimeout = 5 * time.Second

// Redis is a connection to the shared Redis with this replica's identity.
type Redis struct {
	rdb    *redis.Client
	id     string // this process: lease token and message origin
	prefix string
	log    *slog.Logger

	mu   sync.Mutex
	subs []*redis.PubSub
}

// ParseURL checks a redis:// or rediss:// URL. Its error never repeats the
// URL, which may carry a password.
func ParseURL(raw string) (*redis.Options, error) {
	if !strings.HasPrefix(raw, "redis://") && !strings.HasPrefix(raw, "rediss://") {
		return nil, errors.New("must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0")
	}
	o, err := redis.ParseURL(raw)
	if err != nil {
		return nil, errors.New("is not a valid Redis URL (form: redis://[user:password@]host:port[/db])")
	}
	return o, nil
}

// Connect opens the client and pings Redis once, so an unreachable Redis is
// reported at start-up. Errors name the host, never the password.
func Connect(ctx context.Context, rawURL string, log *slog.Logger) (*Redis, error) {
	o, err := ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("--redis-url / HEYGEN_MCP_REDIS_URL %w", err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	rdb := redis.NewClient(o)
	pctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	if err := rdb.Ping(pctx).Err(); err != nil {
		_ = rdb.Close()
		return nil, fmt.Errorf("--redis-url / HEYGEN_MCP_REDIS_URL: Redis at %s does not answer (%s): start it, "+
			"fix the URL, or unset the setting to run this replica on its own", o.Addr, redactErr(err, o.Password))
	}
	return &Redis{rdb: rdb, id: rand.Text(), prefix: DefaultPrefix, log: log}, nil
}

// redactErr is err's text without the password (a driver may quote the URL).
func redactErr(err error, password string) string {
	s := err.Error()
	if password != "" {
		s = strings.ReplaceAll(s, password, "[redacted]")
	}
	return s
}

// newWithClient wraps an existing client (tests with miniredis).
func newWithClient(rdb *redis.Client, prefix string) *Redis {
	return &Redis{rdb: rdb, id: rand.Text(), prefix: prefix, log: slog.New(slog.DiscardHandler)}
}

// ID is this replica's random identity (lease token, message origin).
func (r *Redis) ID() string { return r.id }

// Close ends the subscriptions and the connection pool.
func (r *Redis) Close() error {
	r.mu.Lock()
	subs := r.subs
	r.subs = nil
	r.mu.Unlock()
	for _, ps := range subs {
		_ = ps.Close()
	}
	return r.rdb.Close()
}

// leaseScript takes the lease when it is free, or extends it when this token
// already holds it; another holder's lease is left alone. Returns 1 when held.
var leaseScript = redis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if cur == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not cur then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`)

// releaseScript deletes the lease only if this token holds it.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`)

// TryLease takes or renews the lease on name for ttl; held reports whether
// this replica holds it afterwards. A holder that stops renewing (it died)
// loses it after ttl, and the next replica to ask takes it.
func (r *Redis) TryLease(ctx context.Context, name string, ttl time.Duration) (bool, error) {
	n, err := leaseScript.Run(ctx, r.rdb, []string{r.prefix + "lease:" + name}, r.id, ttl.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("redis lease: %w", err)
	}
	return n == 1, nil
}

// ReleaseLease gives the lease up if this replica holds it, so another
// replica with subscribers takes over at once instead of after the TTL.
func (r *Redis) ReleaseLease(ctx context.Context, name string) error {
	if err := releaseScript.Run(ctx, r.rdb, []string{r.prefix + "lease:" + name}, r.id).Err(); err != nil {
		return fmt.Errorf("redis lease release: %w", err)
	}
	return nil
}

// Publish sends payload to every replica subscribed to topic (this one does
// not receive its own messages).
func (r *Redis) Publish(ctx context.Context, topic string, payload []byte) error {
	msg := make([]byte, 0, len(r.id)+1+len(payload))
	msg = append(append(append(msg, r.id...), '\n'), payload...)
	if err := r.rdb.Publish(ctx, r.prefix+"topic:"+topic, msg).Err(); err != nil {
		return fmt.Errorf("redis publish: %w", err)
	}
	return nil
}

// Subscribe calls fn, on one goroutine in order, with every message other
// replicas publish to topic, from the moment it returns until stop (or
// Close). The driver reconnects after a broken connection; messages sent
// while it was down are lost, which the lease's safety nets cover (a takeover
// fetches at once; a finished holder releases its lease).
func (r *Redis) Subscribe(topic string, fn func(payload []byte)) (stop func(), err error) {
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	ps := r.rdb.Subscribe(ctx, r.prefix+"topic:"+topic)
	if _, err := ps.Receive(ctx); err != nil { // the subscription is confirmed
		_ = ps.Close()
		return nil, fmt.Errorf("redis subscribe: %w", err)
	}
	r.mu.Lock()
	r.subs = append(r.subs, ps)
	r.mu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m := range ps.Channel() {
			origin, payload, ok := strings.Cut(m.Payload, "\n")
			if !ok || origin == r.id {
				continue
			}
			fn([]byte(payload))
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			_ = ps.Close()
			<-done
		})
	}, nil
}
