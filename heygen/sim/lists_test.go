package sim

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

func TestSessionListPagination(t *testing.T) {
	h := newHarness(t, WithMaxConcurrentJobs(100))
	var ids []string
	for range 25 {
		ids = append(ids, h.create(keyA, map[string]any{"prompt": "p"}).SessionID)
		h.sim.Advance(1) // distinct creation instants are not needed, but keep time moving
	}
	p1 := page[heygen.SessionSummary](t, h.do(http.MethodGet, "/v3/video-agents", keyA, nil))
	require.Len(t, p1.Data, heygen.DefaultListLimit)
	assert.Equal(t, ids[24], p1.Data[0].SessionID, "newest first")

	var got []string
	token := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10)
		q := url.Values{"limit": {"10"}}
		if token != "" {
			q.Set("token", token)
		}
		p := page[heygen.SessionSummary](t, h.do(http.MethodGet, "/v3/video-agents?"+q.Encode(), keyA, nil))
		for _, s := range p.Data {
			got = append(got, s.SessionID)
		}
		if !p.HasMore {
			assert.Nil(t, p.NextToken)
			break
		}
		require.NotNil(t, p.NextToken)
		token = *p.NextToken
		if pages == 0 {
			// An item created between pages does not shift the next page.
			ids = append(ids, h.create(keyA, map[string]any{"prompt": "late"}).SessionID)
		}
	}
	require.Len(t, got, 25)
	for i, id := range got {
		assert.Equal(t, ids[24-i], id)
	}

	// A token of one list is refused by another.
	p := page[heygen.SessionSummary](t, h.do(http.MethodGet, "/v3/video-agents?limit=1", keyA, nil))
	e := apiError(t, h.do(http.MethodGet, "/v3/videos?token="+url.QueryEscape(*p.NextToken), keyA, nil), http.StatusBadRequest)
	assert.Equal(t, "token", e.Param)
}

func TestVideoListDefaultsAndFilters(t *testing.T) {
	h := newHarness(t, WithMaxConcurrentJobs(100))
	for range 12 {
		h.create(keyA, map[string]any{"prompt": "weekly update"})
	}
	h.create(keyA, map[string]any{"prompt": "Quarterly Report"})
	h.sim.Advance(1 << 40)
	p := page[heygen.Video](t, h.do(http.MethodGet, "/v3/videos", keyA, nil))
	assert.Len(t, p.Data, heygen.DefaultVideoList)
	assert.True(t, p.HasMore)
	f := page[heygen.Video](t, h.do(http.MethodGet, "/v3/videos?title=quarterly", keyA, nil))
	require.Len(t, f.Data, 1)
	assert.Equal(t, "Quarterly Report", *f.Data[0].Title)
	assert.Empty(t, page[heygen.Video](t, h.do(http.MethodGet, "/v3/videos?folder_id=f1", keyA, nil)).Data)
}

func TestCatalogues(t *testing.T) {
	h := newHarness(t)
	st := page[heygen.Style](t, h.do(http.MethodGet, "/v3/video-agents/styles?tag=retro-tech", keyA, nil))
	require.NotEmpty(t, st.Data)
	for _, s := range st.Data {
		assert.Contains(t, s.Tags, "retro-tech")
	}
	tags := map[string]bool{}
	all := page[heygen.Style](t, h.do(http.MethodGet, "/v3/video-agents/styles?limit=100", keyA, nil))
	for _, s := range all.Data {
		for _, tg := range s.Tags {
			tags[tg] = true
		}
	}
	for _, tg := range []string{"cinematic", "retro-tech", "iconic-artist", "pop-culture", "handmade", "print"} {
		assert.True(t, tags[tg], tg)
	}
	assert.Empty(t, page[heygen.Style](t, h.do(http.MethodGet, "/v3/video-agents/styles?tag=nope", keyA, nil)).Data)

	looks := page[heygen.AvatarLook](t, h.do(http.MethodGet, "/v3/avatars/looks?avatar_type=studio_avatar&group_id=group_anna", keyA, nil))
	require.Len(t, looks.Data, 2)
	priv := page[heygen.AvatarLook](t, h.do(http.MethodGet, "/v3/avatars/looks?ownership=private", keyA, nil))
	for _, l := range priv.Data {
		assert.NotEqual(t, "studio_avatar", l.AvatarType)
	}

	v := page[heygen.Voice](t, h.do(http.MethodGet, "/v3/voices?language=german", keyA, nil))
	require.Len(t, v.Data, 1)
	assert.Equal(t, "voice_lebhaft_04", v.Data[0].VoiceID)
	two := page[heygen.Voice](t, h.do(http.MethodGet, "/v3/voices?limit=2", keyA, nil))
	assert.Len(t, two.Data, 2)
	assert.True(t, two.HasMore)
	// The voices the chat agent offers exist in the catalogue.
	allVoices := page[heygen.Voice](t, h.do(http.MethodGet, "/v3/voices", keyA, nil))
	ids := map[string]bool{}
	for _, x := range allVoices.Data {
		ids[x.VoiceID] = true
	}
	for _, q := range questionVoices() {
		assert.True(t, ids[q.VoiceID], q.VoiceID)
	}
}
