package complete_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/mcptest"
	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/internal/complete"
	"github.com/heygen-mcp/heygen-mcp/internal/creds"
)

const (
	keyA = "sk-tenant-a"
	keyB = "sk-tenant-b"
)

type fixture struct {
	sim  *sim.Simulator
	pool *creds.Pool
	mu   sync.Mutex
	now  time.Time
}

func (f *fixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fixture) advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{now: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)}
	f.sim = sim.New(sim.WithClock(sim.NewFakeClock(f.now)), sim.WithAPIKeys(keyA, keyB), sim.WithSeed(3))
	ts := httptest.NewServer(http.StripPrefix("/api", f.sim))
	t.Cleanup(ts.Close)
	f.pool = creds.NewPool(keyA, func(key string) (*heygen.Client, error) {
		return heygen.NewClient(heygen.WithBaseURL(ts.URL+"/api"), heygen.WithAPIKey(key), heygen.WithHTTPClient(ts.Client()))
	})
	return f
}

func prompt(t *testing.T, p *complete.Provider, ctx context.Context, arg, value string) *mcp.Completion {
	t.Helper()
	c, err := p.CompletePromptArgument(ctx, "explainer", mcp.CompleteArgument{Name: arg, Value: value}, mcp.CompleteContext{})
	require.NoError(t, err)
	return c
}

func TestCatalogCompletionsAreCachedPerTenant(t *testing.T) {
	f := newFixture(t)
	p := complete.NewProvider(f.pool, complete.WithClock(f.clock), complete.WithCatalogTTL(time.Minute))
	ctxA := creds.WithAPIKey(context.Background(), keyA)
	ctxB := creds.WithAPIKey(context.Background(), keyB)
	stylesPath := "/v3/video-agents/styles"

	c := prompt(t, p, ctxA, "style_id", "style_cl")
	assert.Equal(t, []string{"style_claymation"}, c.Values)
	assert.False(t, c.HasMore)
	assert.Equal(t, 1, f.sim.RequestCount("GET", stylesPath))

	c = prompt(t, p, ctxA, "style_id", "STYLE_PA") // case-insensitive
	assert.Equal(t, []string{"style_paper_cutout"}, c.Values)
	assert.Equal(t, 1, f.sim.RequestCount("GET", stylesPath), "served from the cache within the TTL")

	prompt(t, p, ctxB, "style_id", "")
	assert.Equal(t, 2, f.sim.RequestCount("GET", stylesPath), "another tenant has its own cache")

	f.advance(time.Minute)
	prompt(t, p, ctxA, "style_id", "")
	assert.Equal(t, 3, f.sim.RequestCount("GET", stylesPath), "refetched once the TTL has passed")

	v := prompt(t, p, ctxA, "voice_id", "voice_")
	assert.Contains(t, v.Values, "voice_warm_01")
	assert.Contains(t, v.Values, "voice_crisp_02")
	a := prompt(t, p, ctxA, "avatar_id", "")
	assert.NotEmpty(t, a.Values)
	assert.Equal(t, 1, f.sim.RequestCount("GET", "/v3/avatars/looks"))

	assert.Equal(t, []string{"portrait"}, prompt(t, p, ctxA, "orientation", "p").Values)
	assert.Equal(t, []string{}, prompt(t, p, ctxA, "topic", "x").Values, "free arguments get no values")
}

func TestResourceCompletions(t *testing.T) {
	f := newFixture(t)
	p := complete.NewProvider(f.pool, complete.WithClock(f.clock))
	ctx := context.Background()
	c, _, err := f.pool.Client(ctx)
	require.NoError(t, err)
	var ids []string
	for range 3 {
		r, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "demo"})
		require.NoError(t, err)
		ids = append(ids, r.SessionID)
	}
	got, err := p.CompleteResourceArgument(ctx, "heygen://sessions/{session_id}", mcp.CompleteArgument{Name: "session_id", Value: ids[1][:3]}, mcp.CompleteContext{})
	require.NoError(t, err)
	assert.ElementsMatch(t, ids, got.Values)
	got, err = p.CompleteResourceArgument(ctx, "heygen://sessions/{session_id}", mcp.CompleteArgument{Name: "session_id", Value: ids[1]}, mcp.CompleteContext{})
	require.NoError(t, err)
	assert.Equal(t, []string{ids[1]}, got.Values)
	got, err = p.CompleteResourceArgument(ctx, "heygen://other/{session_id}", mcp.CompleteArgument{Name: "session_id"}, mcp.CompleteContext{})
	require.NoError(t, err)
	assert.Empty(t, got.Values)
}

