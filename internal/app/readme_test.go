package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/tools"
)

const (
	toolsStart = "<!-- tools:start -->"
	toolsEnd   = "<!-- tools:end -->"
)

var repoRoot = filepath.Join("..", "..")

// TestReadmeToolTable fails when the README's tool table differs from the
// code; UPDATE_README=1 rewrites it.
func TestReadmeToolTable(t *testing.T) {
	path := filepath.Join(repoRoot, "README.md")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	readme := string(b)
	i, j := strings.Index(readme, toolsStart), strings.Index(readme, toolsEnd)
	require.True(t, i >= 0 && j > i, "README.md needs %s ... %s markers", toolsStart, toolsEnd)
	want := "\n" + tools.MarkdownTable(tools.Definitions()) + "\n"
	got := readme[i+len(toolsStart) : j]
	if os.Getenv("UPDATE_README") == "1" {
		updated := readme[:i+len(toolsStart)] + want + readme[j:]
		require.NoError(t, os.WriteFile(path, []byte(updated), 0o644))
		return
	}
	assert.Equal(t, want, got, "README tool table is stale: run UPDATE_README=1 go test ./internal/app/")
}

// TestConfigSnippetsAreValidJSON parses mcp.json.example and every json block
// of the README, so a newcomer can paste them as they are.
func TestConfigSnippetsAreValidJSON(t *testing.T) {
	example, err := os.ReadFile(filepath.Join(repoRoot, "mcp.json.example"))
	require.NoError(t, err)
	var ex struct {
		MCPServers map[string]struct {
			Command string            `json:"command"`
			Args    []string          `json:"args"`
			Env     map[string]string `json:"env"`
		} `json:"mcpServers"`
	}
	require.NoError(t, json.Unmarshal(example, &ex), "mcp.json.example")
	h, ok := ex.MCPServers["heygen"]
	require.True(t, ok)
	assert.True(t, filepath.IsAbs(h.Command), "Claude Desktop needs an absolute command path")
	assert.Contains(t, h.Env, "HEYGEN_API_KEY")

	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	require.NoError(t, err)
	blocks := regexp.MustCompile("(?s)```json\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	require.GreaterOrEqual(t, len(blocks), 3, "README needs the Claude Desktop, VS Code and Cursor snippets")
	for _, blk := range blocks {
		var v map[string]any
		assert.NoError(t, json.Unmarshal([]byte(blk[1]), &v), "invalid JSON snippet:\n%s", blk[1])
	}
	assert.Contains(t, string(readme), "```json\n"+string(example)+"```", "the README's Claude Desktop snippet must equal mcp.json.example")
	assert.Contains(t, string(readme), "claude mcp add")
	assert.Contains(t, string(readme), `"password": true`)
	assert.Contains(t, string(readme), "## Remote (HTTP)")
}
