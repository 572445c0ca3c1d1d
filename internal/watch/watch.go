// Package watch follows a HeyGen Video Agent session or video until it is done.
// It holds the fetch step (tracker), the poll schedule and the injectable
// clock; Hub runs them as one shared poller per resource, for bounded waits
// (Hub.Wait) and long-lived subscriptions (Hub.Subscribe) alike.
// It has no MCP imports.
package watch

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// Ref names what to watch: a session (followed to its video) or a video.
// With both set, the video is watched and SessionID is carried along.
// TranslationID names a video translation instead; it is watched alone.
type Ref struct{ SessionID, VideoID, TranslationID string }

// Validate rejects an empty ref before any HeyGen call.
func (r Ref) Validate() error {
	switch {
	case r.TranslationID != "" && (r.SessionID != "" || r.VideoID != ""):
		return errors.New("a video translation is watched alone: give translation id only")
	case r.SessionID == "" && r.VideoID == "" && r.TranslationID == "":
		return errors.New("nothing to watch: give session_id or video_id")
	}
	return nil
}

// key is the poller's identity: one poller per (tenant, kind, id).
func (r Ref) key(tenant string) watchKey {
	switch {
	case r.TranslationID != "":
		return watchKey{tenant: tenant, kind: "translation", id: r.TranslationID}
	case r.VideoID != "":
		return watchKey{tenant: tenant, kind: "video", id: r.VideoID}
	}
	return watchKey{tenant: tenant, kind: "session", id: r.SessionID}
}

// String is a short log-safe name such as "session s_1" or "video v_1".
func (r Ref) String() string {
	if r.TranslationID != "" {
		return "video translation " + r.TranslationID
	}
	if r.VideoID != "" {
		return "video " + r.VideoID
	}
	return "session " + r.SessionID
}

// Snapshot is what one fetch learned: the session's status, progress and
// question while it is followed, then the video (everything get_video returns).
type Snapshot struct {
	SessionID     string
	VideoID       string
	SessionStatus string // "" when only the video is watched
	VideoStatus   string // "" until a video exists
	Progress      int    // session progress 0-100; 100 once the video completed
	Title         string
	// Question is the newest model message while the session is paused for the
	// user (waiting_for_input / reviewing). The mapping is inferred.
	Question   string
	NeedsInput bool
	Video      *heygen.Video   // last video object, nil until fetched
	Session    *heygen.Session // last session object, nil when never fetched or after the switch to the video
	// FailureCode and FailureMessage come from the failed video, or from the
	// session's newest error message when the session failed before a video.
	FailureCode    string
	FailureMessage string
	Done, Failed   bool
	// A watched video translation: its id, status and last object (the
	// session and video fields stay empty).
	TranslationID     string
	TranslationStatus string
	Translation       *heygen.VideoTranslation
}

// changeKey is what subscribers are told about: status, progress, video_id,
// a new question, or the end.
func (s Snapshot) changeKey() string {
	return fmt.Sprintf("%s|%s|%d|%s|%t|%s|%s", s.SessionStatus, s.VideoStatus, s.Progress, s.VideoID, s.Done, s.Question,
		s.TranslationStatus)
}

// ErrFailed matches (errors.Is) every *FailedError.
var ErrFailed = errors.New("video generation failed")

// FailedError ends a watch whose session or video failed.
type FailedError struct {
	SessionID, VideoID string
	TranslationID      string
	Code, Message      string
}

