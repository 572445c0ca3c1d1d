package heygen_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

func FuzzDecodeBrandKits(f *testing.F) {
	f.Add([]byte(`{"data":[{"brand_kit_id":"bk_1","name":"Acme","colors":["#FF5733"],"logo_url":null}],"has_more":true,"next_token":"t"}`))
	f.Add([]byte(`{"error":{"code":"unauthorized","message":"bad key"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		c := fuzzClient(t, 200, jsonHeader(), body)
		p, err := c.ListBrandKits(context.Background(), nil)
		checkResult(t, p, err)
	})
}

func FuzzDecodeDirectUpload(f *testing.F) {
	f.Add([]byte(`{"data":{"asset_id":"asset_1","upload_url":"https://s3.example/x?X-Amz-Signature=s","upload_headers":{"Content-Type":"video/mp4"},"expires_in_seconds":3600,"max_bytes":100,"status":"pending_upload"}}`))
	f.Add([]byte(`{"data":{"asset_id":"","upload_url":""}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		c := fuzzClient(t, 200, jsonHeader(), body)
		up, err := c.CreateDirectUpload(context.Background(), &heygen.DirectUploadRequest{Filename: "a.mp4", ContentType: "video/mp4", SizeBytes: 100})
		checkResult(t, up, err)
	})
}

func FuzzDecodeCompleteUpload(f *testing.F) {
	f.Add([]byte(`{"data":{"asset_id":"asset_1","url":"https://x/a","mime_type":"video/mp4","size_bytes":100,"status":"processing"}}`))
	f.Add([]byte(`<Error><Code>AccessDenied</Code></Error>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		c := fuzzClient(t, 200, jsonHeader(), body)
		done, err := c.CompleteDirectUpload(context.Background(), "asset_1", "")
		checkResult(t, done, err)
		// The PUT reads only the status; its body never reaches an error text but a sanitised <Code>.
		pc := fuzzClient(t, 403, nil, body)
		perr := pc.PutDirectUpload(context.Background(), &heygen.DirectUpload{AssetID: "a", UploadURL: "https://s3.example/x"},
			bytes.NewReader(make([]byte, 8)), 8, nil)
		if perr == nil {
			t.Fatal("a 403 PUT succeeded")
		}
	})
}
