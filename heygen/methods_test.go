package heygen_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// methodCase is one client method called against a handler serving a golden fixture.
type methodCase struct {
	name      string
	fixture   string
	call      func(ctx context.Context, c *heygen.Client) (any, error)
	method    string
	path      string // escaped, without the base path
	query     url.Values
	body      string // expected JSON body (JSONEq); "" = not checked
	checkReq  func(t *testing.T, r recordedRequest)
	checkResp func(t *testing.T, got any)
}

func methodCases() []methodCase {
	return []methodCase{
		{
			name:    "CreateSession minimal",
			fixture: "create_session.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "A 30 second launch video"})
			},
			method: http.MethodPost, path: "/v3/video-agents",
			body: `{"prompt":"A 30 second launch video"}`,
			checkReq: func(t *testing.T, r recordedRequest) {
				assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
				assert.NotEmpty(t, r.Header.Get("Idempotency-Key"), "create must carry an Idempotency-Key")
			},
			checkResp: func(t *testing.T, got any) {
				s := got.(*heygen.CreateSessionResponse)
				assert.Equal(t, "sess_abc123", s.SessionID)
				assert.Equal(t, heygen.SessionGenerating, s.Status)
				assert.Nil(t, s.VideoID)
				assert.Equal(t, int64(1711382400), s.CreatedAt)
			},
		},
		{
			name:    "CreateSession every field",
			fixture: "create_session_with_video.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.CreateSession(ctx, &heygen.CreateSessionRequest{
					Prompt: "Explain <b>&</b> sell", Mode: heygen.ModeChat, AvatarID: "look_1", VoiceID: "voice_1",
					StyleID: "style_noir_detective", BrandKitID: "bk_1", Orientation: heygen.OrientationPortrait,
					Files: []heygen.AssetInput{
						heygen.URLFile("https://example.com/a.png"), heygen.AssetFile("asset_1"), heygen.Base64File("image/png", "iVBORw0KGgo="),
					},
					CallbackURL: "https://example.com/hook", CallbackID: "cb_1", IncognitoMode: true,
					IdempotencyKey: "my-key:1",
				})
			},
			method: http.MethodPost, path: "/v3/video-agents",
			body: `{"prompt":"Explain <b>&</b> sell","mode":"chat","avatar_id":"look_1","voice_id":"voice_1",
				"style_id":"style_noir_detective","brand_kit_id":"bk_1","orientation":"portrait",
				"files":[{"type":"url","url":"https://example.com/a.png"},{"type":"asset_id","asset_id":"asset_1"},
				{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}],
				"callback_url":"https://example.com/hook","callback_id":"cb_1","incognito_mode":true}`,
			checkReq: func(t *testing.T, r recordedRequest) {
				assert.Equal(t, "my-key:1", r.Header.Get("Idempotency-Key"))
				assert.NotContains(t, string(r.Body), `\u003c`, "HTML must not be escaped")
				assert.NotContains(t, string(r.Body), "IdempotencyKey")
			},
			checkResp: func(t *testing.T, got any) {
				s := got.(*heygen.CreateSessionResponse)
				require.NotNil(t, s.VideoID)
				assert.Equal(t, "vid_xyz789", *s.VideoID)
			},
		},
		{
			name:    "GetSession",
			fixture: "session.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.GetSession(ctx, "sess_abc123")
			},
			method: http.MethodGet, path: "/v3/video-agents/sess_abc123",
			checkResp: func(t *testing.T, got any) {
				s := got.(*heygen.Session)
				assert.Equal(t, heygen.SessionWaitingForInput, s.Status)
				assert.Equal(t, 35, s.Progress)
				require.NotNil(t, s.Title)
				assert.Equal(t, "Product launch explainer", *s.Title)
				assert.Nil(t, s.VideoID)
				require.Len(t, s.Messages, 3)
				assert.Equal(t, []string{"res_draft_1"}, s.Messages[1].ResourceIDs)
				q, ok := s.LatestModelMessage()
				require.True(t, ok)
				assert.Contains(t, q.Content, "Which voice")
			},
		},
		{
			name:    "GetSession takes every id the one id rule allows",
			fixture: "session.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.GetSession(ctx, "sess.a:b=c_d-e")
			},
			method: http.MethodGet, path: "/v3/video-agents/sess.a:b=c_d-e",
		},
		{
			name:    "SendMessage",
			fixture: "send_message.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.SendMessage(ctx, "sess_abc123", &heygen.SendMessageRequest{Message: "Warm voice please", VoiceID: "voice_warm_en"})
			},
			method: http.MethodPost, path: "/v3/video-agents/sess_abc123",
			body: `{"message":"Warm voice please","voice_id":"voice_warm_en"}`,
			checkReq: func(t *testing.T, r recordedRequest) {
				assert.Empty(t, r.Header.Get("Idempotency-Key"))
			},
			checkResp: func(t *testing.T, got any) {
				s := got.(*heygen.SendMessageResponse)
				assert.Equal(t, "run_def456", s.RunID)
				assert.Equal(t, "sess_abc123", s.SessionID)
			},
		},
		{
			name:    "StopSession",
			fixture: "stop_session.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.StopSession(ctx, "sess_abc123")
			},
			method: http.MethodPost, path: "/v3/video-agents/sess_abc123/stop", body: `{}`,
			checkResp: func(t *testing.T, got any) {
				assert.Equal(t, "sess_abc123", got.(*heygen.StopSessionResponse).SessionID)
			},
		},
		{
			name:    "ListSessions nil options",
			fixture: "list_sessions.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.ListSessions(ctx, nil)
			},
			method: http.MethodGet, path: "/v3/video-agents", query: url.Values{},
			checkResp: func(t *testing.T, got any) {
				p := got.(*heygen.Page[heygen.SessionSummary])
				require.Len(t, p.Data, 2)
				assert.Nil(t, p.Data[1].Title)
				assert.True(t, p.HasMore)
				assert.Equal(t, "eyJsYXN0X2lkIjoic2Vzc19hYmMxMjIifQ==", p.Next())
			},
		},
		{
			name:    "ListSessions limit and token",
			fixture: "list_sessions.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.ListSessions(ctx, &heygen.ListOptions{Limit: 100, Token: "tok+/="})
			},
			method: http.MethodGet, path: "/v3/video-agents", query: url.Values{"limit": {"100"}, "token": {"tok+/="}},
		},
		{
			name:    "ListSessionVideos",
			fixture: "list_session_videos.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.ListSessionVideos(ctx, "sess_abc123", &heygen.ListOptions{Limit: 5})
			},
			method: http.MethodGet, path: "/v3/video-agents/sess_abc123/videos", query: url.Values{"limit": {"5"}},
			checkResp: func(t *testing.T, got any) {
				p := got.(*heygen.Page[heygen.Video])
				require.Len(t, p.Data, 1)
				assert.Equal(t, "vid_xyz789", p.Data[0].ID)
				assert.False(t, p.HasMore)
				assert.Empty(t, p.Next())
			},
		},
		{
			name:    "GetSessionResource",
			fixture: "session_resource.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.GetSessionResource(ctx, "sess_abc123", "res_draft_1")
			},
			method: http.MethodGet, path: "/v3/video-agents/sess_abc123/resources/res_draft_1",
			checkResp: func(t *testing.T, got any) {
				r := got.(*heygen.SessionResource)
				assert.Equal(t, "draft", r.ResourceType)
				require.NotNil(t, r.SourceType)
				assert.Equal(t, "generated", *r.SourceType)
				assert.Nil(t, r.PreviewURL)
				assert.Equal(t, float64(4), r.Metadata["scenes"])
			},
		},
		{
			name:    "ListStyles",
			fixture: "list_styles.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.ListStyles(ctx, &heygen.ListStylesOptions{Tag: "cinematic", ListOptions: heygen.ListOptions{Limit: 20}})
			},
			method: http.MethodGet, path: "/v3/video-agents/styles", query: url.Values{"tag": {"cinematic"}, "limit": {"20"}},
			checkResp: func(t *testing.T, got any) {
				p := got.(*heygen.Page[heygen.Style])
				require.Len(t, p.Data, 1)
				assert.Equal(t, "style_noir_detective", p.Data[0].StyleID)
				assert.Equal(t, []string{"cinematic"}, p.Data[0].Tags)
				require.NotNil(t, p.Data[0].AspectRatio)
				assert.Equal(t, "16:9", *p.Data[0].AspectRatio)
			},
		},
		{
			name:    "GetVideo completed",
			fixture: "video_completed.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.GetVideo(ctx, "vid_xyz789")
			},
			method: http.MethodGet, path: "/v3/videos/vid_xyz789",
			checkResp: func(t *testing.T, got any) {
				v := got.(*heygen.Video)
				assert.Equal(t, heygen.VideoCompleted, v.Status)
				require.NotNil(t, v.Duration)
				assert.InDelta(t, 30.5, *v.Duration, 1e-9)
				require.NotNil(t, v.VideoURL)
				assert.Equal(t, "https://files.heygen.ai/video/vid_xyz789.mp4", *v.VideoURL)
				require.NotNil(t, v.SubtitleURL)
				assert.Nil(t, v.FailureCode)
			},
		},
		{
			name:    "GetVideo failed",
			fixture: "video_failed.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.GetVideo(ctx, "vid_xyz789")
			},
			method: http.MethodGet, path: "/v3/videos/vid_xyz789",
			checkResp: func(t *testing.T, got any) {
				v := got.(*heygen.Video)
				assert.Equal(t, heygen.VideoFailed, v.Status)
				require.NotNil(t, v.FailureCode)
				assert.Equal(t, "rendering_failed", *v.FailureCode)
				assert.Equal(t, "Avatar rendering timed out", *v.FailureMessage)
				assert.Nil(t, v.VideoURL)
			},
		},
		{
			name:    "ListVideos filters",
			fixture: "list_videos.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.ListVideos(ctx, &heygen.ListVideosOptions{FolderID: "f_1", Title: "launch demo"})
			},
			method: http.MethodGet, path: "/v3/videos", query: url.Values{"folder_id": {"f_1"}, "title": {"launch demo"}},
			checkResp: func(t *testing.T, got any) {
				p := got.(*heygen.Page[heygen.Video])
				require.Len(t, p.Data, 2)
				assert.Equal(t, heygen.VideoPending, p.Data[1].Status)
			},
		},
		{
			name:    "DeleteVideo",
			fixture: "delete_video.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.DeleteVideo(ctx, "vid_xyz789")
			},
			method: http.MethodDelete, path: "/v3/videos/vid_xyz789",
			checkResp: func(t *testing.T, got any) {
				d := got.(*heygen.DeleteVideoResponse)
				assert.True(t, d.Deleted)
				assert.Equal(t, "vid_xyz789", d.ID)
			},
		},
		{
			name:    "UploadAsset",
			fixture: "asset.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.UploadAsset(ctx, "/home/me/secret-dir/logo.png", strings.NewReader(pngBytes))
			},
			method: http.MethodPost, path: "/v3/assets",
			checkReq: func(t *testing.T, r recordedRequest) {
				req, err := http.NewRequest(http.MethodPost, "/", strings.NewReader(string(r.Body)))
				require.NoError(t, err)
				req.Header = r.Header
				require.NoError(t, req.ParseMultipartForm(1<<20))
				files := req.MultipartForm.File["file"]
				require.Len(t, files, 1, `multipart field must be "file"`)
				assert.Equal(t, "logo.png", files[0].Filename, "local directories must not be sent")
				assert.Equal(t, "image/png", files[0].Header.Get("Content-Type"))
				f, err := files[0].Open()
				require.NoError(t, err)
				defer f.Close()
				buf := make([]byte, len(pngBytes)+1)
				n, _ := f.Read(buf)
				assert.Equal(t, pngBytes, string(buf[:n]))
			},
			checkResp: func(t *testing.T, got any) {
				a := got.(*heygen.Asset)
				assert.Equal(t, "asset_abc123def456", a.AssetID)
				assert.Equal(t, "image/png", a.MimeType)
				assert.Equal(t, int64(68), a.SizeBytes)
			},
		},
		{
			name:    "ListAvatarLooks",
			fixture: "list_avatar_looks.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.ListAvatarLooks(ctx, &heygen.ListAvatarLooksOptions{ListOptions: heygen.ListOptions{Limit: 50},
					GroupID: "grp_anna", AvatarType: "studio_avatar", Ownership: "public"})
			},
			method: http.MethodGet, path: "/v3/avatars/looks",
			query: url.Values{"limit": {"50"}, "group_id": {"grp_anna"}, "avatar_type": {"studio_avatar"}, "ownership": {"public"}},
			checkResp: func(t *testing.T, got any) {
				p := got.(*heygen.Page[heygen.AvatarLook])
				require.Len(t, p.Data, 1)
				assert.Equal(t, "look_anna_office", p.Data[0].ID)
				assert.Equal(t, []string{"avatar_iv", "avatar_v"}, p.Data[0].SupportedAPIEngines)
				require.NotNil(t, p.Data[0].DefaultVoiceID)
			},
		},
		{
			name:    "ListVoices",
			fixture: "list_voices.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.ListVoices(ctx, &heygen.ListVoicesOptions{Type: "public", Language: "English", Gender: "female", Engine: "starfish"})
			},
			method: http.MethodGet, path: "/v3/voices",
			query: url.Values{"type": {"public"}, "language": {"English"}, "gender": {"female"}, "engine": {"starfish"}},
			checkResp: func(t *testing.T, got any) {
				p := got.(*heygen.Page[heygen.Voice])
				require.Len(t, p.Data, 1)
				assert.Equal(t, "voice_warm_en", p.Data[0].VoiceID)
				require.NotNil(t, p.Data[0].SupportPause)
				assert.True(t, *p.Data[0].SupportPause)
			},
		},
		{
			name:    "GetCurrentUser",
			fixture: "user.json",
			call: func(ctx context.Context, c *heygen.Client) (any, error) {
				return c.GetCurrentUser(ctx)
			},
			method: http.MethodGet, path: "/v3/users/me",
			checkResp: func(t *testing.T, got any) {
				u := got.(*heygen.User)
				assert.Equal(t, "ada", u.Username)
				assert.Equal(t, "wallet", u.BillingType)
				assert.Equal(t, 120.5, u.Wallet["remaining_balance"])
			},
		},
	}
}

