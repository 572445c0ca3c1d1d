package heygen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Direct uploads: files over 32 MB go to storage without passing through the
// API. POST /v3/assets/direct-uploads returns an asset_id and a presigned
// upload_url; the bytes are PUT there; POST /v3/assets/{asset_id}/complete
// turns the upload into a usable asset.
//
// Retry rules (idempotency.go has the general ones):
//   - The create is not re-sent after it may have reached HeyGen: HeyGen's CLI
//     documents no Idempotency-Key on it. It carries a key anyway (it can only
//     help), under the lower-case name so net/http does not replay it either.
//     A repeated create would only leave an unused pending upload, never a
//     charge, but the rule is the same for every undocumented POST.
//   - The PUT is idempotent by nature (the same bytes to the same presigned
//     URL) and is retried on 5xx, 429 and transport errors, from the first
//     byte again.
//   - Complete is documented as idempotent ("repeated calls return the same
//     finalized asset") and is retried like a read. It is called only after
//     the PUT succeeded, so an interrupted upload never yields an asset.

// MaxDirectUploadBytes caps a direct upload. HeyGen documents no limit (the
// create's reply carries max_bytes, which is also enforced); 2 GB is our own
// cap (inferred).
const MaxDirectUploadBytes = 2 << 30

// DirectUploadRequest is the body of POST /v3/assets/direct-uploads.
type DirectUploadRequest struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"` // e.g. "video/mp4"; verified against the bytes at completion
	SizeBytes   int64  `json:"size_bytes"`   // exact; signed into the upload URL
	// ChecksumSHA256 is the optional hex SHA-256 of the file.
	ChecksumSHA256 string `json:"checksum_sha256,omitempty"`
}

// DirectUpload is the data of POST /v3/assets/direct-uploads.
type DirectUpload struct {
	AssetID          string            `json:"asset_id"`
	UploadURL        string            `json:"upload_url"`     // presigned: a secret, never logged or shown
	UploadHeaders    map[string]string `json:"upload_headers"` // sent verbatim on the PUT
	ExpiresInSeconds int64             `json:"expires_in_seconds"`
	MaxBytes         int64             `json:"max_bytes"`
	Status           string            `json:"status"` // "pending_upload"
}

// CompletedUpload is the data of POST /v3/assets/{asset_id}/complete.
type CompletedUpload struct {
	AssetID   string `json:"asset_id"`
	URL       string `json:"url"`
	MimeType  string `json:"mime_type"`
	SizeBytes int64  `json:"size_bytes"`
	Status    string `json:"status"` // e.g. "processing"
}

// CreateDirectUpload begins a direct upload: POST /v3/assets/direct-uploads.
// It is never re-sent after it may have reached HeyGen.
func (c *Client) CreateDirectUpload(ctx context.Context, req *DirectUploadRequest) (*DirectUpload, error) {
	if req == nil {
		return nil, &ValidationError{Param: "request", Message: "is nil; pass filename, content_type and size_bytes"}
	}
	name, err := uploadName(req.Filename)
	if err != nil {
		return nil, err
	}
	if err := validDirectUpload(req.ContentType, req.SizeBytes, req.ChecksumSHA256); err != nil {
		return nil, err
	}
	body := *req
	body.Filename = name
	r, err := c.newJSON(http.MethodPost, "v3/assets/direct-uploads", &body)
	if err != nil {
		return nil, err
	}
	r.idemKey = c.newIdempotencyKey()
	up, err := doData[DirectUpload](ctx, c, r)
	if err != nil {
		return nil, err
	}
	if up.AssetID == "" || up.UploadURL == "" {
		return nil, c.decodeError(r, nil, errors.New("no asset_id or upload_url in the reply"))
	}
	return up, nil
}

func validDirectUpload(contentType string, size int64, checksum string) error {
	if strings.TrimSpace(contentType) == "" || len(contentType) > 255 {
		return &ValidationError{Param: "content_type", Message: `is required; pass the file's MIME type such as "video/mp4"`}
	}
	if size < 1 || size > MaxDirectUploadBytes {
		return &ValidationError{Param: "size_bytes", Message: fmt.Sprintf("%d is outside 1..%d (2 GB)", size, int64(MaxDirectUploadBytes))}
	}
	return validChecksum(checksum)
}

