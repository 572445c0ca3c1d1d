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
// as multipart field "file": POST /v3/assets (§4.1). Use the returned asset_id in
// AssetFile. The content is buffered so that the size is checked before anything
// is sent and a 429 can be retried; it is never retried on 5xx or timeouts.
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
	// HeyGen sniffs the MIME type from the bytes (§4.1); sending ours costs nothing.
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
	body, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	return decodeData[Asset](c, r, body)
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
