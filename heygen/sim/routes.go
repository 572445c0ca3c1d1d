package sim

import (
	"context"
	"net/http"
	"time"
)

// call carries one authenticated request through the mux to its handler.
type call struct {
	r    *http.Request // with path values
	key  string
	body []byte // buffered by ServeHTTP
	rep  reply
}

type callCtxKey struct{}

func (s *Simulator) routes() *http.ServeMux {
	mux := http.NewServeMux()
	handle := func(pattern string, fn func(c *call) reply) {
		mux.HandleFunc(pattern, func(_ http.ResponseWriter, r *http.Request) {
			c, _ := r.Context().Value(callCtxKey{}).(*call)
			if c == nil {
				return
			}
			c.r = r
			c.rep = fn(c)
		})
	}
	handle("POST /v3/video-agents", s.createSession)
	handle("GET /v3/video-agents", s.listSessions)
	// More specific than {session_id}, so "styles" is never taken for a session id.
	handle("GET /v3/video-agents/styles", s.listStyles)
	handle("GET /v3/video-agents/{session_id}", s.getSession)
	handle("POST /v3/video-agents/{session_id}", s.sendMessage)
	handle("POST /v3/video-agents/{session_id}/stop", s.stopSession)
	handle("GET /v3/video-agents/{session_id}/videos", s.listSessionVideos)
	handle("GET /v3/video-agents/{session_id}/resources/{resource_id}", s.getResource)
	handle("GET /v3/videos", s.listVideos)
	handle("POST /v3/videos", s.createDirectVideo)
	handle("GET /v3/videos/{video_id}", s.getVideo)
	handle("DELETE /v3/videos/{video_id}", s.deleteVideo)
	handle("POST /v3/assets", s.uploadAsset)
	handle("POST /v3/assets/direct-uploads", s.createDirectUpload)
	handle("POST /v3/assets/{asset_id}/complete", s.completeDirectUpload)
	handle("GET /v3/brand-kits", s.listBrandKits)
	handle("GET /v3/avatars/looks", s.listAvatarLooks)
	handle("GET /v3/avatars/looks/{look_id}", s.getAvatarLook)
	handle("GET /v3/avatars", s.listAvatarGroups)
	handle("POST /v3/avatars", s.createAvatar)
	handle("GET /v3/avatars/{group_id}", s.getAvatarGroup)
	handle("GET /v3/voices", s.listVoices)
	handle("POST /v3/voices/speech", s.createSpeech)
	handle("GET /v3/voices/{voice_id}", s.getVoice)
	handle("GET /v3/users/me", s.currentUser)
	handle("GET /v3/video-translations", s.listTranslations)
	handle("POST /v3/video-translations", s.createTranslation)
	handle("GET /v3/video-translations/languages", s.listTranslationLanguages)
	handle("GET /v3/video-translations/{video_translation_id}", s.getTranslation)
	handle("/", func(c *call) reply { return unknownRoute(c.r) })
	return mux
}

func unknownRoute(r *http.Request) reply {
	return notFound("not_found", "No route "+r.Method+" "+r.URL.Path+" in the HeyGen v3 API.")
}

// route dispatches r to its handler and returns the complete reply.
func (s *Simulator) route(r *http.Request, key string, body []byte) reply {
	c := &call{key: key, body: body}
	s.mux.ServeHTTP(discardWriter{}, r.WithContext(context.WithValue(r.Context(), callCtxKey{}, c)))
	if c.rep.status == 0 {
		// The mux answered by itself (a redirect to a cleaned path): not a HeyGen route.
		return unknownRoute(r)
	}
	return c.rep
}

// discardWriter swallows what the mux writes on its own; handlers return replies.
type discardWriter struct{}

func (discardWriter) Header() http.Header         { return http.Header{} }
func (discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (discardWriter) WriteHeader(int)             {}

// lockAt takes the mutex and brings every session up to date with the clock.
// The caller unlocks.
func (s *Simulator) lockAt() time.Time {
	s.mu.Lock()
	now := s.clock.Now()
	s.advanceLocked(now)
	return now
}
