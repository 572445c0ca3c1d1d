package heygen_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// pagedVideos serves 7 videos 3 per page with opaque tokens.
func pagedVideos(t *testing.T) *fakeAPI {
	return newFakeAPI(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		start := 0
		switch tok := r.URL.Query().Get("token"); tok {
		case "":
		case "p2":
			start = 3
		case "p3":
			start = 6
		default:
			reply(w, 400, "application/json", []byte(`{"error":{"code":"invalid_parameter","message":"bad token","param":"token"}}`))
			return
		}
		var items []string
		for i := start; i < min(start+3, 7); i++ {
			items = append(items, fmt.Sprintf(`{"id":"vid_%d","status":"completed"}`, i))
		}
		next := map[int]string{0: `"p2"`, 3: `"p3"`, 6: "null"}[start]
		body := fmt.Sprintf(`{"data":[%s],"has_more":%t,"next_token":%s}`, join(items), next != "null", next)
		reply(w, 200, "application/json", []byte(body))
	})
}

func join(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += ","
		}
		out += v
	}
	return out
}

func listAll(c *heygen.Client) func(ctx context.Context, tok string) (*heygen.Page[heygen.Video], error) {
	return func(ctx context.Context, tok string) (*heygen.Page[heygen.Video], error) {
		return c.ListVideos(ctx, &heygen.ListVideosOptions{ListOptions: heygen.ListOptions{Limit: 3, Token: tok}})
	}
}

func TestAllAcrossPages(t *testing.T) {
	t.Parallel()
	f := pagedVideos(t)
	c, _ := newTestClient(t, f)
	var ids []string
	for v, err := range heygen.All(t.Context(), listAll(c)) {
		require.NoError(t, err)
		ids = append(ids, v.ID)
	}
	assert.Equal(t, []string{"vid_0", "vid_1", "vid_2", "vid_3", "vid_4", "vid_5", "vid_6"}, ids)
	reqs := f.requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, "limit=3", reqs[0].RawQuery)
	assert.Equal(t, "limit=3&token=p2", reqs[1].RawQuery)
	assert.Equal(t, "limit=3&token=p3", reqs[2].RawQuery)
}

func TestAllStopsWhenConsumerBreaks(t *testing.T) {
	t.Parallel()
	f := pagedVideos(t)
	c, _ := newTestClient(t, f)
	n := 0
	for _, err := range heygen.All(t.Context(), listAll(c)) {
		require.NoError(t, err)
		n++
		if n == 4 {
			break
		}
	}
	assert.Equal(t, 4, n)
	assert.Len(t, f.requests(), 2, "no page fetched beyond the one holding item 4")
}

func TestAllYieldsErrorOnce(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	calls := 0
	fetch := func(_ context.Context, tok string) (*heygen.Page[int], error) {
		calls++
		if tok == "" {
			return &heygen.Page[int]{Data: []int{1, 2}, HasMore: true, NextToken: ptr("t2")}, nil
		}
		return nil, boom
	}
	var got []int
	var errs []error
	for v, err := range heygen.All(t.Context(), fetch) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, v)
	}
	assert.Equal(t, []int{1, 2}, got)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], boom)
	assert.Equal(t, 2, calls)
}

func TestAllDetectsTokenLoop(t *testing.T) {
	t.Parallel()
	calls := 0
	fetch := func(context.Context, string) (*heygen.Page[int], error) {
		calls++
		return &heygen.Page[int]{Data: []int{calls}, HasMore: true, NextToken: ptr("same")}, nil
	}
	var lastErr error
	n := 0
	for _, err := range heygen.All(t.Context(), fetch) {
		if err != nil {
			lastErr = err
		}
		n++
		require.Less(t, n, 10, "All must stop on a repeated token")
	}
	require.ErrorContains(t, lastErr, "pagination loop")
	assert.Equal(t, 2, calls)
}

func TestAllHasMoreWithoutToken(t *testing.T) {
	t.Parallel()
	calls := 0
	fetch := func(context.Context, string) (*heygen.Page[int], error) {
		calls++
		return &heygen.Page[int]{Data: []int{1}, HasMore: true}, nil
	}
	for _, err := range heygen.All(t.Context(), fetch) {
		require.NoError(t, err)
	}
	assert.Equal(t, 1, calls)
}

func TestAllCanceled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	called := false
	for _, err := range heygen.All(ctx, func(context.Context, string) (*heygen.Page[int], error) {
		called = true
		return nil, nil
	}) {
		require.ErrorIs(t, err, context.Canceled)
	}
	assert.False(t, called)
}
