package sim

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// Avatar groups and looks. The catalogue (catalog.go avatarLooks) is shared by
// every key; avatars a key creates with POST /v3/avatars are its own.

// avatarState is a tenant's created avatars (zero value ready to use).
type avatarState struct {
	groups     map[string]*simGroup
	groupOrder []string // creation order
	looks      map[string]*simLook
	lookOrder  []string // creation order
}

type simGroup struct {
	id, name  string
	createdAt time.Time
}

type simLook struct {
	look      heygen.AvatarLook // status and error are set when read
	createdAt time.Time
	// readyAt is when training ends; zero means it waits for consent.
	readyAt time.Time
	fail    bool
}

// catalogGroup is a catalogue group; its looks are avatarLooks with its id.
type catalogGroup struct {
	id, name, gender, voice string
	consent                 *string
}

// catalogGroups match the group ids of avatarLooks. consent_status values are
// inferred (HeyGen documents the field as a free string, null when no consent
// is required).
func catalogGroups() []catalogGroup {
	return []catalogGroup{
		{id: "group_anna", name: "Anna", gender: "female", voice: "voice_warm_01"},
		{id: "group_marcus", name: "Marcus", gender: "male", voice: "voice_crisp_02"},
		{id: "group_me", name: "Me", gender: "male", voice: "voice_my_clone_06", consent: ptr("approved")},
		{id: "group_photo", name: "Photo headshot", gender: "female", voice: "voice_calm_03"},
	}
}

// catalogCreatedAt dates the catalogue groups (a fixed past instant).
var catalogCreatedAt = time.Date(2025, 1, 15, 9, 0, 0, 0, time.UTC).Unix()

// lookAt is a created look as GET returns it at now. Training takes
// Timings.Rendering (inferred: HeyGen gives no duration), then completes, or
// fails when the name carries the [[fail]] marker.
func (l *simLook) lookAt(now time.Time) heygen.AvatarLook {
	out := l.look
	switch {
	case l.readyAt.IsZero():
		out.Status = ptr(heygen.AvatarPendingConsent)
	case now.Before(l.readyAt):
		out.Status = ptr(heygen.AvatarProcessing)
	case l.fail:
		out.Status = ptr(heygen.AvatarFailed)
		out.Error = &heygen.AvatarError{Code: "avatar_training_failed",
			Message: "Training failed: the simulated avatar was scripted to fail by the [[fail]] marker."}
	default:
		out.Status = ptr(heygen.AvatarCompleted)
	}
	return out
}

// avatarLooksLocked is the catalogue followed by the tenant's own looks.
func avatarLooksLocked(t *tenant, now time.Time) []heygen.AvatarLook {
	out := avatarLooks()
	for _, id := range t.avatars.lookOrder {
		out = append(out, t.avatars.looks[id].lookAt(now))
	}
	return out
}

// avatarGroupsLocked derives every group the tenant sees from the looks.
func avatarGroupsLocked(t *tenant, now time.Time) []heygen.AvatarGroup {
	looks := avatarLooksLocked(t, now)
	byGroup := map[string][]heygen.AvatarLook{}
	for _, l := range looks {
		byGroup[deref(l.GroupID)] = append(byGroup[deref(l.GroupID)], l)
	}
	var out []heygen.AvatarGroup
	for _, g := range catalogGroups() {
		ls := byGroup[g.id]
		grp := heygen.AvatarGroup{
			ID: g.id, Name: g.name, CreatedAt: catalogCreatedAt, LooksCount: len(ls),
			ConsentStatus: g.consent, DefaultVoiceID: ptr(g.voice), Gender: ptr(g.gender),
		}
		if len(ls) > 0 {
			grp.PreviewImageURL = ls[0].PreviewImageURL
			if lookOwnership(ls[0]) == "private" {
				grp.Status, grp.Error = groupStatus(ls)
			}
		}
		out = append(out, grp)
	}
	for _, id := range t.avatars.groupOrder {
		g := t.avatars.groups[id]
		ls := byGroup[g.id]
		grp := heygen.AvatarGroup{ID: g.id, Name: g.name, CreatedAt: g.createdAt.Unix(), LooksCount: len(ls)}
		if len(ls) > 0 {
			grp.PreviewImageURL = ls[0].PreviewImageURL
			grp.DefaultVoiceID = ls[0].DefaultVoiceID
			if ls[0].AvatarType == "digital_twin" && deref(ls[0].Status) == heygen.AvatarPendingConsent {
				grp.ConsentStatus = ptr("pending") // inferred value
			}
		}
		grp.Status, grp.Error = groupStatus(ls)
		out = append(out, grp)
	}
	return out
}

