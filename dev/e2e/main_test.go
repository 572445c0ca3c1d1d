package e2e

import (
	"fmt"
	"os"
	"testing"

	"github.com/heygen-mcp/heygen-mcp/dev/servertest"
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
