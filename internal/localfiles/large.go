package localfiles

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// MaxLargeUploadBytes caps a direct upload (files over MaxUploadBytes):
// heygen.MaxDirectUploadBytes, 2 GB (inferred; HeyGen documents none).
const MaxLargeUploadBytes = heygen.MaxDirectUploadBytes

// LargeUpload is a local file checked for upload (type sniffed from its first
// bytes, size) and held open for streaming: it is never read wholly into
// memory. Close it when done.
type LargeUpload struct {
	Path     string // real absolute path
	Name     string // base name sent to HeyGen
	MimeType string // sniffed from the first bytes
	Size     int64
	f        *os.File
}

// ReadAt reads from the open file (the upload streams through it).
func (l *LargeUpload) ReadAt(p []byte, off int64) (int, error) { return l.f.ReadAt(p, off) }

// Close closes the file.
func (l *LargeUpload) Close() error { return l.f.Close() }

// String is for logs: never the bytes.
func (l *LargeUpload) String() string {
	return fmt.Sprintf("%s (%s, %d bytes)", l.Name, l.MimeType, l.Size)
}

// OpenUpload resolves path inside the allowed directories, opens it and checks
// it without reading more than its first 512 bytes: not empty, at most
// MaxLargeUploadBytes, a type HeyGen accepts. Files of any size up to the cap
// pass; the caller picks POST /v3/assets (≤ MaxUploadBytes) or a direct upload.
func (a *Allowed) OpenUpload(path string) (*LargeUpload, error) {
	f, st, real, err := a.open(path)
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			f.Close()
		}
	}()
	switch {
	case st.Size() > MaxLargeUploadBytes:
		return nil, refuse(ErrTooLarge, path, "%q is %.1f GB; uploads are limited to %d GB: compress or shorten it, "+
			"or host it and pass a public https url in files instead", path, float64(st.Size())/(1<<30), MaxLargeUploadBytes>>30)
	case st.Size() == 0:
		return nil, refuse(ErrUnsupportedType, path, "%q is empty; pick a file with content", path)
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, refuse(ErrNotFound, path, "%q cannot be read: %v", path, unwrapPathError(err))
	}
	name := filepath.Base(real)
	mt, accepted := SniffType(head[:n], name)
	if !accepted {
		return nil, refuse(ErrUnsupportedType, path, "%q looks like %s, which HeyGen does not accept; "+
			"upload png, jpeg, mp4, webm, mp3, wav, pdf or srt", path, mt)
	}
	ok = true
	return &LargeUpload{Path: real, Name: name, MimeType: mt, Size: st.Size(), f: f}, nil
}

// CheckFile is the check of UploadFile without the upload: the roots are
// refreshed, then the file is resolved, opened and checked (OpenUpload).
func (a *Allowed) CheckFile(ctx context.Context, path string) error {
	a.RefreshRoots(ctx)
	l, err := a.OpenUpload(path)
	if err != nil {
		return err
	}
	return l.Close()
}

// FileUploader is what UploadFile needs; *heygen.Client has it.
type FileUploader interface {
	AssetUploader
	UploadLargeAsset(ctx context.Context, filename, mimeType string, content io.ReaderAt, size int64,
		onProgress func(sent int64)) (*heygen.Asset, error)
}

// UploadFile sends a local file to HeyGen whatever its size: up to
// MaxUploadBytes as UploadTo does (POST /v3/assets, unchanged), larger files
// (up to MaxLargeUploadBytes) through a direct upload streamed from disk,
// reporting bytes sent to onProgress (may be nil). Every check (allowed
// directory, type, size) runs before anything is sent. A refused path is an
// *Error and nothing was sent (the returned *Upload is then nil); any other
// error is HeyGen's. For a large file the *Upload has no Data.
func (a *Allowed) UploadFile(ctx context.Context, u FileUploader, path string,
	onProgress func(sent, total int64)) (*heygen.Asset, *Upload, error) {
	a.RefreshRoots(ctx)
	l, err := a.OpenUpload(path)
	if err != nil {
		return nil, nil, err
	}
	defer l.Close()
	if l.Size <= MaxUploadBytes {
		// Read from the handle already open and checked: no second resolve.
		small, err := readUpload(io.NewSectionReader(l, 0, MaxUploadBytes+1), l.Path, path)
		if err != nil {
			return nil, nil, err
		}
		asset, err := u.UploadAsset(ctx, small.Name, bytes.NewReader(small.Data))
		if err != nil {
			return nil, small, err
		}
		return asset, small, nil
	}
	up := &Upload{Path: l.Path, Name: l.Name, MimeType: l.MimeType, Size: l.Size}
	var progress func(int64)
	if onProgress != nil {
		progress = func(sent int64) { onProgress(sent, l.Size) }
	}
	asset, err := u.UploadLargeAsset(ctx, l.Name, l.MimeType, l, l.Size, progress)
	if err != nil {
		return nil, up, err
	}
	return asset, up, nil
}