// validChecksum checks an optional hex SHA-256 (checksum_sha256).
func validChecksum(checksum string) error {
	if checksum != "" && !isHexSHA256(checksum) {
		return &ValidationError{Param: "checksum_sha256", Message: "must be 64 hex digits (the file's SHA-256)"}
	}
	return nil
}

func isHexSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

// CompleteDirectUpload finalizes a direct upload after its PUT succeeded:
// POST /v3/assets/{asset_id}/complete. Documented as idempotent, so it is
// retried like a read. checksum (hex SHA-256) is optional.
func (c *Client) CompleteDirectUpload(ctx context.Context, assetID, checksum string) (*CompletedUpload, error) {
	path, err := pathf("v3/assets/%s/complete", [2]string{"asset_id", assetID})
	if err != nil {
		return nil, err
	}
	if err := validChecksum(checksum); err != nil {
		return nil, err
	}
	body := struct {
		ChecksumSHA256 string `json:"checksum_sha256,omitempty"`
	}{checksum}
	r, err := c.newJSON(http.MethodPost, path, body)
	if err != nil {
		return nil, err
	}
	return doData[CompletedUpload](ctx, c, r)
}

// completePath reports POST v3/assets/{asset_id}/complete, which HeyGen
// documents as idempotent: replayable (idempotency.go) counts it as such.
func completePath(r *request) bool {
	if r.method != http.MethodPost {
		return false
	}
	id, ok := strings.CutPrefix(r.path, "v3/assets/")
	if !ok {
		return false
	}
	id, ok = strings.CutSuffix(id, "/complete")
	return ok && id != "" && !strings.Contains(id, "/")
}

// presignedPath is what errors and logs show instead of the presigned URL,
// whose query is a credential.
const presignedPath = "(presigned upload URL)"

// PutDirectUpload PUTs size bytes of content to up's presigned URL, with up's
// upload_headers and nothing else: never the API key or access token (the URL
// is another host and carries its own signature). onProgress (may be nil) gets
// the bytes sent so far; after a retry it starts again from 0. The PUT is
// retried on 429, 5xx and transport errors (the same bytes to the same URL).
func (c *Client) PutDirectUpload(ctx context.Context, up *DirectUpload, content io.ReaderAt, size int64, onProgress func(sent int64)) error {
	if up == nil || content == nil {
		return &ValidationError{Param: "upload", Message: "is nil; pass CreateDirectUpload's reply and the file"}
	}
	u, err := url.Parse(up.UploadURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return &ValidationError{Param: "upload_url", Message: "HeyGen's upload_url is not an http(s) URL; nothing was sent"}
	}
	if up.MaxBytes > 0 && size > up.MaxBytes {
		return &ValidationError{Param: "file", Message: fmt.Sprintf("is %d bytes; HeyGen's upload limit is %d bytes", size, up.MaxBytes)}
	}
	// The client's own timeout covers short API calls; a large PUT gets a
	// deadline that grows with its size (at least 512 KB/s, our choice).
	hc := *c.httpClient
	hc.Timeout = 0
	timeout := uploadTimeout + time.Duration(size/(512<<10))*time.Second
	for attempt := 0; ; attempt++ {
		err := c.putOnce(ctx, &hc, u.String(), up.UploadHeaders, content, size, timeout, onProgress)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil || attempt >= c.retry.MaxRetries || !putRetryable(err) {
			return err
		}
		wait := c.backoff(attempt)
		var ae *APIError
		if errors.As(err, &ae) && ae.RetryAfter > 0 {
			if ae.RetryAfter > c.retry.MaxRetryAfter {
				return err
			}
			wait = ae.RetryAfter
		}
		c.logger.DebugContext(ctx, "heygen: retrying the upload PUT", "attempt", attempt+1, "wait", wait, "error", err.Error())
		if serr := c.sleep(ctx, wait); serr != nil {
			return fmt.Errorf("heygen: PUT %s: gave up waiting to retry (%w) after: %w", presignedPath, serr, err)
		}
	}
}

func putRetryable(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.StatusCode == http.StatusTooManyRequests || isRetryableStatus(ae.StatusCode)
	}
	var te *TransportError
	return errors.As(err, &te)
}

