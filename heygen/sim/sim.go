package sim

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Simulator is an in-memory HeyGen v3 API. It implements http.Handler with routes
// at /v3/...; mount it under a prefix with http.StripPrefix. It is safe for
// concurrent use: all state sits behind one mutex.
type Simulator struct {
	clock            Clock
	timings          Timings
	keys             map[string]bool // nil: see WithAccessTokens (auth.go)
	tokens           map[string]bool // accepted OAuth access tokens (auth.go)
	videoIDAtCreate  bool
	createIdem       bool // WithCreateIdempotency (idempotency.go)
	sessionGoneAfter time.Duration
	maxJobs          int
	callbackClient   *http.Client
	webhookSecret    string
	videoURL         func(videoID string) string
	thumbnailURL     func(videoID string) string
	audioURL         func(requestID string) string // nil: simHost (voices.go)
	seed             int64
	seeded           bool
	credits          float64
	log              *slog.Logger
	mux              *http.ServeMux

	mu       sync.Mutex
	rng      *rand.Rand
	tenants  map[string]*tenant
	faults   []*faultEntry
	requests []RecordedRequest
	outbox   []delivery
	reqSeq   uint64
}

// Option configures a Simulator. Out-of-range values are ignored (the default is
// kept) because New has no error to return; each option says what it accepts.
type Option func(*Simulator)

// WithClock sets the clock every transition is scheduled on (default: real time).
func WithClock(c Clock) Option {
	return func(s *Simulator) {
		if c != nil {
			s.clock = c
		}
	}
}

// WithAPIKeys restricts the accepted keys; with none given (and no
// WithAccessTokens) any non-empty key is accepted. Every key is its own tenant
// either way.
func WithAPIKeys(keys ...string) Option {
	return func(s *Simulator) {
		for _, k := range keys {
			if k == "" {
				continue
			}
			if s.keys == nil {
				s.keys = map[string]bool{}
			}
			s.keys[k] = true
		}
	}
}

// WithTimings sets the phase durations (default DefaultTimings()). Non-positive
// durations are replaced by the default ones.
func WithTimings(t Timings) Option {
	return func(s *Simulator) {
		d := DefaultTimings()
		pick := func(v, def time.Duration) time.Duration {
			if v <= 0 {
				return def
			}
			return v
		}
		s.timings = Timings{
			Thinking:   pick(t.Thinking, d.Thinking),
			Replying:   pick(t.Replying, d.Replying),
			Queued:     pick(t.Queued, d.Queued),
			Rendering:  pick(t.Rendering, d.Rendering),
			RetryAfter: pick(t.RetryAfter, d.RetryAfter),
		}
	}
}

// WithVideoIDAtCreate makes a generate-mode create return a video_id at once (the
// quick-start page's variant); the video stays "pending" until
// rendering. Chat sessions have no video before their first render either way.
func WithVideoIDAtCreate(on bool) Option { return func(s *Simulator) { s.videoIDAtCreate = on } }

// WithSessionGoneAfterVideo makes GET /v3/video-agents/{id} answer 404 "Session
// not found" once the session's first video has existed for d (a quirk seen
// on HeyGen, inferred). 0 turns it off.
func WithSessionGoneAfterVideo(d time.Duration) Option {
	return func(s *Simulator) {
		if d >= 0 {
			s.sessionGoneAfter = d
		}
	}
}

// WithMaxConcurrentJobs sets how many sessions a key may have working at once
// (default 10, HeyGen's pay-as-you-go limit); n < 1 is ignored.
func WithMaxConcurrentJobs(n int) Option {
	return func(s *Simulator) {
		if n >= 1 {
			s.maxJobs = n
		}
	}
}

// WithCallbackClient sets the client callbacks are delivered with; nil (the
// default) means no delivery.
func WithCallbackClient(c *http.Client) Option { return func(s *Simulator) { s.callbackClient = c } }

// WithWebhookSecret signs deliveries: header "Signature" is the lowercase hex
// HMAC-SHA256 of the raw body keyed with secret (inferred).
func WithWebhookSecret(secret string) Option { return func(s *Simulator) { s.webhookSecret = secret } }

// WithVideoURLFunc sets where completed videos point (video_url and
// captioned_video_url); the sandbox serves a real clip there.
func WithVideoURLFunc(f func(videoID string) string) Option {
	return func(s *Simulator) {
		if f != nil {
			s.videoURL = f
		}
	}
}

// WithThumbnailURLFunc sets thumbnail_url and gif_url of completed videos.
func WithThumbnailURLFunc(f func(videoID string) string) Option {
	return func(s *Simulator) {
		if f != nil {
			s.thumbnailURL = f
		}
	}
}

