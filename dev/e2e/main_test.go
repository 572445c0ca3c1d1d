package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// binaryPath is the server built once for the whole package (set by TestMain,
// read-only afterwards): every test starts this same binary, as a user would.
var binaryPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "heygen-mcp-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: temp dir:", err)
		os.Exit(1)
	}
	binaryPath = filepath.Join(dir, "heygen-mcp")
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = "/usr/local/go/bin/go"
	}
	if out, err := exec.Command(goBin, "build", "-o", binaryPath, "github.com/heygen-mcp/heygen-mcp").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: go build: %v\n%s", err, out)
		_ = os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// buildBinary returns the server binary built by TestMain.
func buildBinary(t *testing.T) string {
	t.Helper()
	return binaryPath
}
