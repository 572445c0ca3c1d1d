package heygen_test

import (
	"context"
	"testing"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// FuzzDecodeAvatars feeds arbitrary bodies to the avatar decoders: groups
// (list and get), one look, and the create's group and item.
func FuzzDecodeAvatars(f *testing.F) {
	f.Add([]byte(`{"data":[` + groupJSON + `],"has_more":true,"next_token":"t"}`))
	f.Add([]byte(`{"data":` + lookJSON + `}`))
	f.Add([]byte(`{"data":{"avatar_group":` + groupJSON + `,"avatar_item":` + lookJSON + `}}`))
	f.Add([]byte(`{"data":{"avatar_group":null,"avatar_item":{"id":"l","error":{"code":1}}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		c := fuzzClient(t, 200, jsonHeader(), body)
		ctx := context.Background()
		p, err := c.ListAvatarGroups(ctx, nil)
		checkResult(t, p, err)
		if p != nil {
			_ = p.Next()
		}
		g, err := c.GetAvatarGroup(ctx, "group_1")
		checkResult(t, g, err)
		l, err := c.GetAvatarLook(ctx, "look_1")
		checkResult(t, l, err)
		cr, err := c.CreatePhotoAvatar(ctx, &heygen.CreatePhotoAvatarRequest{Name: "n", File: heygen.URLFile("https://e.com/a.jpg")})
		checkResult(t, cr, err)
	})
}
