package tools

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// maxDescription is the budget of one tool description: tool lists are read
// into the model's context on every turn.
const maxDescription = 600

// TestToolSnapshots compares every tool definition with its golden file.
// UPDATE_TOOLSNAPS=1 rewrites them; a missing file fails when CI is set.
func TestToolSnapshots(t *testing.T) {
	for _, st := range ServerTools(Deps{}, SelectAll(false)) {
		t.Run(st.Tool.Name, func(t *testing.T) {
			got, err := json.Marshal(st.Tool)
			require.NoError(t, err)
			var pretty map[string]any
			require.NoError(t, json.Unmarshal(got, &pretty))
			want, _ := json.MarshalIndent(pretty, "", "  ") // map keys marshal sorted
			want = append(want, '\n')
			path := filepath.Join("testdata", "toolsnaps", st.Tool.Name+".json")
			old, err := os.ReadFile(path)
			switch {
			case os.Getenv("UPDATE_TOOLSNAPS") == "1":
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, want, 0o644))
				return
			case os.IsNotExist(err) && os.Getenv("CI") == "":
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, want, 0o644))
				t.Logf("created missing snapshot %s", path)
				return
			}
			require.NoError(t, err, "snapshot %s missing: run UPDATE_TOOLSNAPS=1 go test ./tools/", path)
			assert.JSONEq(t, string(old), string(got), "tool definition changed: review the diff, then UPDATE_TOOLSNAPS=1 go test ./tools/")
		})
	}
}

// TestNoOrphanSnapshots: a snapshot without a tool in the registry is a tool
// that was removed or renamed (the real-client suite reads the tool list from
// these files).
func TestNoOrphanSnapshots(t *testing.T) {
	names := map[string]bool{}
	for _, st := range ServerTools(Deps{}, SelectAll(false)) {
		names[st.Tool.Name+".json"] = true
	}
	entries, err := os.ReadDir(filepath.Join("testdata", "toolsnaps"))
	require.NoError(t, err)
	for _, e := range entries {
		assert.True(t, names[e.Name()], "testdata/toolsnaps/%s has no tool in the registry: delete it", e.Name())
	}
}

func TestToolInvariants(t *testing.T) {
	seen := map[string]bool{}
	for _, st := range ServerTools(Deps{}, SelectAll(false)) {
		tl := st.Tool
		assert.False(t, seen[tl.Name], "duplicate tool name %s", tl.Name)
		seen[tl.Name] = true
		a := tl.Annotations
		for hint, v := range map[string]*bool{"readOnlyHint": a.ReadOnlyHint, "destructiveHint": a.DestructiveHint, "idempotentHint": a.IdempotentHint, "openWorldHint": a.OpenWorldHint} {
			assert.NotNil(t, v, "%s: %s not set", tl.Name, hint)
		}
		assert.NotEmpty(t, a.Title, tl.Name)
		assert.NotEmpty(t, tl.Description, tl.Name)
		assert.LessOrEqual(t, len(tl.Description), maxDescription, "%s: description over budget", tl.Name)
		if *a.ReadOnlyHint {
			assert.False(t, *a.DestructiveHint, "%s: a read tool cannot be destructive", tl.Name)
		}
		for _, raw := range []json.RawMessage{tl.RawInputSchema, tl.RawOutputSchema} {
			var s map[string]any
			require.NoError(t, json.Unmarshal(raw, &s), tl.Name)
			assert.Equal(t, "object", s["type"], tl.Name)
			assert.Equal(t, false, s["additionalProperties"], tl.Name)
			for _, k := range []string{"anyOf", "oneOf", "allOf", "$schema", "$id", "$ref", "$defs"} {
				assert.NotContains(t, s, k, "%s: top-level %s", tl.Name, k)
			}
			assert.NotContains(t, string(raw), `"type":[`, "%s: type unions are not portable", tl.Name)
		}
	}
	assert.Len(t, seen, len(Definitions()))
}

