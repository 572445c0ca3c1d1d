package demo

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scriptedCaller answers tool calls from a function, for states the simulator
// does not produce.
type scriptedCaller struct {
	tools  []string
	answer func(name string, args map[string]any) *mcp.CallToolResult
}

func (s scriptedCaller) ListTools(context.Context, mcp.ListToolsRequest) (*mcp.ListToolsResult, error) {
	res := &mcp.ListToolsResult{}
	for _, n := range s.tools {
		res.Tools = append(res.Tools, mcp.Tool{Name: n})
	}
	return res, nil
}

func (s scriptedCaller) CallTool(_ context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	args, _ := req.Params.Arguments.(map[string]any)
	return s.answer(req.Params.Name, args), nil
}

var allTools = []string{"get_account", "list_styles", "create_video", "get_session", "get_video", "send_message"}

func scriptedWalk(c toolCaller, mode string) (*walk, *bytes.Buffer) {
	var out bytes.Buffer
	return &walk{
		mcp: c, out: &out, in: newLineReader(strings.NewReader("")), view: newProgressView(&out, false),
		prompt: "p", mode: mode, pollMin: 1, pollMax: 1,
		now:   func() (t0 time.Time) { return t0 },
		sleep: func(context.Context, time.Duration) error { return nil },
	}, &out
}

// okUntilWait answers the calls before the wait loop.
func okUntilWait(name string) *mcp.CallToolResult {
	switch name {
	case "get_account", "list_styles":
		return mcp.NewToolResultStructured(map[string]any{}, name+" ok")
	case "create_video":
		return mcp.NewToolResultStructured(map[string]any{"session_id": "sess_1", "status": "thinking"}, "created")
	}
	return nil
}

func TestWalkEdgeCases(t *testing.T) {
	for _, tc := range []struct {
		name    string
		mode    string
		tools   []string
		session map[string]any
		video   map[string]any
		want    string
	}{
		{
			name: "read-only server", tools: []string{"get_account", "get_session"},
			want: "no list_styles, create_video, get_video tool(s)",
		},
		{
			name:    "generate session paused for input",
			session: map[string]any{"session_id": "sess_1", "status": "waiting_for_input", "needs_input": true, "question": "Which voice?"},
			want:    "paused for input (waiting_for_input) although the session is in generate mode: Which voice?",
		},
		{
			name:    "session failed before a video",
			session: map[string]any{"session_id": "sess_1", "status": "failed", "error": "prompt rejected"},
			want:    "the session failed: prompt rejected",
		},
		{
			name:    "completed without video_id",
			session: map[string]any{"session_id": "sess_1", "status": "completed"},
			want:    "completed without a video_id",
		},
		{
			name:    "completed video without URL",
			session: map[string]any{"session_id": "sess_1", "status": "completed", "video_id": "vid_1"},
			video:   map[string]any{"video_id": "vid_1", "status": "completed"},
			want:    "has no video_url",
		},
		{
			name:    "session failed while rendering",
			session: map[string]any{"session_id": "sess_1", "status": "failed", "video_id": "vid_1", "error": "out of credits"},
			video:   map[string]any{"video_id": "vid_1", "status": "processing"},
			want:    "the session failed while video vid_1 was processing: out of credits",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tools := tc.tools
			if tools == nil {
				tools = allTools
			}
			c := scriptedCaller{tools: tools, answer: func(name string, _ map[string]any) *mcp.CallToolResult {
				switch name {
				case "get_session":
					return mcp.NewToolResultStructured(tc.session, "session")
				case "get_video":
					return mcp.NewToolResultStructured(tc.video, "video")
				}
				return okUntilWait(name)
			}}
			w, _ := scriptedWalk(c, orDefault(tc.mode, "generate"))
			_, err := w.run(t.Context())
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestWalkShowsToolErrors(t *testing.T) {
	c := scriptedCaller{tools: allTools, answer: func(name string, _ map[string]any) *mcp.CallToolResult {
		if name == "create_video" {
			return mcp.NewToolResultError("HeyGen answered 402 payment_required: not enough credits")
		}
		return okUntilWait(name)
	}}
	w, out := scriptedWalk(c, "generate")
	_, err := w.run(t.Context())
	require.Error(t, err)
	assert.Equal(t, "create_video failed: HeyGen answered 402 payment_required: not enough credits", err.Error())
	assert.Contains(t, out.String(), "get_account ok", "results are shown as the assistant sees them")
}

func TestWalkKeepsPollingTheVideoWhenTheSessionGoesAway(t *testing.T) {
	// HeyGen's session GET may answer 404 once a video exists (inferred); the
	// video is then followed with get_video alone.
	videoPolls := 0
	c := scriptedCaller{tools: allTools, answer: func(name string, _ map[string]any) *mcp.CallToolResult {
		switch name {
		case "create_video":
			return mcp.NewToolResultStructured(map[string]any{"session_id": "sess_1", "video_id": "vid_1"}, "created")
		case "get_session":
			return mcp.NewToolResultError("HeyGen answered 404 not_found: Session not found")
		case "get_video":
			videoPolls++
			if videoPolls < 3 {
				return mcp.NewToolResultStructured(map[string]any{"video_id": "vid_1", "status": "processing"}, "video")
			}
			return mcp.NewToolResultStructured(map[string]any{"video_id": "vid_1", "status": "completed", "video_url": "https://cdn.example/v.mp4"}, "video")
		}
		return okUntilWait(name)
	}}
	w, out := scriptedWalk(c, "generate")
	v, err := w.run(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "https://cdn.example/v.mp4", v.VideoURL)
	assert.Contains(t, out.String(), "video processing")
}