func (c *Client) putOnce(ctx context.Context, hc *http.Client, rawURL string, headers map[string]string,
	content io.ReaderAt, size int64, timeout time.Duration, onProgress func(int64)) error {
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	body := &countingReader{r: io.NewSectionReader(content, 0, size), onProgress: onProgress}
	req, err := http.NewRequestWithContext(actx, http.MethodPut, rawURL, body)
	if err != nil {
		return &ValidationError{Param: "upload_url", Message: "cannot build the upload request"}
	}
	req.ContentLength = size
	// GetBody lets net/http re-send on a dead keep-alive connection: the same
	// bytes from the start (a PUT is idempotent).
	req.GetBody = func() (io.ReadCloser, error) {
		return io.NopCloser(&countingReader{r: io.NewSectionReader(content, 0, size), onProgress: onProgress}), nil
	}
	for k, v := range headers {
		switch http.CanonicalHeaderKey(k) {
		case "Host", "Content-Length", "X-Api-Key", "Authorization":
			continue // net/http sets the first two; the last two are never sent here
		}
		req.Header.Set(k, v)
	}
	req.Header.Set("User-Agent", c.userAgent)
	resp, err := hc.Do(req)
	if err != nil {
		r := &request{method: http.MethodPut, path: "upload"}
		te := c.transportError(ctx, actx, r, err, false)
		var t *TransportError
		if errors.As(te, &t) {
			t.Path, t.SafeToRetry = presignedPath, true
		}
		return te
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return nil
	}
	// Storage answers in XML; only its <Code> is kept (the rest can echo the
	// signature).
	msg := "the storage refused the upload"
	if code := xmlCode(b); code != "" {
		msg += " (" + code + ")"
	}
	if resp.StatusCode == http.StatusForbidden {
		msg += "; the upload URL may have expired: start the upload again"
	}
	return &APIError{StatusCode: resp.StatusCode, Method: http.MethodPut, Path: presignedPath, Message: msg,
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), c.now())}
}

// xmlCode extracts <Code>…</Code> from an S3-style error, capped and limited
// to a safe alphabet.
func xmlCode(b []byte) string {
	_, rest, ok := bytes.Cut(b, []byte("<Code>"))
	if !ok {
		return ""
	}
	code, _, ok := bytes.Cut(rest, []byte("</Code>"))
	if !ok || len(code) > 64 {
		return ""
	}
	for _, ch := range code {
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_' || ch == '.') {
			return ""
		}
	}
	return string(code)
}

// countingReader reports the bytes read through it.
type countingReader struct {
	r          io.Reader
	n          int64
	onProgress func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.n += int64(n)
		if c.onProgress != nil {
			c.onProgress(c.n)
		}
	}
	return n, err
}

// UploadLargeAsset runs the whole direct upload of size bytes of content:
// create, PUT, complete. mimeType is the type sniffed from the bytes. The
// reply is shaped as POST /v3/assets's. An error before complete leaves only
// an unused pending upload at HeyGen, never an asset.
func (c *Client) UploadLargeAsset(ctx context.Context, filename, mimeType string, content io.ReaderAt, size int64,
	onProgress func(sent int64)) (*Asset, error) {
	up, err := c.CreateDirectUpload(ctx, &DirectUploadRequest{Filename: filename, ContentType: mimeType, SizeBytes: size})
	if err != nil {
		return nil, err
	}
	if err := c.PutDirectUpload(ctx, up, content, size, onProgress); err != nil {
		return nil, &DirectUploadError{AssetID: up.AssetID, Stage: "upload", Err: err}
	}
	done, err := c.CompleteDirectUpload(ctx, up.AssetID, "")
	if err != nil {
		return nil, &DirectUploadError{AssetID: up.AssetID, Stage: "complete", Err: err}
	}
	return &Asset{AssetID: done.AssetID, URL: done.URL, MimeType: done.MimeType, SizeBytes: done.SizeBytes}, nil
}

// DirectUploadError is a direct upload that stopped after HeyGen created its
// pending asset: at the PUT ("upload": complete was never called, the asset
// is not usable) or at "complete" (the bytes are stored; whether HeyGen
// finalized them is unknown if the error is OutcomeUnknown).
type DirectUploadError struct {
	AssetID string
	Stage   string // "upload" or "complete"
	Err     error
}

func (e *DirectUploadError) Error() string {
	return fmt.Sprintf("heygen: direct upload of asset %s stopped at %s: %v", e.AssetID, e.Stage, e.Err)
}

func (e *DirectUploadError) Unwrap() error { return e.Err }
