package resources

import "github.com/heygen-mcp/heygen-mcp/heygen"

// SessionView is the JSON of heygen://sessions/{id}: the fields get_session
// returns. Names are snake_case and stable; nulls stay null.
type SessionView struct {
	SessionID string        `json:"session_id"`
	Status    string        `json:"status"`
	Progress  int           `json:"progress"`
	Title     *string       `json:"title"`
	VideoID   *string       `json:"video_id"`
	CreatedAt int64         `json:"created_at,omitempty"`
	Question  *string       `json:"question"` // newest model message while paused for the user (inferred)
	Messages  []MessageView `json:"messages"`
	// Note explains a view not read from the session itself (the session
	// endpoint can 404 once a video exists; inferred).
	Note string `json:"note,omitempty"`
}

// MessageView is one session message, newest first.
type MessageView struct {
	Role        string   `json:"role"`
	Type        string   `json:"type"`
	Content     string   `json:"content"`
	CreatedAt   *int64   `json:"created_at,omitempty"`
	ResourceIDs []string `json:"resource_ids,omitempty"`
}

// NewSessionView converts a HeyGen session.
func NewSessionView(s *heygen.Session) SessionView {
	v := SessionView{SessionID: s.SessionID, Status: s.Status, Progress: s.Progress, Title: s.Title, VideoID: s.VideoID,
		CreatedAt: s.CreatedAt, Messages: make([]MessageView, 0, len(s.Messages))}
	if heygen.SessionNeedsInput(s.Status) {
		if m, ok := s.LatestModelMessage(); ok {
			q := m.Content
			v.Question = &q
		}
	}
	for _, m := range s.Messages {
		v.Messages = append(v.Messages, MessageView{Role: m.Role, Type: m.Type, Content: m.Content, CreatedAt: m.CreatedAt, ResourceIDs: m.ResourceIDs})
	}
	return v
}

// VideoView is the JSON of heygen://videos/{id}: the fields get_video returns.
// Both id (HeyGen's name) and video_id (what every other tool calls it) are set.
type VideoView struct {
	ID                string   `json:"id"`
	VideoID           string   `json:"video_id"`
	Status            string   `json:"status"`
	Title             *string  `json:"title"`
	VideoURL          *string  `json:"video_url"`
	ThumbnailURL      *string  `json:"thumbnail_url"`
	Duration          *float64 `json:"duration"`
	CaptionedVideoURL *string  `json:"captioned_video_url"`
	SubtitleURL       *string  `json:"subtitle_url"`
	GIFURL            *string  `json:"gif_url,omitempty"`
	VideoPageURL      *string  `json:"video_page_url,omitempty"`
	CreatedAt         *int64   `json:"created_at,omitempty"`
	CompletedAt       *int64   `json:"completed_at,omitempty"`
	FailureCode       *string  `json:"failure_code"`
	FailureMessage    *string  `json:"failure_message"`
}

// NewVideoView converts a HeyGen video.
func NewVideoView(v *heygen.Video) VideoView {
	return VideoView{ID: v.ID, VideoID: v.ID, Status: v.Status, Title: v.Title, VideoURL: v.VideoURL, ThumbnailURL: v.ThumbnailURL,
		Duration: v.Duration, CaptionedVideoURL: v.CaptionedVideoURL, SubtitleURL: v.SubtitleURL, GIFURL: v.GIFURL,
		VideoPageURL: v.VideoPageURL, CreatedAt: v.CreatedAt, CompletedAt: v.CompletedAt,
		FailureCode: v.FailureCode, FailureMessage: v.FailureMessage}
}

// StylesView is the JSON of heygen://styles.
type StylesView struct {
	Styles []heygen.Style `json:"styles"`
	Count  int            `json:"count"`
	// Truncated is set when the catalogue had more pages than are cached.
	Truncated bool `json:"truncated,omitempty"`
}
