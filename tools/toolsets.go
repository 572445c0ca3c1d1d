package tools

import (
	"context"
	"fmt"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/creds"
	"github.com/heygen-mcp/heygen-mcp/internal/localfiles"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
)

// ClientResolver returns the HeyGen client for a call and the caller's tenant
// (creds.Tenant of the key). *creds.Pool implements it.
type ClientResolver interface {
	Client(ctx context.Context) (*heygen.Client, string, error)
}

// Deps is what the tools need from the server assembly.
type Deps struct {
	Clients ClientResolver
	// Sandbox marks every result as simulated: the URLs are not real HeyGen videos.
	Sandbox bool
	// SandboxSpeed is the sandbox's pace (1 = a video in about 25 s); 0 when
	// unknown. Texts use it to say how long a simulated video takes.
	SandboxSpeed float64
	// OnSessionCreated runs after a successful create_video (e.g. to start
	// watching the session); nil is fine.
	OnSessionCreated func(ctx context.Context, tenant, sessionID string)
	// Hub shares one poll loop among concurrent waits and resource
	// subscriptions; nil = each wait polls on its own.
	Hub *watch.Hub
	// Webhook, when set, makes create_video ask HeyGen to call this server
	// back, so watchers re-fetch on delivery instead of polling often.
	Webhook *WebhookConfig
	// Tasks marks create_video and wait_for_video as runnable as MCP tasks
	// (only where the transport serves tasks reliably: stdio).
	Tasks bool
	// Files are the local directories upload_asset, download_video and
	// {"type":"path"} files may use; nil allows none (the tools then say how
	// to enable them with --allow-dir).
	Files *localfiles.Allowed
}

// WebhookConfig is where HeyGen delivers and the key of the callback_id MAC.
type WebhookConfig struct {
	PublicURL      string // the server's public origin; deliveries go to webhook.CallbackURL(PublicURL)
	CallbackSecret []byte // webhook.CallbackID key; at least 16 bytes
}

func (d Deps) client(ctx context.Context) (*heygen.Client, string, error) {
	if d.Clients == nil {
		return nil, "", creds.ErrNoAPIKey
	}
	return d.Clients.Client(ctx)
}

// readTools and writeTools are the read/write classification, in the stable
// order tools are listed. Register refuses a tool whose readOnlyHint disagrees.
var (
	readTools = []string{
		"get_account", "get_session", "get_video", "wait_for_video", "list_sessions", "list_session_videos",
		"get_session_resource", "list_styles", "list_avatars", "list_voices",
	}
	writeTools = []string{"create_video", "send_message", "stop_session", "upload_asset", "download_video"}
)

// SandboxNotice starts every result text in sandbox mode.
const SandboxNotice = "SIMULATED (sandbox mode): nothing here touched HeyGen; URLs are sample files, not real HeyGen videos."

// All returns every tool, in a stable order: the write tools first (the
// workflow's entry point), then the read tools.
func All(deps Deps) []server.ServerTool {
	ts := []server.ServerTool{
		createVideoTool(deps),
		sendMessageTool(deps),
		stopSessionTool(deps),
		UploadAssetTool(deps, deps.Files),
		DownloadVideoTool(deps, deps.Files),
		getAccountTool(deps),
		getSessionTool(deps),
		getVideoTool(deps),
		waitForVideoTool(deps),
		listSessionsTool(deps),
		listSessionVideosTool(deps),
		getSessionResourceTool(deps),
		listStylesTool(deps),
		listAvatarsTool(deps),
		listVoicesTool(deps),
	}
	if deps.Tasks {
		for i := range ts {
			if n := ts[i].Tool.Name; n == "create_video" || n == "wait_for_video" {
				ts[i] = taskOptional(ts[i])
			}
		}
	}
	if deps.Sandbox {
		for i := range ts {
			ts[i].Handler = sandboxed(ts[i].Handler)
		}
	}
	return ts
}

// Select returns the tools Register would add: all of them, or only the
// read-only ones. It panics when a tool's readOnlyHint contradicts its
// classification or a tool is not classified, so a misdeclared write tool
// cannot slip into --read-only mode.
func Select(ts []server.ServerTool, readOnly bool) []server.ServerTool {
	class := map[string]bool{}
	for _, n := range readTools {
		class[n] = true
	}
	for _, n := range writeTools {
		class[n] = false
	}
	var out []server.ServerTool
	for _, t := range ts {
		isRead, ok := class[t.Tool.Name]
		if !ok {
			panic(fmt.Sprintf("tools: %s is neither a read nor a write tool in toolsets.go", t.Tool.Name))
		}
		hint := t.Tool.Annotations.ReadOnlyHint
		if hint == nil || *hint != isRead {
			panic(fmt.Sprintf("tools: %s is classified read=%v but its readOnlyHint says otherwise", t.Tool.Name, isRead))
		}
		if readOnly && !isRead {
			continue
		}
		out = append(out, t)
	}
	return out
}

// Register adds the tools to s; with readOnly only those that change nothing.
func Register(s *server.MCPServer, deps Deps, readOnly bool) {
	s.AddTools(Select(All(deps), readOnly)...)
}

func sandboxed(next server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		res, err := next(ctx, req)
		if res == nil || err != nil || res.ResultType == mcp.ResultTypeInputRequired {
			return res, err // an input_required result must carry no content
		}
		for i, c := range res.Content {
			if tc, ok := c.(mcp.TextContent); ok {
				tc.Text = SandboxNotice + "\n" + tc.Text
				res.Content[i] = tc
				return res, nil
			}
		}
		res.Content = append([]mcp.Content{mcp.NewTextContent(SandboxNotice)}, res.Content...)
		return res, nil
	}
}
