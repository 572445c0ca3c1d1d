package app

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/resources"
)

// TestTranslationResourceShowsWhatTheToolReturns:
// heygen://video-translations/{id} is get_video_translation's structured
// result, once the translation has settled.
func TestTranslationResourceShowsWhatTheToolReturns(t *testing.T) {
	_, c, _ := sandboxServer(t, "--sandbox-speed", "1000", "--toolsets", "translation")
	created := callStructured(t, c, "create_video_translation", map[string]any{
		"video_url": "https://example.com/talk.mp4", "output_languages": []string{"Japanese"},
	})
	list, _ := created["translations"].([]any)
	require.Len(t, list, 1, "%v", created)
	id, _ := list[0].(map[string]any)["video_translation_id"].(string)
	require.NotEmpty(t, id)
	waited := callStructured(t, c, "wait_for_video_translation", map[string]any{"video_translation_id": id, "timeout_seconds": 30})
	require.Equal(t, true, waited["done"], "the sandbox translation finished: %v", waited)

	fromTool, err := json.Marshal(callStructured(t, c, "get_video_translation", map[string]any{"video_translation_id": id}))
	require.NoError(t, err)
	read, err := c.ReadResource(context.Background(), mcp.ReadResourceRequest{Params: mcp.ReadResourceParams{URI: resources.TranslationURI(id)}})
	require.NoError(t, err)
	require.Len(t, read.Contents, 1)
	text, ok := read.Contents[0].(mcp.TextResourceContents)
	require.True(t, ok)
	assert.JSONEq(t, string(fromTool), text.Text)
}
