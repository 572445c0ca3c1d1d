package demo

import (
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/internal/sandbox"
)

// lineAfter returns the rest of the first stdout line starting with prefix.
func lineAfter(t *testing.T, stdout, prefix string) string {
	t.Helper()
	for _, line := range strings.Split(stdout, "\n") {
		if rest, ok := strings.CutPrefix(line, prefix); ok {
			return strings.TrimSpace(rest)
		}
	}
	t.Fatalf("no %q line in:\n%s", prefix, stdout)
	return ""
}

// TestSandboxToolsetWalks: every --toolset walk runs in the sandbox to its
// printed result, through the tools of that toolset.
func TestSandboxToolsetWalks(t *testing.T) {
	for _, tc := range []struct {
		toolset string
		tools   []string
		result  string // the printed result line's prefix
		sample  []byte // the file its URL points at; nil for a summary
	}{
		{"videos", []string{"list_avatars", "list_voices", "create_avatar_video", "wait_for_video"},
			"Video ready: ", sandbox.SampleClip()},
		{"translation", []string{"list_avatars", "list_voices", "create_avatar_video", "wait_for_video", "list_translation_languages",
			"upload_asset", "create_video_translation", "wait_for_video_translation"},
			"Translated video ready (Spanish (Spain)): ", sandbox.SampleClip()},
		{"speech", []string{"list_voices", "text_to_speech"}, "Audio ready: ", sandbox.SampleAudio()},
		{"avatars", []string{"list_avatar_groups", "list_avatars"}, "  Anna (group_anna) has 2 look(s): ", nil},
		{"library", []string{"list_brand_kits"}, "  3 brand kit(s) listed: ", nil},
		{"VIDEO_AGENT", []string{"get_account", "list_styles", "create_video", "get_session", "get_video"}, "Video ready: ", sandbox.SampleClip()},
	} {
		t.Run(tc.toolset, func(t *testing.T) {
			r := runDemo(t, []string{"--speed", fastSpeed, "--toolset", tc.toolset}, nil, "")
			require.Equal(t, 0, r.code, "stderr: %s\nstdout: %s", r.stderr, r.stdout)
			names := toolNames(r.calls)
			require.GreaterOrEqual(t, len(names), len(tc.tools), names)
			assert.Equal(t, tc.tools, names[:len(tc.tools)])
			assert.Contains(t, r.stdout, "SIMULATED")

			got := lineAfter(t, r.stdout, tc.result)
			if tc.sample == nil {
				assert.Contains(t, r.stdout, "Summary:")
				return
			}
			if tc.toolset != "speech" { // speech is made at once: no wait
				assert.Contains(t, r.stdout, "completed", "the progress display ends completed")
			}
			assert.True(t, sandbox.IsSandboxURL(got), got)
			u, err := url.Parse(got)
			require.NoError(t, err)
			b, err := os.ReadFile(u.Path)
			require.NoError(t, err, "the file outlives the server")
			assert.Equal(t, tc.sample, b)
		})
	}
}

// TestRealModeTranslationUsesTheVideoURL: against HeyGen the video's https
// URL is translated as it is (no upload), after one confirmation.
func TestRealModeTranslationUsesTheVideoURL(t *testing.T) {
	s, env := realHeyGen(t)
	r := runDemo(t, []string{"--toolset", "translation"}, env, "y\n")
	require.Equal(t, 0, r.code, "stderr: %s\nstdout: %s", r.stderr, r.stdout)
	assert.Contains(t, r.stdout, "spends credits for both")
	assert.NotContains(t, toolNames(r.calls), "upload_asset")
	for _, c := range r.calls {
		if c.Name == "create_video_translation" {
			assert.True(t, strings.HasPrefix(c.Args["video_url"].(string), "https://"), c.Args)
		}
	}
	assert.Equal(t, 1, s.RequestCount(http.MethodPost, "/v3/videos"))
	assert.Equal(t, 1, s.RequestCount(http.MethodPost, "/v3/video-translations"))
	assert.NotEmpty(t, lineAfter(t, r.stdout, "Translated video ready"))
}

func TestRealModeSpeechDeclined(t *testing.T) {
	s, env := realHeyGen(t)
	r := runDemo(t, []string{"--toolset", "speech"}, env, "n\n")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "not confirmed")
	assert.Zero(t, s.RequestCount(http.MethodPost, "/v3/voices/speech"))
}
