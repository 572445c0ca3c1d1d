package tools

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// GetVideoParams are the arguments of get_video (GET /v3/videos/{id}).
type GetVideoParams struct {
	VideoID ID `json:"video_id" jsonschema:"required,minLength=1,description=Video id from get_session or list_session_videos (e.g. vid_abc123)."`
}

// VideoResult is one video: get_video's structured content and a list item.
type VideoResult struct {
	VideoID           string  `json:"video_id"`
	Status            string  `json:"status"`
	Title             string  `json:"title,omitempty"`
	VideoURL          string  `json:"video_url,omitempty"`
	ThumbnailURL      string  `json:"thumbnail_url,omitempty"`
	GIFURL            string  `json:"gif_url,omitempty"`
	VideoPageURL      string  `json:"video_page_url,omitempty"`
	Duration          float64 `json:"duration,omitempty" jsonschema:"description=Length in seconds."`
	CaptionedVideoURL string  `json:"captioned_video_url,omitempty"`
	SubtitleURL       string  `json:"subtitle_url,omitempty"`
	FailureCode       string  `json:"failure_code,omitempty"`
	FailureMessage    string  `json:"failure_message,omitempty"`
	CreatedAt         int64   `json:"created_at,omitempty"`
	CompletedAt       int64   `json:"completed_at,omitempty"`
}

// NewVideoResult is the one view of a HeyGen video: get_video's result, an
// item of list_session_videos and wait_for_video, and the JSON of the
// heygen://videos/{id} resource.
func NewVideoResult(v *heygen.Video) VideoResult {
	return VideoResult{
		VideoID: v.ID, Status: v.Status, Title: deref(v.Title), VideoURL: deref(v.VideoURL),
		ThumbnailURL: deref(v.ThumbnailURL), GIFURL: deref(v.GIFURL), VideoPageURL: deref(v.VideoPageURL),
		Duration: deref(v.Duration), CaptionedVideoURL: deref(v.CaptionedVideoURL), SubtitleURL: deref(v.SubtitleURL),
		FailureCode: deref(v.FailureCode), FailureMessage: deref(v.FailureMessage),
		CreatedAt: deref(v.CreatedAt), CompletedAt: deref(v.CompletedAt),
	}
}

func (r VideoResult) summaryLine() string {
	s := fmt.Sprintf("%s: %s", r.VideoID, r.Status)
	if r.Duration > 0 {
		s += fmt.Sprintf(", %.1f s", r.Duration)
	}
	if r.VideoURL != "" {
		s += ", " + r.VideoURL
	}
	if r.FailureCode != "" || r.FailureMessage != "" {
		s += fmt.Sprintf(", failed: %s %s", r.FailureCode, r.FailureMessage)
	}
	return s
}

func (r VideoResult) toolText() string {
	// Plain writes, not fmt: this text is built on every get_video call.
	var b strings.Builder
	b.Grow(512)
	b.WriteString("Video ")
	b.WriteString(r.VideoID)
	if r.Title != "" {
		b.WriteByte(' ')
		b.WriteString(strconv.Quote(r.Title))
	}
	b.WriteString(": ")
	b.WriteString(r.Status)
	b.WriteByte('.')
	switch r.Status {
	case heygen.VideoCompleted:
		if r.Duration > 0 {
			b.WriteString(" Duration ")
			b.WriteString(strconv.FormatFloat(r.Duration, 'f', 1, 64))
			b.WriteString(" s.")
		}
		for _, kv := range [...][2]string{
			{"Video URL", r.VideoURL}, {"Thumbnail", r.ThumbnailURL}, {"With burned-in captions", r.CaptionedVideoURL},
			{"Subtitles (SRT)", r.SubtitleURL}, {"HeyGen page", r.VideoPageURL},
		} {
			if kv[1] != "" {
				b.WriteByte('\n')
				b.WriteString(kv[0])
				b.WriteString(": ")
				b.WriteString(kv[1])
			}
		}
		b.WriteString("\nDownload links expire; call get_video again for fresh ones.")
	case heygen.VideoFailed:
		b.WriteString(" Failure: ")
		b.WriteString(r.FailureCode)
		if r.FailureMessage != "" {
			b.WriteString(": ")
			b.WriteString(strings.TrimRight(r.FailureMessage, ". "))
		}
		b.WriteString(". Explain the failure to the user; if the message says how, start again with create_video.")
	default:
		b.WriteString(" Still rendering: call wait_for_video with video_id ")
		b.WriteString(strconv.Quote(r.VideoID))
		b.WriteString(" to wait for it.")
	}
	return b.String()
}

func (registry) GetVideo() Definition {
	return define(Definition{
		Name: "get_video", Title: "Get a video's status and URL", Toolset: ToolsetVideoAgent, Shared: []string{ToolsetVideos},
		Example: `{"video_id": "vid_abc123"}`,
		Hints:   readHints,
		Description: "Status of a rendered video (pending, processing, completed, failed). When completed: video_url (download link that expires), " +
			"thumbnail_url, duration in seconds, captioned_video_url and subtitle_url. When failed: failure_code and failure_message.",
	}, Deps.getVideo)
}

func (d Deps) getVideo(ctx context.Context, p GetVideoParams) (VideoResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return VideoResult{}, err
	}
	v, err := c.GetVideo(ctx, string(p.VideoID))
	if err != nil {
		return VideoResult{}, err
	}
	return NewVideoResult(v), nil
}
