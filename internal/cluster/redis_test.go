package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/mark3labs/mcp-go/server"
	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pair is two replicas on one miniredis.
func pair(t *testing.T) (*miniredis.Miniredis, *Redis, *Redis) {
	t.Helper()
	mr := miniredis.RunT(t)
	mk := func() *Redis {
		r := newWithClient(redis.NewClient(&redis.Options{Addr: mr.Addr()}), DefaultPrefix)
		t.Cleanup(func() { _ = r.Close() })
		return r
	}
	return mr, mk(), mk()
}

func TestLeaseOneHolderRenewExpiryRelease(t *testing.T) {
	ctx := context.Background()
	mr, a, b := pair(t)
	ttl := 3 * time.Second

	held, err := a.TryLease(ctx, "t/session/s1", ttl)
	require.NoError(t, err)
	assert.True(t, held, "a free lease is taken")
	held, err = b.TryLease(ctx, "t/session/s1", ttl)
	require.NoError(t, err)
	assert.False(t, held, "a held lease is not taken by another replica")

	mr.FastForward(2 * time.Second)
	held, _ = a.TryLease(ctx, "t/session/s1", ttl)
	assert.True(t, held, "the holder renews")
	mr.FastForward(2 * time.Second) // 4 s after the take, 2 s after the renewal
	held, _ = b.TryLease(ctx, "t/session/s1", ttl)
	assert.False(t, held, "the renewal extended the lease")

	require.NoError(t, b.ReleaseLease(ctx, "t/session/s1"))
	held, _ = b.TryLease(ctx, "t/session/s1", ttl)
	assert.False(t, held, "a release by a replica that does not hold the lease changes nothing")

	mr.FastForward(4 * time.Second) // a stopped renewing: it died
	held, _ = b.TryLease(ctx, "t/session/s1", ttl)
	assert.True(t, held, "an expired lease is taken over")
	held, _ = a.TryLease(ctx, "t/session/s1", ttl)
	assert.False(t, held, "the old holder does not get it back")

	require.NoError(t, b.ReleaseLease(ctx, "t/session/s1"))
	held, _ = a.TryLease(ctx, "t/session/s1", ttl)
	assert.True(t, held, "a released lease is free at once")

	held, _ = b.TryLease(ctx, "t/session/s2", ttl)
	assert.True(t, held, "leases are per name")
}

func TestPublishReachesOtherReplicasNotItself(t *testing.T) {
	_, a, b := pair(t)
	gotA := make(chan string, 4)
	gotB := make(chan string, 4)
	stopA, err := a.Subscribe("watch", func(p []byte) { gotA <- string(p) })
	require.NoError(t, err)
	defer stopA()
	stopB, err := b.Subscribe("watch", func(p []byte) { gotB <- string(p) })
	require.NoError(t, err)
	defer stopB()

	require.NoError(t, a.Publish(context.Background(), "watch", []byte("from a\nwith a newline")))
	require.NoError(t, b.Publish(context.Background(), "watch", []byte("from b")))
	select {
	case m := <-gotB:
		assert.Equal(t, "from a\nwith a newline", m)
	case <-time.After(10 * time.Second): // liveness bound only
		t.Fatal("b never got a's message")
	}
	select {
	case m := <-gotA:
		assert.Equal(t, "from b", m, "a gets b's message and never its own")
	case <-time.After(10 * time.Second):
		t.Fatal("a never got b's message")
	}
	require.NoError(t, a.Publish(context.Background(), "other", []byte("elsewhere")))
	require.NoError(t, b.Publish(context.Background(), "watch", []byte("second")))
	assert.Equal(t, "second", <-gotA, "topics are separate and a's own messages never come back")
	assert.Empty(t, gotB)
}

func TestEventStoreBoundedReplayPerStream(t *testing.T) {
	ctx := context.Background()
	mr, a, _ := pair(t)
	s := a.NewEventStore(3, time.Minute)

	id1, err := s.StoreEvent(ctx, "sess", "post-1", json.RawMessage(`{"n":1}`))
	require.NoError(t, err)
	_, err = s.StoreEvent(ctx, "sess", "get", json.RawMessage(`{"n":2}`))
	require.NoError(t, err)
	id3, err := s.StoreEvent(ctx, "sess", "post-1", json.RawMessage(`{"n":3}`))
	require.NoError(t, err)

	var got []string
	stream, err := s.ReplayEventsAfter(ctx, "sess", id1, func(id string, m json.RawMessage) error {
		got = append(got, id+"="+string(m))
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, "post-1", stream)
	assert.Equal(t, []string{id3 + `={"n":3}`}, got, "only later events of the same stream")

	_, err = s.ReplayEventsAfter(ctx, "other-session", id1, func(string, json.RawMessage) error { return nil })
	assert.ErrorIs(t, err, server.ErrUnknownEventID, "an id means nothing in another session")
	_, err = s.ReplayEventsAfter(ctx, "sess", "not-an-id", func(string, json.RawMessage) error { return nil })
	assert.ErrorIs(t, err, server.ErrUnknownEventID)

	// The cap: a fourth event trims the first, which can no longer be resumed from.
	_, err = s.StoreEvent(ctx, "sess", "post-1", json.RawMessage(`{"n":4}`))
	require.NoError(t, err)
	n, err := a.rdb.XLen(ctx, s.key("sess")).Result()
	require.NoError(t, err)
	assert.EqualValues(t, 3, n)
	_, err = s.ReplayEventsAfter(ctx, "sess", id1, func(string, json.RawMessage) error { return nil })
	assert.ErrorIs(t, err, server.ErrUnknownEventID, "trimmed")

	// The TTL: an abandoned session's events expire.
	assert.Greater(t, mr.TTL(s.key("sess")), time.Duration(0))
	mr.FastForward(2 * time.Minute)
	assert.False(t, mr.Exists(s.key("sess")))

	_, err = s.StoreEvent(ctx, "sess2", "x", json.RawMessage(`{}`))
	require.NoError(t, err)
	require.NoError(t, s.PurgeSession(ctx, "sess2"))
	assert.False(t, mr.Exists(s.key("sess2")))
}

func TestConnectRefusesBadOrUnreachableURLWithoutPassword(t *testing.T) {
	ctx := context.Background()
	_, err := Connect(ctx, "http://127.0.0.1:6379", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--redis-url")
	assert.Contains(t, err.Error(), "redis://")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // nothing listens there now
	_, err = Connect(ctx, "redis://user:s3cret-pass@"+addr+"/0", slog.New(slog.DiscardHandler))
	require.Error(t, err)
	assert.Contains(t, err.Error(), addr)
	assert.Contains(t, err.Error(), "does not answer")
	assert.NotContains(t, err.Error(), "s3cret-pass")

	mr := miniredis.RunT(t)
	mr.RequireAuth("right-pass")
	_, err = Connect(ctx, "redis://:wrong-pass@"+mr.Addr(), nil)
	require.Error(t, err)
	assert.False(t, strings.Contains(err.Error(), "wrong-pass"), err.Error())
	r, err := Connect(ctx, "redis://:right-pass@"+mr.Addr(), nil)
	require.NoError(t, err)
	require.NoError(t, r.Close())
	assert.False(t, errors.Is(err, context.DeadlineExceeded))
}
