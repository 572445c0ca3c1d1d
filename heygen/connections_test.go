package heygen_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// Concurrent calls reuse upstream connections instead of dialling (and,
// against HeyGen, TLS-handshaking) anew for most calls: net/http's default of
// 2 idle connections per host made 16 concurrent callers open a connection
// for most of their calls.
func TestConcurrentCallsReuseConnections(t *testing.T) {
	var opened atomic.Int64
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":{"id":"vid_1","status":"completed"}}`))
	}))
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	ts.Start()
	t.Cleanup(ts.Close)

	c, err := heygen.NewClient(heygen.WithBaseURL(ts.URL), heygen.WithAPIKey(testKey))
	require.NoError(t, err)
	const workers, calls = 16, 150
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range calls {
				_, err := c.GetVideo(context.Background(), "vid_1")
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	// At most one connection per caller; without the pool setting this was
	// far more for 2,400 calls (a dial can race an idle connection coming back, hence 2x).
	assert.LessOrEqual(t, opened.Load(), int64(2*workers), "connections opened for %d calls", workers*calls)
}
