package resources_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/watchtest"
	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/resources"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

func (f *fixture) translate(t *testing.T, key, title string) string {
	t.Helper()
	resp, err := f.env.Client(key).CreateVideoTranslation(context.Background(), &heygen.CreateVideoTranslationRequest{
		Video: heygen.URLFile("https://example.com/talk.mp4"), OutputLanguages: []string{"Japanese"}, Title: title,
	})
	require.NoError(t, err)
	require.Len(t, resp.VideoTranslationIDs, 1)
	return resp.VideoTranslationIDs[0]
}

// TestReadTranslationIsTheToolView: heygen://video-translations/{id} is
// get_video_translation's structured result (tools.NewTranslationResult), from
// pending to completed; another tenant and a missing id get "not found".
func TestReadTranslationIsTheToolView(t *testing.T) {
	f := newFixture(t)
	a := f.connect(t, keyA)
	b := f.connect(t, keyB)
	id := f.translate(t, keyA, "Q3 talk")
	uri := resources.TranslationURI(id)
	assert.Equal(t, "heygen://video-translations/"+id, uri)

	for _, want := range []string{heygen.TranslationPending, heygen.TranslationCompleted} {
		m, err := a.read(t, uri)
		require.NoError(t, err)
		tr, err := f.env.Client(keyA).GetVideoTranslation(context.Background(), id)
		require.NoError(t, err)
		fromTool, err := json.Marshal(tools.NewTranslationResult(tr))
		require.NoError(t, err)
		fromResource, err := json.Marshal(m)
		require.NoError(t, err)
		assert.JSONEq(t, string(fromTool), string(fromResource))
		assert.Equal(t, want, m["status"])
		assert.Equal(t, id, m["video_translation_id"])
		f.env.Clock.Advance(time.Hour)
	}
	m, _ := a.read(t, uri)
	assert.NotEmpty(t, m["video_url"])

	_, err := a.read(t, resources.TranslationURI("vt_missing"))
	require.ErrorContains(t, err, `video_translation "vt_missing" not found`)
	_, err = b.read(t, uri)
	require.ErrorContains(t, err, "not found", "B cannot read A's translation")
	_, err = a.read(t, "heygen://video-translations/")
	require.ErrorContains(t, err, "video_translation_id in the resource URI is empty")
}

// TestSubscribeTranslationUpdatesThenStops: a subscribed translation is
// watched (watch.Ref{TranslationID}) until it completes, then the watcher stops.
func TestSubscribeTranslationUpdatesThenStops(t *testing.T) {
	f := newFixture(t)
	a := f.connect(t, keyA)
	uri := resources.TranslationURI(f.translate(t, keyA, "Q3 talk"))

	var mu sync.Mutex
	var seen []string
	a.c.OnNotification(func(n mcp.JSONRPCNotification) {
		if n.Method != string(mcp.MethodNotificationResourceUpdated) {
			return
		}
		assert.Equal(t, map[string]any{"uri": uri}, n.Params.AdditionalFields)
		m, err := a.read(t, uri)
		if assert.NoError(t, err) {
			mu.Lock()
			seen = append(seen, m["status"].(string))
			mu.Unlock()
		}
	})
	require.NoError(t, a.subscribe(t, uri))
	assert.Equal(t, 1, f.hub.Watchers())
	watchtest.Drive(t, f.env.Clock, 1, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(seen) > 0 && seen[len(seen)-1] == heygen.TranslationCompleted
	})
	watchtest.WaitFor(t, "the watcher to stop at the terminal state", func() bool { return f.hub.Watchers() == 0 })
}

func TestParseTranslationURI(t *testing.T) {
	kind, id, err := resources.ParseURI("heygen://video-translations/vt_1")
	require.NoError(t, err)
	assert.Equal(t, resources.KindTranslation, kind)
	assert.Equal(t, "vt_1", id)
	_, _, err = resources.ParseURI("heygen://video-translations/a/b")
	require.ErrorContains(t, err, "video_translation_id")
	_, _, err = resources.ParseURI("heygen://x")
	require.ErrorContains(t, err, resources.TranslationTemplate)
}
