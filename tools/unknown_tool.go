package tools

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// UnknownToolError is the message of the -32602 protocol error a tools/call
// gets when it names a tool the caller cannot call: the name it gave and the
// tools it can, so a model can correct itself in one step.
type UnknownToolError struct {
	Name  string   // as the caller gave it (cut to 100 characters)
	Tools []string // the tools the caller can see, sorted
}

func (e *UnknownToolError) Error() string {
	if len(e.Tools) == 0 {
		return fmt.Sprintf("unknown tool %q; this server offers no tools to this caller", e.Name)
	}
	return fmt.Sprintf("unknown tool %q; this server's tools are: %s", e.Name, strings.Join(e.Tools, ", "))
}

// Unwrap keeps errors.Is(err, server.ErrToolNotFound) true.
func (e *UnknownToolError) Unwrap() error { return server.ErrToolNotFound }

// VisibleToolNames are the tools a caller can call, sorted: the server's
// tools (Register added only the read-only ones under --read-only) plus the
// caller's session tools, if any.
func VisibleToolNames(ctx context.Context, s *server.MCPServer) []string {
	seen := map[string]bool{}
	if s != nil {
		for name := range s.ListTools() {
			seen[name] = true
		}
	}
	if sess, ok := server.ClientSessionFromContext(ctx).(server.SessionWithTools); ok {
		for name := range sess.GetSessionTools() {
			seen[name] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// RegisterUnknownToolHook makes an unknown tool name's -32602 error say which
// tools exist (UnknownToolError) instead of mcp-go's "tool 'x' not found: tool
// not found". s must be built with server.WithHooks.
//
// mcp-go v1.2.1 offers no way to choose that message: handleToolCall builds it
// before any hook or middleware can act, and a hidden catch-all tool would
// answer -32603 or a tool result, not -32602. So an OnError hook, which mcp-go
// calls with the very error it is about to send, replaces that error's cause.
// The JSON-RPC code and id stay mcp-go's own. If a later mcp-go changes the
// error's shape, the hook changes nothing (TestUnknownToolMessage then fails).
func RegisterUnknownToolHook(s *server.MCPServer) error {
	hooks := s.GetHooks()
	if hooks == nil {
		return errors.New("tools: the MCP server has no hooks: build it with server.WithHooks(&server.Hooks{})")
	}
	hooks.AddOnError(unknownToolHook)
	return nil
}

func unknownToolHook(ctx context.Context, _ any, method mcp.MCPMethod, message any, err error) {
	if method != mcp.MethodToolsCall || !errors.Is(err, server.ErrToolNotFound) {
		return
	}
	var ute *UnknownToolError
	if errors.As(err, &ute) {
		return // already rewritten
	}
	req, ok := message.(*mcp.CallToolRequest)
	if !ok || req == nil {
		return
	}
	replaceInvalidParamsCause(err, &UnknownToolError{
		Name:  truncate(req.Params.Name, 100),
		Tools: VisibleToolNames(ctx, server.ServerFromContext(ctx)),
	})
}

// replaceInvalidParamsCause sets the cause (and so the message) of mcp-go's
// *server.requestError when it is an INVALID_PARAMS error; it reports whether
// it did. The error value is the one HandleMessage turns into the JSON-RPC
// answer right after the OnError hooks return, on the same goroutine.
func replaceInvalidParamsCause(err error, cause error) bool {
	v := reflect.ValueOf(err)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return false
	}
	st := v.Elem()
	if st.Kind() != reflect.Struct || st.Type().PkgPath() != "github.com/mark3labs/mcp-go/server" || st.Type().Name() != "requestError" {
		return false
	}
	code, field := st.FieldByName("code"), st.FieldByName("err")
	errType := reflect.TypeFor[error]()
	if !code.IsValid() || code.Kind() != reflect.Int || code.Int() != mcp.INVALID_PARAMS ||
		!field.IsValid() || field.Type() != errType || !field.CanAddr() {
		return false
	}
	reflect.NewAt(errType, unsafe.Pointer(field.UnsafeAddr())).Elem().Set(reflect.ValueOf(&cause).Elem())
	return true
}
