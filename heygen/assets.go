package heygen

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// UploadAsset uploads a file (≤32 MB; png, jpeg, mp4, webm, mp3, wav, pdf, srt)
// as multipart field "file": POST /v3/assets. Use the returned asset_id in
// AssetFile. The content is buffered so that the size is checked before anything
// is sent and the request can be re-sent: it carries HeyGen's documented
// Idempotency-Key, reused on every retry (idempotency.go).
func (c *Client) UploadAsset(ctx context.Context, filename string, content io.Reader) (*Asset, error) {
	name, err := uploadName(filename)
	if err != nil {
		return nil, err
	}
	if content == nil {
		return nil, &ValidationError{Param: "file", Message: "content is nil; pass the file's bytes"}
	}
	data, err := io.ReadAll(io.LimitReader(content, MaxAssetBytes+1))
	if err != nil {
		return nil, fmt.Errorf("heygen: read %s for upload: %w", name, err)
	}
	switch {
	case len(data) == 0:
		return nil, &ValidationError{Param: "file", Message: "is empty"}
	case len(data) > MaxAssetBytes:
		return nil, &ValidationError{Param: "file", Message: fmt.Sprintf("is larger than HeyGen's %d MB upload limit", MaxAssetBytes>>20)}
	}

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, name))
	// HeyGen sniffs the MIME type from the bytes; sending ours costs nothing.
	h.Set("Content-Type", http.DetectContentType(data))
	part, err := mw.CreatePart(h)
	if err != nil {
		return nil, err
	}
	if _, err := part.Write(data); err != nil {
		return nil, err
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}

	r := &request{method: http.MethodPost, path: "v3/assets", payload: buf.Bytes(),
		contentType: mw.FormDataContentType(), timeout: uploadTimeout}
	return doData[Asset](ctx, c, r)
}

// uploadName keeps only the base name (no local directories leave the machine).
func uploadName(filename string) (string, error) {
	bad := func(why string) (string, error) {
		return "", &ValidationError{Param: "filename", Message: why + `; pass a plain name such as "logo.png"`}
	}
	if !utf8.ValidString(filename) {
		return bad("is not valid UTF-8")
	}
	name := filepath.Base(strings.ReplaceAll(filename, `\`, "/"))
	if strings.TrimSpace(filename) == "" || name == "." || name == "/" || name == ".." {
		return bad("is empty")
	}
	if len(name) > 255 {
		return bad("is longer than 255 bytes")
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == '"' {
			return bad("contains control characters or quotes")
		}
	}
	return name, nil
}

// SniffAssetType classifies content by its bytes, as POST /v3/assets does
// ("MIME sniffed from bytes"): the upload pre-check and the simulator share it. SRT is
// plain text, recognised by its .srt name and its "-->" cue timings. ok is
// false for anything the upload endpoint does not accept; mimeType then says
// what the content looks like.
func SniffAssetType(data []byte, name string) (mimeType string, ok bool) {
	ct := http.DetectContentType(data)
	base, _, _ := strings.Cut(ct, ";")
	switch base {
	case "image/png", "image/jpeg", "video/mp4", "video/webm", "audio/mpeg", "application/pdf":
		return base, true
	case "audio/wave":
		return "audio/wav", true
	case "text/plain":
		if strings.EqualFold(filepath.Ext(name), ".srt") && bytes.Contains(data, []byte("-->")) {
			// Inferred: HeyGen does not document its MIME name for SRT.
			return "application/x-subrip", true
		}
	case "application/octet-stream":
		// An MP3 without an ID3 tag starts with an MPEG audio frame header
		// (sync bits, MPEG version, layer III); DetectContentType misses it.
		if len(data) >= 2 && data[0] == 0xFF && data[1]&0xE0 == 0xE0 && (data[1]>>1)&0x3 == 0x1 {
			return "audio/mpeg", true
		}
	}
	return base, false
}
