package webhook_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/dev/watchtest"
	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
	"github.com/heygen-mcp/heygen-mcp/internal/webhook"
)

// requestsFor watches one generate-mode video (simulator DefaultTimings: 6.5
// min) with n subscribers and returns the HeyGen requests the watching cost
// (the create excluded).
func requestsFor(t *testing.T, n int, webhooks bool) int {
	t.Helper()
	var hub *watch.Hub
	var receiver http.Handler
	env := watchtest.NewEnv(sim.WithWebhookSecret("whsec_figures"),
		sim.WithCallbackClient(watchtest.HandlerClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			receiver.ServeHTTP(w, r)
		}))))
	hub = watch.NewHub(watch.HubOptions{Clock: env.Clock, Webhooks: webhooks})
	defer hub.Close()
	h, err := webhook.NewHandler(webhook.Options{CallbackSecret: secret, SigningSecret: "whsec_figures", Hub: hub})
	require.NoError(t, err)
	receiver = h

	c := env.Client("key-a")
	req := &heygen.CreateSessionRequest{Prompt: "A 30 second product teaser", Mode: heygen.ModeGenerate, IdempotencyKey: "idem-fig"}
	if webhooks {
		req.CallbackURL = webhook.CallbackURL("https://mcp.example.test")
		req.CallbackID = webhook.CallbackID(secret, req.IdempotencyKey)
	}
	resp, err := c.CreateSession(context.Background(), req)
	require.NoError(t, err)
	env.Sim.ResetRequests()

	var mu sync.Mutex
	finals := 0
	for range n {
		_, err := hub.Subscribe("tenant-a", c, watch.Ref{SessionID: resp.SessionID}, func(u watch.Update) {
			if u.Final {
				assert.NoError(t, u.Err)
				assert.True(t, u.Snapshot.Done)
				mu.Lock()
				finals++
				mu.Unlock()
			}
		})
		require.NoError(t, err)
	}
	watchtest.Drive(t, env.Clock, 1, func() bool { mu.Lock(); defer mu.Unlock(); return finals == n })
	return env.Sim.RequestCount("", "/v3/")
}

// TestRequestCountFigures produces the table in README.md ("Live sessions"):
//
//	go test -run TestRequestCountFigures -v ./internal/webhook/
func TestRequestCountFigures(t *testing.T) {
	polling := map[int]int{}
	hooked := map[int]int{}
	for _, n := range []int{1, 10, 100} {
		polling[n] = requestsFor(t, n, false)
		hooked[n] = requestsFor(t, n, true)
		t.Logf("| %3d subscribers | polling: %2d requests | webhook: %d requests |", n, polling[n], hooked[n])
	}
	for _, n := range []int{10, 100} {
		assert.Equal(t, polling[1], polling[n], fmt.Sprintf("polling cost must not grow with %d subscribers", n))
		assert.Equal(t, hooked[1], hooked[n])
	}
	// With webhooks only the hinted re-fetch is left: GET session (learns
	// video_id) + GET video.
	assert.Equal(t, 2, hooked[1])
	assert.Less(t, hooked[1], polling[1])
}
