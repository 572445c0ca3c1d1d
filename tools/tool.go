// Package tools declares every HeyGen Video Agent tool of the MCP server: a typed
// params struct, a handler, and one generic helper (NewTool) that turns them into
// an mcp-go tool with reflected schemas, strict argument decoding and a single
// error contract (errors.go).
package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/invopop/jsonschema"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// Hints are the four MCP tool annotations. A struct of plain bools means every
// tool states all four: mcp-go's own defaults (destructive, open-world) never leak.
type Hints struct {
	ReadOnly    bool
	Destructive bool
	Idempotent  bool
	OpenWorld   bool
}

// readHints is what every HeyGen read tool declares.
var readHints = Hints{ReadOnly: true, Destructive: false, Idempotent: true, OpenWorld: true}

// texter lets a result choose the short text a model reads next to the
// structured content; results without it get their JSON.
type texter interface{ toolText() string }

// inputValidator lets a params struct check cross-field rules that a JSON
// Schema cannot say clearly (unions, decoded sizes). It runs after the
// schema-driven checks and before the handler, so bad input never reaches HeyGen.
type inputValidator interface{ validate() error }

// NewTool builds a server.ServerTool from a typed handler. The input schema is
// reflected once from P and the output schema from R; a schema this package
// cannot serve correctly is a programming error and panics at init.
func NewTool[P, R any](name, title, description string, hints Hints, fn func(context.Context, P) (R, error)) server.ServerTool {
	in, props, err := inputSchema[P]()
	if err != nil {
		panic(fmt.Sprintf("tools: %s: input schema: %v", name, err))
	}
	out, err := outputSchema[R]()
	if err != nil {
		panic(fmt.Sprintf("tools: %s: output schema: %v", name, err))
	}
	var inSchema schemaNode
	if err := json.Unmarshal(in, &inSchema); err != nil {
		panic(fmt.Sprintf("tools: %s: input schema: %v", name, err))
	}
	if err := inSchema.compilePatterns(); err != nil {
		panic(fmt.Sprintf("tools: %s: input schema: %v", name, err))
	}

	tool := mcp.NewToolWithRawSchema(name, description, in)
	tool.Title = title
	tool.RawOutputSchema = out
	tool.Annotations = mcp.ToolAnnotation{
		Title:           title,
		ReadOnlyHint:    mcp.ToBoolPtr(hints.ReadOnly),
		DestructiveHint: mcp.ToBoolPtr(hints.Destructive),
		IdempotentHint:  mcp.ToBoolPtr(hints.Idempotent),
		OpenWorldHint:   mcp.ToBoolPtr(hints.OpenWorld),
	}
	if _, err := json.Marshal(tool); err != nil {
		panic(fmt.Sprintf("tools: %s: tool does not marshal: %v", name, err))
	}

	handler := func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		if req.Params.Meta != nil && req.Params.Meta.ProgressToken != nil {
			ctx = context.WithValue(ctx, progressTokenKey{}, req.Params.Meta.ProgressToken)
		}
		if len(req.Params.InputResponses) > 0 || req.Params.RequestState != "" {
			ctx = context.WithValue(ctx, roundTripKey{}, req.Params.MultiRoundTripParams)
		}
		var p P
		if err := decodeArguments(req, props, &inSchema, &p); err != nil {
			return errorResult(err), nil
		}
		r, err := fn(ctx, p)
		var needInput *inputRequired
		if errors.As(err, &needInput) {
			return needInput.result, nil
		}
		if err != nil {
			// A cancelled call is the transport's business (the client gave up),
			// not a result for the model.
			if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				return nil, err
			}
			return errorResult(err), nil
		}
		return successResult(r)
	}
	return server.ServerTool{Tool: tool, Handler: handler}
}

// progressTokenKey carries the caller's progress token (params._meta) to
// handlers, which only see their typed params.
type progressTokenKey struct{}

func progressTokenFrom(ctx context.Context) mcp.ProgressToken {
	return ctx.Value(progressTokenKey{})
}

// roundTripKey carries a 2026-07-28 retry's answers and echoed state
// (params.inputResponses, params.requestState) to handlers.
type roundTripKey struct{}

func roundTripFrom(ctx context.Context) mcp.MultiRoundTripParams {
	p, _ := ctx.Value(roundTripKey{}).(mcp.MultiRoundTripParams)
	return p
}

// inputRequired is how a typed handler answers "ask the user first" to a
// 2026-07-28 client: NewTool returns result (an input_required result,
// SEP-2322) as is, and the client retries the call with the answers.
type inputRequired struct{ result *mcp.CallToolResult }

func (e *inputRequired) Error() string { return "input required" }

// taskOptional lets a tool run as an MCP task (tools/call with "task").
// mcp-go v1.2.1 runs the task on a context derived from the tools/call
// request, which HandleMessage cancels as soon as it has answered with the
// task (on every transport; upstream issue #897), so the handler would be
// cancelled at once. A task call therefore runs detached from the request;
// it stays bounded by the tool's own wait limit and by server shutdown, and
// tasks/cancel still marks the task cancelled at once (mcp-go discards the
// late result).
func taskOptional(st server.ServerTool) server.ServerTool {
	if st.Tool.Execution == nil {
		st.Tool.Execution = &mcp.ToolExecution{}
	}
	st.Tool.Execution.TaskSupport = mcp.TaskSupportOptional
	next := st.Handler
	st.Handler = func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		if req.Params.Task != nil {
			ctx = context.WithoutCancel(ctx)
		}
		return next(ctx, req)
	}
	return st
}