func TestAtMostOneHundredValues(t *testing.T) {
	f := newFixture(t)
	calls := 0
	lister := func(_ context.Context, _ *heygen.Client, tenant string) ([]string, error) {
		calls++
		require.Equal(t, creds.Tenant(keyA), tenant)
		ids := make([]string, 0, 150)
		for i := range 150 {
			ids = append(ids, fmt.Sprintf("vid_%03d", i))
		}
		return append(ids, "vid_000"), nil // duplicates are dropped
	}
	p := complete.NewProvider(f.pool, complete.WithClock(f.clock), complete.WithVideoLister(lister))
	got, err := p.CompleteResourceArgument(context.Background(), "heygen://videos/{video_id}", mcp.CompleteArgument{Name: "video_id", Value: "vid_"}, mcp.CompleteContext{})
	require.NoError(t, err)
	assert.Len(t, got.Values, complete.MaxValues)
	assert.True(t, got.HasMore)
	assert.Equal(t, 150, got.Total)
	assert.Equal(t, "vid_000", got.Values[0], "the lister's order (newest first) is kept")

	got, err = p.CompleteResourceArgument(context.Background(), "heygen://videos/{video_id}", mcp.CompleteArgument{Name: "video_id", Value: "vid_14"}, mcp.CompleteContext{})
	require.NoError(t, err)
	assert.Len(t, got.Values, 10)
	assert.False(t, got.HasMore)
	assert.Equal(t, 1, calls)
}

func TestFailuresAreBestEffort(t *testing.T) {
	f := newFixture(t)
	fail := false
	lister := func(context.Context, *heygen.Client, string) ([]string, error) {
		if fail {
			return nil, errors.New("HeyGen down")
		}
		return []string{"sess_1"}, nil
	}
	p := complete.NewProvider(f.pool, complete.WithClock(f.clock), complete.WithIDsTTL(time.Second), complete.WithSessionLister(lister))
	ref := "heygen://sessions/{session_id}"
	got, err := p.CompleteResourceArgument(context.Background(), ref, mcp.CompleteArgument{Name: "session_id"}, mcp.CompleteContext{})
	require.NoError(t, err)
	assert.Equal(t, []string{"sess_1"}, got.Values)
	fail = true
	f.advance(time.Hour)
	got, err = p.CompleteResourceArgument(context.Background(), ref, mcp.CompleteArgument{Name: "session_id"}, mcp.CompleteContext{})
	require.NoError(t, err)
	assert.Equal(t, []string{"sess_1"}, got.Values, "the last good list is kept while HeyGen fails")

	noKey := complete.NewProvider(creds.NewPool("", nil))
	got, err = noKey.CompletePromptArgument(context.Background(), "x", mcp.CompleteArgument{Name: "style_id"}, mcp.CompleteContext{})
	require.NoError(t, err)
	assert.Equal(t, []string{}, got.Values)
}

// TestThroughMCPClient checks the wiring: ServerOptions make completion/complete work.
func TestThroughMCPClient(t *testing.T) {
	f := newFixture(t)
	p := complete.NewProvider(f.pool, complete.WithClock(f.clock))
	s := server.NewMCPServer("complete-test", "0", append(p.ServerOptions(), server.WithPromptCapabilities(false), server.WithResourceCapabilities(false, false))...)
	s.AddPrompt(mcp.NewPrompt("explainer", mcp.WithArgument("style_id")), func(context.Context, mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
		return mcp.NewGetPromptResult("x", nil), nil
	})
	var res *mcp.InitializeResult
	c := mcptest.Connect(t, s, mcptest.Result(&res))
	require.NotNil(t, res.Capabilities.Completions)
	ctx := context.Background()

	req := mcp.CompleteRequest{}
	req.Params.Ref = mcp.PromptReference{Type: "ref/prompt", Name: "explainer"}
	req.Params.Argument = mcp.CompleteArgument{Name: "style_id", Value: "style_news"}
	out, err := c.Complete(ctx, req)
	require.NoError(t, err)
	assert.Equal(t, []string{"style_newsprint"}, out.Completion.Values)
}
