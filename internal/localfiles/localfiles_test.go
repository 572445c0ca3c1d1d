package localfiles_test

import (
	"bytes"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/internal/localfiles"
)

// pngBytes is the start of a real PNG: enough for sniffing.
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)

type tree struct {
	allowed, outside string
	files            *localfiles.Allowed
}

// newTree makes an allowed dir and a sibling outside it, with a secret outside.
func newTree(t *testing.T) tree {
	t.Helper()
	base := t.TempDir()
	allowed := filepath.Join(base, "videos")
	outside := filepath.Join(base, "private")
	require.NoError(t, os.MkdirAll(filepath.Join(allowed, "sub"), 0o755))
	require.NoError(t, os.MkdirAll(outside, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(allowed, "logo.png"), pngBytes, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(allowed, "sub", "deep.png"), pngBytes, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret.png"), pngBytes, 0o644))
	a, err := localfiles.New([]string{allowed})
	require.NoError(t, err)
	return tree{allowed: allowed, outside: outside, files: a}
}

func TestResolveInside(t *testing.T) {
	tr := newTree(t)
	realAllowed, err := filepath.EvalSymlinks(tr.allowed)
	require.NoError(t, err)
	for _, p := range []string{
		filepath.Join(tr.allowed, "logo.png"),
		"logo.png",     // relative: from the first allowed dir
		"sub/deep.png", // relative, nested
		filepath.Join(tr.allowed, ".", "sub", "deep.png"),
	} {
		got, err := tr.files.Resolve(p)
		require.NoError(t, err, p)
		assert.True(t, filepath.IsAbs(got), got)
		assert.Contains(t, got, realAllowed, p)
	}
	// A link that stays inside is fine.
	require.NoError(t, os.Symlink(filepath.Join(tr.allowed, "sub", "deep.png"), filepath.Join(tr.allowed, "alias.png")))
	got, err := tr.files.Resolve(filepath.Join(tr.allowed, "alias.png"))
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(realAllowed, "sub", "deep.png"), got)
	up, err := tr.files.ReadUpload(filepath.Join(tr.allowed, "alias.png"))
	require.NoError(t, err, "an absolute link inside the allowed dir is followed")
	assert.Equal(t, "deep.png", up.Name)
}

func TestResolveRefusesEscapes(t *testing.T) {
	tr := newTree(t)
	require.NoError(t, os.Symlink(filepath.Join(tr.outside, "secret.png"), filepath.Join(tr.allowed, "link-out.png")))
	require.NoError(t, os.Symlink(tr.outside, filepath.Join(tr.allowed, "dir-out")))
	require.NoError(t, os.Symlink("../private/secret.png", filepath.Join(tr.allowed, "rel-out.png")))

	cases := map[string]struct {
		path string
		kind error
		want string
	}{
		"dotdot relative":      {"../private/secret.png", localfiles.ErrOutside, `contains ".."`},
		"dotdot absolute":      {tr.allowed + "/../private/secret.png", localfiles.ErrOutside, `contains ".."`},
		"dotdot hidden inside": {tr.allowed + "/sub/../../private/secret.png", localfiles.ErrOutside, `contains ".."`},
		"absolute elsewhere":   {filepath.Join(tr.outside, "secret.png"), localfiles.ErrOutside, "is outside the allowed directories [" + tr.allowed + "]; start the server with --allow-dir <dir>"},
		"etc passwd":           {"/etc/passwd", localfiles.ErrOutside, `"/etc/passwd" is outside the allowed directories`},
		"prefix sibling":       {tr.allowed + "-evil/x.png", localfiles.ErrOutside, "is outside"},
		"symlink out":          {filepath.Join(tr.allowed, "link-out.png"), localfiles.ErrOutside, "symbolic link out of the allowed directories"},
		"relative symlink out": {filepath.Join(tr.allowed, "rel-out.png"), localfiles.ErrOutside, "symbolic link out"},
		"symlinked dir escape": {filepath.Join(tr.allowed, "dir-out", "secret.png"), localfiles.ErrOutside, "symbolic link out"},
		"missing":              {filepath.Join(tr.allowed, "nope.png"), localfiles.ErrNotFound, "does not exist"},
		"directory":            {filepath.Join(tr.allowed, "sub"), localfiles.ErrNotRegular, "is a directory"},
		"empty":                {"", localfiles.ErrNotFound, "path is empty"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := tr.files.Resolve(c.path)
			require.Error(t, err)
			assert.ErrorIs(t, err, c.kind)
			assert.Contains(t, err.Error(), c.want)
			_, err = tr.files.ReadUpload(c.path)
			assert.ErrorIs(t, err, c.kind, "ReadUpload must refuse it too")
		})
	}
}