// groupStatus sums up a private group's looks (inferred: HeyGen documents
// the group status but not how it follows its looks).
func groupStatus(ls []heygen.AvatarLook) (*string, *heygen.AvatarError) {
	failed := 0
	var firstErr *heygen.AvatarError
	for _, st := range []string{heygen.AvatarProcessing, heygen.AvatarPendingConsent} {
		for _, l := range ls {
			if deref(l.Status) == st {
				return ptr(st), nil
			}
		}
	}
	for _, l := range ls {
		if deref(l.Status) == heygen.AvatarFailed {
			failed++
			if firstErr == nil {
				firstErr = l.Error
			}
		}
	}
	if len(ls) > 0 && failed == len(ls) {
		return ptr(heygen.AvatarFailed), firstErr
	}
	return ptr(heygen.AvatarCompleted), nil
}

func avatarGroupNotFound() reply { return notFound("avatar_not_found", "Avatar group not found") }
func avatarLookNotFound() reply  { return notFound("avatar_not_found", "Avatar look not found") }

// tenantLooks is what GET /v3/avatars/looks lists for the caller.
func (s *Simulator) tenantLooks(c *call) []heygen.AvatarLook {
	now := s.lockAt()
	defer s.mu.Unlock()
	return avatarLooksLocked(s.tenantLocked(c.key), now)
}

// listAvatarGroups is GET /v3/avatars: ownership public|private, limit at most 50.
func (s *Simulator) listAvatarGroups(c *call) reply {
	own := c.r.URL.Query().Get("ownership")
	if own != "" {
		if bad := checkEnum("ownership", &own, "public", "private"); bad != nil {
			return *bad
		}
	}
	now := s.lockAt()
	defer s.mu.Unlock()
	items := []heygen.AvatarGroup{}
	for _, g := range avatarGroupsLocked(s.tenantLocked(c.key), now) {
		// Private groups are the ones with a training status.
		if own == "" || (own == "private") == (g.Status != nil) {
			items = append(items, g)
		}
	}
	return paginate(c.r, "avatar_groups", items, func(x heygen.AvatarGroup) string { return x.ID },
		heygen.DefaultListLimit, heygen.MaxAvatarLimit)
}

// getAvatarGroup is GET /v3/avatars/{group_id}.
func (s *Simulator) getAvatarGroup(c *call) reply {
	id := c.r.PathValue("group_id")
	now := s.lockAt()
	defer s.mu.Unlock()
	for _, g := range avatarGroupsLocked(s.tenantLocked(c.key), now) {
		if g.ID == id {
			return dataReply(g)
		}
	}
	return avatarGroupNotFound()
}

// getAvatarLook is GET /v3/avatars/looks/{look_id}.
func (s *Simulator) getAvatarLook(c *call) reply {
	id := c.r.PathValue("look_id")
	now := s.lockAt()
	defer s.mu.Unlock()
	for _, l := range avatarLooksLocked(s.tenantLocked(c.key), now) {
		if l.ID == id {
			return dataReply(l)
		}
	}
	return avatarLookNotFound()
}

// createAvatarBody is POST /v3/avatars, a union on type (photo,
// digital_twin, prompt). avatar_id and reference_images (prompt) are read but
// not checked beyond their JSON types.
type createAvatarBody struct {
	Type            *string           `json:"type"`
	Name            *string           `json:"name"`
	File            json.RawMessage   `json:"file"`
	Prompt          *string           `json:"prompt"`
	AvatarGroupID   *string           `json:"avatar_group_id"`
	AvatarID        *string           `json:"avatar_id"`
	ReferenceImages []json.RawMessage `json:"reference_images"`
}

