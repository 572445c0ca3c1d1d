package transport

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/server"
)

// Default bounds of boundedEventStore, per MCP session. A reply to a tool call
// is one event and progress notifications a few hundred bytes each, so these
// keep every stream that is still being read (and then some) while a
// long-lived session costs at most a few hundred KiB.
const (
	defaultMaxSessionEvents = 256
	defaultMaxSessionBytes  = 256 << 10
)

// DefaultStreamResumeWindow is how long a streamed event can be replayed to
// a client that reconnects with Last-Event-ID. Clients reconnect within
// seconds; a window, not only a count, also keeps a long-lived session's
// memory flat instead of filling toward its bound over many minutes.
const DefaultStreamResumeWindow = 2 * time.Minute

// boundedEventStore is mcp-go's EventStore with a bound per session. mcp-go's
// InMemoryEventStore keeps every event (every tool result included) until the
// session ends, so a client that keeps one session open grows the server
// without limit (the 2-minute soak went from 209 MB to 930 MB RSS). Here the
// oldest events of a session are dropped first; resuming from a dropped event
// gets ErrUnknownEventID, which the transport answers as the spec says (the
// client starts a fresh stream). Streams worth resuming are the recent ones.
type boundedEventStore struct {
	maxEvents int
	maxBytes  int
	maxAge    time.Duration
	now       func() time.Time

	mu       sync.Mutex
	seq      uint64
	sessions map[string]*sessionEvents
}

type sessionEvents struct {
	events []storedEvent // ascending seq; the front is dropped first
	bytes  int
}

type storedEvent struct {
	seq    uint64
	stream string
	msg    json.RawMessage
	at     time.Time
}

var _ server.EventStore = (*boundedEventStore)(nil)

func newBoundedEventStore(maxEvents, maxBytes int) *boundedEventStore {
	return &boundedEventStore{maxEvents: maxEvents, maxBytes: maxBytes, maxAge: DefaultStreamResumeWindow,
		now: time.Now, sessions: map[string]*sessionEvents{}}
}

// StoreEvent appends message to the session's log and trims the oldest events.
func (s *boundedEventStore) StoreEvent(_ context.Context, sessionID, streamID string, message json.RawMessage) (string, error) {
	msg := make(json.RawMessage, len(message)) // callers may reuse their buffer
	copy(msg, message)

	s.mu.Lock()
	defer s.mu.Unlock()
	log := s.sessions[sessionID]
	if log == nil {
		log = &sessionEvents{}
		s.sessions[sessionID] = log
	}
	// One store-wide sequence: ids are unique within a session as required,
	// and an id from one session means nothing in another.
	s.seq++
	now := s.now()
	log.events = append(log.events, storedEvent{seq: s.seq, stream: streamID, msg: msg, at: now})
	log.bytes += len(msg)
	oldest := now.Add(-s.maxAge)
	drop := 0
	for len(log.events)-drop > 1 && (len(log.events)-drop > s.maxEvents || log.bytes > s.maxBytes ||
		log.events[drop].at.Before(oldest)) {
		log.bytes -= len(log.events[drop].msg)
		drop++
	}
	if drop > 0 {
		// Copy down so the dropped messages can be collected.
		log.events = append(log.events[:0:0], log.events[drop:]...)
	}
	return strconv.FormatUint(s.seq, 10), nil
}

// ReplayEventsAfter sends the events stored after lastEventID on its stream.
func (s *boundedEventStore) ReplayEventsAfter(_ context.Context, sessionID, lastEventID string, send func(eventID string, message json.RawMessage) error) (string, error) {
	seq, err := strconv.ParseUint(lastEventID, 10, 64)
	if err != nil {
		return "", fmt.Errorf("%w: %q", server.ErrUnknownEventID, lastEventID)
	}
	s.mu.Lock()
	log := s.sessions[sessionID]
	var (
		stream string
		tail   []storedEvent
		found  bool
	)
	oldest := s.now().Add(-s.maxAge)
	if log != nil {
		for i, ev := range log.events {
			if ev.seq == seq && !ev.at.Before(oldest) {
				stream, found = ev.stream, true
				for _, later := range log.events[i+1:] {
					if later.stream == stream {
						tail = append(tail, later)
					}
				}
				break
			}
		}
	}
	s.mu.Unlock()
	if !found {
		return "", fmt.Errorf("%w: %q", server.ErrUnknownEventID, lastEventID)
	}
	for _, ev := range tail {
		if err := send(strconv.FormatUint(ev.seq, 10), ev.msg); err != nil {
			return "", err
		}
	}
	return stream, nil
}

// PurgeSession forgets a session that ended (DELETE or idle sweep).
func (s *boundedEventStore) PurgeSession(_ context.Context, sessionID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, sessionID)
	return nil
}

// size reports how many events and bytes a session holds (tests).
func (s *boundedEventStore) size(sessionID string) (events, bytes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if log := s.sessions[sessionID]; log != nil {
		return len(log.events), log.bytes
	}
	return 0, 0
}

// eventStoreOf is o.EventStore, or the bounded in-memory store with the
// resume window.
func eventStoreOf(o HTTPOptions) server.EventStore {
	if o.EventStore != nil {
		return o.EventStore
	}
	events := newBoundedEventStore(defaultMaxSessionEvents, defaultMaxSessionBytes)
	events.maxAge = orDefault(o.StreamResumeWindow, DefaultStreamResumeWindow)
	return events
}
