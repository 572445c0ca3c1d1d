package localfiles_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/internal/localfiles"
)

// TestDirsHiddenFromErrors: WithDirsHidden, no refusal names an allowed
// directory (as given or resolved), while it still names the caller's path
// and says what is wrong; without it, the directories are listed.
func TestDirsHiddenFromErrors(t *testing.T) {
	tr := newTree(t)
	real, err := filepath.EvalSymlinks(tr.allowed)
	require.NoError(t, err)
	hidden, err := localfiles.New([]string{tr.allowed}, localfiles.WithDirsHidden())
	require.NoError(t, err)
	require.NoError(t, os.Symlink(filepath.Join(tr.outside, "secret.png"), filepath.Join(tr.allowed, "link-out.png")))
	require.NoError(t, os.WriteFile(filepath.Join(tr.allowed, "taken.mp4"), []byte("x"), 0o644))

	refusals := map[string]struct {
		call func(*localfiles.Allowed) error
		want string
	}{
		"outside":           {func(a *localfiles.Allowed) error { _, err := a.ReadUpload("/etc/passwd"); return err }, `"/etc/passwd" is outside the allowed directories`},
		"relative missing":  {func(a *localfiles.Allowed) error { _, err := a.ReadUpload("nope.png"); return err }, `"nope.png" does not exist`},
		"symlink out":       {func(a *localfiles.Allowed) error { _, err := a.ReadUpload("link-out.png"); return err }, `"link-out.png" leads through a symbolic link out`},
		"dotdot":            {func(a *localfiles.Allowed) error { _, err := a.ReadUpload("../private/secret.png"); return err }, `contains ".."`},
		"empty":             {func(a *localfiles.Allowed) error { _, err := a.ReadUpload(""); return err }, "path is empty"},
		"a directory":       {func(a *localfiles.Allowed) error { _, err := a.OpenUpload("sub"); return err }, `"sub" is a directory`},
		"not a directory":   {func(a *localfiles.Allowed) error { _, err := a.ResolveDir("logo.png"); return err }, `"logo.png" is not a directory`},
		"download exists":   {func(a *localfiles.Allowed) error { _, err := a.Create("", "taken.mp4", false, 0); return err }, `"taken.mp4" already exists`},
		"download dir gone": {func(a *localfiles.Allowed) error { _, err := a.Create("gone", "v.mp4", false, 0); return err }, `"gone" does not exist`},
	}
	for name, r := range refusals {
		t.Run(name, func(t *testing.T) {
			err := r.call(hidden)
			require.Error(t, err)
			assert.Contains(t, err.Error(), r.want)
			for _, d := range []string{tr.allowed, real, filepath.Base(tr.allowed)} {
				assert.NotContains(t, err.Error(), d, "a remote caller learns an allowed directory")
			}
		})
	}
	_, err = tr.files.ReadUpload("/etc/passwd")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "["+tr.allowed+"]", "without WithDirsHidden the directories are listed")
}
