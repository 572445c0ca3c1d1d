// Package elicit asks the user the Video Agent's question from inside their MCP
// client (elicitation/create) while a chat-mode session waits for input, so the
// conversation with the agent can happen without a round trip through the model.
// Choices offered in the question (voices, avatars, styles, "approve") become an
// enum the client can render as buttons; anything else is a free-text answer.
package elicit

import (
	"context"
	"log/slog"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// Schema property names of the form sent to the client.
const (
	fieldChoice  = "choice"
	fieldDetails = "details"
	fieldAnswer  = "answer"

	approveValue = "approve"
	changesValue = "request changes"

	maxMessage = 4000 // keeps the client's dialog readable
)

// Supported reports whether the caller's client advertised elicitation: in the
// request's own _meta (protocol 2026-07-28) or at initialize (earlier versions).
func Supported(ctx context.Context) bool {
	if info := server.RequestProtocolInfoFromContext(ctx); info != nil && info.Modern {
		return info.ClientCapabilities != nil && info.ClientCapabilities.Elicitation != nil
	}
	s, ok := server.ClientSessionFromContext(ctx).(server.SessionWithClientInfo)
	return ok && s.GetClientCapabilities().Elicitation != nil
}

// Ask shows question to the user and returns the answer to send to the agent
// with send_message.
//
//   - The client lacks elicitation (or the request cannot be delivered, e.g. a
//     2026-07-28 connection that only takes multi-round-trip results): asked is
//     false and the caller returns the question to the model as before.
//   - The user declined or cancelled, or accepted without an answer: asked is
//     true and answer is "", so the caller hands the question to the model.
//   - err is non-nil only when ctx ended; the caller stops.
func Ask(ctx context.Context, srv *server.MCPServer, question string) (answer string, asked bool, err error) {
	question = strings.TrimSpace(question)
	if srv == nil || question == "" || !Supported(ctx) {
		return "", false, nil
	}
	res, err := srv.RequestElicitation(ctx, mcp.ElicitationRequest{Params: Params(ctx, question)})
	if err != nil {
		if ctx.Err() != nil {
			return "", false, ctx.Err()
		}
		slog.Warn("elicitation failed; the question goes back to the model", "err", err)
		return "", false, nil
	}
	return AnswerOf(question, res), true, nil
}

// Params is the form that asks the user question, for a 2026-07-28 client,
// where the server cannot send elicitation/create itself and instead returns
// it as an input request of a multi-round-trip result (SEP-2322).
func Params(ctx context.Context, question string) mcp.ElicitationParams {
	question = strings.TrimSpace(question)
	return mcp.ElicitationParams{
		Mode:            mcp.ElicitationModeForm,
		Message:         message(question),
		RequestedSchema: Parse(question).schema(titledEnums(ctx)),
	}
}

// AnswerOf turns the user's reply to Params(question) into the message for
// the agent: "" when the user declined, cancelled, or sent nothing usable.
func AnswerOf(question string, res *mcp.ElicitationResult) string {
	if res == nil || res.Action != mcp.ElicitationResponseActionAccept {
		return ""
	}
	return Parse(strings.TrimSpace(question)).answer(res.Content)
}

func message(question string) string {
	m := "HeyGen's Video Agent is waiting for your answer:\n\n" + question
	if len(m) > maxMessage {
		m = m[:maxMessage-3] + "..."
	}
	return m
}

// titledEnums says whether the client speaks the 2025-11-25 elicitation
// schema (oneOf with const/title); older clients get enum + enumNames.
func titledEnums(ctx context.Context) bool {
	v := server.RequestProtocolVersion(ctx)
	return v == "" || v >= mcp.ProtocolVersion20251125
}

// Choice is one option of a question: Value is what is sent back to the
// agent, Title what the user sees.
type Choice struct {
	Value string
	Title string
}

// Question is a parsed agent question.
type Question struct {
	Text    string
	Choices []Choice
	// Review marks a storyboard checkpoint: approve, or describe changes.
	Review bool
}

func (q Question) schema(titled bool) map[string]any {
	if len(q.Choices) == 0 {
		return map[string]any{
			"type": "object",
			"properties": map[string]any{
				fieldAnswer: map[string]any{"type": "string", "title": "Your answer", "minLength": 1,
					"description": "What to tell the Video Agent."},
			},
			"required": []string{fieldAnswer},
		}
	}
	choice := map[string]any{"type": "string", "title": "Your choice"}
	if titled {
		opts := make([]map[string]any, 0, len(q.Choices))
		for _, c := range q.Choices {
			opts = append(opts, map[string]any{"const": c.Value, "title": c.Title})
		}
		choice["oneOf"] = opts
	} else {
		values, names := make([]string, 0, len(q.Choices)), make([]string, 0, len(q.Choices))
		for _, c := range q.Choices {
			values, names = append(values, c.Value), append(names, c.Title)
		}
		choice["enum"], choice["enumNames"] = values, names
	}
	details := map[string]any{"type": "string", "title": "Anything to add (optional)"}
	if q.Review {
		details["title"] = "What should change? (for \"Request changes\")"
	}
	return map[string]any{
		"type":       "object",
		"properties": map[string]any{fieldChoice: choice, fieldDetails: details},
		"required":   []string{fieldChoice},
	}
}

// answer turns the accepted form into the message for send_message; "" when
// there is nothing usable to send.
func (q Question) answer(content any) string {
	form, _ := content.(map[string]any)
	str := func(k string) string {
		s, _ := form[k].(string)
		return strings.TrimSpace(s)
	}
	if len(q.Choices) == 0 {
		return str(fieldAnswer)
	}
	choice, details := str(fieldChoice), str(fieldDetails)
	switch {
	case q.Review && choice == changesValue:
		return details // no details: nothing to send, the model asks instead
	case choice == "":
		return details
	case details == "":
		return choice
	default:
		return choice + ". " + details
	}
}
