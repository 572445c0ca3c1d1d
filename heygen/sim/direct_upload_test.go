package sim

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

func (h *harness) createUpload(size int64) heygen.DirectUpload {
	h.t.Helper()
	return data[heygen.DirectUpload](h.t, h.do(http.MethodPost, "/v3/assets/direct-uploads", keyA,
		map[string]any{"filename": "clip.mp4", "content_type": "video/mp4", "size_bytes": size}))
}

func (h *harness) put(rawURL string, body string, key string) *httptest.ResponseRecorder {
	h.t.Helper()
	u, err := url.Parse(rawURL)
	require.NoError(h.t, err)
	req := httptest.NewRequest(http.MethodPut, u.RequestURI(), strings.NewReader(body))
	if key != "" {
		req.Header.Set("X-Api-Key", key)
	}
	rec := httptest.NewRecorder()
	h.sim.ServeHTTP(rec, req)
	return rec
}

func TestDirectUploadFlow(t *testing.T) {
	h := newHarness(t)
	body := "\x00\x00\x00\x18ftypmp42" + strings.Repeat("x", 100)
	up := h.createUpload(int64(len(body)))
	assert.Equal(t, "pending_upload", up.Status)
	assert.Equal(t, "video/mp4", up.UploadHeaders["Content-Type"])
	assert.Contains(t, up.UploadURL, "/upload/"+up.AssetID)

	// Complete before the PUT is refused; so are a wrong signature and a short body.
	assert.Equal(t, http.StatusBadRequest, h.do(http.MethodPost, "/v3/assets/"+up.AssetID+"/complete", keyA, nil).status)
	assert.Equal(t, http.StatusForbidden, h.put(strings.Replace(up.UploadURL, "Signature=", "Signature=x", 1), body, "").Code)
	assert.Equal(t, http.StatusBadRequest, h.put(up.UploadURL, body[:10], "").Code)
	assert.Equal(t, http.StatusBadRequest, h.put(up.UploadURL, body+"more", "").Code)

	require.Equal(t, http.StatusOK, h.put(up.UploadURL, body, "").Code)
	done := data[heygen.CompletedUpload](t, h.do(http.MethodPost, "/v3/assets/"+up.AssetID+"/complete", keyA, nil))
	assert.Equal(t, up.AssetID, done.AssetID)
	assert.Equal(t, int64(len(body)), done.SizeBytes)
	assert.Equal(t, 1, h.sim.AssetCount())
	again := data[heygen.CompletedUpload](t, h.do(http.MethodPost, "/v3/assets/"+up.AssetID+"/complete", keyA, nil))
	assert.Equal(t, done, again)
	assert.Equal(t, 1, h.sim.AssetCount())

	// Another tenant cannot complete it.
	assert.Equal(t, http.StatusNotFound, h.do(http.MethodPost, "/v3/assets/"+up.AssetID+"/complete", keyB, nil).status)
}

func TestDirectUploadExpiresAndChecksType(t *testing.T) {
	h := newHarness(t)
	up := h.createUpload(4)
	h.clock.Advance(uploadURLTTL)
	assert.Equal(t, http.StatusForbidden, h.put(up.UploadURL, "abcd", "").Code)

	up = h.createUpload(4)
	require.Equal(t, http.StatusOK, h.put(up.UploadURL, "abcd", "").Code)
	r := h.do(http.MethodPost, "/v3/assets/"+up.AssetID+"/complete", keyA, nil)
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Contains(t, string(r.body), "content_type")
}

func TestDirectUploadCreateValidation(t *testing.T) {
	h := newHarness(t)
	for _, b := range []map[string]any{
		{"content_type": "video/mp4", "size_bytes": 1},
		{"filename": "a", "content_type": "text/html", "size_bytes": 1},
		{"filename": "a", "content_type": "video/mp4"},
		{"filename": "a", "content_type": "video/mp4", "size_bytes": 1, "checksum_sha256": "zz"},
	} {
		assert.Equal(t, http.StatusBadRequest, h.do(http.MethodPost, "/v3/assets/direct-uploads", keyA, b).status, "%v", b)
	}
	r := h.do(http.MethodPost, "/v3/assets/direct-uploads", keyA,
		map[string]any{"filename": "a", "content_type": "video/mp4", "size_bytes": int64(heygen.MaxDirectUploadBytes) + 1})
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.status)
	assert.Equal(t, http.StatusUnauthorized, h.do(http.MethodPost, "/v3/assets/direct-uploads", "", nil).status)
}

func TestListBrandKits(t *testing.T) {
	h := newHarness(t)
	p := page[heygen.BrandKit](t, h.do(http.MethodGet, "/v3/brand-kits?limit=1", keyA, nil))
	require.Len(t, p.Data, 1)
	assert.True(t, p.HasMore)
	b, _ := json.Marshal(p.Data[0])
	assert.Contains(t, string(b), `"brand_kit_id"`)
	assert.Equal(t, http.StatusBadRequest, h.do(http.MethodGet, "/v3/brand-kits?limit=101", keyA, nil).status)
}