func TestNonRegularFileRefused(t *testing.T) {
	tr := newTree(t)
	fifo := filepath.Join(tr.allowed, "pipe.png")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no fifo support: %v", err)
	}
	_, err := tr.files.Resolve(fifo)
	assert.ErrorIs(t, err, localfiles.ErrNotRegular)
	_, err = tr.files.ReadUpload(fifo) // must not block opening the fifo
	assert.ErrorIs(t, err, localfiles.ErrNotRegular)
}

func TestNoDirsAllowed(t *testing.T) {
	a, err := localfiles.New(nil)
	require.NoError(t, err)
	_, err = a.Resolve("/tmp/x.png")
	require.ErrorIs(t, err, localfiles.ErrNoDirs)
	assert.Contains(t, err.Error(), "--allow-dir <dir>")
	var nilSet *localfiles.Allowed
	_, err = nilSet.Resolve("/tmp/x.png")
	assert.ErrorIs(t, err, localfiles.ErrNoDirs)
}

func TestNewRejectsBadDirs(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	for _, d := range []string{"", filepath.Join(dir, "missing"), file} {
		_, err := localfiles.New([]string{d})
		require.Error(t, err, d)
		assert.Contains(t, err.Error(), "--allow-dir")
	}
}

func TestRoots(t *testing.T) {
	tr := newTree(t)
	secret := filepath.Join(tr.outside, "secret.png")
	_, err := tr.files.Resolve(secret)
	require.ErrorIs(t, err, localfiles.ErrOutside)

	u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(tr.outside)}).String()
	err = tr.files.SetRoots([]string{u, "https://example.com/x", "file:///definitely/missing/dir"})
	require.Error(t, err, "unusable roots are reported")
	assert.Contains(t, err.Error(), "https://example.com/x")
	_, err = tr.files.Resolve(secret)
	require.NoError(t, err, "a client root is allowed")
	assert.Equal(t, []string{tr.allowed, tr.outside}, tr.files.Dirs())

	require.NoError(t, tr.files.SetRoots(nil))
	_, err = tr.files.Resolve(secret)
	assert.ErrorIs(t, err, localfiles.ErrOutside, "roots are replaced, not added")
}

func TestReadUploadChecks(t *testing.T) {
	tr := newTree(t)
	write := func(name string, data []byte) string {
		p := filepath.Join(tr.allowed, name)
		require.NoError(t, os.WriteFile(p, data, 0o644))
		return p
	}
	up, err := tr.files.ReadUpload(filepath.Join(tr.allowed, "logo.png"))
	require.NoError(t, err)
	assert.Equal(t, "image/png", up.MimeType)
	assert.Equal(t, "logo.png", up.Name)

	_, err = tr.files.ReadUpload(write("page.html", []byte("<!DOCTYPE html><html><body>hi</body></html>")))
	require.ErrorIs(t, err, localfiles.ErrUnsupportedType)
	assert.Contains(t, err.Error(), "text/html")
	assert.Contains(t, err.Error(), "png, jpeg, mp4, webm, mp3, wav, pdf or srt")

	_, err = tr.files.ReadUpload(write("notes.txt", []byte("1\n00:00:01,000 --> 00:00:02,000\nhi\n")))
	assert.ErrorIs(t, err, localfiles.ErrUnsupportedType, "SRT content needs the .srt name")
	up, err = tr.files.ReadUpload(write("captions.srt", []byte("1\n00:00:01,000 --> 00:00:02,000\nhi\n")))
	require.NoError(t, err)
	assert.Equal(t, "application/x-subrip", up.MimeType)

	_, err = tr.files.ReadUpload(write("empty.png", nil))
	assert.ErrorIs(t, err, localfiles.ErrUnsupportedType)

	big := filepath.Join(tr.allowed, "big.mp4")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(localfiles.MaxUploadBytes+1)) // sparse: no 32 MB written
	require.NoError(t, f.Close())
	_, err = tr.files.ReadUpload(big)
	require.ErrorIs(t, err, localfiles.ErrTooLarge)
	assert.Contains(t, err.Error(), "up to 32 MB")
}

