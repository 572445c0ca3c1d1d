package heygen_test

import (
	"context"
	"testing"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// FuzzDecodeCreateVideo feeds arbitrary 2xx bodies to CreateVideo
// (POST /v3/videos): a result xor an error, never a panic, never the key.
func FuzzDecodeCreateVideo(f *testing.F) {
	f.Add([]byte(`{"data":{"video_id":"vid_1","status":"waiting","output_format":"mp4"}}`))
	f.Add([]byte(`{"data":null,"error":{"code":"avatar_not_found","message":"m","param":"avatar_id"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		c := fuzzClient(t, 200, jsonHeader(), body)
		v, err := c.CreateVideo(context.Background(), &heygen.CreateVideoRequest{
			Type: heygen.VideoTypeAvatar, AvatarID: "look_1", Script: "Hi", VoiceID: "voice_1"})
		checkResult(t, v, err)
	})
}
