package tools

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/elicit"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
)

// waitInputKey names the one input request wait_for_video makes of a
// 2026-07-28 client: the agent's question, asked of the user.
const waitInputKey = "answer"

// maxWaitState bounds the requestState a client may echo back.
const maxWaitState = 8 << 10

// waitState is wait_for_video's requestState for a 2026-07-28 client: which
// session's question the user is being asked (by digest: the question itself
// is re-read from HeyGen on the retry) and what they answered before in this
// wait. The client can read and change it; it grants nothing the same client
// could not do with send_message.
type waitState struct {
	SessionID string             `json:"s"`
	Question  string             `json:"q"`
	Answered  []AnsweredQuestion `json:"a,omitempty"`
}

func questionDigest(q string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(q)))
	return hex.EncodeToString(sum[:8])
}

func encodeWaitState(snap watch.Snapshot, answered []AnsweredQuestion) string {
	st := waitState{SessionID: snap.SessionID, Question: questionDigest(snap.Question)}
	for _, a := range answered {
		st.Answered = append(st.Answered, AnsweredQuestion{Question: truncate(oneLine(a.Question), 200), Answer: truncate(oneLine(a.Answer), 200)})
	}
	b, _ := json.Marshal(st) // plain strings: cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

var errBadWaitState = errors.New("the retry carries a requestState this server did not issue; call wait_for_video again without it")

func decodeWaitState(s string) (waitState, error) {
	var st waitState
	if len(s) > maxWaitState {
		return st, errBadWaitState
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(b, &st) != nil || st.Question == "" || len(st.Answered) > maxElicitRounds {
		return waitState{}, errBadWaitState
	}
	if !heygen.ValidID(st.SessionID) {
		return waitState{}, errBadWaitState
	}
	return st, nil
}

// resumeAfterInput handles a 2026-07-28 retry of wait_for_video that carries
// the user's answer to the agent's question. The answer is sent only while
// the session still waits on that very question, so a client that repeats
// the retry cannot answer twice. declined reports that the user declined or
// cancelled: the question then goes to the model instead of being asked again.
func (d Deps) resumeAfterInput(ctx context.Context, c *heygen.Client, tenant string,
	onUpdate func(watch.Snapshot)) (answered []AnsweredQuestion, declined bool, err error) {
	rt := roundTripFrom(ctx)
	if rt.RequestState == "" {
		return nil, false, nil
	}
	st, err := decodeWaitState(rt.RequestState)
	if err != nil {
		return nil, false, err
	}
	answered = st.Answered
	_, snap, err := d.waitOnce(ctx, c, tenant, watch.Ref{SessionID: st.SessionID}, time.Millisecond, onUpdate)
	if err != nil {
		return nil, false, err
	}
	if !snap.NeedsInput || questionDigest(snap.Question) != st.Question {
		return answered, false, nil // answered already, or moved on: just keep waiting
	}
	answer := elicit.AnswerOf(snap.Question, server.ElicitationResponse(rt.InputResponses, waitInputKey))
	if answer == "" {
		return answered, true, nil
	}
	if err := sendAnswer(ctx, c, st.SessionID, answer); err != nil {
		return nil, false, err
	}
	return append(answered, AnsweredQuestion{Question: snap.Question, Answer: answer}), false, nil
}
