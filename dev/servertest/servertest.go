// Package servertest builds the heygen-mcp binary for test packages that run
// it as a user would (dev/e2e, dev/abuse): once per package, in TestMain.
//
//	func TestMain(m *testing.M) {
//		bin, cleanup, err := servertest.Build()
//		...
//		code := m.Run()
//		cleanup()
//		os.Exit(code)
//	}
package servertest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Build compiles the server (the module's main package) into a fresh
// temporary directory and returns the binary's path and a func that removes
// the directory. It uses the go command on PATH, else Go's usual install path.
func Build() (path string, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "heygen-mcp-bin-")
	if err != nil {
		return "", nil, fmt.Errorf("temp dir: %w", err)
	}
	cleanup = func() { _ = os.RemoveAll(dir) }
	path = filepath.Join(dir, "heygen-mcp")
	goBin, lookErr := exec.LookPath("go")
	if lookErr != nil {
		goBin = "/usr/local/go/bin/go"
	}
	if out, err := exec.Command(goBin, "build", "-o", path, "github.com/heygen-mcp/heygen-mcp").CombinedOutput(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("go build: %v\n%s", err, out)
	}
	return path, cleanup, nil
}