func (b *createAvatarBody) validate() *reply {
	if b.Type == nil || *b.Type == "" {
		return badParam("type", "type is required: one of photo, digital_twin, prompt.")
	}
	if r := checkEnum("type", b.Type, "photo", "digital_twin", "prompt"); r != nil {
		return r
	}
	if r := checkText("name", b.Name, heygen.MaxAvatarNameLen); r != nil {
		return r
	}
	switch *b.Type {
	case "photo":
		return checkAvatarFile(b.File, "image/png", "image/jpeg")
	case "digital_twin":
		return checkAvatarFile(b.File, "video/mp4", "video/webm")
	default:
		if len(b.ReferenceImages) > 3 {
			return badParam("reference_images", "reference_images has %d items; the maximum is 3.", len(b.ReferenceImages))
		}
		return checkText("prompt", b.Prompt, heygen.MaxPromptLen)
	}
}

// checkAvatarFile validates the file AssetInput of a photo or digital twin;
// inline content must be one of mediaTypes (inferred from the type's purpose).
func checkAvatarFile(raw json.RawMessage, mediaTypes ...string) *reply {
	if len(raw) == 0 || string(raw) == "null" {
		return badParam("file", "file is required: {\"type\": \"url\", \"url\": \"https://...\"} or {\"type\": \"asset_id\", \"asset_id\": \"...\"}.")
	}
	return checkAssetInput("file", raw, inlineMedia{
		ok: func(mt string) bool {
			return slices.ContainsFunc(mediaTypes, func(m string) bool { return strings.EqualFold(mt, m) })
		},
		use: strings.Join(mediaTypes, " or "),
	})
}

// createAvatar is POST /v3/avatars. Every call creates a look (no
// Idempotency-Key is documented here). Photo and prompt avatars train for
// Timings.Rendering; a digital twin waits for consent, which the simulator
// does not model, so it stays pending_consent (inferred). Creating is free
// here: HeyGen does not say what it charges (inferred).
func (s *Simulator) createAvatar(c *call) reply {
	var b createAvatarBody
	if bad := decodeJSON(c.body, &b); bad != nil {
		return *bad
	}
	if bad := b.validate(); bad != nil {
		return *bad
	}
	now := s.lockAt()
	defer s.mu.Unlock()
	t := s.tenantLocked(c.key)
	a := &t.avatars
	if a.groups == nil {
		a.groups, a.looks = map[string]*simGroup{}, map[string]*simLook{}
	}
	groupID := deref(b.AvatarGroupID)
	if groupID != "" {
		var found *heygen.AvatarGroup
		for _, g := range avatarGroupsLocked(t, now) {
			if g.ID == groupID {
				found = &g
				break
			}
		}
		if found == nil {
			return avatarGroupNotFound()
		}
		if found.Status == nil {
			// Inferred: a stock group cannot take the account's looks.
			return invalidParam("avatar_group_id", "avatar_group_id "+groupID+" is a public avatar group; pass one of your own groups or omit it.")
		}
	} else {
		g := &simGroup{id: s.newIDLocked("group_"), name: *b.Name, createdAt: now}
		a.groups[g.id] = g
		a.groupOrder = append(a.groupOrder, g.id)
		groupID = g.id
	}
	typ := "photo_avatar" // photo and prompt (inferred for prompt)
	if *b.Type == "digital_twin" {
		typ = "digital_twin"
	}
	id := s.newIDLocked("look_")
	l := &simLook{
		look: heygen.AvatarLook{
			ID: id, Name: *b.Name, AvatarType: typ, GroupID: ptr(groupID),
			// Inferred: the spec lists avatar_v, avatar_iv, avatar_iii; photo
			// avatars are documented with Avatar IV.
			SupportedAPIEngines: []string{"avatar_iv"},
			PreviewImageURL:     ptr(simHost + "/avatars/" + id + ".jpg"),
		},
		createdAt: now,
		fail:      strings.Contains(*b.Name, markerFail),
	}
	if typ != "digital_twin" {
		l.readyAt = now.Add(s.timings.Rendering)
	}
	a.looks[id] = l
	a.lookOrder = append(a.lookOrder, id)

	look := l.lookAt(now)
	resp := heygen.CreateAvatarResponse{AvatarItem: &look}
	for _, g := range avatarGroupsLocked(t, now) {
		if g.ID == groupID {
			resp.AvatarGroup = &g
			break
		}
	}
	return dataReply(resp)
}
