package sim

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// uploadAsset is POST /v3/assets: multipart field "file", at
// most 32 MB, the MIME type sniffed from the bytes. Idempotency-Key is honoured
// before it runs (documented, idempotency.go): a replay stores no second asset.
func (s *Simulator) uploadAsset(c *call) reply {
	mt, params, err := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return invalidParam("file", "Send the file as multipart/form-data in the field \"file\".")
	}
	mr := multipart.NewReader(bytes.NewReader(c.body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return invalidParam("file", "The multipart body has no field \"file\".")
		}
		if err != nil {
			return invalidParam("file", "The multipart body is malformed: "+err.Error())
		}
		if part.FormName() != "file" {
			continue
		}
		// Only the first 512 bytes matter for sniffing; the rest is counted, not kept.
		head, _ := io.ReadAll(io.LimitReader(part, 512))
		rest, _ := io.Copy(io.Discard, io.LimitReader(part, heygen.MaxAssetBytes+1))
		size := int64(len(head)) + rest
		if size > heygen.MaxAssetBytes {
			return errReply(http.StatusRequestEntityTooLarge, "payload_too_large", "The file is larger than 32 MB.", "")
		}
		if size == 0 {
			return invalidParam("file", "The file is empty.")
		}
		kind, ok := heygen.SniffAssetType(head, part.FileName())
		if !ok {
			return invalidParam("file", "Unsupported file type "+kind+
				": upload png, jpeg, mp4, webm, mp3, wav, pdf or srt.")
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		t := s.tenantLocked(c.key)
		t.assets++
		id := s.newIDLocked("asset_")
		return dataReply(heygen.Asset{AssetID: id, URL: simHost + "/assets/" + id, MimeType: kind, SizeBytes: size})
	}
}
