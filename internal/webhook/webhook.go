// Package webhook receives HeyGen's callback deliveries at /webhooks/heygen.
// A delivery is only a hint: after verifying it, the handler asks the watch hub
// to re-fetch the named session or video from HeyGen with each watcher's own
// key. Nothing in the body is shown to users, so a forged delivery can at most
// cause one extra fetch.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
)

// Path is where the receiver is mounted.
const Path = "/webhooks/heygen"

// DefaultMaxBody caps a delivery; HeyGen's events are a few hundred bytes.
const DefaultMaxBody = 64 << 10

// Hinter is the part of *watch.Hub the receiver needs.
type Hinter interface{ Hint(ref watch.Ref) int }

// Options configure a Handler.
type Options struct {
	// CallbackSecret keys the callback_id MACs the server put on its creates
	// (see CallbackID). Required.
	CallbackSecret []byte
	// SigningSecret (HEYGEN_WEBHOOK_SECRET) verifies the "Signature" header:
	// lowercase hex HMAC-SHA256 of the raw body (inferred). Optional.
	SigningSecret string
	Hub           Hinter
	Logger        *slog.Logger
	MaxBody       int64 // default DefaultMaxBody
	// RefusalLogInterval: refused deliveries are logged at most once per
	// interval; 0 = DefaultRefusalLogInterval.
	RefusalLogInterval time.Duration
	// Now is the clock of the refusal log; nil = time.Now (a test hook).
	Now func() time.Time
}

// Handler is the http.Handler for Path.
type Handler struct {
	callbackSecret []byte
	signingSecret  []byte
	hub            Hinter
	log            *slog.Logger
	maxBody        int64
	refusals       *refusalLog
}

