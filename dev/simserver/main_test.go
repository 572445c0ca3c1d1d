package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// TestServesTheAPICountsPollsAndServesMedia: a HeyGen client against the
// process's handler creates and polls a session; the counter sees exactly the
// polls of that path, and the video URL it hands out is served.
func TestServesTheAPICountsPollsAndServesMedia(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	defer srv.Close()
	h = newHandler(ctx, srv.URL, 1000, slog.New(slog.DiscardHandler))

	c, err := heygen.NewClient(heygen.WithBaseURL(srv.URL), heygen.WithAPIKey("test-key"))
	require.NoError(t, err)
	created, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "A short welcome video", Mode: heygen.ModeGenerate})
	require.NoError(t, err)
	count := func(path string) int {
		resp, err := http.Get(srv.URL + CountPath + "?method=GET&path=" + url.QueryEscape(path))
		require.NoError(t, err)
		defer resp.Body.Close()
		var out map[string]int
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
		return out["count"]
	}
	sessionPath := "/v3/video-agents/" + created.SessionID
	assert.Equal(t, 0, count(sessionPath))
	var s *heygen.Session
	for range 3 {
		s, err = c.GetSession(ctx, created.SessionID)
		require.NoError(t, err)
	}
	assert.Equal(t, 3, count(sessionPath), "exact path, GETs only")
	assert.Equal(t, 0, count(sessionPath+"/videos"))

	for s.VideoID == nil || *s.VideoID == "" { // speed 1000: the video id comes within milliseconds
		s, err = c.GetSession(ctx, created.SessionID)
		require.NoError(t, err)
	}
	v, err := c.GetVideo(ctx, *s.VideoID)
	require.NoError(t, err)
	for v.Status != heygen.VideoCompleted {
		v, err = c.GetVideo(ctx, *s.VideoID)
		require.NoError(t, err)
	}
	require.NotNil(t, v.VideoURL)
	resp, err := http.Get(*v.VideoURL)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the video URL is served by the same process: %s", *v.VideoURL)
	assert.Equal(t, "video/mp4", resp.Header.Get("Content-Type"))
	assert.NotEmpty(t, body)
}
