package watch_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const sessionsPath = "/v3/video-agents/"

func create(t *testing.T, c *heygen.Client, prompt, mode string) string {
	t.Helper()
	resp, err := c.CreateSession(context.Background(), &heygen.CreateSessionRequest{Prompt: prompt, Mode: mode})
	require.NoError(t, err)
	return resp.SessionID
}

func TestScheduleDelays(t *testing.T) {
	s := watch.DefaultSchedule()
	got := []time.Duration{s.Delay(0), s.Delay(1), s.Delay(2), s.Delay(3), s.Delay(4), s.Delay(50)}
	want := []time.Duration{5 * time.Second, 10 * time.Second, 15 * time.Second, 22500 * time.Millisecond, 30 * time.Second, 30 * time.Second}
	assert.Equal(t, want, got)
	assert.Equal(t, 10*time.Second, s.ErrorDelay(1, errors.New("x")))
	assert.Equal(t, 40*time.Second, s.ErrorDelay(3, errors.New("x")))
	assert.Equal(t, 2*time.Minute, s.ErrorDelay(30, errors.New("x")))
	ra := &heygen.APIError{StatusCode: 429, RetryAfter: 5 * time.Minute}
	assert.Equal(t, 5*time.Minute, s.ErrorDelay(1, ra), "Retry-After wins when longer")
	assert.Equal(t, 30*time.Second, watch.Schedule{}.Delay(9), "zero schedule takes defaults")
}

func TestScheduleScale(t *testing.T) {
	s := watch.DefaultSchedule().Scale(10)
	assert.Equal(t, 500*time.Millisecond, s.First)
	assert.Equal(t, time.Second, s.Interval)
	assert.Equal(t, 3*time.Second, s.Max)
	assert.Equal(t, 12*time.Second, s.ErrorMax)
	assert.Equal(t, 200*time.Millisecond, s.MinGap)
	assert.Equal(t, 1.5, s.Factor, "growth is a ratio: unchanged")
	fast := watch.DefaultSchedule().Scale(1e9)
	assert.Equal(t, 10*time.Millisecond, fast.First, "never below the floor")
	assert.Equal(t, watch.DefaultSchedule(), watch.DefaultSchedule().Scale(0))
}