// NewHandler checks the options.
func NewHandler(o Options) (*Handler, error) {
	if len(o.CallbackSecret) < 16 {
		return nil, errors.New("webhook: CallbackSecret must be at least 16 bytes")
	}
	if o.Hub == nil {
		return nil, errors.New("webhook: Hub is required")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	return &Handler{callbackSecret: o.CallbackSecret, signingSecret: []byte(o.SigningSecret), hub: o.Hub,
		log: o.Logger, maxBody: o.MaxBody, refusals: newRefusalLog(o.RefusalLogInterval, o.Now)}, nil
}

// CallbackURL is where HeyGen should deliver: <publicURL>/webhooks/heygen. A
// path prefix on publicURL is kept (the server may sit behind a proxy path).
func CallbackURL(publicURL string) string {
	return strings.TrimRight(publicURL, "/") + Path
}

// callbackIDPrefix versions the callback_id format.
const callbackIDPrefix = "hmcp1."

// CallbackID returns a callback_id the receiver can verify: the seed plus an
// HMAC of it under secret. The session id is not known before the create call
// returns, so the create path passes any per-create value as seed (its
// Idempotency-Key is a good one); the name sessionID is kept from the
// contract. Verifying proves the delivery is about a create this server made.
func CallbackID(secret []byte, sessionID string) string {
	return callbackIDPrefix + sessionID + "." + callbackMAC(secret, sessionID)
}

func callbackMAC(secret []byte, seed string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("heygen-mcp callback_id\x00" + seed))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// MaxUserCallbackID is the longest callback_id of the user's own that
// UserCallbackID extends: with our suffix it stays within the 256 characters
// the create_video schema allows.
const MaxUserCallbackID = 160

// UserCallbackID keeps the user's own callback_id in front and appends a
// verifiable suffix (".hmcp1.<seed>.<mac>", the MAC covering both the user's
// id and the seed), so a per-job delivery to this server's callback_url
// carrying it is accepted unsigned like our own ids (and only ever triggers a
// re-fetch), instead of being refused until HeyGen gives up. ok is false when
// userID is too long to extend; it is then sent unchanged.
func UserCallbackID(secret []byte, userID, seed string) (id string, ok bool) {
	if userID == "" || len(userID) > MaxUserCallbackID {
		return userID, false
	}
	return userID + "." + callbackIDPrefix + seed + "." + callbackMAC(secret, userID+"\x00"+seed), true
}

// VerifyCallbackID reports whether id was made by CallbackID or
// UserCallbackID with secret.
func VerifyCallbackID(secret []byte, id string) bool {
	// Ours ("hmcp1.<seed>.<mac>"), or the user's with our suffix
	// ("<user>.hmcp1.<seed>.<mac>"; the user's part may itself start with
	// "hmcp1.", so both readings are tried).
	if rest, ok := strings.CutPrefix(id, callbackIDPrefix); ok && macMatches(secret, "", rest) {
		return true
	}
	j := strings.LastIndex(id, "."+callbackIDPrefix)
	return j > 0 && macMatches(secret, id[:j], id[j+1+len(callbackIDPrefix):])
}

// macMatches checks "<seed>.<mac>" against the MAC of seed (and user, if any).
func macMatches(secret []byte, user, rest string) bool {
	i := strings.LastIndexByte(rest, '.')
	if i < 0 {
		return false
	}
	seed := rest[:i]
	if user != "" {
		seed = user + "\x00" + seed
	}
	return hmac.Equal([]byte(rest[i+1:]), []byte(callbackMAC(secret, seed)))
}

// verifySignature checks the hex HMAC-SHA256 of body in constant time.
func verifySignature(secret, body []byte, header string) bool {
	got, err := hex.DecodeString(strings.TrimSpace(header))
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return hmac.Equal(got, m.Sum(nil))
}

// Event is what the receiver takes from a delivery: which resource to re-fetch.
type Event struct {
	Type       string
	SessionID  string
	VideoID    string
	CallbackID string
}

// ParseEvent decodes a delivery body ({"event_type", "event_data":{...}}; the
// video_agent event_data fields are inferred). It needs a video_agent.* or
// avatar_video.* event naming a session or video with a plain id.
func ParseEvent(body []byte) (Event, error) {
	var w heygen.WebhookEvent
	if err := json.Unmarshal(body, &w); err != nil {
		return Event{}, errors.New("body is not a JSON webhook event")
	}
	ev := Event{Type: w.EventType, SessionID: w.EventData.SessionID, VideoID: w.EventData.VideoID, CallbackID: w.EventData.CallbackID}
	if !strings.HasPrefix(ev.Type, "video_agent.") && !strings.HasPrefix(ev.Type, "avatar_video.") {
		return Event{}, errors.New("event_type is not a video event")
	}
	if ev.SessionID == "" && ev.VideoID == "" {
		return Event{}, errors.New("event_data names neither session_id nor video_id")
	}
	for name, v := range map[string]string{"session_id": ev.SessionID, "video_id": ev.VideoID} {
		if v != "" && !plainID(v) {
			return Event{}, fmt.Errorf("event_data.%s is not a plain id", name)
		}
	}
	if len(ev.CallbackID) > 512 {
		return Event{}, errors.New("event_data.callback_id is too long")
	}
	return ev, nil
}

// plainID accepts what HeyGen ids look like: letters, digits, '_' and '-', at
// most heygen.MaxIDLength of them (a narrower alphabet than heygen.ValidID's).
func plainID(s string) bool {
	if len(s) > heygen.MaxIDLength {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// ServeHTTP verifies a delivery and turns it into a hint. Answers: 204 done;
// 400 malformed or too large; 401 not verifiable; 405 not a POST. Logs carry
// the reason, never the body or a secret.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, h.maxBody+1))
	if err != nil {
		h.reject(w, http.StatusBadRequest, "body could not be read", 0)
		return
	}
	if int64(len(body)) > h.maxBody {
		h.reject(w, http.StatusBadRequest, fmt.Sprintf("body larger than %d bytes", h.maxBody), len(body))
		return
	}
	signed := false
	if sig := r.Header.Get("Signature"); sig != "" && len(h.signingSecret) > 0 {
		if !verifySignature(h.signingSecret, body, sig) {
			h.reject(w, http.StatusUnauthorized, "Signature header does not match the body", len(body))
			return
		}
		signed = true
	}
	ev, err := ParseEvent(body)
	if err != nil {
		h.reject(w, http.StatusBadRequest, err.Error(), len(body))
		return
	}
	// Per-request callback_url deliveries may be unsigned (inferred), so our own
	// callback_id is the other accepted proof.
	if !signed && !VerifyCallbackID(h.callbackSecret, ev.CallbackID) {
		h.reject(w, http.StatusUnauthorized, "neither a valid Signature nor a callback_id this server issued", len(body))
		return
	}
	n := h.hub.Hint(watch.Ref{SessionID: ev.SessionID, VideoID: ev.VideoID})
	// Debug: accepted deliveries come at HeyGen's pace, one per job event.
	h.log.Debug("webhook: delivery accepted", "event_type", ev.Type, "session_id", ev.SessionID, "video_id", ev.VideoID,
		"signed", signed, "watchers_hinted", n)
	w.WriteHeader(http.StatusNoContent)
}

// reject answers a refused delivery; its log line is rate-limited
// (refusalLog), since anyone can post refusals as fast as they like.
func (h *Handler) reject(w http.ResponseWriter, status int, reason string, size int) {
	if ok, suppressed := h.refusals.allow(); ok {
		h.log.Warn("webhook: delivery rejected (logged at most once per interval)", "status", status, "reason", reason,
			"bytes", size, "unlogged_since_last_line", suppressed, "interval", h.refusals.interval.String())
	}
	http.Error(w, reason, status)
}
