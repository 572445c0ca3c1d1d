package sim

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// Direct uploads (POST /v3/assets/direct-uploads, a presigned PUT, then
// POST /v3/assets/{asset_id}/complete). The presigned URL is served by the
// simulator itself under its own base URL (uploadPathPrefix), so it works
// over HTTP and through the sandbox's in-process transport alike. Like S3's,
// it needs no API key: its query carries a signature, checked here.

const (
	uploadPathPrefix = "/upload/"
	// uploadURLTTL is expires_in_seconds (inferred: HeyGen documents the field,
	// not its value).
	uploadURLTTL = time.Hour
)

// directUpload is one pending or completed direct upload of a tenant.
type directUpload struct {
	id, filename, contentType string
	size                      int64
	checksum                  string // hex SHA-256 declared at create ("" = none)
	signature                 string
	expires                   time.Time
	received                  int64  // bytes of the last successful PUT (0 = none yet)
	sha                       string // hex SHA-256 of the PUT bytes
	head                      []byte // first 512 bytes, for sniffing
	puts                      int
	done                      *heygen.CompletedUpload
}

type directUploadBody struct {
	Filename       *string `json:"filename"`
	ContentType    *string `json:"content_type"`
	SizeBytes      *int64  `json:"size_bytes"`
	ChecksumSHA256 *string `json:"checksum_sha256"`
}

// createDirectUpload is POST /v3/assets/direct-uploads. Idempotency-Key is
// ignored (the CLI documents none here; idempotency.go).
func (s *Simulator) createDirectUpload(c *call) reply {
	var b directUploadBody
	if bad := decodeJSON(c.body, &b); bad != nil {
		return *bad
	}
	if bad := checkText("filename", b.Filename, 255); bad != nil {
		return *bad
	}
	if b.ContentType == nil || !directUploadType(*b.ContentType) {
		return invalidParam("content_type", "content_type must be one of image/png, image/jpeg, video/mp4, video/webm, "+
			"audio/mpeg, audio/wav, application/pdf, application/x-subrip.")
	}
	if b.SizeBytes == nil || *b.SizeBytes < 1 {
		return invalidParam("size_bytes", "size_bytes is required and must be the file's exact size in bytes.")
	}
	if *b.SizeBytes > heygen.MaxDirectUploadBytes {
		return errReply(http.StatusRequestEntityTooLarge, "payload_too_large",
			fmt.Sprintf("size_bytes is over the %d-byte direct-upload limit.", int64(heygen.MaxDirectUploadBytes)), "size_bytes")
	}
	sum := ""
	if b.ChecksumSHA256 != nil && *b.ChecksumSHA256 != "" {
		if _, err := hex.DecodeString(*b.ChecksumSHA256); err != nil || len(*b.ChecksumSHA256) != 64 {
			return invalidParam("checksum_sha256", "checksum_sha256 must be the file's SHA-256 as 64 hex digits.")
		}
		sum = strings.ToLower(*b.ChecksumSHA256)
	}
	now := s.lockAt()
	defer s.mu.Unlock()
	t := s.tenantLocked(c.key)
	if t.uploads == nil {
		t.uploads = map[string]*directUpload{}
	}
	up := &directUpload{
		id: s.newIDLocked("asset_"), filename: *b.Filename, contentType: *b.ContentType, size: *b.SizeBytes,
		checksum: sum, signature: s.newIDLocked("sig"), expires: now.Add(uploadURLTTL),
	}
	t.uploads[up.id] = up
	return dataReply(heygen.DirectUpload{
		AssetID:          up.id,
		UploadURL:        uploadBase(c.r) + uploadPathPrefix + up.id + "?X-Amz-Expires=" + strconv.Itoa(int(uploadURLTTL.Seconds())) + "&X-Amz-Signature=" + up.signature,
		UploadHeaders:    map[string]string{"Content-Type": up.contentType},
		ExpiresInSeconds: int64(uploadURLTTL.Seconds()),
		MaxBytes:         up.size,
		Status:           "pending_upload",
	})
}

// directUploadType is what the simulator accepts as content_type: the types
// POST /v3/assets takes (HeyGen's list for direct uploads is longer, e.g. zip).
func directUploadType(ct string) bool {
	switch ct {
	case "image/png", "image/jpeg", "video/mp4", "video/webm", "audio/mpeg", "audio/wav", "application/pdf",
		"application/x-subrip":
		return true
	}
	return false
}

// uploadBase is the origin and mount prefix the request came through, so the
// presigned URL reaches this simulator however it is mounted.
func uploadBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.URL.Scheme == "https" {
		scheme = "https"
	}
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	prefix := ""
	if uri, _, _ := strings.Cut(r.RequestURI, "?"); strings.HasSuffix(uri, r.URL.Path) {
		prefix = strings.TrimSuffix(uri, r.URL.Path)
	}
	return scheme + "://" + host + prefix
}

