package sim

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// delivery is one callback POST waiting to be sent outside the mutex.
type delivery struct {
	url  string
	body []byte
}

// callbackTimeout bounds one delivery so a slow receiver cannot stall ticking.
const callbackTimeout = 10 * time.Second

// queueCallbackLocked records the terminal event of a session that has a
// callback_url. The event_data fields are what community handlers read
// (inferred).
func (s *Simulator) queueCallbackLocked(ss *session, event, videoURL, msg string) {
	if ss.callbackURL == "" || s.callbackClient == nil {
		return
	}
	body, err := json.Marshal(heygen.WebhookEvent{EventType: event, EventData: heygen.WebhookEventData{
		SessionID: ss.id, VideoID: ss.videoID, URL: videoURL, CallbackID: ss.callbackID, Message: msg,
	}})
	if err != nil {
		return
	}
	s.outbox = append(s.outbox, delivery{url: ss.callbackURL, body: body})
}

// Sign returns the Signature header value the simulator sends: lowercase hex
// HMAC-SHA256 of the raw body keyed with secret (inferred).
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// deliver POSTs one event once; failures are logged (host only: the URL may
// carry a token) and not retried.
func (s *Simulator) deliver(ctx context.Context, d delivery) {
	ctx, cancel := context.WithTimeout(ctx, callbackTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.url, bytes.NewReader(d.body))
	if err != nil {
		s.log.Warn("sim: callback not sent", "err", "invalid callback URL")
		return
	}
	req.Header.Set("Content-Type", "application/json")
	if s.webhookSecret != "" {
		req.Header.Set("Signature", Sign(s.webhookSecret, d.body))
	}
	resp, err := s.callbackClient.Do(req)
	if err != nil {
		s.log.Warn("sim: callback delivery failed", "host", hostOf(d.url))
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	_ = resp.Body.Close()
	if resp.StatusCode >= 300 {
		s.log.Warn("sim: callback rejected", "host", hostOf(d.url), "status", resp.StatusCode)
	}
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}