func successResult(r any) (*mcp.CallToolResult, error) {
	var text string
	if t, ok := r.(texter); ok {
		text = t.toolText()
	} else {
		b, err := json.Marshal(r)
		if err != nil {
			return nil, fmt.Errorf("encode result: %w", err)
		}
		text = string(b)
	}
	return &mcp.CallToolResult{
		Content:           []mcp.Content{mcp.NewTextContent(text)},
		StructuredContent: r,
	}, nil
}

// ArgumentError is a tool argument rejected before any HeyGen call.
type ArgumentError struct {
	Field   string // JSON path of the argument, e.g. "files[2].url"; "" for the whole object
	Message string // what is wrong and how to fix it
	// AfterRead marks an argument refused after a read from HeyGen (a video
	// that is not ready yet): something was sent, nothing was changed.
	AfterRead bool
}

func (e *ArgumentError) Error() string {
	if e.Field == "" {
		return "invalid arguments: " + e.Message
	}
	return fmt.Sprintf("invalid argument %q: %s", e.Field, e.Message)
}

func argErr(field, format string, a ...any) error {
	return &ArgumentError{Field: field, Message: fmt.Sprintf(format, a...)}
}

// decodeArguments turns the raw arguments into P: missing arguments mean {},
// unknown names and wrong JSON types are rejected naming the field, then the
// schema's bounds and P's own validate run.
func decodeArguments[P any](req mcp.CallToolRequest, props []string, schema *schemaNode, p *P) error {
	raw := bytes.TrimSpace(req.Params.RawArguments)
	// mcp-go has already parsed the raw arguments into Arguments; reuse that
	// parse instead of repeating it (argument decoding was a tenth of the
	// server's CPU per get_video call).
	generic, parsed := req.Params.Arguments.(map[string]any)
	parsed = parsed && len(raw) > 0
	if len(raw) == 0 && req.Params.Arguments != nil {
		b, err := json.Marshal(req.Params.Arguments)
		if err != nil {
			return argErr("", "arguments must be a JSON object: %v", err)
		}
		raw = b
	}
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		raw = []byte("{}")
	}
	if !parsed {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return argErr("", "arguments must be a JSON object of named arguments; valid names: %s", nameList(props))
		}
		generic, parsed = v.(map[string]any)
	}
	if !parsed || generic == nil {
		return argErr("", "arguments must be a JSON object of named arguments; valid names: %s", nameList(props))
	}
	// encoding/json silently turns invalid UTF-8 into U+FFFD, which would
	// send HeyGen text the user never wrote: refuse it instead.
	if !utf8.Valid(raw) {
		var fields map[string]json.RawMessage
		_ = json.Unmarshal(raw, &fields)
		return invalidUTF8(fields)
	}
	var unknown []string
	for k := range generic {
		if !slices.Contains(props, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		if len(props) == 0 {
			return argErr(unknown[0], "unknown argument (%s); this tool takes no arguments", strings.Join(quoteAll(unknown), ", "))
		}
		return argErr(unknown[0], "unknown argument (%s); valid arguments: %s", strings.Join(quoteAll(unknown), ", "), nameList(props))
	}
	// Names were checked exactly above, so encoding/json's case-insensitive
	// matching cannot let a misspelt name through.
	if err := json.Unmarshal(raw, p); err != nil {
		return typeError(err, schema)
	}
	if err := schema.check("", any(generic)); err != nil {
		return err
	}
	if v, ok := any(p).(inputValidator); ok {
		return v.validate()
	}
	return nil
}

// invalidUTF8 names the first string argument (in name order, then by
// position) whose raw JSON holds invalid UTF-8.
func invalidUTF8(fields map[string]json.RawMessage) error {
	const msg = "is not valid UTF-8 text: send it UTF-8 encoded (invalid bytes are refused, not replaced)"
	names := slices.Sorted(maps.Keys(fields))
	for _, name := range names {
		if path, bad := findInvalidUTF8(name, fields[name]); bad {
			return argErr(path, msg)
		}
	}
	return argErr("", "an argument name "+msg)
}

// findInvalidUTF8 walks raw (valid JSON) and returns the path of the first
// string or object key in it that holds invalid UTF-8.
func findInvalidUTF8(path string, raw json.RawMessage) (string, bool) {
	if utf8.Valid(raw) {
		return "", false
	}
	switch bytes.TrimSpace(raw)[0] {
	case '{':
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) == nil {
			for _, k := range slices.Sorted(maps.Keys(obj)) {
				if p, bad := findInvalidUTF8(path+"."+k, obj[k]); bad {
					return p, true
				}
			}
		}
	case '[':
		var arr []json.RawMessage
		if json.Unmarshal(raw, &arr) == nil {
			for i, v := range arr {
				if p, bad := findInvalidUTF8(fmt.Sprintf("%s[%d]", path, i), v); bad {
					return p, true
				}
			}
		}
	}
	// A string, or a key of this object (its values were all valid).
	return path, true
}

