package faults_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
)

// BUG (heygen/client.go, reported to the lead): a 2xx reply of exactly
// sim.HugeBodySize (10 MiB) passes the `len(b) > maxSuccessBody` cap, and its
// {"error":{"message":"xxx..."}} is copied whole into APIError.Message by
// embeddedError/fillFromErrorJSON (only Body is excerpted). The tool error a
// model reads is then 10 MB long. Error fields decoded from a reply should be
// capped like Body (excerpt(..., maxBodyExcerpt)).
func TestHuge200ErrorBodyIsCapped(t *testing.T) {
	e := newEnv(t, envOpts{retries: 0})
	// 1 MiB is enough to show it (sim.HugeBodyFault's 10 MiB does the same, slowly).
	msg := strings.Repeat("x", 1<<20)
	e.sim.InjectFault(sim.Fault{Path: "/v3/users/me", Status: 200, Body: `{"error":{"code":"internal_error","message":"` + msg + `"}}`})
	o := e.call(context.Background(), "get_account", nil)
	require.NoError(t, o.err)
	assert.True(t, o.isError, "%s", o)
	assert.Less(t, len(o.text), maxErrorText, "the error text a model reads is %d bytes", len(o.text))
}
