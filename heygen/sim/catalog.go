package sim

import (
	"net/http"
	"slices"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// The catalogues are built fresh per call: no shared mutable package state.

func ptr[T any](v T) *T { return &v }

func styles() []heygen.Style {
	mk := func(id, name, aspect string, tags ...string) heygen.Style {
		return heygen.Style{
			StyleID: id, Name: name, Tags: tags, AspectRatio: ptr(aspect),
			ThumbnailURL:    ptr(simHost + "/styles/" + id + ".jpg"),
			PreviewVideoURL: ptr(simHost + "/styles/" + id + ".mp4"),
		}
	}
	return []heygen.Style{
		mk("style_noir_detective", "Noir Detective", "16:9", "cinematic"),
		mk("style_golden_hour", "Golden Hour", "16:9", "cinematic"),
		mk("style_crt_terminal", "CRT Terminal", "16:9", "retro-tech"),
		mk("style_vaporwave", "Vaporwave", "9:16", "retro-tech", "pop-culture"),
		mk("style_pop_art", "Pop Art Gallery", "1:1", "iconic-artist", "pop-culture"),
		mk("style_impressionist", "Impressionist Canvas", "16:9", "iconic-artist"),
		mk("style_paper_cutout", "Paper Cutout", "16:9", "handmade"),
		mk("style_claymation", "Claymation", "9:16", "handmade"),
		mk("style_newsprint", "Newsprint", "16:9", "print"),
		mk("style_risograph", "Risograph Poster", "1:1", "print"),
	}
}

// questionVoices are the options the chat-mode agent offers; they are also the
// first entries of the /v3/voices catalogue.
func questionVoices() []heygen.Voice {
	mk := func(id, name, gender, lang string) heygen.Voice {
		return heygen.Voice{
			VoiceID: id, Name: name, Gender: ptr(gender), Language: ptr(lang), Type: ptr("public"),
			PreviewAudioURL: ptr(simHost + "/voices/" + id + ".mp3"), SupportPause: ptr(true), SupportLocale: ptr(false),
		}
	}
	return []heygen.Voice{
		mk("voice_warm_01", "Warm narrator", "female", "English"),
		mk("voice_crisp_02", "Crisp presenter", "male", "English"),
		mk("voice_calm_03", "Calm guide", "female", "English"),
	}
}

func voices() []heygen.Voice {
	v := questionVoices()
	v = append(v,
		heygen.Voice{VoiceID: "voice_lebhaft_04", Name: "Lebhafte Sprecherin", Gender: ptr("female"), Language: ptr("German"),
			Type: ptr("public"), PreviewAudioURL: ptr(simHost + "/voices/voice_lebhaft_04.mp3"), SupportPause: ptr(true), SupportLocale: ptr(true)},
		heygen.Voice{VoiceID: "voice_conteur_05", Name: "Conteur posé", Gender: ptr("male"), Language: ptr("French"),
			Type: ptr("public"), PreviewAudioURL: ptr(simHost + "/voices/voice_conteur_05.mp3"), SupportPause: ptr(true), SupportLocale: ptr(true)},
		heygen.Voice{VoiceID: "voice_my_clone_06", Name: "My cloned voice", Gender: ptr("male"), Language: ptr("English"),
			Type: ptr("private"), PreviewAudioURL: ptr(simHost + "/voices/voice_my_clone_06.mp3"), SupportPause: ptr(true), SupportLocale: ptr(false)},
	)
	return v
}

// voiceEngines maps voices to the engines that can speak them (a filter only).
func voiceEngines(id string) []string {
	if id == "voice_my_clone_06" {
		return []string{"elevenlabs"}
	}
	return []string{"starfish", "elevenlabs"}
}

func avatarLooks() []heygen.AvatarLook {
	mk := func(id, name, typ, group, voice, orient, status string) heygen.AvatarLook {
		return heygen.AvatarLook{
			ID: id, Name: name, AvatarType: typ, GroupID: ptr(group), DefaultVoiceID: ptr(voice),
			PreferredOrientation: ptr(orient), SupportedAPIEngines: []string{"avatar_iv", "avatar_v"},
			PreviewImageURL: ptr(simHost + "/avatars/" + id + ".jpg"), Status: ptr(status),
		}
	}
	return []heygen.AvatarLook{
		mk("look_anna_office", "Anna in the office", "studio_avatar", "group_anna", "voice_warm_01", "landscape", "completed"),
		mk("look_anna_studio", "Anna in the studio", "studio_avatar", "group_anna", "voice_warm_01", "portrait", "completed"),
		mk("look_marcus_casual", "Marcus, casual", "studio_avatar", "group_marcus", "voice_crisp_02", "landscape", "completed"),
		mk("look_marcus_suit", "Marcus in a suit", "studio_avatar", "group_marcus", "voice_crisp_02", "landscape", "completed"),
		mk("look_my_twin", "My digital twin", "digital_twin", "group_me", "voice_my_clone_06", "portrait", "completed"),
		mk("look_photo_headshot", "Photo headshot", "photo_avatar", "group_photo", "voice_calm_03", "portrait", "completed"),
	}
}

// private catalogue entries belong to the account, public ones to HeyGen.
func lookOwnership(l heygen.AvatarLook) string {
	if l.AvatarType == "studio_avatar" {
		return "public"
	}
	return "private"
}

// listStyles is GET /v3/video-agents/styles. An unknown tag is
// an empty page, not an error.
func (s *Simulator) listStyles(c *call) reply {
	tag := c.r.URL.Query().Get("tag")
	items := []heygen.Style{}
	for _, st := range styles() {
		if tag == "" || slices.Contains(st.Tags, tag) {
			items = append(items, st)
		}
	}
	return paginate(c.r, "styles", items, func(x heygen.Style) string { return x.StyleID },
		heygen.DefaultListLimit, heygen.MaxListLimit)
}

// listAvatarLooks is GET /v3/avatars/looks: limit at most 50.
func (s *Simulator) listAvatarLooks(c *call) reply {
	q := c.r.URL.Query()
	group, typ, own := q.Get("group_id"), q.Get("avatar_type"), q.Get("ownership")
	if typ != "" {
		if bad := checkEnum("avatar_type", &typ, "studio_avatar", "digital_twin", "photo_avatar"); bad != nil {
			return *bad
		}
	}
	if own != "" {
		if bad := checkEnum("ownership", &own, "public", "private"); bad != nil {
			return *bad
		}
	}
	items := []heygen.AvatarLook{}
	for _, l := range s.tenantLooks(c) {
		if (group == "" || deref(l.GroupID) == group) && (typ == "" || l.AvatarType == typ) &&
			(own == "" || lookOwnership(l) == own) {
			items = append(items, l)
		}
	}
	return paginate(c.r, "avatar_looks", items, func(x heygen.AvatarLook) string { return x.ID },
		heygen.DefaultListLimit, heygen.MaxAvatarLimit)
}

// listVoices is GET /v3/voices.
func (s *Simulator) listVoices(c *call) reply {
	q := c.r.URL.Query()
	typ, engine, lang, gender := q.Get("type"), q.Get("engine"), q.Get("language"), q.Get("gender")
	if typ != "" {
		if bad := checkEnum("type", &typ, "public", "private"); bad != nil {
			return *bad
		}
	}
	items := []heygen.Voice{}
	for _, v := range voices() {
		if (typ == "" || deref(v.Type) == typ) && (engine == "" || slices.Contains(voiceEngines(v.VoiceID), engine)) &&
			(lang == "" || equalFold(deref(v.Language), lang)) && (gender == "" || equalFold(deref(v.Gender), gender)) {
			items = append(items, v)
		}
	}
	return paginate(c.r, "voices", items, func(x heygen.Voice) string { return x.VoiceID },
		heygen.DefaultListLimit, heygen.MaxListLimit)
}

// currentUser is GET /v3/users/me. The wallet's inner fields are
// inferred (HeyGen does not document them); the balance drops as videos complete.
func (s *Simulator) currentUser(c *call) reply {
	s.lockAt()
	defer s.mu.Unlock()
	t := s.tenantLocked(c.key)
	return jsonReply(http.StatusOK, map[string]any{"data": heygen.User{
		Username:    t.username,
		Email:       ptr(t.username + "@example.com"),
		FirstName:   ptr("Sim"),
		LastName:    ptr("User"),
		BillingType: "wallet",
		Wallet:      map[string]any{"currency": "credits", "remaining_balance": t.credits},
	}})
}

func equalFold(a, b string) bool { return strings.EqualFold(a, b) }
