package app

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An MCP Bundle host expands a multiple-directory setting into separate
// arguments (manifest.json: "--", "${user_config.allowed_directories}"), so
// directories after "--" are allowed like --allow-dir; an empty selection
// leaves a bare "--".
func TestDirectoriesAfterTerminator(t *testing.T) {
	cfg, err := ParseConfig([]string{"--sandbox", "--allow-dir", "/a", "--", "/b", "/c d"}, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"/a", "/b", "/c d"}, cfg.AllowDirs)
	assert.True(t, cfg.Sandbox)

	cfg, err = ParseConfig([]string{"--sandbox", "--"}, nil)
	require.NoError(t, err)
	assert.Empty(t, cfg.AllowDirs)

	// Without "--" a stray argument is still a mistake, named with the fix.
	_, err = ParseConfig([]string{"--sandbox", "/b"}, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unexpected argument "/b"`)
	assert.Contains(t, err.Error(), "after --")

	// An empty directory (a host with an empty entry) is refused by name.
	_, err = ParseConfig([]string{"--", ""}, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--allow-dir must name a directory")
}
