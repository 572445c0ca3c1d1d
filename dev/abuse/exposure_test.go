package abuse

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestExposedAllowDirRefusesToStart: on all interfaces, with --allow-dir and
// neither an endpoint token nor a server key, the server refuses to start
// (exit 2) and says what to set (issue: it started silently, and anyone on
// the network who brought a HeyGen key could upload the allowed files into
// their own account and write into the directory with download_video).
func TestExposedAllowDirRefusesToStart(t *testing.T) {
	t.Parallel()
	// Real mode (the sandbox has a key of its own, which the older exposure
	// rule already refuses), pointed at a closed port: nothing leaves.
	s := launch(t, nil, "--addr", "0.0.0.0:0", "--allow-dir", t.TempDir(), "--base-url", "http://127.0.0.1:1")
	if s.waitServing(t) {
		r := do(t, http.MethodGet, s.base+"/healthz", nil, "")
		t.Fatalf("the server serves --allow-dir on 0.0.0.0 without an endpoint token (healthz %d); it must refuse to start", r.status)
	}
	assert.Equal(t, 2, s.cmd.ProcessState.ExitCode(), "logs:\n%s", s.logs.String())
	logs := s.logs.String()
	assert.Contains(t, logs, "--allow-dir")
	assert.Contains(t, logs, "HEYGEN_MCP_AUTH_TOKEN")
}
