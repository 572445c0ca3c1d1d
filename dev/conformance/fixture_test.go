package conformance

import (
	"context"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
)

// The suite (v0.1.16) calls these by name; losing one fails a scenario only
// when scripts/conformance.sh runs, so catch it here first.
func TestFixtureRegistersWhatTheSuiteCalls(t *testing.T) {
	ctx := context.Background()
	var res *mcp.InitializeResult
	c := mcptest.Connect(t, NewServer(), mcptest.Result(&res))
	require.NotNil(t, res.Capabilities.Resources)
	assert.True(t, res.Capabilities.Resources.Subscribe)
	assert.NotNil(t, res.Capabilities.Logging)
	assert.NotNil(t, res.Capabilities.Completions)

	tools, err := c.ListTools(ctx, mcp.ListToolsRequest{})
	require.NoError(t, err)
	var toolNames []string
	for _, tl := range tools.Tools {
		toolNames = append(toolNames, tl.Name)
	}
	assert.Subset(t, toolNames, []string{"test_simple_text", "test_image_content", "test_audio_content",
		"test_embedded_resource", "test_multiple_content_types", "test_tool_with_logging", "test_error_handling",
		"test_tool_with_progress", "test_sampling", "test_elicitation", "test_elicitation_sep1034_defaults",
		"test_elicitation_sep1330_enums", "json_schema_2020_12_tool"})

	resources, err := c.ListResources(ctx, mcp.ListResourcesRequest{})
	require.NoError(t, err)
	var uris []string
	for _, r := range resources.Resources {
		uris = append(uris, r.URI)
	}
	assert.Subset(t, uris, []string{"test://static-text", "test://static-binary", "test://watched-resource"})

	prompts, err := c.ListPrompts(ctx, mcp.ListPromptsRequest{})
	require.NoError(t, err)
	var promptNames []string
	for _, p := range prompts.Prompts {
		promptNames = append(promptNames, p.Name)
	}
	assert.Subset(t, promptNames, []string{"test_simple_prompt", "test_prompt_with_arguments",
		"test_prompt_with_embedded_resource", "test_prompt_with_image"})

	read := mcp.ReadResourceRequest{}
	read.Params.URI = "test://template/42/data"
	contents, err := c.ReadResource(ctx, read)
	require.NoError(t, err)
	require.Len(t, contents.Contents, 1)
	assert.Contains(t, contents.Contents[0].(mcp.TextResourceContents).Text, `"id":"42"`)

	errCall := mcp.CallToolRequest{}
	errCall.Params.Name = "test_error_handling"
	out, err := c.CallTool(ctx, errCall)
	require.NoError(t, err)
	assert.True(t, out.IsError)
}