// TestSchemaTagsParse catches invopop tags whose unescaped commas silently cut
// a description: every comma-separated part must be a known keyword. It reads
// every struct a registered tool takes or returns.
func TestSchemaTagsParse(t *testing.T) {
	known := map[string]bool{"required": true, "description": true, "enum": true, "minLength": true, "maxLength": true,
		"minimum": true, "maximum": true, "maxItems": true, "minItems": true, "pattern": true}
	seen := map[reflect.Type]bool{}
	var walk func(rt reflect.Type)
	walk = func(rt reflect.Type) {
		for rt.Kind() == reflect.Pointer || rt.Kind() == reflect.Slice || rt.Kind() == reflect.Map {
			rt = rt.Elem()
		}
		if rt.Kind() != reflect.Struct || seen[rt] {
			return
		}
		seen[rt] = true
		for i := range rt.NumField() {
			f := rt.Field(i)
			walk(f.Type)
			tag := f.Tag.Get("jsonschema")
			if tag == "" {
				continue
			}
			tag = strings.ReplaceAll(tag, `\,`, "")
			for part := range strings.SplitSeq(tag, ",") {
				key, _, _ := strings.Cut(part, "=")
				assert.True(t, known[key], "%s.%s: tag part %q is not a keyword (unescaped comma?)", rt.Name(), f.Name, part)
			}
		}
	}
	for _, def := range Definitions() {
		walk(def.params)
		walk(def.result)
	}
	assert.Greater(t, len(seen), 2*len(Definitions()), "structs read")
}

// TestEachToolIsOneFile: every tool is a registry method in a file named
// after the tool (create_video: func (registry) CreateVideo() in
// create_video.go), declaring that name, and nothing else declares one.
func TestEachToolIsOneFile(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	require.NoError(t, err)
	declared := map[string]string{} // method name -> file
	for _, pkg := range pkgs {
		for path, file := range pkg.Files {
			for _, decl := range file.Decls {
				fn, ok := decl.(*ast.FuncDecl)
				if !ok || fn.Recv == nil || len(fn.Recv.List) != 1 {
					continue
				}
				if id, ok := fn.Recv.List[0].Type.(*ast.Ident); ok && id.Name == "registry" {
					declared[fn.Name.Name] = filepath.Base(path)
				}
			}
		}
	}
	defs := Definitions()
	require.Len(t, declared, len(defs), "registry methods vs definitions")
	for _, def := range defs {
		method := camelCase(def.Name)
		assert.Equal(t, def.Name+".go", declared[method], "%s: declare it as func (registry) %s() in %s.go", def.Name, method, def.Name)
		assert.Contains(t, append(ToolsetNames(), ToolsetDynamic), def.Toolset, def.Name)
		for _, ts := range def.Shared {
			assert.Contains(t, ToolsetNames(), ts, def.Name)
		}
	}
}

