package elicit_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/internal/elicit"
)

// simQuestions drives a chat-mode session in the simulator and returns the
// agent's two questions exactly as the API returns them: the voice question
// (waiting_for_input) and the storyboard review (reviewing).
func simQuestions(t *testing.T) (voice, review string) {
	t.Helper()
	clock := sim.NewFakeClock(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	s := sim.New(sim.WithClock(clock), sim.WithSeed(1))
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	c, err := heygen.NewClient(heygen.WithBaseURL(ts.URL), heygen.WithAPIKey("k"), heygen.WithHTTPClient(ts.Client()))
	require.NoError(t, err)
	ctx := context.Background()
	cr, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "An explainer", Mode: "chat"})
	require.NoError(t, err)
	newest := func(want string) string {
		s.Advance(time.Hour)
		sess, err := c.GetSession(ctx, cr.SessionID)
		require.NoError(t, err)
		require.Equal(t, want, sess.Status)
		for _, m := range sess.Messages {
			if m.Role == heygen.RoleModel {
				return m.Content
			}
		}
		t.Fatal("no model message")
		return ""
	}
	voice = newest(heygen.SessionWaitingForInput)
	_, err = c.SendMessage(ctx, cr.SessionID, &heygen.SendMessageRequest{Message: "Warm narrator"})
	require.NoError(t, err)
	review = newest(heygen.SessionReviewing)
	return voice, review
}

func TestParseSimulatorQuestions(t *testing.T) {
	voice, review := simQuestions(t)

	q := elicit.Parse(voice)
	assert.False(t, q.Review)
	assert.Equal(t, []elicit.Choice{
		{Value: "Warm narrator (voice_id voice_warm_01)", Title: "Warm narrator"},
		{Value: "Crisp presenter (voice_id voice_crisp_02)", Title: "Crisp presenter"},
		{Value: "Calm guide (voice_id voice_calm_03)", Title: "Calm guide"},
		{Value: "you pick", Title: "You pick"},
	}, q.Choices)

	q = elicit.Parse(review)
	assert.True(t, q.Review)
	require.Len(t, q.Choices, 2)
	assert.Equal(t, "approve", q.Choices[0].Value)
	assert.Equal(t, "request changes", q.Choices[1].Value)
}

func TestParseShapes(t *testing.T) {
	cases := []struct {
		name, text string
		values     []string
	}{
		{"numbered", "Which avatar?\n1. Anna in the office (avatar_id anna_1)\n2) Ben outdoors\n3. Chloe", []string{"Anna in the office (avatar_id anna_1)", "Ben outdoors", "Chloe"}},
		{"bulleted", "Pick a style:\n- Paper Cutout\n* Claymation\n• Newsprint.", []string{"Paper Cutout", "Claymation", "Newsprint"}},
		{"inline with or", "Choices: landscape, portrait or square?", []string{"landscape", "portrait", "square"}},
		{"commas inside parens", "Options: A (one, two), B (three). Thanks", []string{"A (one, two)", "B (three)"}},
		{"free text", "What is the name of your product?", nil},
		{"single option is not a choice", "Options: only this.", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := elicit.Parse(c.text)
			var got []string
			for _, ch := range q.Choices {
				got = append(got, ch.Value)
			}
			assert.Equal(t, c.values, got)
			assert.False(t, q.Review)
		})
	}
}

// elicitor is a scripted client-side elicitation handler.
type elicitor struct {
	mu      sync.Mutex
	got     []mcp.ElicitationRequest
	respond func(mcp.ElicitationRequest) *mcp.ElicitationResult
}

func (e *elicitor) Elicit(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	e.mu.Lock()
	e.got = append(e.got, req)
	e.mu.Unlock()
	return e.respond(req), nil
}

func (e *elicitor) requests() []mcp.ElicitationRequest {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]mcp.ElicitationRequest(nil), e.got...)
}

type askResult struct {
	Answer string `json:"answer"`
	Asked  bool   `json:"asked"`
}

// askServer has one tool that asks its "question" argument through elicit.Ask.
func askServer() *server.MCPServer {
	s := server.NewMCPServer("elicit-test", "0", server.WithToolCapabilities(false), server.WithElicitation())
	s.AddTool(mcp.NewTool("ask", mcp.WithString("question")), func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		answer, asked, err := elicit.Ask(ctx, server.ServerFromContext(ctx), req.GetString("question", ""))
		if err != nil {
			return nil, err
		}
		b, _ := json.Marshal(askResult{Answer: answer, Asked: asked})
		return mcp.NewToolResultText(string(b)), nil
	})
	return s
}

func ask(t *testing.T, protocol string, h client.ElicitationHandler, question string) askResult {
	t.Helper()
	var opts []client.ClientOption
	if h != nil {
		opts = append(opts, client.WithElicitationHandler(h))
	}
	c := mcptest.Connect(t, askServer(), mcptest.Protocol(protocol), mcptest.ClientOptions(opts...))
	ctx := context.Background()
	req := mcp.CallToolRequest{}
	req.Params.Name = "ask"
	req.Params.Arguments = map[string]any{"question": question}
	res, err := c.CallTool(ctx, req)
	require.NoError(t, err)
	require.False(t, res.IsError)
	var out askResult
	require.NoError(t, json.Unmarshal([]byte(res.Content[0].(mcp.TextContent).Text), &out))
	return out
}

var protocols = []string{mcp.LATEST_PROTOCOL_VERSION, mcp.ProtocolVersion20251125, "2025-06-18"}