// pngBytes is a 1x1 PNG, enough for content sniffing.
const pngBytes = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"

func TestMethods(t *testing.T) {
	t.Parallel()
	for _, tc := range methodCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			body := fixture(t, tc.fixture)
			f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				reply(w, http.StatusOK, "application/json", body, "X-Request-Id", "req_1")
			})
			c, _ := newTestClient(t, f, heygen.WithUserAgent("heygen-mcp/test"))
			got, err := tc.call(t.Context(), c)
			require.NoError(t, err)

			reqs := f.requests()
			require.Len(t, reqs, 1)
			r := reqs[0]
			assert.Equal(t, tc.method, r.Method)
			assert.Equal(t, tc.path, r.Path)
			if tc.query != nil {
				q, err := url.ParseQuery(r.RawQuery)
				require.NoError(t, err)
				assert.Equal(t, tc.query, q)
			}
			if tc.body != "" {
				assert.JSONEq(t, tc.body, string(r.Body))
			}
			assert.Equal(t, testKey, r.Header.Get("X-Api-Key"))
			assert.Equal(t, "heygen-mcp/test", r.Header.Get("User-Agent"))
			assert.Equal(t, "application/json", r.Header.Get("Accept"))
			if tc.checkReq != nil {
				tc.checkReq(t, r)
			}
			if tc.checkResp != nil {
				tc.checkResp(t, got)
			}
		})
	}
}

