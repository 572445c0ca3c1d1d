package heygen

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Reconciling a create whose outcome is unknown (see idempotency.go for why the
// create is not simply sent again).

// Bounds of FindCreatedSession: at most findMaxPages list pages and
// findMaxChecks session GETs per call.
const (
	findPageSize  = 50
	findMaxPages  = 2
	findMaxChecks = 10
	// createdAtSlack widens the time window on both sides: HeyGen's clock is
	// not ours and created_at has a 1 s resolution (inferred: NTP-synced clocks
	// are within a second; a minute leaves room).
	createdAtSlack = time.Minute
)

// ErrLookupIncomplete means FindCreatedSession could not check every session
// in the time window (too many, or one could not be read): a session it did
// not find may still exist.
var ErrLookupIncomplete = errors.New("heygen: could not check every session created in the time window")

// Now is the client's clock (WithNow; default time.Now). Pass Now() taken just
// before CreateSession as FindCreatedSession's since.
func (c *Client) Now() time.Time { return c.now() }

// OutcomeUnknown reports whether a failed write may nevertheless have been
// carried out by HeyGen: the request may have reached it but no usable answer
// came back. True for a timeout or a connection lost after sending
// (*TransportError without NotSent), a 5xx (a gateway can answer 5xx after the
// backend did the work), 409 request_in_progress (an earlier attempt is still
// running) and a 2xx that could not be read (*ReplyError). False for a request
// that provably never left, a 4xx (rejected), a local validation error, and the
// caller's own cancellation (nobody is left to act on the answer).
func OutcomeUnknown(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var te *TransportError
	if errors.As(err, &te) {
		return !te.NotSent
	}
	var re *ReplyError
	if errors.As(err, &re) {
		return true
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.StatusCode >= 500 || ae.inProgress()
	}
	return false
}

// FindCreatedSession looks for the session a create may have started although
// its reply was lost: POST /v3/video-agents timed out, was cut off after
// sending, got a 5xx or an unreadable 2xx. since is the client's Now() taken
// just before the create.
//
// It lists sessions newest first (GET /v3/video-agents, at most findMaxPages
// pages), keeps those whose created_at lies in [since-1m, now+1m], and GETs
// them (at most findMaxChecks) to compare the prompt: a session matches when
// one of its user messages is exactly req.Prompt. List items carry only
// session_id, created_at and title (HeyGen CLI gen/video-agent.go
// VideoAgentList), and neither the list nor the session GET returns
// callback_id, mode or the create's Idempotency-Key, so the prompt and the time
// are all there is to match on. That HeyGen keeps the prompt verbatim as the
// session's first user message is inferred.
//
// found is false when no session matched; err is ErrLookupIncomplete (wrapped)
// when some sessions in the window could not be checked, or the list/GET
// error. When several sessions match (the same prompt sent twice within the
// window) the newest is returned: it is the likeliest to be this create's.
func (c *Client) FindCreatedSession(ctx context.Context, req *CreateSessionRequest, since time.Time) (*Session, bool, error) {
	if req == nil || req.Prompt == "" {
		return nil, false, &ValidationError{Param: "request", Message: "needs the prompt of the create to look for"}
	}
	lo := since.Add(-createdAtSlack).Unix()
	hi := c.now().Add(createdAtSlack).Unix()

	var candidates []string
	complete := false
	token := ""
	for page := 0; page < findMaxPages && !complete; page++ {
		p, err := c.ListSessions(ctx, &ListOptions{Limit: findPageSize, Token: token})
		if err != nil {
			return nil, false, err
		}
		for _, s := range p.Data {
			if s.CreatedAt < lo {
				complete = true // newest first: the rest are older still
				break
			}
			if s.CreatedAt <= hi {
				candidates = append(candidates, s.SessionID)
			}
		}
		token = p.Next()
		if !p.HasMore || token == "" {
			complete = true
		}
	}

	checked := 0
	for _, id := range candidates {
		if checked == findMaxChecks {
			complete = false
			break
		}
		checked++
		s, err := c.GetSession(ctx, id)
		if IsNotFound(err) {
			// The session GET can answer 404 for a session that exists
			// (observed, undocumented): it cannot be compared.
			complete = false
			continue
		}
		if err != nil {
			return nil, false, err
		}
		if promptMatches(s, req.Prompt) {
			return s, true, nil
		}
	}
	if !complete {
		return nil, false, fmt.Errorf("%w (%d listed in the window, %d checked)", ErrLookupIncomplete, len(candidates), checked)
	}
	return nil, false, nil
}

// promptMatches reports whether one of s's user messages is exactly prompt.
func promptMatches(s *Session, prompt string) bool {
	for _, m := range s.Messages {
		if m.Role == RoleUser && m.Content == prompt {
			return true
		}
	}
	return false
}
