package heygen_test

import (
	"context"
	"testing"
)

// FuzzDecodeTranslationList feeds arbitrary bodies through
// ListVideoTranslations: a page xor an error, never a panic, never the key.
func FuzzDecodeTranslationList(f *testing.F) {
	f.Add([]byte(`{"data":[{"id":"vt_1","status":"running"}],"has_more":true,"next_token":"t"}`))
	f.Add([]byte(`{"data":[]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := fuzzClient(t, 200, jsonHeader(), body).ListVideoTranslations(context.Background(), nil)
		checkResult(t, p, err)
	})
}
