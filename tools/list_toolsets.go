package tools

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// ListToolsetsParams: list_toolsets takes no arguments.
type ListToolsetsParams struct{}

// ToolsetResult is one toolset and whether this session has it on.
type ToolsetResult struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	On          bool     `json:"on"`
	Tools       []string `json:"tools"`
}

// ListToolsetsResult is list_toolsets' structured content.
type ListToolsetsResult struct {
	Toolsets []ToolsetResult `json:"toolsets"`
	NextStep string          `json:"next_step"`
}

func (r ListToolsetsResult) toolText() string {
	var b strings.Builder
	b.WriteString("HeyGen toolsets:")
	for _, t := range r.Toolsets {
		state := "off"
		if t.On {
			state = "on"
		}
		fmt.Fprintf(&b, "\n- %s (%s): %s Tools: %s.", t.Name, state, t.Description, strings.Join(t.Tools, ", "))
	}
	b.WriteString("\nNext: " + r.NextStep)
	return b.String()
}

func (registry) ListToolsets() Definition {
	return define(Definition{
		Name: "list_toolsets", Title: "List HeyGen toolsets", Toolset: ToolsetDynamic,
		Example: `{}`,
		// It reads this server's own configuration: nothing outside is touched.
		Hints: Hints{ReadOnly: true, Destructive: false, Idempotent: true, OpenWorld: false},
		Description: "List the groups of HeyGen tools this server can offer (avatar videos, translation, speech, avatars, library), " +
			"which are on, and their tools. Turn one on with enable_toolset when the user needs it.",
	}, Deps.listToolsets)
}

func (d Deps) listToolsets(_ context.Context, _ ListToolsetsParams) (ListToolsetsResult, error) {
	r := ListToolsetsResult{NextStep: "call enable_toolset with the toolset the user's request needs; its tools then appear in your tool list."}
	defs, on := Definitions(), d.selection.on()
	for _, t := range Toolsets() {
		tr := ToolsetResult{Name: t.Name, Description: t.Description, On: slices.Contains(on, t.Name), Tools: []string{}}
		// The tools enable_toolset would offer: the same selection rule.
		only := Selection{Toolsets: []string{t.Name}, ReadOnly: d.selection.ReadOnly}
		for _, def := range defs {
			if only.selects(def) {
				tr.Tools = append(tr.Tools, def.Name)
			}
		}
		r.Toolsets = append(r.Toolsets, tr)
	}
	return r, nil
}
