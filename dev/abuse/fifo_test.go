package abuse

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// startSandboxWith is startSandbox with extra command-line arguments.
func startSandboxWith(t *testing.T, args ...string) *server {
	t.Helper()
	s := launch(t, map[string]string{"HEYGEN_MCP_AUTH_TOKEN": endpointToken},
		append([]string{"--sandbox", "--addr", "127.0.0.1:0"}, args...)...)
	if !s.waitServing(t) {
		t.Fatalf("the server exited at start-up (code %d); logs:\n%s", s.cmd.ProcessState.ExitCode(), s.logs.String())
	}
	t.Cleanup(func() {
		logs := s.logs.String()
		assert.NotContains(t, logs, endpointToken, "the endpoint token is in the server's logs")
		assert.NotContains(t, logs, keyPrefix, "a HeyGen key is in the server's logs")
	})
	return s
}

// stopPromptly sends SIGTERM and fails the test unless the server exits by
// itself, cleanly, within the outer bound.
func (s *server) stopPromptly(t *testing.T) {
	t.Helper()
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-s.exited:
		assert.Equal(t, 0, s.cmd.ProcessState.ExitCode(), "exit after SIGTERM; logs:\n%s", s.logs.String())
	case <-time.After(outerBound):
		t.Fatalf("the server did not exit after SIGTERM; logs:\n%s", s.logs.String())
	}
}

// mkfifo makes a FIFO at p, or skips the test where there are none.
func mkfifo(t *testing.T, p string) {
	t.Helper()
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("no FIFO support: %v", err)
	}
}

// releaseFIFO gives a FIFO a writer, which ends an open(2) blocked on it: a
// broken server is then not left holding a call when the test ends.
func releaseFIFO(p string) {
	if w, err := os.OpenFile(p, os.O_RDWR|syscall.O_NONBLOCK, 0); err == nil {
		_ = w.Close()
	}
}

// pngBytes passes upload_asset's type check.
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)

// TestFIFOUploadsAnswerAndShutdownIsPrompt: upload_asset of a FIFO under
// --allow-dir, and of a file swapped for a FIFO while the server checks and
// opens it, answers every call (a tool error for the FIFO), and the server
// then exits promptly on SIGTERM (issue: the open(2) after the check blocked
// on the FIFO until a writer came, hanging the call and then shutdown).
func TestFIFOUploadsAnswerAndShutdownIsPrompt(t *testing.T) {
	t.Parallel()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	require.NoError(t, err)
	s := startSandboxWith(t, "--allow-dir", dir)
	key := keyPrefix + "fifo"
	session := initialize(t, s, key)
	headers := auth(key, "")

	// A FIFO from the start.
	pipe := filepath.Join(dir, "pipe.png")
	mkfifo(t, pipe)
	t.Cleanup(func() { releaseFIFO(pipe) })
	r := callTool(t, s, headers, session, "upload_asset", map[string]any{"path": pipe})
	require.True(t, r.IsError, "upload_asset of a FIFO: %s", r.Raw)
	assert.Contains(t, r.Text, "not a regular file")

	// A file that another local process swaps for a FIFO and back, as fast
	// as it can, while uploads of it run: some calls see the FIFO only after
	// their checks passed, at the open.
	target := filepath.Join(dir, "logo.png")
	require.NoError(t, os.WriteFile(target, pngBytes, 0o644))
	stop := make(chan struct{})
	var swapper sync.WaitGroup
	swapper.Go(func() {
		fifo := filepath.Join(dir, ".fifo")
		if syscall.Mkfifo(fifo, 0o644) != nil {
			return
		}
		for {
			select {
			case <-stop:
				return
			default:
			}
			// Each exchange turns the file into the FIFO or back in one step.
			if unix.Renameat2(unix.AT_FDCWD, fifo, unix.AT_FDCWD, target, unix.RENAME_EXCHANGE) != nil {
				_ = os.Rename(fifo, target) // no RENAME_EXCHANGE here: a swap that also races, less often
				_ = os.WriteFile(fifo+".file", pngBytes, 0o644)
				_ = os.Rename(fifo+".file", target)
				_ = syscall.Mkfifo(fifo, 0o644)
			}
		}
	})
	var once sync.Once
	halt := func() {
		once.Do(func() {
			close(stop)
			swapper.Wait()
			releaseFIFO(target)
		})
	}
	t.Cleanup(halt)
	outcomes := map[string]int{}
	for range 300 {
		r := callTool(t, s, headers, session, "upload_asset", map[string]any{"path": target})
		switch {
		case !r.IsError:
			outcomes["uploaded"]++
		case strings.Contains(r.Text, "not a regular file"):
			outcomes["refused: not a regular file"]++
		default:
			outcomes["refused otherwise"]++
		}
	}
	halt()
	t.Logf("upload_asset of a file swapped for a FIFO: %v", outcomes)
	assert.NotZero(t, outcomes["refused: not a regular file"], "no call saw the FIFO: the swap did not race the calls")

	s.stopPromptly(t)
}
