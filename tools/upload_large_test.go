package tools_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
)

// lfSparseMP4 writes an mp4 header and extends the file to size (sparse: the
// test never holds the bytes).
func lfSparseMP4(t *testing.T, dir, name string, size int64) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"), 0o644))
	require.NoError(t, os.Truncate(p, size))
	return p
}

func TestUploadAssetLargeFileGoesThroughDirectUpload(t *testing.T) {
	h := newLFHarness(t)
	const size = 33 << 20
	p := lfSparseMP4(t, h.allowed, "footage.mp4", size)
	res := h.call(t, "upload_asset", map[string]any{"path": p}, "up-1")
	text := lfText(t, res)
	require.False(t, res.IsError, text)
	st := lfStructured(t, res)
	id, _ := st["asset_id"].(string)
	require.NotEmpty(t, id)
	assert.EqualValues(t, size, st["size_bytes"])
	assert.Equal(t, "video/mp4", st["mime_type"])

	// create, PUT, complete; never the 32 MB route, never the key on the PUT.
	assert.Equal(t, 1, h.sim.RequestCount(http.MethodPost, "/v3/assets/direct-uploads"))
	assert.Equal(t, 1, h.sim.RequestCount(http.MethodPut, "/upload/"))
	assert.Equal(t, 1, h.sim.RequestCount(http.MethodPost, "/v3/assets/"+id+"/complete"))
	for _, r := range h.sim.Requests() {
		if r.Path == "/v3/assets" {
			t.Fatalf("a 33 MB file went to POST /v3/assets")
		}
		if r.Method == http.MethodPut {
			assert.Empty(t, r.Header.Get("X-Api-Key"), "the API key never goes to the presigned URL")
			assert.Empty(t, r.Header.Get("Authorization"))
		}
	}
	puts, stored, ok := h.sim.DirectUploadPuts(id)
	require.True(t, ok)
	assert.Equal(t, 1, puts)
	assert.EqualValues(t, size, stored)

	// Progress: bytes sent out of the file size, increasing, ending at the total.
	var last float64 = -1
	n := 0
	for len(h.progress) > 0 {
		n0 := <-h.progress
		b, err := json.Marshal(n0.Params.AdditionalFields)
		require.NoError(t, err)
		var pr struct {
			Token    string  `json:"progressToken"`
			Progress float64 `json:"progress"`
			Total    float64 `json:"total"`
		}
		require.NoError(t, json.Unmarshal(b, &pr))
		assert.Equal(t, "up-1", pr.Token)
		assert.EqualValues(t, size, pr.Total)
		assert.Greater(t, pr.Progress, last)
		last = pr.Progress
		n++
	}
	assert.GreaterOrEqual(t, n, 2)
	assert.EqualValues(t, size, last)
}

func TestUploadAssetLargePutFailsNeverCompletes(t *testing.T) {
	h := newLFHarness(t)
	p := lfSparseMP4(t, h.allowed, "footage.mp4", 33<<20)
	defer h.sim.InjectFault(sim.Fault{Method: http.MethodPut, Path: "/upload/*", Status: http.StatusForbidden,
		Body: "<Error><Code>AccessDenied</Code></Error>", ContentType: "application/xml"})()
	res := h.call(t, "upload_asset", map[string]any{"path": p}, nil)
	text := lfText(t, res)
	require.True(t, res.IsError, text)
	assert.NotContains(t, text, "X-Amz-Signature")
	assert.Equal(t, 1, h.sim.RequestCount(http.MethodPost, "/v3/assets/direct-uploads"), "the create is sent once")
	for _, r := range h.sim.Requests() {
		assert.NotContains(t, r.Path, "/complete", "complete only after a successful PUT")
	}
	assert.Equal(t, 0, h.sim.AssetCount())
}

func TestUploadAssetSmallFileStaysOnPostAssets(t *testing.T) {
	h := newLFHarness(t)
	p := lfSparseMP4(t, h.allowed, "short.mp4", 2<<20)
	res := h.call(t, "upload_asset", map[string]any{"path": p}, nil)
	require.False(t, res.IsError, lfText(t, res))
	assert.Equal(t, 1, h.sim.RequestCount(http.MethodPost, "/v3/assets"))
	assert.Equal(t, 0, h.sim.RequestCount(http.MethodPost, "/v3/assets/direct-uploads"))
	assert.Equal(t, 0, h.sim.RequestCount(http.MethodPut, "/"))
}