// WithSeed makes ids and choices deterministic. Without it the seed is taken from
// the clock at New, so a FakeClock already gives repeatable runs.
func WithSeed(seed int64) Option { return func(s *Simulator) { s.seed, s.seeded = seed, true } }

// WithCredits sets every key's opening wallet balance (default 1000); below 1
// credit, create answers 402 insufficient_credit. Negative values are ignored.
func WithCredits(c float64) Option {
	return func(s *Simulator) {
		if c >= 0 {
			s.credits = c
		}
	}
}

// WithLogger sets where the simulator logs (callback failures); default: discarded.
func WithLogger(l *slog.Logger) Option {
	return func(s *Simulator) {
		if l != nil {
			s.log = l
		}
	}
}

// simHost is where default media URLs point; .invalid never resolves (RFC 2606).
const simHost = "https://sim.heygen.invalid"

// New returns a simulator with the given options applied.
func New(opts ...Option) *Simulator {
	s := &Simulator{
		clock:        realClock{},
		timings:      DefaultTimings(),
		maxJobs:      10,
		credits:      defaultCredits,
		videoURL:     func(id string) string { return simHost + "/videos/" + id + ".mp4" },
		thumbnailURL: func(id string) string { return simHost + "/videos/" + id + ".jpg" },
		log:          slog.New(slog.DiscardHandler),
		tenants:      map[string]*tenant{},
	}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	if !s.seeded {
		s.seed = s.clock.Now().UnixNano()
	}
	s.rng = rand.New(rand.NewPCG(uint64(s.seed), 0x9e3779b97f4a7c15))
	s.mux = s.routes()
	return s
}

// maxRequestBody caps what is read of any request: a 32 MB asset plus multipart
// framing. Larger bodies get 413 without being buffered.
const maxRequestBody = 33 << 20

// maxRecordedBody caps the body kept per recorded request.
const maxRecordedBody = 1 << 20

// maxRecordedRequests caps the request log; beyond it the older half is dropped.
const maxRecordedRequests = 10000

// RecordedRequest is one request as the simulator saw it. Credentials are
// redacted: X-Api-Key and Authorization read "set".
type RecordedRequest struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Body   []byte // at most 1 MiB
	Time   time.Time
}

// Requests returns a copy of the requests received since the last reset (at most
// the latest 10000).
func (s *Simulator) Requests() []RecordedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]RecordedRequest, len(s.requests))
	copy(out, s.requests)
	return out
}

// RequestCount counts recorded requests with the method ("" = any) whose path
// starts with pathPrefix.
func (s *Simulator) RequestCount(method, pathPrefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if (method == "" || r.Method == method) && strings.HasPrefix(r.Path, pathPrefix) {
			n++
		}
	}
	return n
}

// ResetRequests forgets the recorded requests.
func (s *Simulator) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// Advance moves a FakeClock forward by d, then applies due transitions and
// delivers callbacks synchronously. With another clock it only does the latter.
func (s *Simulator) Advance(d time.Duration) {
	if fc, ok := s.clock.(*FakeClock); ok {
		fc.Advance(d)
	}
	s.tick(context.Background())
}

// Tick applies the transitions that are due and delivers pending callbacks.
func (s *Simulator) Tick() { s.tick(context.Background()) }

// Start runs Tick in the background every tickInterval until ctx ends, for
// real-time mode. Requests apply due transitions themselves; the ticker is what
// delivers callbacks without a request.
func (s *Simulator) Start(ctx context.Context) {
	go func() {
		t := time.NewTicker(tickInterval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				s.tick(ctx)
			}
		}
	}()
}

const tickInterval = 250 * time.Millisecond

func (s *Simulator) tick(ctx context.Context) {
	s.mu.Lock()
	s.advanceLocked(s.clock.Now())
	out := s.outbox
	s.outbox = nil
	s.mu.Unlock()
	for _, d := range out {
		s.deliver(ctx, d)
	}
}

