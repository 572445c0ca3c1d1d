package heygen_test

import (
	"context"
	"testing"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// FuzzDecodeTranslation feeds arbitrary bodies through the translation
// decoders: a result xor an error, never a panic, never the key.
func FuzzDecodeTranslation(f *testing.F) {
	f.Add([]byte(`{"data":{"id":"vt_1","status":"completed","video_url":"https://x/y.mp4","duration":1.5}}`))
	f.Add([]byte(`{"data":{"video_translation_ids":["vt_1","vt_2"]}}`))
	f.Add([]byte(`{"data":{"languages":["English","Spanish (Spain)"]}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		c := fuzzClient(t, 200, jsonHeader(), body)
		ctx := context.Background()
		tr, err := c.GetVideoTranslation(ctx, "vt_1")
		checkResult(t, tr, err)
		cr, err := c.CreateVideoTranslation(ctx, &heygen.CreateVideoTranslationRequest{
			Video: heygen.URLFile("https://example.com/a.mp4"), OutputLanguages: []string{"Japanese"},
		})
		checkResult(t, cr, err)
		l, err := c.ListTranslationLanguages(ctx)
		checkResult(t, l, err)
	})
}