// typeError rewrites encoding/json's message into one naming the argument and
// the JSON type it needs.
func typeError(err error, schema *schemaNode) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		want := schemaTypeAt(schema, field)
		if want == "" {
			want = jsonKind(te.Type)
		}
		return argErr(field, "must be %s, got a JSON %s", want, te.Value)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return argErr("", "arguments are not valid JSON: %v", err)
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return argErr(strings.Trim(f, `"`), "unknown field; check the names in the tool's input schema")
	}
	// Errors from custom unmarshalers are already phrased for the user.
	return argErr("", "%s", strings.TrimPrefix(msg, "json: "))
}

func schemaTypeAt(s *schemaNode, dotted string) string {
	cur := s
	for part := range strings.SplitSeq(dotted, ".") {
		if cur == nil {
			return ""
		}
		for cur.Type == "array" && cur.Items != nil {
			cur = cur.Items
		}
		cur = cur.Properties[part]
	}
	if cur == nil {
		return ""
	}
	return article(cur.Type)
}

func article(t string) string {
	switch t {
	case "":
		return ""
	case "array", "object", "integer":
		return "an " + t
	default:
		return "a " + t
	}
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	default:
		return "an object"
	}
}

func nameList(names []string) string {
	if len(names) == 0 {
		return "(none)"
	}
	return strings.Join(names, ", ")
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}

// newReflector returns invopop's reflector with Grafana's settings: flat
// schemas (no $ref/$defs), required only where tagged, interface{} as {}.
func newReflector(requiredFromTags bool) *jsonschema.Reflector {
	return &jsonschema.Reflector{
		RequiredFromJSONSchemaTags: requiredFromTags,
		DoNotReference:             true,
		ExpandedStruct:             true,
		Anonymous:                  true,
		Mapper: func(t reflect.Type) *jsonschema.Schema {
			if t.Kind() == reflect.Interface {
				return &jsonschema.Schema{}
			}
			return nil
		},
	}
}

func inputSchema[P any]() (json.RawMessage, []string, error) {
	s := newReflector(true).Reflect(new(P))
	if err := checkObjectSchema(s); err != nil {
		return nil, nil, err
	}
	var props []string
	if s.Properties != nil {
		for pair := s.Properties.Oldest(); pair != nil; pair = pair.Next() {
			props = append(props, pair.Key)
		}
	}
	b, err := json.Marshal(s)
	if err != nil {
		return nil, nil, err
	}
	if s.Properties == nil {
		// A tool without arguments still advertises an (empty) properties object:
		// some clients require it.
		b = bytes.Replace(b, []byte(`"type":"object"`), []byte(`"type":"object","properties":{}`), 1)
	}
	sort.Strings(props)
	return b, props, nil
}

func outputSchema[R any]() (json.RawMessage, error) {
	var zero R
	t := reflect.TypeOf(zero)
	if t == nil {
		return nil, errors.New("result type must be a struct, got an interface")
	}
	s := newReflector(false).ReflectFromType(t)
	if err := checkObjectSchema(s); err != nil {
		return nil, err
	}
	return json.Marshal(s)
}

// checkObjectSchema enforces what MCP clients need: a plain object at the top,
// no combinators there, no boolean sub-schemas, additionalProperties false.
func checkObjectSchema(s *jsonschema.Schema) error {
	s.Version = ""
	s.ID = ""
	if s.Type != "object" {
		return fmt.Errorf("top-level type is %q, want object", s.Type)
	}
	if len(s.AnyOf) > 0 || len(s.OneOf) > 0 || len(s.AllOf) > 0 {
		return errors.New("top-level anyOf/oneOf/allOf is not portable across MCP clients")
	}
	if s.AdditionalProperties != jsonschema.FalseSchema {
		return errors.New("top-level additionalProperties must be false")
	}
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	if bytes.Contains(b, []byte(`"type":["`)) || bytes.Contains(b, []byte(`"$ref"`)) {
		return errors.New("schema has a type union or a $ref")
	}
	return checkNoBoolSchemas(s, "")
}

func checkNoBoolSchemas(s *jsonschema.Schema, path string) error {
	if s == nil {
		return nil
	}
	if s.Properties != nil {
		for pair := s.Properties.Oldest(); pair != nil; pair = pair.Next() {
			p := pair.Value
			if p == jsonschema.TrueSchema || p == jsonschema.FalseSchema {
				return fmt.Errorf("%s.%s is a boolean schema", path, pair.Key)
			}
			if err := checkNoBoolSchemas(p, path+"."+pair.Key); err != nil {
				return err
			}
		}
	}
	if s.Items == jsonschema.TrueSchema || s.Items == jsonschema.FalseSchema {
		return fmt.Errorf("%s items is a boolean schema", path)
	}
	return checkNoBoolSchemas(s.Items, path+"[]")
}
