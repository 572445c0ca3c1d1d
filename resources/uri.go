package resources

import (
	"fmt"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// Resource URIs. Templates follow RFC 6570 as mcp-go expects.
const (
	SessionTemplate = "heygen://sessions/{session_id}"
	VideoTemplate   = "heygen://videos/{video_id}"
	StylesURI       = "heygen://styles"
	// TranslationTemplate is get_video_translation's view (translations.go).
	TranslationTemplate = "heygen://video-translations/{video_translation_id}"

	sessionPrefix     = "heygen://sessions/"
	videoPrefix       = "heygen://videos/"
	translationPrefix = "heygen://video-translations/"
)

// Kinds of resource a URI names.
const (
	KindSession = "session"
	KindVideo   = "video"
	KindStyles  = "styles"
	// KindTranslation names a video translation (its id argument is video_translation_id).
	KindTranslation = "video_translation"
)

// SessionURI is the resource URI of a session.
func SessionURI(sessionID string) string { return sessionPrefix + sessionID }

// VideoURI is the resource URI of a video.
func VideoURI(videoID string) string { return videoPrefix + videoID }

// ParseURI splits a heygen:// URI into its kind and id (empty for styles). The
// error names the accepted forms, so a client can fix the URI.
func ParseURI(uri string) (kind, id string, err error) {
	switch {
	case uri == StylesURI:
		return KindStyles, "", nil
	case strings.HasPrefix(uri, sessionPrefix):
		kind, id = KindSession, uri[len(sessionPrefix):]
	case strings.HasPrefix(uri, videoPrefix):
		kind, id = KindVideo, uri[len(videoPrefix):]
	case strings.HasPrefix(uri, translationPrefix):
		kind, id = KindTranslation, uri[len(translationPrefix):]
	default:
		return "", "", fmt.Errorf("resource URI %q is not one of %s, %s, %s, %s", clip(uri), SessionTemplate, VideoTemplate, TranslationTemplate, StylesURI)
	}
	if err := checkID(kind, id); err != nil {
		return "", "", err
	}
	return kind, id, nil
}

// checkID applies the one id rule (heygen.ValidID), so a resource URI accepts
// exactly the ids the tools accept.
func checkID(kind, id string) error {
	if id == "" {
		return fmt.Errorf("the %s_id in the resource URI is empty: use %s", kind, map[string]string{KindSession: SessionTemplate, KindVideo: VideoTemplate, KindTranslation: TranslationTemplate}[kind])
	}
	if len(id) > heygen.MaxIDLength {
		return fmt.Errorf("the %s_id in the resource URI is longer than %d characters", kind, heygen.MaxIDLength)
	}
	if !heygen.ValidID(id) {
		return fmt.Errorf("the %s_id %q in the resource URI must be %s", kind, clip(id), heygen.IDRule)
	}
	return nil
}

// clip keeps error texts short when a client sends something huge.
func clip(s string) string {
	const n = 80
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
