package heygen_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

const groupJSON = `{"id":"group_anna","name":"Anna","created_at":1736931600,"looks_count":2,"consent_status":null,` +
	`"default_voice_id":"voice_warm_01","gender":"female","preview_image_url":"https://x/a.jpg","preview_video_url":null,"status":null}`

const lookJSON = `{"id":"look_anna_office","name":"Anna in the office","avatar_type":"studio_avatar","group_id":"group_anna",` +
	`"default_voice_id":"voice_warm_01","preferred_orientation":"landscape","supported_api_engines":["avatar_iv","avatar_v"],` +
	`"preview_image_url":"https://x/l.jpg","status":"failed","error":{"code":"bad_photo","message":"No face found"},"tags":["office"]}`

// The requests are the CLI's (gen/avatar.go): paths, query names, body.
func TestAvatarMethodsRequests(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		reply  string
		call   func(c *heygen.Client) (any, error)
		method string
		path   string
		query  url.Values
		body   string
		check  func(t *testing.T, got any)
	}{
		{
			name:  "ListAvatarGroups",
			reply: `{"data":[` + groupJSON + `],"has_more":true,"next_token":"tok2"}`,
			call: func(c *heygen.Client) (any, error) {
				return c.ListAvatarGroups(t.Context(), &heygen.ListAvatarGroupsOptions{
					ListOptions: heygen.ListOptions{Limit: 50, Token: "tok1"}, Ownership: "public"})
			},
			method: http.MethodGet, path: "/v3/avatars",
			query: url.Values{"limit": {"50"}, "token": {"tok1"}, "ownership": {"public"}},
			check: func(t *testing.T, got any) {
				p := got.(*heygen.Page[heygen.AvatarGroup])
				require.Len(t, p.Data, 1)
				g := p.Data[0]
				assert.Equal(t, "group_anna", g.ID)
				assert.Equal(t, 2, g.LooksCount)
				assert.Equal(t, int64(1736931600), g.CreatedAt)
				assert.Equal(t, "female", *g.Gender)
				assert.Nil(t, g.Status)
				assert.Equal(t, "tok2", p.Next())
			},
		},
		{
			name:  "ListAvatarGroups nil options",
			reply: `{"data":[],"has_more":false}`,
			call: func(c *heygen.Client) (any, error) {
				return c.ListAvatarGroups(t.Context(), nil)
			},
			method: http.MethodGet, path: "/v3/avatars", query: url.Values{},
		},
		{
			name:  "GetAvatarGroup",
			reply: `{"data":` + groupJSON + `}`,
			call: func(c *heygen.Client) (any, error) {
				return c.GetAvatarGroup(t.Context(), "group_anna")
			},
			method: http.MethodGet, path: "/v3/avatars/group_anna",
			check: func(t *testing.T, got any) {
				assert.Equal(t, "Anna", got.(*heygen.AvatarGroup).Name)
			},
		},
		{
			name:  "GetAvatarLook",
			reply: `{"data":` + lookJSON + `}`,
			call: func(c *heygen.Client) (any, error) {
				return c.GetAvatarLook(t.Context(), "look_anna_office")
			},
			method: http.MethodGet, path: "/v3/avatars/looks/look_anna_office",
			check: func(t *testing.T, got any) {
				l := got.(*heygen.AvatarLook)
				assert.Equal(t, "studio_avatar", l.AvatarType)
				assert.Equal(t, "group_anna", *l.GroupID)
				require.NotNil(t, l.Error)
				assert.Equal(t, heygen.AvatarError{Code: "bad_photo", Message: "No face found"}, *l.Error)
			},
		},
		{
			name:  "CreatePhotoAvatar",
			reply: `{"data":{"avatar_group":` + groupJSON + `,"avatar_item":` + lookJSON + `}}`,
			call: func(c *heygen.Client) (any, error) {
				return c.CreatePhotoAvatar(t.Context(), &heygen.CreatePhotoAvatarRequest{
					Name: "Me", File: heygen.URLFile("https://example.com/me.jpg"), AvatarGroupID: "group_me"})
			},
			method: http.MethodPost, path: "/v3/avatars",
			body: `{"type":"photo","name":"Me","file":{"type":"url","url":"https://example.com/me.jpg"},"avatar_group_id":"group_me"}`,
			check: func(t *testing.T, got any) {
				r := got.(*heygen.CreateAvatarResponse)
				require.NotNil(t, r.AvatarGroup)
				require.NotNil(t, r.AvatarItem)
				assert.Equal(t, "look_anna_office", r.AvatarItem.ID)
			},
		},
		{
			name:  "CreatePhotoAvatar minimal",
			reply: `{"data":{"avatar_group":null,"avatar_item":null}}`,
			call: func(c *heygen.Client) (any, error) {
				return c.CreatePhotoAvatar(t.Context(), &heygen.CreatePhotoAvatarRequest{
					Name: "Me", File: heygen.AssetFile("asset_1")})
			},
			method: http.MethodPost, path: "/v3/avatars",
			body: `{"type":"photo","name":"Me","file":{"type":"asset_id","asset_id":"asset_1"}}`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				reply(w, http.StatusOK, "application/json", []byte(tc.reply))
			})
			c, _ := newTestClient(t, f)
			got, err := tc.call(c)
			require.NoError(t, err)
			reqs := f.requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, tc.method, reqs[0].Method)
			assert.Equal(t, tc.path, reqs[0].Path)
			if tc.query != nil {
				q, err := url.ParseQuery(reqs[0].RawQuery)
				require.NoError(t, err)
				assert.Equal(t, tc.query, q)
			}
			if tc.body != "" {
				assert.JSONEq(t, tc.body, string(reqs[0].Body))
				assert.Equal(t, "application/json", reqs[0].Header.Get("Content-Type"))
			}
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

