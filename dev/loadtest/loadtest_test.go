package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/heygen-mcp/heygen-mcp/internal/app"
)

func TestParseMix(t *testing.T) {
	ops, err := parseMix("get_video=3, get_session=1,list_voices=0")
	require.NoError(t, err)
	assert.Equal(t, []op{{"get_video", 3}, {"get_session", 1}}, ops)
	for _, bad := range []string{"", "get_video", "get_video=x", "get_video=-1", "rm_rf=1", "get_video=0"} {
		_, err := parseMix(bad)
		assert.Error(t, err, bad)
	}
}

func TestPercentile(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(i))
	}
	assert.Equal(t, time.Duration(50), percentile(ds, 50))
	assert.Equal(t, time.Duration(95), percentile(ds, 95))
	assert.Equal(t, time.Duration(100), percentile(ds, 100))
	assert.Equal(t, time.Duration(1), percentile(ds[:1], 99))
	assert.Zero(t, percentile(nil, 50))
}

// TestShortSoak is the CI version of the soak: the real server in-process
// against the simulator on loopback, a few sessions calling the whole mix for
// a few seconds. Every call must succeed, the server must be sampled, and once
// everything is stopped no goroutine may be left behind. Nothing is timed.
func TestShortSoak(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	var out bytes.Buffer
	cfg := config{sessions: 6, mix: defaultMix, soak: 3 * time.Second, sample: time.Second, think: 5 * time.Millisecond,
		subscribe: 2, inProcess: true, out: &out, quietStats: true}
	ops, err := parseMix(cfg.mix)
	require.NoError(t, err)
	e, cleanup, err := setup(context.Background(), cfg)
	require.NoError(t, err)
	e.mixOps = ops
	res, err := e.soakPhase(context.Background())
	cleanup()
	require.NoError(t, err, out.String())
	t.Log("\n" + out.String())
	assert.Positive(t, res.calls)
	assert.Zero(t, res.errors, out.String())
	require.NotEmpty(t, res.samples)
	for _, s := range res.samples {
		assert.Positive(t, s.Goroutines)
		assert.Positive(t, s.HeapAlloc)
	}
}

// BenchmarkNewServer is the part of cold start after package init: config,
// HeyGen client pool, every tool's reflected schemas, resources, instructions.
func BenchmarkNewServer(b *testing.B) {
	cfg, err := app.ParseConfig(nil, func(k string) string {
		return map[string]string{"HEYGEN_API_KEY": "hgk_bench", "HEYGEN_LOG_LEVEL": "error"}[k]
	})
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		srv, err := app.NewServer(cfg, nil)
		if err != nil {
			b.Fatal(err)
		}
		srv.Close()
	}
}
