package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/mark3labs/mcp-go/server"
	"github.com/redis/go-redis/v9"
)

// EventStore keeps the events of resumable streams in Redis, one stream per
// MCP session, capped at MaxEvents entries (XADD MAXLEN) and expiring TTL
// after the last event, so an abandoned session costs Redis a bounded amount
// for a bounded time. It moves the history out of the replica's memory; the
// MCP session itself still lives in one replica (README "Running several
// replicas").
type EventStore struct {
	r         *Redis
	maxEvents int64
	ttl       time.Duration
}

var _ server.EventStore = (*EventStore)(nil)

// NewEventStore returns an event store keeping at most maxEvents events per
// session for ttl after the newest one.
func (r *Redis) NewEventStore(maxEvents int, ttl time.Duration) *EventStore {
	return &EventStore{r: r, maxEvents: int64(maxEvents), ttl: ttl}
}

func (s *EventStore) key(sessionID string) string { return s.r.prefix + "events:" + sessionID }

// StoreEvent appends message to the session's stream; the Redis entry id is
// the event id (unique within the session, increasing).
func (s *EventStore) StoreEvent(ctx context.Context, sessionID, streamID string, message json.RawMessage) (string, error) {
	key := s.key(sessionID)
	pipe := s.r.rdb.TxPipeline()
	add := pipe.XAdd(ctx, &redis.XAddArgs{Stream: key, MaxLen: s.maxEvents, Values: []any{"s", streamID, "m", []byte(message)}})
	pipe.PExpire(ctx, key, s.ttl)
	if _, err := pipe.Exec(ctx); err != nil {
		return "", fmt.Errorf("redis event store: %w", err)
	}
	return add.Val(), nil
}

// ReplayEventsAfter sends the events stored after lastEventID on its stream.
// An id that was trimmed, expired or never issued is ErrUnknownEventID.
func (s *EventStore) ReplayEventsAfter(ctx context.Context, sessionID, lastEventID string, send func(eventID string, message json.RawMessage) error) (string, error) {
	key := s.key(sessionID)
	first, err := s.r.rdb.XRange(ctx, key, lastEventID, lastEventID).Result()
	if err != nil {
		// A malformed id is an error reply from Redis: unknown to us too.
		var rerr redis.Error
		if errors.As(err, &rerr) {
			return "", fmt.Errorf("%w: %q", server.ErrUnknownEventID, lastEventID)
		}
		return "", fmt.Errorf("redis event store: %w", err)
	}
	if len(first) != 1 {
		return "", fmt.Errorf("%w: %q", server.ErrUnknownEventID, lastEventID)
	}
	stream, _ := first[0].Values["s"].(string)
	later, err := s.r.rdb.XRange(ctx, key, "("+lastEventID, "+").Result()
	if err != nil {
		return "", fmt.Errorf("redis event store: %w", err)
	}
	for _, ev := range later {
		if st, _ := ev.Values["s"].(string); st != stream {
			continue
		}
		msg, _ := ev.Values["m"].(string)
		if err := send(ev.ID, json.RawMessage(msg)); err != nil {
			return "", err
		}
	}
	return stream, nil
}

// PurgeSession forgets a session that ended.
func (s *EventStore) PurgeSession(ctx context.Context, sessionID string) error {
	if err := s.r.rdb.Del(ctx, s.key(sessionID)).Err(); err != nil {
		return fmt.Errorf("redis event store: %w", err)
	}
	return nil
}