// ServeHTTP runs one request: record, authenticate, idempotency, faults, route.
func (s *Simulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, uploadPathPrefix) {
		s.servePresignedPut(w, r) // storage, not the API: no key, streamed (direct_upload.go)
		return
	}
	now := s.clock.Now()
	body, tooLarge := readCapped(r.Body, r.ContentLength, maxRequestBody)
	r = r.WithContext(r.Context()) // a shallow copy: the caller's request is left as it is
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.Header = canonicalHeader(r.Header)

	s.mu.Lock()
	s.reqSeq++
	reqID := fmt.Sprintf("req_sim_%06d", s.reqSeq)
	if len(s.requests) >= maxRecordedRequests {
		// A long-running sandbox must not grow without bound: forget the older half.
		s.requests = append([]RecordedRequest(nil), s.requests[len(s.requests)/2:]...)
	}
	s.requests = append(s.requests, recordRequest(r, body, now))
	s.mu.Unlock()
	w.Header().Set("X-Request-Id", reqID)

	key, denied := s.authenticate(r)
	if denied != nil {
		writeReply(w, *denied)
		return
	}
	if tooLarge {
		writeReply(w, errReply(http.StatusRequestEntityTooLarge, "payload_too_large",
			"The request body is larger than 32 MB.", ""))
		return
	}

	claim, rep, done := s.claimIdempotency(r, key, now)
	if done {
		writeReply(w, rep)
		return
	}

	f := s.matchFault(r)
	before := f != nil && !f.AfterHandler
	if before && f.Delay > 0 && !waitOrGone(r, f.Delay) {
		s.releaseIdempotency(claim)
		return
	}
	if before && f.Status != 0 {
		s.releaseIdempotency(claim)
		rep = faultReply(*f)
	} else {
		rep = s.route(r, key, body)
		s.finishIdempotency(claim, rep)
	}
	if f != nil && f.AfterHandler {
		// The work is done (and stored for replay); only the answer suffers.
		if f.Delay > 0 && !waitOrGone(r, f.Delay) {
			return
		}
		if f.Status != 0 {
			rep = faultReply(*f)
		}
	}
	if f != nil && f.RetryAfter != "" {
		rep.header().Set("Retry-After", f.RetryAfter)
	}
	if f != nil && f.DropConnection {
		dropMidBody(w, rep)
		return
	}
	writeReply(w, rep)
}

// waitOrGone waits d; false means the client went away first.
func waitOrGone(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-r.Context().Done():
		return false
	case <-t.C:
		return true
	}
}

// readCapped reads at most limit bytes; tooLarge reports that more were sent
// (or announced: a larger Content-Length is refused without reading).
func readCapped(b io.Reader, contentLength, limit int64) (body []byte, tooLarge bool) {
	if b == nil || b == http.NoBody {
		return nil, false
	}
	if contentLength > limit {
		return nil, true
	}
	var buf bytes.Buffer
	if contentLength > 0 {
		buf.Grow(int(contentLength) + 1)
	}
	if _, err := buf.ReadFrom(io.LimitReader(b, limit+1)); err != nil {
		return buf.Bytes(), false
	}
	if int64(buf.Len()) > limit {
		return nil, true
	}
	return buf.Bytes(), false
}

func recordRequest(r *http.Request, body []byte, now time.Time) RecordedRequest {
	h := r.Header.Clone()
	for _, k := range []string{"X-Api-Key", "Authorization"} {
		if h.Get(k) != "" {
			h.Set(k, "set")
		}
	}
	if len(body) > maxRecordedBody {
		body = body[:maxRecordedBody]
	}
	return RecordedRequest{
		Method: r.Method,
		Path:   r.URL.Path,
		Query:  r.URL.Query(),
		Header: h,
		Body:   bytes.Clone(body),
		Time:   now,
	}
}

// reply is a complete response, built before anything is written so that it can
// be stored for idempotent replay or cut short by a fault.
type reply struct {
	status int
	hdr    http.Header
	body   []byte
}

func (r *reply) header() http.Header {
	if r.hdr == nil {
		r.hdr = http.Header{}
	}
	return r.hdr
}

func writeReply(w http.ResponseWriter, rep reply) {
	for k, v := range rep.hdr {
		w.Header()[k] = v
	}
	if w.Header().Get("Content-Type") == "" && len(rep.body) > 0 {
		w.Header().Set("Content-Type", "application/json")
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(rep.body)))
	w.WriteHeader(rep.status)
	_, _ = w.Write(rep.body)
}

// dropMidBody sends the headers and half the body, then aborts the connection.
// On a net/http server the client sees an unexpected EOF; an in-process
// transport calling ServeHTTP directly must recover http.ErrAbortHandler.
func dropMidBody(w http.ResponseWriter, rep reply) {
	if len(rep.body) > 0 {
		for k, v := range rep.hdr {
			w.Header()[k] = v
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(rep.body)))
		w.WriteHeader(rep.status)
		_, _ = w.Write(rep.body[:len(rep.body)/2])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
	}
	panic(http.ErrAbortHandler)
}
