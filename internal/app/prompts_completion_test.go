package app

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/resources"
)

func TestCapabilitiesIncludePromptsAndCompletions(t *testing.T) {
	_, _, res := sandboxServer(t)
	assert.NotNil(t, res.Capabilities.Prompts, "prompts")
	assert.NotNil(t, res.Capabilities.Completions, "completions")
}

func TestPromptsListShowsTheThreePrompts(t *testing.T) {
	_, c, _ := sandboxServer(t)
	list, err := c.ListPrompts(context.Background(), mcp.ListPromptsRequest{})
	require.NoError(t, err)
	var names []string
	for _, p := range list.Prompts {
		names = append(names, p.Name)
	}
	assert.ElementsMatch(t, []string{"product_walkthrough", "explainer", "social_clip"}, names)
}

func TestCompletionOfPromptStyleIDFromTheSimulator(t *testing.T) {
	_, c, _ := sandboxServer(t)
	req := mcp.CompleteRequest{}
	req.Params.Ref = mcp.PromptReference{Type: "ref/prompt", Name: "explainer"}
	req.Params.Argument = mcp.CompleteArgument{Name: "style_id", Value: "style_"}
	out, err := c.Complete(context.Background(), req)
	require.NoError(t, err)
	assert.Contains(t, out.Completion.Values, "style_noir_detective")
	for _, v := range out.Completion.Values {
		assert.True(t, strings.HasPrefix(v, "style_"), v)
	}
}

func TestCompletionOfSessionIDsFromTheRegistry(t *testing.T) {
	_, c, _ := sandboxServer(t)
	ctx := context.Background()
	var sids []string
	for _, prompt := range []string{"A teaser", "Another teaser"} {
		call := mcp.CallToolRequest{}
		call.Params.Name = "create_video"
		call.Params.Arguments = map[string]any{"prompt": prompt}
		res, err := c.CallTool(ctx, call)
		require.NoError(t, err)
		require.False(t, res.IsError)
		sids = append(sids, res.StructuredContent.(map[string]any)["session_id"].(string))
	}
	req := mcp.CompleteRequest{}
	req.Params.Ref = mcp.ResourceReference{Type: "ref/resource", URI: resources.SessionTemplate}
	req.Params.Argument = mcp.CompleteArgument{Name: "session_id", Value: ""}
	out, err := c.Complete(ctx, req)
	require.NoError(t, err)
	assert.Equal(t, []string{sids[1], sids[0]}, out.Completion.Values, "this server's sessions, newest first")
}
