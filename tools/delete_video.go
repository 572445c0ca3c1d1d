package tools

import (
	"context"
	"fmt"
)

// DeleteVideoParams are the arguments of delete_video (DELETE /v3/videos/{id}).
type DeleteVideoParams struct {
	VideoID ID `json:"video_id" jsonschema:"required,minLength=1,description=Id of the video to delete\\, from list_videos or create_avatar_video (e.g. vid_abc123)."`
}

// DeleteVideoResult is delete_video's structured content.
type DeleteVideoResult struct {
	VideoID string `json:"video_id"`
	Deleted bool   `json:"deleted"`
}

func (r DeleteVideoResult) toolText() string {
	return fmt.Sprintf("Video %s was deleted permanently, with its files and links; it cannot be restored.", r.VideoID)
}

func (registry) DeleteVideo() Definition {
	return define(Definition{
		Name: "delete_video", Title: "Delete a video permanently", Toolset: ToolsetVideos,
		Example: `{"video_id": "vid_abc123"}`,
		Hints:   Hints{ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: true},
		Description: "Delete a video and its files permanently; this cannot be undone and its links stop working. " +
			"Use only when the user asks to delete that video.",
	}, Deps.deleteVideo)
}

func (d Deps) deleteVideo(ctx context.Context, p DeleteVideoParams) (DeleteVideoResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return DeleteVideoResult{}, err
	}
	resp, err := c.DeleteVideo(ctx, string(p.VideoID))
	if err != nil {
		return DeleteVideoResult{}, err
	}
	id := resp.ID
	if id == "" {
		id = string(p.VideoID)
	}
	return DeleteVideoResult{VideoID: id, Deleted: true}, nil
}
