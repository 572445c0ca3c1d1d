package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/heygen-mcp/heygen-mcp/dev/servertest"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
)

// binaryPath is the server built once for the whole package (set by TestMain,
// read-only afterwards): every test starts this same binary, as a user would.
var binaryPath string

func TestMain(m *testing.M) {
	bin, cleanup, err := servertest.Build()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	binaryPath = bin
	code := m.Run()
	cleanup()
	os.Exit(code)
}

// buildBinary returns the server binary built by TestMain.
func buildBinary(t *testing.T) string {
	t.Helper()
	return binaryPath
}

// startSim serves a simulator (a fake clock, the one key, seed) under /heygen,
// so absolute paths in the server would show up as 404s, and returns it with
// the --base-url to give the server. The server is closed at the test's end.
func startSim(t *testing.T, key string, seed int64) (*sim.Simulator, string) {
	t.Helper()
	clock := sim.NewFakeClock(time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC))
	s := sim.New(sim.WithClock(clock), sim.WithAPIKeys(key), sim.WithSeed(seed))
	mux := http.NewServeMux()
	mux.Handle("/heygen/", http.StripPrefix("/heygen", s))
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return s, ts.URL + "/heygen"
}