func (e *FailedError) Error() string {
	var b strings.Builder
	if e.TranslationID != "" {
		fmt.Fprintf(&b, "video translation %s failed", e.TranslationID)
	} else if e.VideoID != "" {
		fmt.Fprintf(&b, "video %s failed", e.VideoID)
	} else {
		fmt.Fprintf(&b, "session %s failed", e.SessionID)
	}
	if e.Code != "" {
		b.WriteString(": " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrFailed) true.
func (e *FailedError) Is(target error) bool { return target == ErrFailed }

// Source is the part of *heygen.Client a watch needs.
type Source interface {
	GetSession(ctx context.Context, sessionID string) (*heygen.Session, error)
	GetVideo(ctx context.Context, videoID string) (*heygen.Video, error)
	ListSessionVideos(ctx context.Context, sessionID string, opts *heygen.ListOptions) (*heygen.Page[heygen.Video], error)
	GetVideoTranslation(ctx context.Context, id string) (*heygen.VideoTranslation, error)
}

// Clock is injectable time: tests pass one that also advances the simulator
// (watchtest.ManualClock). Timers are stopped when abandoned, so a test clock
// can count exactly who is waiting.
type Clock interface {
	Now() time.Time
	NewTimer(d time.Duration) Timer
}

// Timer is a one-shot timer; Stop releases it early.
type Timer interface {
	C() <-chan time.Time
	Stop() bool
}

type realClock struct{}

func (realClock) Now() time.Time                 { return time.Now() }
func (realClock) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (t realTimer) C() <-chan time.Time { return t.t.C }
func (t realTimer) Stop() bool          { return t.t.Stop() }

// RealClock is wall time.
func RealClock() Clock { return realClock{} }

// Schedule is the poll cadence: First before the first poll of a subscription
// watcher, then Interval growing by Factor up to Max. Transient errors back off
// from there up to ErrorMax (or longer if HeyGen sends Retry-After). MinGap
// bounds how often hints (webhooks, new waiters) can trigger a fetch.
type Schedule struct {
	First    time.Duration
	Interval time.Duration
	Factor   float64
	Max      time.Duration
	ErrorMax time.Duration
	MinGap   time.Duration
}

// DefaultSchedule fits HeyGen's guidance, poll every 10-30 s, with a backoff
// of about 5 s -> 15 s -> 30 s (inferred).
func DefaultSchedule() Schedule {
	return Schedule{
		First:    5 * time.Second,
		Interval: 10 * time.Second,
		Factor:   1.5,
		Max:      30 * time.Second,
		ErrorMax: 2 * time.Minute,
		MinGap:   2 * time.Second,
	}
}

// WebhookSchedule is the slow safety net used for subscriptions when webhook
// deliveries trigger the real re-fetch: a missed delivery costs at most 10 min.
func WebhookSchedule() Schedule {
	return Schedule{
		First:    10 * time.Minute,
		Interval: 10 * time.Minute,
		Factor:   1,
		Max:      10 * time.Minute,
		ErrorMax: 10 * time.Minute,
		MinGap:   2 * time.Second,
	}
}

// Scale divides every pause by f (the sandbox runs HeyGen's timeline f times
// faster, so its pollers must keep pace), never below minPause. A
// non-positive f returns s unchanged.
func (s Schedule) Scale(f float64) Schedule {
	if f <= 0 {
		return s
	}
	s = s.withDefaults()
	div := func(d time.Duration) time.Duration { return max(time.Duration(float64(d)/f), minPause) }
	s.First, s.Interval, s.Max, s.ErrorMax = div(s.First), div(s.Interval), div(s.Max), div(s.ErrorMax)
	if s.MinGap > 0 {
		s.MinGap = div(s.MinGap)
	}
	return s
}

// minPause is the shortest pause a scaled schedule keeps.
const minPause = 10 * time.Millisecond

// withDefaults fills zero fields from DefaultSchedule so a partial value works.
func (s Schedule) withDefaults() Schedule {
	d := DefaultSchedule()
	if s.First <= 0 {
		s.First = d.First
	}
	if s.Interval <= 0 {
		s.Interval = d.Interval
	}
	if s.Factor == 0 {
		s.Factor = d.Factor
	}
	s.Factor = max(s.Factor, 1)
	if s.Max <= 0 {
		s.Max = d.Max
	}
	s.Max = max(s.Max, s.Interval)
	if s.ErrorMax <= 0 {
		s.ErrorMax = d.ErrorMax
	}
	s.ErrorMax = max(s.ErrorMax, s.Max)
	switch {
	case s.MinGap == 0:
		s.MinGap = d.MinGap
	case s.MinGap < 0:
		s.MinGap = 0 // explicitly none
	}
	return s
}

// Delay is the pause after poll n (n >= 1 polls done): Interval*Factor^(n-1), capped at Max.
func (s Schedule) Delay(n int) time.Duration {
	s = s.withDefaults()
	if n < 1 {
		return s.First
	}
	d := float64(s.Interval) * math.Pow(s.Factor, float64(n-1))
	if d > float64(s.Max) || math.IsInf(d, 0) {
		return s.Max
	}
	return time.Duration(d)
}

// ErrorDelay is the pause after errs consecutive transient errors: doubling
// from Interval up to ErrorMax, never shorter than HeyGen's Retry-After.
func (s Schedule) ErrorDelay(errs int, err error) time.Duration {
	s = s.withDefaults()
	d := s.Interval
	for i := 1; i < errs && d < s.ErrorMax; i++ {
		d *= 2
	}
	d = min(d, s.ErrorMax)
	if ra, ok := heygen.RetryAfterOf(err); ok && ra > d {
		d = ra
	}
	return d
}

// Transient reports whether a fetch error is worth retrying later: HeyGen
// unreachable, 5xx, 429 or 409. Everything else ends the watch.
func Transient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var remote *remoteError // another replica's poller classified it
	if errors.As(err, &remote) {
		return remote.transient
	}
	var te *heygen.TransportError
	if errors.As(err, &te) {
		return true
	}
	var lateVideo *lateVideoError
	if errors.As(err, &lateVideo) {
		return true
	}
	// A garbled 2xx body (a proxy page, a cut reply) says nothing about the
	// video: poll again rather than end every subscriber's watch.
	var badReply *heygen.ReplyError
	if errors.As(err, &badReply) {
		return true
	}
	return errors.Is(err, heygen.ErrServer) || errors.Is(err, heygen.ErrRateLimited) || errors.Is(err, heygen.ErrConflict)
}

// lateVideoError is a 404 on a video id the session just reported; the video
// record may lag its announcement (inferred), so a few misses are tolerated.
type lateVideoError struct{ err error }

func (e *lateVideoError) Error() string { return e.err.Error() }
func (e *lateVideoError) Unwrap() error { return e.err }

// maxLateVideoMisses is how many 404s on a session-announced video are retried.
const maxLateVideoMisses = 3

// tracker is the per-watch state machine: session until a video_id appears,
// then the video only (the session endpoint can 404 late; inferred).
type tracker struct {
	src           Source
	sessionID     string
	videoID       string
	translationID string
	fromSession   bool // videoID was learned from the session
	sawSession    bool // the session answered at least once for this key
	misses        int
	snap          Snapshot
}

func newTracker(src Source, ref Ref) *tracker {
	return &tracker{src: src, sessionID: ref.SessionID, videoID: ref.VideoID, translationID: ref.TranslationID,
		snap: Snapshot{SessionID: ref.SessionID, VideoID: ref.VideoID, TranslationID: ref.TranslationID}}
}

// step does one fetch round and returns the new snapshot. A *FailedError means
// the watch ended in a failed state; other errors are classified by Transient.
func (t *tracker) step(ctx context.Context) (Snapshot, error) {
	if t.translationID != "" {
		return t.translationStep(ctx)
	}
	if t.videoID == "" {
		s, err := t.src.GetSession(ctx, t.sessionID)
		switch {
		case err != nil && heygen.IsNotFound(err) && t.sawSession:
			// The session endpoint can 404 late once a video exists
			// (inferred); the session's video list still names it.
			if ferr := t.videoFromList(ctx); ferr != nil {
				return t.snap, fmt.Errorf("session %s is gone and no video was found for it: %w", t.sessionID, err)
			}
		case err != nil && heygen.IsNotFound(err):
			return t.snap, fmt.Errorf("session %s not found (check the session_id, and that it was created with this API key): %w", t.sessionID, err)
		case err != nil:
			return t.snap, err
		default:
			t.sawSession = true
			t.applySession(s)
			if t.videoID == "" {
				return t.sessionOutcome()
			}
		}
	}
	v, err := t.src.GetVideo(ctx, t.videoID)
	if err != nil {
		if heygen.IsNotFound(err) {
			if t.fromSession && t.misses < maxLateVideoMisses {
				t.misses++
				return t.snap, &lateVideoError{err: err}
			}
			return t.snap, fmt.Errorf("video %s not found (check the video_id, and that it belongs to this API key): %w", t.videoID, err)
		}
		return t.snap, err
	}
	t.misses = 0
	t.applyVideo(v)
	if t.snap.Failed {
		return t.snap, &FailedError{SessionID: t.snap.SessionID, VideoID: t.videoID, Code: t.snap.FailureCode, Message: t.snap.FailureMessage}
	}
	return t.snap, nil
}

// videoFromList switches to the session's newest video (the list is newest
// first; inferred).
func (t *tracker) videoFromList(ctx context.Context) error {
	page, err := t.src.ListSessionVideos(ctx, t.sessionID, &heygen.ListOptions{Limit: 1})
	if err != nil {
		return err
	}
	if page == nil || len(page.Data) == 0 || page.Data[0].ID == "" {
		return errors.New("no video yet")
	}
	t.videoID, t.fromSession = page.Data[0].ID, true
	t.snap.VideoID = t.videoID
	return nil
}

func (t *tracker) applySession(s *heygen.Session) {
	sn := &t.snap
	sn.Session = s
	sn.SessionStatus = s.Status
	sn.Progress = s.Progress
	if s.Title != nil {
		sn.Title = *s.Title
	}
	sn.NeedsInput = heygen.SessionNeedsInput(s.Status)
	sn.Question = ""
	if sn.NeedsInput {
		if m, ok := s.LatestModelMessage(); ok {
			sn.Question = m.Content
		}
	}
	if s.VideoID != nil && *s.VideoID != "" {
		t.videoID, t.fromSession = *s.VideoID, true
		sn.VideoID = *s.VideoID
	}
}

// sessionOutcome ends a session that reached a terminal state without a video.
func (t *tracker) sessionOutcome() (Snapshot, error) {
	sn := &t.snap
	switch sn.SessionStatus {
	case heygen.SessionFailed:
		sn.Done, sn.Failed = true, true
		sn.FailureCode = "session_failed"
		// Failure details live in the session's error messages (inferred shape).
		if sn.Session != nil {
			for _, m := range sn.Session.Messages {
				if m.Type == heygen.MessageError {
					sn.FailureMessage = m.Content
					break
				}
			}
		}
		return *sn, &FailedError{SessionID: t.sessionID, Code: sn.FailureCode, Message: sn.FailureMessage}
	case heygen.SessionCompleted:
		sn.Done = true // completed without a video_id: nothing more will appear
	}
	return *sn, nil
}

func (t *tracker) applyVideo(v *heygen.Video) {
	sn := &t.snap
	sn.Video = v
	sn.VideoStatus = v.Status
	if sn.Title == "" && v.Title != nil {
		sn.Title = *v.Title
	}
	if t.fromSession {
		// From here on only the video is polled; the session view is no longer fresh.
		sn.Session = nil
		sn.NeedsInput, sn.Question = false, ""
	}
	switch v.Status {
	case heygen.VideoCompleted:
		sn.Done, sn.Progress = true, 100
		if t.sessionID != "" {
			sn.SessionStatus = heygen.SessionCompleted // mirrors the video (inferred)
		}
	case heygen.VideoFailed:
		sn.Done, sn.Failed = true, true
		if v.FailureCode != nil {
			sn.FailureCode = *v.FailureCode
		}
		if v.FailureMessage != nil {
			sn.FailureMessage = *v.FailureMessage
		}
		if t.sessionID != "" {
			sn.SessionStatus = heygen.SessionFailed
		}
	}
}
