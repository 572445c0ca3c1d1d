package sim

import (
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

func (s *Simulator) videoWire(v *video) heygen.Video {
	str := func(x string) *string { return &x }
	created := v.createdAt.Unix()
	title := v.title
	out := heygen.Video{ID: v.id, Status: v.status, Title: &title, CreatedAt: &created}
	switch v.status {
	case heygen.VideoCompleted:
		done := v.completedAt.Unix()
		d := v.duration
		out.CompletedAt, out.Duration = &done, &d
		out.VideoURL = str(s.videoURL(v.id))
		out.CaptionedVideoURL = str(s.videoURL(v.id))
		out.SubtitleURL = str(simHost + "/videos/" + v.id + ".srt")
		out.ThumbnailURL = str(s.thumbnailURL(v.id))
		out.GIFURL = str(s.thumbnailURL(v.id))
		out.VideoPageURL = str(simHost + "/videos/" + v.id)
	case heygen.VideoFailed:
		out.FailureCode = str("rendering_failed")
		out.FailureMessage = str(v.failMessage)
	}
	return out
}

func videoNotFound() reply { return notFound("video_not_found", "Video not found") }

// getVideo is GET /v3/videos/{video_id}.
func (s *Simulator) getVideo(c *call) reply {
	s.lockAt()
	defer s.mu.Unlock()
	v := s.tenantLocked(c.key).videos[c.r.PathValue("video_id")]
	if v == nil {
		return videoNotFound()
	}
	return dataReply(s.videoWire(v))
}

// deleteVideo is DELETE /v3/videos/{video_id}.
func (s *Simulator) deleteVideo(c *call) reply {
	s.lockAt()
	defer s.mu.Unlock()
	t := s.tenantLocked(c.key)
	id := c.r.PathValue("video_id")
	if t.videos[id] == nil {
		return videoNotFound()
	}
	delete(t.videos, id)
	for i, x := range t.videoOrder {
		if x == id {
			t.videoOrder = append(t.videoOrder[:i:i], t.videoOrder[i+1:]...)
			break
		}
	}
	return dataReply(heygen.DeleteVideoResponse{ID: id, Deleted: true})
}

// listVideos is GET /v3/videos: newest first, filtered by
// folder_id (no simulated video is in a folder) and a case-insensitive title
// substring.
func (s *Simulator) listVideos(c *call) reply {
	s.lockAt()
	defer s.mu.Unlock()
	t := s.tenantLocked(c.key)
	q := c.r.URL.Query()
	folder, title := q.Get("folder_id"), strings.ToLower(q.Get("title"))
	items := []heygen.Video{}
	for i := len(t.videoOrder) - 1; i >= 0; i-- {
		v := t.videos[t.videoOrder[i]]
		if folder != "" || (title != "" && !strings.Contains(strings.ToLower(v.title), title)) {
			continue
		}
		items = append(items, s.videoWire(v))
	}
	return paginate(c.r, "videos", items, func(v heygen.Video) string { return v.ID },
		heygen.DefaultVideoList, heygen.MaxListLimit)
}
