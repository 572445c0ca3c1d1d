package localfiles

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// countingUploader stands in for *heygen.Client and counts what was sent.
type countingUploader struct{ names []string }

func (u *countingUploader) UploadAsset(_ context.Context, name string, r io.Reader) (*heygen.Asset, error) {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return nil, err
	}
	u.names = append(u.names, name)
	return &heygen.Asset{AssetID: "asset_1"}, nil
}

func TestUploadToChecksBeforeSending(t *testing.T) {
	allowed, outside := t.TempDir(), t.TempDir()
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
	require.NoError(t, os.WriteFile(filepath.Join(allowed, "slide.png"), png, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(outside, "x.png"), png, 0o644))
	a, err := New([]string{allowed})
	require.NoError(t, err)
	u := &countingUploader{}

	asset, up, err := a.UploadTo(context.Background(), u, filepath.Join(allowed, "slide.png"))
	require.NoError(t, err)
	assert.Equal(t, "asset_1", asset.AssetID)
	assert.Equal(t, "slide.png", up.Name)
	assert.Equal(t, "image/png", up.MimeType)

	_, up, err = a.UploadTo(context.Background(), u, filepath.Join(outside, "x.png"))
	var le *Error
	require.ErrorAs(t, err, &le, "a path outside the allowed directories is refused")
	assert.Nil(t, up)
	_, _, err = (*Allowed)(nil).UploadTo(context.Background(), u, filepath.Join(allowed, "slide.png"))
	require.ErrorAs(t, err, &le, "no allowed directories: nothing is read")
	assert.Equal(t, []string{"slide.png"}, u.names, "only the allowed file was sent")
}
