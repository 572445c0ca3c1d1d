package tools

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
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
	for _, st := range All(Deps{}) {
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
	for _, st := range All(Deps{}) {
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
	for _, st := range All(Deps{}) {
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
	assert.Len(t, seen, len(readTools)+len(writeTools))
}

// TestSchemaTagsParse catches invopop tags whose unescaped commas silently cut
// a description: every comma-separated part must be a known keyword.
func TestSchemaTagsParse(t *testing.T) {
	known := map[string]bool{"required": true, "description": true, "enum": true, "minLength": true, "maxLength": true,
		"minimum": true, "maximum": true, "maxItems": true, "minItems": true, "pattern": true}
	types := []any{CreateVideoParams{}, SendMessageParams{}, SessionIDParams{}, GetSessionParams{}, ListSessionsParams{},
		ListSessionVideosParams{}, GetSessionResourceParams{}, GetVideoParams{}, ListStylesParams{}, ListAvatarsParams{},
		ListVoicesParams{}, GetAccountParams{}, FileInput{}, VideoResult{}, WaitForVideoParams{}, WaitResult{},
		UploadAssetParams{}, UploadAssetResult{}, DownloadVideoParams{}, DownloadVideoResult{}, AccountResult{},
		StyleResult{}, ListStylesResult{}, AvatarResult{}, ListAvatarsResult{}, VoiceResult{}, ListVoicesResult{},
		CreateVideoResult{}, SendMessageResult{}, MessageResult{}, SessionResult{}, StopSessionResult{},
		SessionSummaryResult{}, ListSessionsResult{}, ListSessionVideosResult{}, SessionResourceResult{}}
	for _, v := range types {
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			f := rt.Field(i)
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
}

func TestSelectRefusesMisclassifiedTools(t *testing.T) {
	wrong := NewTool("get_video", "t", "d", Hints{ReadOnly: false, Destructive: false, Idempotent: true, OpenWorld: true},
		func(context.Context, GetVideoParams) (VideoResult, error) { return VideoResult{}, nil })
	assert.Panics(t, func() { Select([]server.ServerTool{wrong}, false) })
	unknown := NewTool("upload_everything", "t", "d", readHints,
		func(context.Context, GetVideoParams) (VideoResult, error) { return VideoResult{}, nil })
	assert.Panics(t, func() { Select([]server.ServerTool{unknown}, true) })
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
		return VideoResult{}, &heygen.TransportError{Method: "GET", Path: "/v3/videos/" + p.VideoID, Err: ctx.Err()}
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
// the client accept exactly the same ids. Struct tags cannot name a constant,
// so this test is what keeps the 19 tags equal to it.
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
	for _, st := range All(Deps{}) {
		var schema map[string]any
		require.NoError(t, json.Unmarshal(st.Tool.RawInputSchema, &schema))
		walk(st.Tool.Name, "", schema)
	}
	assert.GreaterOrEqual(t, seen, 15, "id arguments found")
}
