package prompts_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/internal/prompts"
)

func newClient(t *testing.T) *client.Client {
	t.Helper()
	s := server.NewMCPServer("prompts-test", "0", server.WithPromptCapabilities(false))
	prompts.Register(s)
	return mcptest.Connect(t, s)
}

func get(t *testing.T, c *client.Client, name string, args map[string]string) (string, error) {
	t.Helper()
	req := mcp.GetPromptRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := c.GetPrompt(context.Background(), req)
	if err != nil {
		return "", err
	}
	require.Len(t, res.Messages, 1)
	assert.Equal(t, mcp.RoleUser, res.Messages[0].Role)
	tc, ok := res.Messages[0].Content.(mcp.TextContent)
	require.True(t, ok)
	return tc.Text, nil
}

// agentPrompt is the part between the --- lines: what goes to create_video.
func agentPrompt(t *testing.T, brief string) string {
	t.Helper()
	parts := strings.Split(brief, "\n---\n")
	require.Len(t, parts, 3, brief)
	return parts[1]
}

func TestListPrompts(t *testing.T) {
	c := newClient(t)
	res, err := c.ListPrompts(context.Background(), mcp.ListPromptsRequest{})
	require.NoError(t, err)
	byName := map[string]mcp.Prompt{}
	for _, p := range res.Prompts {
		byName[p.Name] = p
	}
	for _, name := range []string{"product_walkthrough", "explainer", "social_clip"} {
		p, ok := byName[name]
		require.True(t, ok, name)
		assert.NotEmpty(t, p.Description)
		args := map[string]bool{}
		for _, a := range p.Arguments {
			args[a.Name] = a.Required
			assert.NotEmpty(t, a.Description, "%s.%s", name, a.Name)
		}
		assert.True(t, args["topic"], "%s: topic is required", name)
		for _, a := range []string{"audience", "length", "orientation", "style_id"} {
			req, ok := args[a]
			assert.True(t, ok, "%s lacks %s", name, a)
			assert.False(t, req)
		}
	}
}

func TestBriefs(t *testing.T) {
	c := newClient(t)
	text, err := get(t, c, "product_walkthrough", map[string]string{
		"topic": "expense reports in one click", "product": "Acme Ledger", "audience": "finance managers",
		"length": "45s", "style_id": "style_paper_cutout", "features": "scan receipts, auto-categorise, approve on mobile",
		"call_to_action": "start a free trial at acme.example", "voice_id": "voice_warm_01", "files": "/home/me/videos/screens.pdf, https://acme.example/logo.png",
	})
	require.NoError(t, err)
	assert.Contains(t, text, "call the create_video tool")
	assert.Contains(t, text, `- orientation: "landscape"`)
	assert.Contains(t, text, `- style_id: "style_paper_cutout"`)
	assert.Contains(t, text, `- voice_id: "voice_warm_01"`)
	assert.NotContains(t, text, "avatar_id")
	assert.Contains(t, text, `{"type":"path","path":...}`)
	assert.Contains(t, text, "/home/me/videos/screens.pdf")
	vp := agentPrompt(t, text)
	for _, want := range []string{"Acme Ledger", "about 45 seconds", "Audience: finance managers",
		"scan receipts; auto-categorise; approve on mobile", "start a free trial at acme.example", "landscape 16:9", "attached files"} {
		assert.Contains(t, vp, want)
	}
	assert.NotContains(t, vp, "style_id", "fields go in the call, not in the prompt")

	text, err = get(t, c, "social_clip", map[string]string{"topic": "our summer sale", "platform": "TikTok"})
	require.NoError(t, err)
	assert.Contains(t, text, `- orientation: "portrait"`, "social clips default to portrait")
	vp = agentPrompt(t, text)
	assert.Contains(t, vp, "about 30 seconds")
	assert.Contains(t, vp, "for TikTok")
	assert.Contains(t, vp, "captions")
	assert.NotContains(t, text, "files:")

	text, err = get(t, c, "explainer", map[string]string{"topic": "how vaccines work", "length": "2m", "level": "Beginner",
		"key_points": "antigens, memory cells", "orientation": "Portrait"})
	require.NoError(t, err)
	assert.Contains(t, text, `- orientation: "portrait"`)
	vp = agentPrompt(t, text)
	assert.Contains(t, vp, "about 2 minutes")
	assert.Contains(t, vp, "antigens; memory cells")
}

func TestArgumentErrors(t *testing.T) {
	c := newClient(t)
	cases := []struct {
		name string
		args map[string]string
		want string
	}{
		{"explainer", map[string]string{}, `"topic" is required`},
		{"explainer", map[string]string{"topic": "  "}, `"topic" is required`},
		{"explainer", map[string]string{"topic": "x", "length": "forever"}, `"length" is "forever"; write it like 30s`},
		{"explainer", map[string]string{"topic": "x", "length": "2s"}, "between 5s and 10m"},
		{"explainer", map[string]string{"topic": "x", "length": "11m"}, "between 5s and 10m"},
		{"social_clip", map[string]string{"topic": "x", "orientation": "square"}, "use landscape (16:9) or portrait (9:16)"},
		{"social_clip", map[string]string{"topic": "x", "style_id": "not a style!"}, "pick one from list_styles"},
		{"social_clip", map[string]string{"topic": "x", "avatar_id": "a/b"}, `"avatar_id" is "a/b", which is not an id; pick one from list_avatars`},
		{"social_clip", map[string]string{"topic": "x", "duration": "30s"}, `unknown argument "duration"; valid arguments: topic, audience, length`},
		{"explainer", map[string]string{"topic": "x", "level": "guru"}, "beginner, intermediate or expert"},
		{"explainer", map[string]string{"topic": "x", "files": "http://insecure.example/a.png"}, "only public https"},
		{"explainer", map[string]string{"topic": strings.Repeat("x", 1001)}, "keep it under 1000"},
	}
	for _, tc := range cases {
		_, err := get(t, c, tc.name, tc.args)
		require.Error(t, err, "%s %v", tc.name, tc.args)
		assert.Contains(t, err.Error(), tc.want)
	}
}
