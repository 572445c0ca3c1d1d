package tools

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// Definition is one tool as declared in its own file. Everything that lists
// tools derives from Definitions: the server's tools, --read-only (from
// Hints.ReadOnly, which is also the readOnlyHint annotation), MCP task
// support, the README table, the golden snapshots and the fault matrix.
type Definition struct {
	Name        string
	Title       string
	Description string
	// Toolset is the tool's home toolset (toolsets.go); Shared lists other
	// toolsets that also offer it (get_video serves avatar videos too).
	Toolset string
	Shared  []string
	Hints   Hints
	// Task marks a tool that may wait for minutes: it may run as an MCP task
	// where the transport serves tasks (Deps.Tasks).
	Task bool
	// Example is the JSON arguments of one valid call, with example ids
	// (sess_abc123, vid_abc123, res_abc123). Tests that call every tool (the
	// fault matrix, the no-key and advice checks) start from it and put live
	// ids in by argument name; a test checks it passes the tool's own checks.
	Example string

	build          func(Deps) server.ServerTool
	params, result reflect.Type // for tests that read every tool's types
}

// define attaches a typed handler to a definition. The handler is a method
// of Deps (pass it as a method expression, e.g. Deps.getVideo).
func define[P, R any](def Definition, handler func(Deps, context.Context, P) (R, error)) Definition {
	def.build = func(d Deps) server.ServerTool {
		return NewTool(def.Name, def.Title, def.Description, def.Hints, func(ctx context.Context, p P) (R, error) {
			return handler(d, ctx, p)
		})
	}
	def.params, def.result = reflect.TypeFor[P](), reflect.TypeFor[R]()
	return def
}

// registry's exported methods are the tools: one per file, named after the
// tool (create_video is registry.CreateVideo in create_video.go). A method
// set is a list the compiler keeps, so adding a tool edits no list, and no
// package state or init order is involved.
type registry struct{}

// Definitions returns every tool: by toolset, then the tools that change
// something (create_video, the workflow's entry point, first), then the read
// tools, each group by name.
func Definitions() []Definition {
	v := reflect.ValueOf(registry{})
	defs := make([]Definition, 0, v.NumMethod())
	for i := range v.NumMethod() {
		declare, ok := v.Method(i).Interface().(func() Definition)
		if !ok {
			panic(fmt.Sprintf("tools: registry.%s is not a func() Definition", v.Type().Method(i).Name))
		}
		defs = append(defs, declare())
	}
	slices.SortFunc(defs, func(a, b Definition) int {
		return cmp.Or(cmp.Compare(a.Toolset, b.Toolset), compareBool(a.Hints.ReadOnly, b.Hints.ReadOnly), cmp.Compare(a.Name, b.Name))
	})
	return defs
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// Selection is which tools a server offers.
type Selection struct {
	// Toolsets are the toolsets on (ParseToolsets); nil means the default ones.
	Toolsets []string
	// ReadOnly keeps only the tools whose Hints say they change nothing.
	ReadOnly bool
	// Dynamic adds list_toolsets and enable_toolset, with which the model
	// turns on another toolset for its session.
	Dynamic bool
}

// on returns the toolsets the selection turns on.
func (sel Selection) on() []string {
	if sel.Toolsets == nil {
		return DefaultToolsets()
	}
	return sel.Toolsets
}

// selects reports whether sel offers def.
func (sel Selection) selects(def Definition) bool {
	if sel.ReadOnly && !def.Hints.ReadOnly {
		return false
	}
	if def.Toolset == ToolsetDynamic {
		return sel.Dynamic
	}
	on := sel.on()
	return slices.Contains(on, def.Toolset) || slices.ContainsFunc(def.Shared, func(t string) bool { return slices.Contains(on, t) })
}

// ServerTools builds the tools sel offers, for one server.
func ServerTools(deps Deps, sel Selection) []server.ServerTool {
	if deps.DownloadClient == nil {
		deps.DownloadClient = defaultDownloadClient()
	}
	deps.selection = sel
	var out []server.ServerTool
	for _, def := range Definitions() {
		if !sel.selects(def) {
			continue
		}
		st := def.build(deps)
		if def.Task && deps.Tasks {
			st = taskOptional(st)
		}
		if deps.Simulated != nil {
			st.Handler = withNotice(deps.Simulated.Notice, st.Handler)
		}
		out = append(out, st)
	}
	return out
}

// Register adds the tools sel offers to s.
func Register(s *server.MCPServer, deps Deps, sel Selection) {
	s.AddTools(ServerTools(deps, sel)...)
}

// withNotice starts every result text with notice (the sandbox's "simulated").
func withNotice(notice string, next server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		res, err := next(ctx, req)
		if res == nil || err != nil || res.ResultType == mcp.ResultTypeInputRequired {
			return res, err // an input_required result must carry no content
		}
		for i, c := range res.Content {
			if tc, ok := c.(mcp.TextContent); ok {
				tc.Text = notice + "\n" + tc.Text
				res.Content[i] = tc
				return res, nil
			}
		}
		res.Content = append([]mcp.Content{mcp.NewTextContent(notice)}, res.Content...)
		return res, nil
	}
}

// MarkdownTable renders the README's tool table from the definitions, so the
// documentation cannot drift from the code (a test compares them).
func MarkdownTable(defs []Definition) string {
	var b strings.Builder
	b.WriteString("| tool | toolset | what it does | read-only |\n|---|---|---|---|\n")
	for _, d := range defs {
		desc := firstSentenceOf(d.Description) + "."
		ro := "no"
		if d.Hints.ReadOnly {
			ro = "yes"
		}
		toolset := strings.Join(append([]string{d.Toolset}, d.Shared...), ", ")
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", d.Name, toolset, strings.ReplaceAll(desc, "|", `\|`), ro)
	}
	return b.String()
}

// ExampleArguments returns Example's arguments with the values of ids put in
// place of the arguments of the same name (e.g. {"session_id": "sess_live"}).
func (d Definition) ExampleArguments(ids map[string]any) map[string]any {
	args := map[string]any{}
	if err := json.Unmarshal([]byte(d.Example), &args); err != nil {
		panic(fmt.Sprintf("tools: %s: Example is not a JSON object: %v", d.Name, err))
	}
	for k := range args {
		if v, ok := ids[k]; ok {
			args[k] = v
		}
	}
	return args
}
