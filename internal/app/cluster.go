package app

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/heygen-mcp/heygen-mcp/internal/cluster"
	"github.com/heygen-mcp/heygen-mcp/resources"
	"github.com/heygen-mcp/heygen-mcp/transport"
)

// sessionsTopic carries "this tenant created that session" between replicas,
// so resources/list (and its list_changed) shows sessions created through any
// replica.
const sessionsTopic = "sessions"

// Bound of the Redis event store per MCP session: the in-memory one's event count.
const redisMaxSessionEvents = 256

type sessionCreated struct {
	Tenant    string `json:"tenant"` // creds.Tenant: a hash, never the key
	SessionID string `json:"session_id"`
}

// checkRedisConfig: shared state is for replicas of the HTTP server that talk
// to one HeyGen; the sandbox's simulator lives inside each process.
func (c Config) checkRedisConfig() error {
	if c.RedisURL == "" {
		return nil
	}
	if _, err := cluster.ParseURL(c.RedisURL); err != nil {
		return errors.New("--redis-url / HEYGEN_MCP_REDIS_URL " + err.Error())
	}
	if c.Transport != "http" {
		return errors.New("--redis-url / HEYGEN_MCP_REDIS_URL is for replicas of --transport http: remove it, or add --transport http")
	}
	if c.Sandbox {
		return errors.New("--redis-url / HEYGEN_MCP_REDIS_URL cannot be used with --sandbox: each process has its own simulator, " +
			"so replicas would not share one HeyGen (for a shared simulator run go run ./dev/simserver and point --base-url at it)")
	}
	return nil
}

// shareSessions publishes the sessions this replica records and records
// those the others publish; the returned func stops listening.
func shareSessions(r *cluster.Redis, sessions *resources.Sessions, log *slog.Logger) (add func(ctx context.Context, tenant, id string), stop func(), err error) {
	stop, err = r.Subscribe(sessionsTopic, func(p []byte) {
		var m sessionCreated
		if err := json.Unmarshal(p, &m); err != nil {
			log.Warn("cluster: unreadable session message", "err", err)
			return
		}
		sessions.Add(context.Background(), m.Tenant, m.SessionID, "")
	})
	if err != nil {
		return nil, nil, err
	}
	add = func(ctx context.Context, tenant, id string) {
		sessions.Add(ctx, tenant, id, "")
		b, _ := json.Marshal(sessionCreated{Tenant: tenant, SessionID: id})
		pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Second)
		defer cancel()
		if err := r.Publish(pctx, sessionsTopic, b); err != nil {
			log.Warn("cluster: new session not shared with the other replicas", "err", err)
		}
	}
	return add, stop, nil
}

// redisEventStore is the event store of resumable streams when Redis is set:
// a session's events expire --stream-resume-window after its newest one.
func (s *Server) redisEventStore() server.EventStore {
	if s.Redis == nil {
		return nil
	}
	ttl := s.cfg.StreamResumeWindow
	if ttl <= 0 {
		ttl = transport.DefaultStreamResumeWindow
	}
	return s.Redis.NewEventStore(redisMaxSessionEvents, ttl)
}
