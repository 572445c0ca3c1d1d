package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/server"
)

// EnableToolsetParams are enable_toolset's arguments.
type EnableToolsetParams struct {
	Toolset toolsetName `json:"toolset" jsonschema:"required,description=The toolset to turn on (see list_toolsets)."`
}

// EnableToolsetResult is enable_toolset's structured content.
type EnableToolsetResult struct {
	Toolset string `json:"toolset"`
	// Added are the tools that appeared in this session's tool list.
	Added    []string `json:"added"`
	NextStep string   `json:"next_step"`
}

func (r EnableToolsetResult) toolText() string {
	if len(r.Added) == 0 {
		return fmt.Sprintf("Toolset %s was already on. Next: %s", r.Toolset, r.NextStep)
	}
	return fmt.Sprintf("Toolset %s is on: added %s (the client was told the tool list changed). Next: %s",
		r.Toolset, strings.Join(r.Added, ", "), r.NextStep)
}

func (registry) EnableToolset() Definition {
	return define(Definition{
		Name: "enable_toolset", Title: "Turn on a HeyGen toolset", Toolset: ToolsetDynamic,
		Example: `{"toolset": "videos"}`,
		// It changes this session's tool list, nothing at HeyGen.
		Hints: Hints{ReadOnly: true, Destructive: false, Idempotent: true, OpenWorld: false},
		Description: "Turn on a group of HeyGen tools for this session (see list_toolsets); the tool list then changes. " +
			"Use it only when the user's request needs tools that are not listed yet.",
	}, Deps.enableToolset)
}

// errNoSessionTools: the caller has no MCP session to hold extra tools.
var errNoSessionTools = errors.New("this connection has no MCP session to add tools to (stateless HTTP, or protocol 2026-07-28 over HTTP)")

func (d Deps) enableToolset(ctx context.Context, p EnableToolsetParams) (EnableToolsetResult, error) {
	name := string(p.Toolset)
	r := EnableToolsetResult{Toolset: name, Added: []string{}, NextStep: "use the new tools for the user's request."}
	srv := server.ServerFromContext(ctx)
	if srv == nil {
		return r, errNoSessionTools
	}
	visible := map[string]bool{}
	for n := range srv.ListTools() {
		visible[n] = true
	}
	session := server.ClientSessionFromContext(ctx)
	withTools, perSession := session.(server.SessionWithTools)
	if perSession && session != nil {
		for n := range withTools.GetSessionTools() {
			visible[n] = true
		}
	}
	var add []server.ServerTool
	for _, st := range ServerTools(d, Selection{Toolsets: []string{name}, ReadOnly: d.selection.ReadOnly}) {
		if !visible[st.Tool.Name] {
			add = append(add, st)
			r.Added = append(r.Added, st.Tool.Name)
		}
	}
	if len(add) == 0 {
		return r, nil
	}
	switch {
	case perSession && session != nil:
		if err := srv.AddSessionTools(session.SessionID(), add...); err != nil {
			return EnableToolsetResult{}, fmt.Errorf("adding the %s tools: %w", name, err)
		}
	case d.OneClient:
		// stdio: one client, so the server's own list is that client's list.
		srv.AddTools(add...)
	default:
		return EnableToolsetResult{}, fmt.Errorf("%w: ask for the server to be started with --toolsets %s", errNoSessionTools, name)
	}
	return r, nil
}