func TestAskAnswered(t *testing.T) {
	voice, review := simQuestions(t)
	for _, proto := range protocols {
		t.Run(proto, func(t *testing.T) {
			e := &elicitor{respond: func(req mcp.ElicitationRequest) *mcp.ElicitationResult {
				return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{
					Action:  mcp.ElicitationResponseActionAccept,
					Content: map[string]any{"choice": "Crisp presenter (voice_id voice_crisp_02)", "details": "a bit slower please"},
				}}
			}}
			got := ask(t, proto, e, voice)
			assert.Equal(t, askResult{Answer: "Crisp presenter (voice_id voice_crisp_02). a bit slower please", Asked: true}, got)

			reqs := e.requests()
			require.Len(t, reqs, 1)
			assert.Contains(t, reqs[0].Params.Message, voice)
			b, err := json.Marshal(reqs[0].Params.RequestedSchema)
			require.NoError(t, err)
			var schema struct {
				Properties struct {
					Choice struct {
						Type      string   `json:"type"`
						Enum      []string `json:"enum"`
						EnumNames []string `json:"enumNames"`
						OneOf     []struct {
							Const string `json:"const"`
							Title string `json:"title"`
						} `json:"oneOf"`
					} `json:"choice"`
				} `json:"properties"`
				Required []string `json:"required"`
			}
			require.NoError(t, json.Unmarshal(b, &schema))
			assert.Equal(t, []string{"choice"}, schema.Required)
			ch := schema.Properties.Choice
			assert.Equal(t, "string", ch.Type)
			if proto == "2025-06-18" {
				assert.Empty(t, ch.OneOf)
				assert.Equal(t, []string{"Warm narrator", "Crisp presenter", "Calm guide", "You pick"}, ch.EnumNames)
				assert.Contains(t, ch.Enum, "Warm narrator (voice_id voice_warm_01)")
			} else {
				assert.Empty(t, ch.Enum)
				require.Len(t, ch.OneOf, 4)
				assert.Equal(t, "Calm guide (voice_id voice_calm_03)", ch.OneOf[2].Const)
				assert.Equal(t, "Calm guide", ch.OneOf[2].Title)
			}
		})
	}

	t.Run("review approve", func(t *testing.T) {
		e := &elicitor{respond: func(mcp.ElicitationRequest) *mcp.ElicitationResult {
			return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{
				Action: mcp.ElicitationResponseActionAccept, Content: map[string]any{"choice": "approve"}}}
		}}
		assert.Equal(t, askResult{Answer: "approve", Asked: true}, ask(t, mcp.ProtocolVersion20251125, e, review))
	})
	t.Run("review changes", func(t *testing.T) {
		e := &elicitor{respond: func(mcp.ElicitationRequest) *mcp.ElicitationResult {
			return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{
				Action: mcp.ElicitationResponseActionAccept, Content: map[string]any{"choice": "request changes", "details": "Shorter intro"}}}
		}}
		assert.Equal(t, askResult{Answer: "Shorter intro", Asked: true}, ask(t, mcp.ProtocolVersion20251125, e, review))
	})
	t.Run("review changes without details goes back to the model", func(t *testing.T) {
		e := &elicitor{respond: func(mcp.ElicitationRequest) *mcp.ElicitationResult {
			return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{
				Action: mcp.ElicitationResponseActionAccept, Content: map[string]any{"choice": "request changes"}}}
		}}
		assert.Equal(t, askResult{Answer: "", Asked: true}, ask(t, mcp.ProtocolVersion20251125, e, review))
	})
	t.Run("free text", func(t *testing.T) {
		e := &elicitor{respond: func(req mcp.ElicitationRequest) *mcp.ElicitationResult {
			return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{
				Action: mcp.ElicitationResponseActionAccept, Content: map[string]any{"answer": " Acme Rocket "}}}
		}}
		assert.Equal(t, askResult{Answer: "Acme Rocket", Asked: true}, ask(t, mcp.ProtocolVersion20251125, e, "What is the product called?"))
		b, _ := json.Marshal(e.requests()[0].Params.RequestedSchema)
		assert.JSONEq(t, `{"type":"object","required":["answer"],"properties":{"answer":{"type":"string","title":"Your answer","minLength":1,"description":"What to tell the Video Agent."}}}`, string(b))
	})
}

func TestAskDeclinedOrCancelled(t *testing.T) {
	voice, _ := simQuestions(t)
	for _, action := range []mcp.ElicitationResponseAction{mcp.ElicitationResponseActionDecline, mcp.ElicitationResponseActionCancel} {
		t.Run(string(action), func(t *testing.T) {
			e := &elicitor{respond: func(mcp.ElicitationRequest) *mcp.ElicitationResult {
				return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: action}}
			}}
			assert.Equal(t, askResult{Answer: "", Asked: true}, ask(t, mcp.ProtocolVersion20251125, e, voice))
			assert.Len(t, e.requests(), 1)
		})
	}
}

func TestAskWithoutCapability(t *testing.T) {
	voice, _ := simQuestions(t)
	for _, proto := range protocols {
		t.Run(proto, func(t *testing.T) {
			assert.Equal(t, askResult{Answer: "", Asked: false}, ask(t, proto, nil, voice))
		})
	}
}

func TestAskOutsideASession(t *testing.T) {
	answer, asked, err := elicit.Ask(context.Background(), askServer(), "Which voice? Options: a, b.")
	require.NoError(t, err)
	assert.False(t, asked)
	assert.Empty(t, answer)
	_, asked, err = elicit.Ask(context.Background(), nil, "x")
	require.NoError(t, err)
	assert.False(t, asked)
}
