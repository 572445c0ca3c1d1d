package tools

import (
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/server"
)

// MarkdownTable renders the README's tool table from the tool definitions, so
// the documentation cannot drift from the code (a test compares them).
func MarkdownTable(ts []server.ServerTool) string {
	var b strings.Builder
	b.WriteString("| tool | what it does | read-only |\n|---|---|---|\n")
	for _, t := range ts {
		desc := firstSentenceOf(t.Tool.Description) + "."
		ro := "no"
		if h := t.Tool.Annotations.ReadOnlyHint; h != nil && *h {
			ro = "yes"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", t.Tool.Name, strings.ReplaceAll(desc, "|", `\|`), ro)
	}
	return b.String()
}
