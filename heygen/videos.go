package heygen

import (
	"context"
	"net/http"
)

// GetVideo returns a video's status and URLs: GET /v3/videos/{video_id}.
func (c *Client) GetVideo(ctx context.Context, videoID string) (*Video, error) {
	p, err := pathf("v3/videos/%s", [2]string{"video_id", videoID})
	if err != nil {
		return nil, err
	}
	return getData[Video](ctx, c, p)
}

// ListVideos lists the account's videos: GET /v3/videos; HeyGen's default limit is 10.
func (c *Client) ListVideos(ctx context.Context, opts *ListVideosOptions) (*Page[Video], error) {
	if opts == nil {
		opts = &ListVideosOptions{}
	}
	q, err := opts.query(MaxListLimit)
	if err != nil {
		return nil, err
	}
	setIf(q, "folder_id", opts.FolderID)
	setIf(q, "title", opts.Title)
	return getPage[Video](ctx, c, "v3/videos", q)
}

// DeleteVideo deletes a video permanently: DELETE /v3/videos/{video_id}.
// DELETE is idempotent, so it is retried like a GET.
func (c *Client) DeleteVideo(ctx context.Context, videoID string) (*DeleteVideoResponse, error) {
	p, err := pathf("v3/videos/%s", [2]string{"video_id", videoID})
	if err != nil {
		return nil, err
	}
	r := &request{method: http.MethodDelete, path: p, timeout: c.writeTimeout}
	return doData[DeleteVideoResponse](ctx, c, r)
}