// servePresignedPut plays the storage behind upload_url: PUT the exact bytes,
// with the URL's signature and before it expires. It needs no API key and
// streams the body (counted and hashed, never buffered). Answers are S3-style
// XML. The request is recorded with no body.
func (s *Simulator) servePresignedPut(w http.ResponseWriter, r *http.Request) {
	now := s.clock.Now()
	r = r.WithContext(r.Context()) // a shallow copy: the caller's request is left as it is
	r.Header = canonicalHeader(r.Header)
	s.mu.Lock()
	s.reqSeq++
	if len(s.requests) >= maxRecordedRequests {
		s.requests = append([]RecordedRequest(nil), s.requests[len(s.requests)/2:]...)
	}
	s.requests = append(s.requests, recordRequest(r, nil, now))
	s.mu.Unlock()

	if f := s.matchFault(r); f != nil {
		if f.DropConnection {
			panic(http.ErrAbortHandler)
		}
		if f.Status != 0 {
			writeReply(w, faultReply(*f))
			return
		}
	}
	if r.Method != http.MethodPut {
		storageError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "Only PUT is allowed on an upload URL.")
		return
	}
	id := strings.TrimPrefix(r.URL.Path, uploadPathPrefix)
	sig := r.URL.Query().Get("X-Amz-Signature")

	s.mu.Lock()
	up := s.findUploadLocked(id)
	var expires time.Time
	var size int64
	if up != nil {
		expires, size = up.expires, up.size
	}
	s.mu.Unlock()
	switch {
	case up == nil || sig == "" || subtle.ConstantTimeCompare([]byte(sig), []byte(up.signature)) != 1:
		storageError(w, http.StatusForbidden, "SignatureDoesNotMatch", "The request signature does not match.")
		return
	case !now.Before(expires):
		storageError(w, http.StatusForbidden, "AccessDenied", "Request has expired")
		return
	}

	h := sha256.New()
	hw := &headWriter{h: h}
	n, err := io.Copy(hw, io.LimitReader(r.Body, size+1))
	switch {
	case err != nil:
		storageError(w, http.StatusBadRequest, "IncompleteBody", "The request body could not be read.")
		return
	case n < size:
		storageError(w, http.StatusBadRequest, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.")
		return
	case n > size:
		storageError(w, http.StatusBadRequest, "EntityTooLarge", "Your proposed upload exceeds the size signed into the URL.")
		return
	}
	sum := hex.EncodeToString(h.Sum(nil))

	s.mu.Lock()
	up.puts++
	if up.checksum != "" && up.checksum != sum {
		s.mu.Unlock()
		storageError(w, http.StatusBadRequest, "BadDigest", "The SHA-256 you specified did not match what we received.")
		return
	}
	up.received, up.sha, up.head = n, sum, hw.head
	s.mu.Unlock()
	w.Header().Set("ETag", `"`+sum[:32]+`"`)
	w.WriteHeader(http.StatusOK)
}

// headWriter hashes everything and keeps the first 512 bytes.
type headWriter struct {
	h    hash.Hash
	head []byte
}

func (w *headWriter) Write(p []byte) (int, error) {
	if len(w.head) < 512 {
		w.head = append(w.head, p[:min(len(p), 512-len(w.head))]...)
	}
	return w.h.Write(p)
}

func storageError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code><Message>%s</Message></Error>", code, msg)
}

func (s *Simulator) findUploadLocked(id string) *directUpload {
	for _, t := range s.tenants {
		if up, ok := t.uploads[id]; ok {
			return up
		}
	}
	return nil
}

// completeDirectUpload is POST /v3/assets/{asset_id}/complete: documented as
// idempotent (a repeat returns the same asset). Refused before the PUT.
func (s *Simulator) completeDirectUpload(c *call) reply {
	var b struct {
		ChecksumSHA256 *string `json:"checksum_sha256"`
	}
	if bad := decodeJSON(c.body, &b); bad != nil {
		return *bad
	}
	s.lockAt()
	defer s.mu.Unlock()
	t := s.tenantLocked(c.key)
	up := t.uploads[c.r.PathValue("asset_id")]
	if up == nil {
		return notFound("asset_not_found", "Asset not found.")
	}
	if up.done != nil {
		return dataReply(*up.done)
	}
	if up.received == 0 {
		// Inferred code and text: HeyGen documents only that complete follows a successful PUT.
		return invalidParam("asset_id", "The file has not been uploaded yet: PUT it to upload_url, then call complete.")
	}
	if b.ChecksumSHA256 != nil && *b.ChecksumSHA256 != "" && !strings.EqualFold(*b.ChecksumSHA256, up.sha) {
		return invalidParam("checksum_sha256", "checksum_sha256 does not match the uploaded bytes.")
	}
	kind, ok := heygen.SniffAssetType(up.head, up.filename)
	if !ok || kind != up.contentType {
		return invalidParam("content_type", fmt.Sprintf("The uploaded bytes look like %s, not the declared %s.", kind, up.contentType))
	}
	t.assets++
	up.done = &heygen.CompletedUpload{AssetID: up.id, URL: simHost + "/assets/" + up.id, MimeType: kind,
		SizeBytes: up.received, Status: "processing"}
	return dataReply(*up.done)
}

// DirectUploadPuts reports, for a direct upload's asset id, how many PUTs
// delivered the whole body to its URL and how many bytes the last one stored.
func (s *Simulator) DirectUploadPuts(assetID string) (puts int, bytesStored int64, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	up := s.findUploadLocked(assetID)
	if up == nil {
		return 0, 0, false
	}
	return up.puts, up.received, true
}
