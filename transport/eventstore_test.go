package transport

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func replay(t *testing.T, s *boundedEventStore, session, last string) (string, []string, error) {
	t.Helper()
	var got []string
	stream, err := s.ReplayEventsAfter(context.Background(), session, last, func(id string, msg json.RawMessage) error {
		got = append(got, string(msg))
		return nil
	})
	return stream, got, err
}

func TestBoundedEventStoreReplaysOneStreamInOrder(t *testing.T) {
	ctx := context.Background()
	s := newBoundedEventStore(100, 1<<20)
	first, err := s.StoreEvent(ctx, "sess", "post-1", json.RawMessage(`1`))
	require.NoError(t, err)
	_, _ = s.StoreEvent(ctx, "sess", "get", json.RawMessage(`"other stream"`))
	_, _ = s.StoreEvent(ctx, "sess", "post-1", json.RawMessage(`2`))
	_, _ = s.StoreEvent(ctx, "other-session", "post-1", json.RawMessage(`"other session"`))
	_, _ = s.StoreEvent(ctx, "sess", "post-1", json.RawMessage(`3`))

	stream, got, err := replay(t, s, "sess", first)
	require.NoError(t, err)
	assert.Equal(t, "post-1", stream)
	assert.Equal(t, []string{"2", "3"}, got)

	_, _, err = replay(t, s, "other-session", first)
	assert.ErrorIs(t, err, server.ErrUnknownEventID, "an id from one session means nothing in another")
	_, _, err = replay(t, s, "sess", "not-a-number")
	assert.ErrorIs(t, err, server.ErrUnknownEventID)
}

func TestBoundedEventStoreStaysBoundedPerSession(t *testing.T) {
	ctx := context.Background()
	s := newBoundedEventStore(10, 1000)
	var ids []string
	for i := range 1000 {
		id, err := s.StoreEvent(ctx, "sess", fmt.Sprintf("post-%d", i), json.RawMessage(fmt.Sprintf("%q", strings.Repeat("x", 50))))
		require.NoError(t, err)
		ids = append(ids, id)
	}
	events, bytes := s.size("sess")
	assert.LessOrEqual(t, events, 10)
	assert.LessOrEqual(t, bytes, 1000)

	_, _, err := replay(t, s, "sess", ids[0])
	assert.ErrorIs(t, err, server.ErrUnknownEventID, "the oldest events were dropped")
	_, _, err = replay(t, s, "sess", ids[len(ids)-1])
	assert.NoError(t, err, "the newest event is kept")

	// One event larger than the byte bound is still kept (a reply must be resumable).
	_, err = s.StoreEvent(ctx, "big", "post", json.RawMessage(fmt.Sprintf("%q", strings.Repeat("y", 5000))))
	require.NoError(t, err)
	events, _ = s.size("big")
	assert.Equal(t, 1, events)

	require.NoError(t, s.PurgeSession(ctx, "sess"))
	events, bytes = s.size("sess")
	assert.Zero(t, events+bytes)
}

func TestBoundedEventStoreCopiesMessages(t *testing.T) {
	ctx := context.Background()
	s := newBoundedEventStore(10, 1000)
	buf := []byte(`"a"`)
	first, _ := s.StoreEvent(ctx, "sess", "p", json.RawMessage(`0`))
	_, _ = s.StoreEvent(ctx, "sess", "p", buf)
	copy(buf, `"b"`)
	_, got, err := replay(t, s, "sess", first)
	require.NoError(t, err)
	assert.Equal(t, []string{`"a"`}, got)
}

// Events older than the resume window are dropped, so a session that keeps
// streaming holds only the recent window, not a slowly filling bound.
func TestBoundedEventStoreDropsEventsPastTheResumeWindow(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(1_700_000_000, 0)
	s := newBoundedEventStore(1000, 1<<20)
	s.maxAge = time.Minute
	s.now = func() time.Time { return now }
	old, err := s.StoreEvent(ctx, "sess", "post-1", json.RawMessage(`1`))
	require.NoError(t, err)
	_, _ = s.StoreEvent(ctx, "sess", "post-1", json.RawMessage(`2`))

	now = now.Add(59 * time.Second)
	_, got, err := replay(t, s, "sess", old)
	require.NoError(t, err, "within the window the stream resumes")
	assert.Equal(t, []string{"2"}, got)

	now = now.Add(2 * time.Second) // 61 s after the first events
	_, _, err = replay(t, s, "sess", old)
	assert.ErrorIs(t, err, server.ErrUnknownEventID, "past the window the event is gone")

	for i := range 100 { // one event a second for 100 s
		now = now.Add(time.Second)
		_, err := s.StoreEvent(ctx, "sess", fmt.Sprintf("post-%d", i), json.RawMessage(`"x"`))
		require.NoError(t, err)
	}
	events, _ := s.size("sess")
	assert.LessOrEqual(t, events, 61, "only the last minute is kept")
}
