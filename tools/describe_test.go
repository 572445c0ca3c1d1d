package tools

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFirstSentenceOf(t *testing.T) {
	for in, want := range map[string]string{
		"Avatar look id from list_avatars (e.g. look_abc123). Omit to let the agent choose.": "Avatar look id from list_avatars (e.g. look_abc123)",
		"Id of a completed video (from get_video or wait_for_video) e.g. vid_abc123.":        "Id of a completed video (from get_video or wait_for_video) e.g. vid_abc123",
		"Only voices in this language (i.e. English). More.":                                 "Only voices in this language (i.e. English)",
		"Images, video, etc. Not web pages.":                                                 "Images, video, etc. Not web pages",
		"File name e.g. launch.mp4; default <video_id>.mp4. Subtitles get .srt.":             "File name e.g. launch.mp4; default <video_id>.mp4",
		"E.g. this. Then that.": "E.g. this",
		"No period at all":      "No period at all",
		"Ends here.":            "Ends here",
		"  Spaces around.  ":    "Spaces around",
		"":                      "",
	} {
		assert.Equal(t, want, firstSentenceOf(in), in)
	}
}

func TestRenderTimeText(t *testing.T) {
	assert.Equal(t, "Making a video usually takes 5 to 45 minutes.", Deps{}.renderTimeText())
	assert.Equal(t, "simulated: 3 s", Deps{Simulated: &Simulated{RenderTime: "simulated: 3 s"}}.renderTimeText())
}
