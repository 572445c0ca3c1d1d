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

// TestReadmeEndpointTable: the README's HeyGen endpoint table names only
// registered tools, and names every tool that calls HeyGen.
func TestReadmeEndpointTable(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	require.NoError(t, err)
	readme := string(b)
	i, j := strings.Index(readme, "<!-- endpoints:start -->"), strings.Index(readme, "<!-- endpoints:end -->")
	require.True(t, i >= 0 && j > i, "README.md needs the endpoints markers")
	table := readme[i:j]
	named := map[string]bool{}
	for _, row := range strings.Split(table, "\n") {
		cells := strings.Split(row, "|")
		if len(cells) < 5 {
			continue
		}
		for _, m := range regexp.MustCompile("`([a-z_]+)`").FindAllStringSubmatch(cells[3], -1) {
			named[m[1]] = true
		}
	}
	registered := map[string]bool{}
	for _, def := range tools.Definitions() {
		registered[def.Name] = true
		if def.Hints.OpenWorld {
			assert.True(t, named[def.Name], "%s calls HeyGen but the README's endpoint table does not name it", def.Name)
		}
	}
	for n := range named {
		assert.True(t, registered[n], "the README's endpoint table names %s, which is not a tool", n)
	}
}