func camelCase(snake string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(snake, "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// TestReadOnlyIsTheHint: --read-only keeps exactly the tools whose Hints say
// read-only, and the annotation a client sees is that same hint.
func TestReadOnlyIsTheHint(t *testing.T) {
	var readNames []string
	for _, def := range Definitions() {
		if def.Hints.ReadOnly {
			readNames = append(readNames, def.Name)
		}
	}
	var got []string
	for _, st := range ServerTools(Deps{}, SelectAll(true)) {
		got = append(got, st.Tool.Name)
		assert.True(t, *st.Tool.Annotations.ReadOnlyHint, st.Tool.Name)
	}
	assert.Equal(t, readNames, got)
	assert.Less(t, len(got), len(Definitions()), "some tools change things")
}

func TestNewToolPanicsOnBadSchema(t *testing.T) {
	assert.Panics(t, func() {
		NewTool("bad", "t", "d", readHints, func(context.Context, []string) (VideoResult, error) { return VideoResult{}, nil })
	})
	assert.Panics(t, func() {
		NewTool("bad", "t", "d", readHints, func(context.Context, GetVideoParams) (string, error) { return "", nil })
	})
}

// TestCancelledCallIsProtocolLevel: a call whose ctx ends is returned as an
// error for the transport, not turned into a tool result.
func TestCancelledCallIsProtocolLevel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	tl := NewTool("get_video", "t", "d", readHints, func(ctx context.Context, p GetVideoParams) (VideoResult, error) {
		close(started)
		<-ctx.Done()
		return VideoResult{}, &heygen.TransportError{Method: "GET", Path: "/v3/videos/" + string(p.VideoID), Err: ctx.Err()}
	})
	req := mcp.CallToolRequest{}
	req.Params.Arguments = map[string]any{"video_id": "vid_1"}
	go func() { <-started; cancel() }()
	res, err := tl.Handler(ctx, req)
	assert.Nil(t, res)
	assert.ErrorIs(t, err, context.Canceled)
}

// TestIDPatternIsHeyGens: every id argument of every tool follows the one id
// rule (heygen.IDPattern, heygen.MaxIDLength), so a tool, a resource URI and
// the client accept exactly the same ids. The rule's schema comes from the ID
// type; this catches an *_id argument declared as a plain string.
func TestIDPatternIsHeyGens(t *testing.T) {
	seen := 0
	var walk func(tool, path string, node map[string]any)
	walk = func(tool, path string, node map[string]any) {
		if p, ok := node["pattern"].(string); ok && strings.HasSuffix(path, "_id") {
			seen++
			assert.Equal(t, heygen.IDPattern, p, "%s %s", tool, path)
			assert.EqualValues(t, heygen.MaxIDLength, node["maxLength"], "%s %s", tool, path)
		}
		if props, ok := node["properties"].(map[string]any); ok {
			for name, sub := range props {
				if m, ok := sub.(map[string]any); ok {
					walk(tool, path+"."+name, m)
				}
			}
		}
		if items, ok := node["items"].(map[string]any); ok {
			walk(tool, path+"[]", items)
		}
	}
	for _, st := range ServerTools(Deps{}, SelectAll(false)) {
		var schema map[string]any
		require.NoError(t, json.Unmarshal(st.Tool.RawInputSchema, &schema))
		walk(st.Tool.Name, "", schema)
	}
	assert.GreaterOrEqual(t, seen, 15, "id arguments found")
}

// TestExamplesAreValid: every tool's Example passes its own argument checks:
// with no API key configured, the only complaint is the missing key.
func TestExamplesAreValid(t *testing.T) {
	for _, st := range ServerTools(Deps{}, SelectAll(false)) {
		var def Definition
		for _, d := range Definitions() {
			if d.Name == st.Tool.Name {
				def = d
			}
		}
		req := mcp.CallToolRequest{}
		req.Params.Name = def.Name
		req.Params.Arguments = def.ExampleArguments(nil)
		res, err := st.Handler(context.Background(), req)
		require.NoError(t, err, def.Name)
		if !def.Hints.OpenWorld {
			// It never calls HeyGen, so it needs no key; it may still find
			// no session to act on, which is not about its arguments.
			if info, isErr := ErrorInfoOf(res); isErr {
				assert.NotEqual(t, "invalid_argument", info.Kind, "%s: Example %s", def.Name, def.Example)
			}
			continue
		}
		require.True(t, res.IsError, def.Name)
		info, ok := ErrorInfoOf(res)
		require.True(t, ok, def.Name)
		assert.Equal(t, "no_api_key", info.Kind, "%s: Example %s", def.Name, def.Example)
	}
}

// registryFile is tools/testdata/registry.json: the registry for programs
// that cannot import this package (the Node real-client suite reads it to
// know the default tools and to call every tool with its example).
type registryFile struct {
	DefaultToolsets []string            `json:"default_toolsets"`
	Tools           []registryFileEntry `json:"tools"`
}

type registryFileEntry struct {
	Name        string          `json:"name"`
	Toolsets    []string        `json:"toolsets"`
	ReadOnly    bool            `json:"read_only"`
	Destructive bool            `json:"destructive"`
	OpenWorld   bool            `json:"open_world"`
	Example     json.RawMessage `json:"example"`
}

// TestRegistryFile keeps tools/testdata/registry.json equal to the registry;
// UPDATE_TOOLSNAPS=1 rewrites it, and a missing file is written locally but
// fails when CI is set.
func TestRegistryFile(t *testing.T) {
	f := registryFile{DefaultToolsets: DefaultToolsets()}
	for _, def := range Definitions() {
		f.Tools = append(f.Tools, registryFileEntry{Name: def.Name, Toolsets: append([]string{def.Toolset}, def.Shared...),
			ReadOnly: def.Hints.ReadOnly, Destructive: def.Hints.Destructive, OpenWorld: def.Hints.OpenWorld,
			Example: json.RawMessage(def.Example)})
	}
	want, err := json.MarshalIndent(f, "", "  ")
	require.NoError(t, err)
	want = append(want, '\n')
	path := filepath.Join("testdata", "registry.json")
	old, err := os.ReadFile(path)
	switch {
	case os.Getenv("UPDATE_TOOLSNAPS") == "1", os.IsNotExist(err) && os.Getenv("CI") == "":
		require.NoError(t, os.WriteFile(path, want, 0o644))
		return
	}
	require.NoError(t, err, "%s missing: run UPDATE_TOOLSNAPS=1 go test ./tools/", path)
	assert.Equal(t, string(want), string(old), "the registry changed: UPDATE_TOOLSNAPS=1 go test ./tools/")
}