func TestSniffType(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want string
		ok   bool
	}{
		{"a.png", pngBytes, "image/png", true},
		{"a.jpg", []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"), "image/jpeg", true},
		{"a.mp4", []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"), "video/mp4", true},
		{"a.webm", []byte("\x1A\x45\xDF\xA3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm"), "video/webm", true},
		{"a.mp3", []byte("ID3\x03\x00\x00\x00\x00\x00\x00"), "audio/mpeg", true},
		{"raw.mp3", []byte{0xFF, 0xFB, 0x90, 0x64, 0x00}, "audio/mpeg", true},
		{"a.wav", []byte("RIFF\x24\x00\x00\x00WAVEfmt "), "audio/wav", true},
		{"a.pdf", []byte("%PDF-1.7\n"), "application/pdf", true},
		{"a.gif", []byte("GIF89a"), "image/gif", false},
		{"a.zip", []byte("PK\x03\x04"), "application/zip", false},
		{"a.exe", []byte("MZ\x90\x00"), "application/octet-stream", false},
	}
	for _, c := range cases {
		got, ok := localfiles.SniffType(c.data, c.name)
		assert.Equal(t, c.ok, ok, c.name)
		assert.Equal(t, c.want, got, c.name)
	}
}

func TestCreateCommitAbort(t *testing.T) {
	tr := newTree(t)
	entries := func() []string {
		es, err := os.ReadDir(tr.allowed)
		require.NoError(t, err)
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		return names
	}
	before := entries()

	pf, err := tr.files.Create("", "clip.mp4", false, 0)
	require.NoError(t, err)
	_, err = pf.Write([]byte("part"))
	require.NoError(t, err)
	_, err = os.Stat(pf.Path())
	assert.True(t, errors.Is(err, os.ErrNotExist), "nothing under the final name before Commit")
	pf.Abort()
	assert.Equal(t, before, entries(), "Abort leaves no temp file")

	pf, err = tr.files.Create(tr.allowed, "clip.mp4", false, 0)
	require.NoError(t, err)
	_, err = pf.Write([]byte("video bytes"))
	require.NoError(t, err)
	require.NoError(t, pf.Commit())
	pf.Abort() // no-op after Commit
	got, err := os.ReadFile(filepath.Join(tr.allowed, "clip.mp4"))
	require.NoError(t, err)
	assert.Equal(t, "video bytes", string(got))

	_, err = tr.files.Create("", "clip.mp4", false, 0)
	require.ErrorIs(t, err, localfiles.ErrExists)
	assert.Contains(t, err.Error(), "overwrite: true")

	// A file that appears during the download is not clobbered.
	pf, err = tr.files.Create("", "race.mp4", false, 0)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(tr.allowed, "race.mp4"), []byte("theirs"), 0o644))
	_, _ = pf.Write([]byte("ours"))
	require.ErrorIs(t, pf.Commit(), localfiles.ErrExists)
	got, _ = os.ReadFile(filepath.Join(tr.allowed, "race.mp4"))
	assert.Equal(t, "theirs", string(got))

	pf, err = tr.files.Create("", "clip.mp4", true, 0)
	require.NoError(t, err)
	_, _ = pf.Write([]byte("new"))
	require.NoError(t, pf.Commit())
	got, _ = os.ReadFile(filepath.Join(tr.allowed, "clip.mp4"))
	assert.Equal(t, "new", string(got))

	pf, err = tr.files.Create("", "capped.mp4", false, 4)
	require.NoError(t, err)
	_, err = pf.Write(bytes.Repeat([]byte("x"), 5))
	require.ErrorIs(t, err, localfiles.ErrTooLarge)
	pf.Abort()
	_, err = os.Stat(filepath.Join(tr.allowed, "capped.mp4"))
	assert.True(t, errors.Is(err, os.ErrNotExist))

	after := entries()
	assert.ElementsMatch(t, append(before, "clip.mp4", "race.mp4"), after, "no temp files left behind")
}

func TestCreateRefusals(t *testing.T) {
	tr := newTree(t)
	require.NoError(t, os.Symlink(tr.outside, filepath.Join(tr.allowed, "dir-out")))
	for _, name := range []string{"", "../x.mp4", "a/b.mp4", ".hidden", "..", "x\x00.mp4"} {
		_, err := tr.files.Create("", name, false, 0)
		assert.ErrorIs(t, err, localfiles.ErrBadName, "%q", name)
	}
	_, err := tr.files.Create(tr.outside, "x.mp4", false, 0)
	assert.ErrorIs(t, err, localfiles.ErrOutside)
	_, err = tr.files.Create(filepath.Join(tr.allowed, "dir-out"), "x.mp4", false, 0)
	assert.ErrorIs(t, err, localfiles.ErrOutside)
	_, err = tr.files.Create(filepath.Join(tr.allowed, "logo.png"), "x.mp4", false, 0)
	assert.ErrorIs(t, err, localfiles.ErrNotDir)
	_, err = tr.files.Create("", "sub", true, 0)
	assert.ErrorIs(t, err, localfiles.ErrExists, "never replace a directory")
	entries, err := os.ReadDir(tr.outside)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "nothing written outside")
}
