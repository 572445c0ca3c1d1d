package app

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/tools"
)

func TestToolsetsFromFlagAndEnv(t *testing.T) {
	cfg, err := ParseConfig(nil, env(nil))
	require.NoError(t, err)
	assert.Nil(t, cfg.Toolsets, "unset: the default toolsets")

	cfg, err = ParseConfig([]string{"--toolsets", "videos, translation"}, env(map[string]string{"HEYGEN_MCP_TOOLSETS": "all"}))
	require.NoError(t, err)
	assert.Equal(t, []string{tools.ToolsetVideos, tools.ToolsetTranslation}, cfg.Toolsets, "a flag beats the environment")

	cfg, err = ParseConfig(nil, env(map[string]string{"HEYGEN_MCP_TOOLSETS": "all"}))
	require.NoError(t, err)
	assert.Equal(t, tools.ToolsetNames(), cfg.Toolsets)

	_, err = ParseConfig([]string{"--toolsets", "video_agent,nope"}, env(nil))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--toolsets / HEYGEN_MCP_TOOLSETS")
	assert.Contains(t, err.Error(), `unknown toolset "nope"`)
	assert.Contains(t, err.Error(), strings.Join(tools.ToolsetNames(), ", "), "the error lists the valid names")
}

func TestUnknownToolsetExitsWithUsageError(t *testing.T) {
	var out, errb bytes.Buffer
	code := Main(context.Background(), []string{"--toolsets", "everything"}, env(nil), strings.NewReader(""), &out, &errb)
	assert.Equal(t, 2, code)
	assert.Empty(t, out.String())
	assert.Contains(t, errb.String(), "valid toolsets: video_agent")
}
