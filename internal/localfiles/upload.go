package localfiles

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// MaxUploadBytes is HeyGen's cap for POST /v3/assets.
const MaxUploadBytes = heygen.MaxAssetBytes

// Upload is a local file read for POST /v3/assets, already checked.
type Upload struct {
	Path     string // real absolute path
	Name     string // base name sent to HeyGen (no local directories leave the machine)
	MimeType string // sniffed from the bytes
	Data     []byte // nil for a large file sent by UploadFile as a direct upload
	Size     int64  // the file's size (len(Data) when Data is set)
}

// ReadUpload resolves path inside the allowed directories and reads it, refusing
// files over 32 MB or of a type HeyGen does not accept (png, jpeg, mp4, webm,
// mp3, wav, pdf, srt; sniffed from the bytes) before anything is sent.
func (a *Allowed) ReadUpload(path string) (*Upload, error) {
	f, st, real, err := a.open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st.Size() > MaxUploadBytes {
		return nil, tooLarge(path, st.Size())
	}
	if st.Size() == 0 {
		return nil, refuse(ErrUnsupportedType, path, "%q is empty; pick a file with content", path)
	}
	return readUpload(f, real, path)
}

// readUpload reads an opened, stat-checked file (real is its resolved path)
// whole and checks it as ReadUpload does.
func readUpload(r io.Reader, real, path string) (*Upload, error) {
	// The size can change between stat and read; the limit holds either way.
	data, err := io.ReadAll(io.LimitReader(r, MaxUploadBytes+1))
	if err != nil {
		return nil, refuse(ErrNotFound, path, "%q cannot be read: %v", path, unwrapPathError(err))
	}
	if len(data) > MaxUploadBytes {
		return nil, tooLarge(path, int64(len(data)))
	}
	name := filepath.Base(real)
	mt, ok := SniffType(data, name)
	if !ok {
		return nil, refuse(ErrUnsupportedType, path, "%q looks like %s, which HeyGen does not accept; "+
			"upload png, jpeg, mp4, webm, mp3, wav, pdf or srt", path, mt)
	}
	return &Upload{Path: real, Name: name, MimeType: mt, Data: data, Size: int64(len(data))}, nil
}

func tooLarge(path string, size int64) error {
	return refuse(ErrTooLarge, path, "%q is %.1f MB; HeyGen accepts uploads up to %d MB: compress or shorten it, "+
		"or host it and pass a public https url in files instead", path, float64(size)/(1<<20), MaxUploadBytes>>20)
}

// SniffType classifies content by its bytes as HeyGen's upload endpoint does:
// see heygen.SniffAssetType.
func SniffType(data []byte, name string) (mimeType string, ok bool) {
	return heygen.SniffAssetType(data, name)
}

// String is for logs: never the bytes.
func (u *Upload) String() string {
	return fmt.Sprintf("%s (%s, %d bytes)", u.Name, u.MimeType, u.Size)
}

// AssetUploader is the HeyGen call an upload needs; *heygen.Client has it.
type AssetUploader interface {
	UploadAsset(ctx context.Context, filename string, content io.Reader) (*heygen.Asset, error)
}

// UploadTo sends a local file to HeyGen: the client's roots are refreshed,
// the path is checked against the allowed directories and the file is read
// and checked (ReadUpload) before anything is sent. A refused path is an
// *Error and nothing was sent; any other error is HeyGen's.
func (a *Allowed) UploadTo(ctx context.Context, u AssetUploader, path string) (*heygen.Asset, *Upload, error) {
	up, err := a.CheckUpload(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	asset, err := u.UploadAsset(ctx, up.Name, bytes.NewReader(up.Data))
	if err != nil {
		return nil, up, err
	}
	return asset, up, nil
}

// CheckUpload is UploadTo without the upload: the roots are refreshed, then
// the file is resolved, read and checked (ReadUpload).
func (a *Allowed) CheckUpload(ctx context.Context, path string) (*Upload, error) {
	a.RefreshRoots(ctx)
	return a.ReadUpload(path)
}
