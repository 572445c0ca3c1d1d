package localfiles_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/localfiles"
)

// sparseFile writes head and extends the file to size without writing the rest.
func sparseFile(t *testing.T, dir, name string, head []byte, size int64) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, head, 0o644))
	require.NoError(t, os.Truncate(p, size))
	return p
}

var mp4Head = []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")

type fakeUploader struct {
	small, large int
	sent         int64
}

func (f *fakeUploader) UploadAsset(_ context.Context, name string, r io.Reader) (*heygen.Asset, error) {
	f.small++
	n, _ := io.Copy(io.Discard, r)
	return &heygen.Asset{AssetID: "asset_small", SizeBytes: n}, nil
}

func (f *fakeUploader) UploadLargeAsset(_ context.Context, name, mt string, r io.ReaderAt, size int64, p func(int64)) (*heygen.Asset, error) {
	f.large++
	n, _ := io.Copy(io.Discard, io.NewSectionReader(r, 0, size))
	f.sent = n
	if p != nil {
		p(n)
	}
	return &heygen.Asset{AssetID: "asset_large", MimeType: mt, SizeBytes: n}, nil
}

func TestUploadFileSmallAndLarge(t *testing.T) {
	dir := t.TempDir()
	a, err := localfiles.New([]string{dir})
	require.NoError(t, err)
	ctx := context.Background()
	big := sparseFile(t, dir, "big.mp4", mp4Head, 33<<20)
	small := sparseFile(t, dir, "small.mp4", mp4Head, 1<<20)

	u := &fakeUploader{}
	var last, total int64
	asset, up, err := a.UploadFile(ctx, u, big, func(s, tot int64) { last, total = s, tot })
	require.NoError(t, err)
	assert.Equal(t, "asset_large", asset.AssetID)
	assert.Nil(t, up.Data)
	assert.Equal(t, int64(33<<20), up.Size)
	assert.Equal(t, "video/mp4", up.MimeType)
	assert.Equal(t, int64(33<<20), u.sent)
	assert.Equal(t, int64(33<<20), last)
	assert.Equal(t, int64(33<<20), total)

	asset, up, err = a.UploadFile(ctx, u, small, nil)
	require.NoError(t, err)
	assert.Equal(t, "asset_small", asset.AssetID)
	assert.Equal(t, int64(1<<20), up.Size)
	assert.Equal(t, 1, u.small)
	assert.Equal(t, 1, u.large)
	require.NoError(t, a.CheckFile(ctx, big))
}

func TestUploadFileRefusedBeforeSending(t *testing.T) {
	dir := t.TempDir()
	a, err := localfiles.New([]string{dir})
	require.NoError(t, err)
	ctx := context.Background()
	over := sparseFile(t, dir, "huge.mp4", mp4Head, localfiles.MaxLargeUploadBytes+1)
	html := sparseFile(t, dir, "page.mp4", []byte("<html><body>hi</body></html>"), 40<<20)
	empty := sparseFile(t, dir, "empty.mp4", nil, 0)
	for p, kind := range map[string]error{over: localfiles.ErrTooLarge, html: localfiles.ErrUnsupportedType,
		empty: localfiles.ErrUnsupportedType, filepath.Join(t.TempDir(), "x.mp4"): localfiles.ErrOutside} {
		u := &fakeUploader{}
		_, up, err := a.UploadFile(ctx, u, p, nil)
		assert.Nil(t, up)
		assert.True(t, errors.Is(err, kind), "%s: %v", p, err)
		assert.Zero(t, u.small+u.large, "nothing sent for %s", p)
		assert.True(t, errors.Is(a.CheckFile(ctx, p), kind))
	}
	l, err := a.OpenUpload(sparseFile(t, dir, "ok.png", bytes.Repeat([]byte("\x89PNG\r\n\x1a\n"), 2), 40<<20))
	require.NoError(t, err)
	assert.Equal(t, "image/png", l.MimeType)
	require.NoError(t, l.Close())
}
