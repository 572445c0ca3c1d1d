package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/elicit"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
)

// wait runs the bounded wait on the shared hub (Deps.Hub, required),
// reporting progress, and turns the outcome into a WaitResult. A failed
// video is a normal result: the model must see failure_code and failure_message.
//
// When a chat-mode session pauses with a question and the client supports
// elicitation, the user is asked directly; an answer is sent to the agent and
// the wait goes on within the same timeout (at most maxElicitRounds times). A
// declined question, or a client without elicitation, ends the wait with the
// question for the model, as before.
//
// On 2026-07-28 the user can only be asked by an input_required result, and
// the client then re-runs the whole call with the answer. rerunnable says the
// calling tool is safe to re-run (wait_for_video); create_video is not (a
// re-run would start another paid session), so there the question goes to
// the model.
func (d Deps) wait(ctx context.Context, c *heygen.Client, tenant string, ref watch.Ref, timeout time.Duration,
	rerunnable bool) (WaitResult, error) {
	deadline := time.Now().Add(timeout)
	// One reporter for every round: progress must keep increasing.
	onUpdate := d.waitProgress(ctx)
	var answered []AnsweredQuestion
	declined := false
	if rerunnable {
		var err error
		if answered, declined, err = d.resumeAfterInput(ctx, c, tenant, onUpdate); err != nil {
			return WaitResult{}, err
		}
	}
	for round := len(answered); ; round++ {
		remaining := time.Until(deadline)
		if remaining <= 0 {
			remaining = time.Millisecond // one last look at the state
		}
		r, snap, err := d.waitOnce(ctx, c, tenant, ref, remaining, onUpdate)
		if err != nil {
			return WaitResult{}, err
		}
		r.Answered = answered
		if r.Done || !snap.NeedsInput || snap.SessionID == "" || strings.TrimSpace(snap.Question) == "" ||
			round >= maxElicitRounds || time.Until(deadline) <= 0 || declined {
			return r, nil
		}
		if server.IsModernRequest(ctx) {
			// 2026-07-28 has no server-to-client requests: ask through an
			// input_required result; the client retries this call with the
			// user's answer (resumeAfterInput).
			if !rerunnable || !elicit.Supported(ctx) {
				return r, nil
			}
			return WaitResult{}, &inputRequired{result: server.NewInputRequestBuilder(encodeWaitState(snap, answered)).
				Elicit(waitInputKey, elicit.Params(ctx, snap.Question)).ToolResult()}
		}
		answer, asked, err := elicit.Ask(ctx, server.ServerFromContext(ctx), snap.Question)
		if err != nil {
			return WaitResult{}, err
		}
		if !asked || answer == "" {
			return r, nil // no elicitation, or declined: the model gets the question
		}
		if err := sendAnswer(ctx, c, snap.SessionID, answer); err != nil {
			return WaitResult{}, err
		}
		answered = append(answered, AnsweredQuestion{Question: snap.Question, Answer: answer})
		ref = watch.Ref{SessionID: snap.SessionID}
	}
}

func sendAnswer(ctx context.Context, c *heygen.Client, sessionID, answer string) error {
	if _, err := c.SendMessage(ctx, sessionID, &heygen.SendMessageRequest{Message: answer}); err != nil {
		return fmt.Errorf("the user answered the agent's question, but sending the answer failed "+
			"(send it with send_message, session_id %q, message %q): %w", sessionID, answer, err)
	}
	return nil
}

// errNoHub: every wait runs on the hub's shared poller; the server assembly
// always sets Deps.Hub, so only a hand-built Deps can lack one.
var errNoHub = errors.New("waiting needs the server's watch hub; this server was assembled without one")

func (d Deps) waitOnce(ctx context.Context, c *heygen.Client, tenant string, ref watch.Ref, timeout time.Duration,
	onUpdate func(watch.Snapshot)) (WaitResult, watch.Snapshot, error) {
	snap, err := d.hubWait(ctx, c, tenant, ref, timeout, onUpdate, "the video keeps rendering: call wait_for_video again after it restarts")
	if err != nil {
		return WaitResult{}, snap, err
	}
	return waitResult(snap), snap, nil
}

// hubWait is one bounded wait on the shared poller (Deps.Hub, required). A
// failed job ends the wait as a done snapshot, not an error: the model must
// see why it failed. A closing hub is an error that ends with closing (what
// keeps running and what to call again).
func (d Deps) hubWait(ctx context.Context, c *heygen.Client, tenant string, ref watch.Ref, timeout time.Duration,
	onUpdate func(watch.Snapshot), closing string) (watch.Snapshot, error) {
	if d.Hub == nil {
		return watch.Snapshot{}, errNoHub
	}
	snap, err := d.Hub.Wait(ctx, tenant, c, ref, timeout, onUpdate)
	switch {
	case err == nil, errors.Is(err, watch.ErrFailed):
		snap.Done = snap.Done || err != nil
		return snap, nil
	case errors.Is(err, watch.ErrHubClosed):
		return snap, errors.New("the server is shutting down; " + closing)
	}
	return snap, err
}

func waitResult(s watch.Snapshot) WaitResult {
	r := WaitResult{Done: s.Done, SessionID: s.SessionID, SessionStatus: s.SessionStatus, Progress: s.Progress,
		NeedsInput: s.NeedsInput, Question: s.Question}
	if s.Video != nil {
		r.VideoResult = NewVideoResult(s.Video)
	}
	r.VideoID = s.VideoID
	if r.FailureCode == "" {
		r.FailureCode = s.FailureCode
	}
	if r.FailureMessage == "" {
		r.FailureMessage = s.FailureMessage
	}
	if r.Title == "" {
		r.Title = s.Title
	}
	again := "call wait_for_video again with "
	if s.SessionID != "" {
		again += fmt.Sprintf("session_id %q", s.SessionID)
	} else {
		again += fmt.Sprintf("video_id %q", s.VideoID)
	}
	switch {
	case s.Done && s.Failed:
		r.NextStep = "the video failed; explain failure_message to the user and, if it says how, start again with create_video."
	case s.Done && r.Status == heygen.VideoCompleted:
		r.NextStep = "give the user video_url (download links expire: call get_video for a fresh one)."
	case s.Done:
		r.NextStep = fmt.Sprintf("the session ended without a video; check it with get_session (session_id %q).", s.SessionID)
	case s.NeedsInput:
		r.NextStep = fmt.Sprintf("the agent waits for the user: ask them, answer with send_message (session_id %q), then %s.",
			s.SessionID, strings.TrimPrefix(again, "call "))
	default:
		r.NextStep = "not done yet: " + again + " to keep waiting."
	}
	return r
}

// waitProgress reports every fetch of a wait as progress (the session's
// 0-100), a keep-alive for clients that reset their timeout on progress.
func (d Deps) waitProgress(ctx context.Context) func(watch.Snapshot) {
	p := d.newProgress(ctx)
	return func(s watch.Snapshot) { p.keepAlive(float64(s.Progress), 100, progressMessage(s)) }
}

func progressMessage(s watch.Snapshot) string {
	var parts []string
	if s.SessionStatus != "" {
		parts = append(parts, "session "+s.SessionStatus)
	}
	if s.VideoStatus != "" {
		parts = append(parts, "video "+s.VideoStatus)
	}
	if s.TranslationStatus != "" {
		parts = append(parts, "translation "+s.TranslationStatus)
	}
	msg := strings.Join(parts, ", ")
	if msg == "" {
		msg = "waiting"
	}
	if s.Question != "" {
		msg += ": the agent asks: " + truncate(oneLine(s.Question), 200)
	}
	return msg
}
