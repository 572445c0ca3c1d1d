package demo

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBadFlagsExit2: every bad flag or environment setting of the demo exits
// 2 before anything runs, with one message naming the setting and what is
// valid (no usage dump, no "start the server: start the sandbox: ..." chain).
func TestBadFlagsExit2(t *testing.T) {
	speedRange := "greater than 0 and at most 10000"
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want []string
	}{
		{"speed too fast", []string{"--speed", "10001"}, nil, []string{"--speed", speedRange, `"10001"`}},
		{"speed zero", []string{"--speed", "0"}, nil, []string{"--speed", speedRange}},
		{"speed negative", []string{"--speed=-2"}, nil, []string{"--speed", speedRange}},
		{"speed not a number", []string{"--speed", "fast"}, nil, []string{"--speed", speedRange, `"fast"`}},
		{"speed NaN", []string{"--speed", "NaN"}, nil, []string{"--speed", speedRange}},
		{"speed Inf", []string{"--speed", "Inf"}, nil, []string{"--speed", speedRange}},
		{"speed without value", []string{"--speed"}, nil, []string{"--speed needs a value"}},
		{"timeout not a duration", []string{"--timeout", "ten"}, nil, []string{"--timeout", "90s, 10m or 1h", `"ten"`}},
		{"timeout negative", []string{"--timeout", "-5m"}, nil, []string{"--timeout must be positive"}},
		{"bool flag", []string{"--yes=perhaps"}, nil, []string{`--yes "perhaps" must be true or false`}},
		{"bad style", []string{"--style", "a style"}, nil, []string{`--style "a style"`, "list_styles"}},
		{"bad mode", []string{"--mode", "batch"}, nil, []string{`--mode "batch"`, "generate or chat"}},
		{"unknown flag", []string{"--sandbox-speed", "2"}, nil, []string{"unknown flag --sandbox-speed"}},
		{"unknown toolset", []string{"--toolset", "dubbing"}, nil, []string{`--toolset "dubbing"`, "video_agent, videos, translation, speech, avatars, library"}},
		{"two toolsets", []string{"--toolset", "videos,speech"}, nil, []string{`--toolset "videos,speech"`, "one of video_agent"}},
		{"all toolsets", []string{"--toolset", "all"}, nil, []string{`--toolset "all"`}},
		{"sandbox speed env", nil, map[string]string{"HEYGEN_SANDBOX_SPEED": "10001"}, []string{"HEYGEN_SANDBOX_SPEED", speedRange}},
		{"sandbox env", nil, map[string]string{"HEYGEN_SANDBOX": "maybe"}, []string{"HEYGEN_SANDBOX", "1/true or 0/false"}},
		{"base url env", nil, map[string]string{"HEYGEN_BASE_URL": "ftp://x"}, []string{"HEYGEN_BASE_URL"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runDemo(t, tc.args, tc.env, "")
			assert.Equal(t, exitUsage, r.code, "stderr: %s", r.stderr)
			assert.Empty(t, r.calls, "nothing runs on bad usage")
			assert.Equal(t, 1, strings.Count(r.stderr, "heygen-mcp demo:"), "one message: %s", r.stderr)
			assert.NotContains(t, r.stderr, "Usage:", "no usage dump on a bad flag")
			assert.NotContains(t, r.stderr, "start the server")
			for _, w := range tc.want {
				assert.Contains(t, r.stderr, w)
			}
		})
	}
}

func TestGoodFlagsParse(t *testing.T) {
	st, err := parseArgs([]string{"--speed", "10000", "--timeout", "0", "--style", "style_noir:v2"}, func(string) string { return "" }, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 10000.0, st.speed)
	assert.True(t, st.speedSet)
	assert.Equal(t, "style_noir:v2", st.styleID)
	assert.Positive(t, st.timeout, "0 means the default")

	st, err = parseArgs(nil, func(string) string { return "" }, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 1.0, st.speed)
	assert.False(t, st.speedSet)

	// The demo's server always runs in-process over stdio: the transport
	// settings of the environment are not the demo's business.
	_, err = parseArgs(nil, func(k string) string {
		return map[string]string{"HEYGEN_MCP_TRANSPORT": "http", "HEYGEN_MCP_ADDR": "0.0.0.0:8080", "HEYGEN_SANDBOX": "1"}[k]
	}, io.Discard)
	assert.NoError(t, err)
}
