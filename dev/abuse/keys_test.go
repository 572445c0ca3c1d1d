package abuse

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// vmRSS reads the resident set size of process pid, in bytes.
func vmRSS(t *testing.T, pid int) int64 {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc to read the server's memory from: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			require.NoError(t, err, "VmRSS line %q", sc.Text())
			return kb << 10
		}
	}
	t.Fatalf("no VmRSS in /proc/%d/status", pid)
	return 0
}

// TestHugeKeysAreRefusedAndKeepNothing: initializes with distinct 900 KB
// X-Api-Key values get 431 with a JSON-RPC error naming the limit, and the
// server's memory stays bounded (issue: 900 KB keys grew the sandbox to
// 2.34 GB, one simulated tenant and one pooled client per key).
func TestHugeKeysAreRefusedAndKeepNothing(t *testing.T) {
	t.Parallel()
	s := startSandbox(t, nil)
	const size = 900 << 10
	// maxGrowth is generous: 200 keys kept would be 180 MB of keys alone,
	// while reading a 900 KB header costs a few MB of garbage at a time.
	const maxGrowth = 50 << 20
	filler := strings.Repeat("k", size)
	attack := func(i int) {
		t.Helper()
		key := fmt.Sprintf("sk-abuse-huge-%06d-", i)
		key += filler[:size-len(key)]
		r := do(t, http.MethodPost, s.url, auth(key, ""), initBody(i))
		require.Equal(t, http.StatusRequestHeaderFieldsTooLarge, r.status, "a 900 KB key: %.300s", r.body)
		e := requireRPCError(t, r)
		assert.Contains(t, e.Error.Message, "--max-credential-bytes")
		assert.NotContains(t, string(r.body), key[:64], "the refusal echoes the key")
		assert.Empty(t, r.header.Get("Mcp-Session-Id"))
	}

	// Warm up, so the baseline includes the buffers that reading such
	// headers needs at all.
	for i := range 20 {
		attack(i)
	}
	before := vmRSS(t, s.cmd.Process.Pid)
	for i := range 200 {
		attack(1000 + i)
	}
	after := vmRSS(t, s.cmd.Process.Pid)
	t.Logf("server RSS %d MB before and %d MB after 200 requests with 900 KB keys", before>>20, after>>20)
	assert.Less(t, after-before, int64(maxGrowth), "the server's memory grew by %d MB", (after-before)>>20)

	// A legitimate client still gets a session.
	initialize(t, s, "sk-abuse-normal-key")
}