// TestMethodsEmbeddedError: a 2xx body that carries an "error" object is an
// *APIError for every method, never data.
func TestMethodsEmbeddedError(t *testing.T) {
	t.Parallel()
	for _, tc := range methodCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				reply(w, http.StatusOK, "application/json", []byte(`{"data":null,"error":{"code":"session_not_found","message":"Session not found"}}`))
			})
			c, _ := newTestClient(t, f)
			_, err := tc.call(t.Context(), c)
			var ae *heygen.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, http.StatusOK, ae.StatusCode)
			assert.Equal(t, "session_not_found", ae.Code)
			assert.True(t, heygen.IsNotFound(err))
		})
	}
}

func TestMethodsMissingData(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		reply(w, http.StatusOK, "application/json", []byte(`{}`))
	})
	c, _ := newTestClient(t, f)
	_, err := c.GetVideo(t.Context(), "vid_1")
	require.ErrorContains(t, err, `no "data"`)

	p, err := c.ListVideos(t.Context(), nil)
	require.NoError(t, err, "a list without data is an empty page")
	assert.Empty(t, p.Data)
	assert.NotNil(t, p.Data)
}

// TestDefaultUserAgent checks the documented default shape.
func TestDefaultUserAgent(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		reply(w, http.StatusOK, "application/json", fixture(t, "user.json"))
	})
	c, _ := newTestClient(t, f)
	_, err := c.GetCurrentUser(t.Context())
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(f.requests()[0].Header.Get("User-Agent"), "heygen-mcp/"))
}

// TestFixturesAreDocumentedShape keeps every fixture decodable as the envelope.
func TestFixturesAreDocumentedShape(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"create_session.json", "session.json", "send_message.json", "stop_session.json",
		"list_sessions.json", "list_session_videos.json", "session_resource.json", "list_styles.json",
		"video_completed.json", "video_failed.json", "list_videos.json", "delete_video.json", "asset.json",
		"list_avatar_looks.json", "list_voices.json", "user.json", "create_session_with_video.json"} {
		var env map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(fixture(t, name), &env), name)
		assert.Contains(t, env, "data", name)
	}
}