// Bad arguments are refused before anything is sent.
func TestAvatarMethodsValidate(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		t.Error("nothing should be sent")
		w.WriteHeader(http.StatusTeapot)
	})
	c, _ := newTestClient(t, f)
	ctx := t.Context()
	param := func(err error) string {
		var ve *heygen.ValidationError
		require.ErrorAs(t, err, &ve)
		return ve.Param
	}
	_, err := c.ListAvatarGroups(ctx, &heygen.ListAvatarGroupsOptions{Ownership: "mine"})
	assert.Equal(t, "ownership", param(err))
	_, err = c.ListAvatarGroups(ctx, &heygen.ListAvatarGroupsOptions{ListOptions: heygen.ListOptions{Limit: 51}})
	assert.Equal(t, "limit", param(err))
	_, err = c.GetAvatarGroup(ctx, "")
	assert.Equal(t, "group_id", param(err))
	_, err = c.GetAvatarGroup(ctx, "looks")
	assert.Equal(t, "group_id", param(err))
	_, err = c.GetAvatarGroup(ctx, "../x")
	assert.Equal(t, "group_id", param(err))
	_, err = c.GetAvatarLook(ctx, "a/b")
	assert.Equal(t, "look_id", param(err))
	_, err = c.CreatePhotoAvatar(ctx, nil)
	assert.Equal(t, "request", param(err))
	_, err = c.CreatePhotoAvatar(ctx, &heygen.CreatePhotoAvatarRequest{File: heygen.URLFile("https://e.com/a.jpg")})
	assert.Equal(t, "name", param(err))
	_, err = c.CreatePhotoAvatar(ctx, &heygen.CreatePhotoAvatarRequest{Name: "x"})
	assert.Equal(t, "file", param(err))
	_, err = c.CreatePhotoAvatar(ctx, &heygen.CreatePhotoAvatarRequest{Name: "x", File: heygen.AssetFile("a"), AvatarGroupID: "a b"})
	assert.Equal(t, "avatar_group_id", param(err))
	assert.Empty(t, f.requests())
}

// The create is never re-sent after it may have reached HeyGen.
func TestCreatePhotoAvatarNotRetried(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		reply(w, http.StatusBadGateway, "application/json", []byte(`{"error":{"code":"internal_error","message":"boom"}}`))
	})
	c, _ := newTestClient(t, f, heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	_, err := c.CreatePhotoAvatar(t.Context(), &heygen.CreatePhotoAvatarRequest{Name: "x", File: heygen.AssetFile("a")})
	require.Error(t, err)
	assert.True(t, heygen.OutcomeUnknown(err))
	assert.Len(t, f.requests(), 1)
	assert.Empty(t, f.requests()[0].Header.Values("Idempotency-Key"))
}

// Against the simulator: create, follow the training, find the group.
func TestSimPhotoAvatar(t *testing.T) {
	t.Parallel()
	e := newSimEnv(t)
	c, _ := e.client(t)
	ctx := t.Context()
	resp, err := c.CreatePhotoAvatar(ctx, &heygen.CreatePhotoAvatarRequest{Name: "Sim me", File: heygen.Base64File("image/png", "iVBORw0KGgo=")})
	require.NoError(t, err)
	require.NotNil(t, resp.AvatarItem)
	lookID, groupID := resp.AvatarItem.ID, resp.AvatarGroup.ID
	advanceUntil(t, e, func() bool {
		l, err := c.GetAvatarLook(ctx, lookID)
		require.NoError(t, err)
		return *l.Status == heygen.AvatarCompleted
	})
	g, err := c.GetAvatarGroup(ctx, groupID)
	require.NoError(t, err)
	assert.Equal(t, heygen.AvatarCompleted, *g.Status)
	var found bool
	for g, err := range heygen.All(ctx, func(ctx context.Context, tok string) (*heygen.Page[heygen.AvatarGroup], error) {
		return c.ListAvatarGroups(ctx, &heygen.ListAvatarGroupsOptions{ListOptions: heygen.ListOptions{Limit: 1, Token: tok}, Ownership: "private"})
	}) {
		require.NoError(t, err)
		found = found || g.ID == groupID
	}
	assert.True(t, found)

	_, err = c.GetAvatarLook(ctx, "look_nope")
	assert.True(t, heygen.IsNotFound(err))
	_, err = c.GetAvatarGroup(ctx, "group_nope")
	var ae *heygen.APIError
	require.True(t, errors.As(err, &ae))
	assert.Equal(t, "avatar_not_found", ae.Code)
}
