package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runMainEnv makes the test binary run main() instead of the tests, so a test
// can start the server as a process and signal it.
const runMainEnv = "HEYGEN_MCP_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func TestOnSignalsSecondSignalExits(t *testing.T) {
	sigs := make(chan os.Signal, 2)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	exited := make(chan int, 1)
	var logs safeBuffer
	done := make(chan struct{})
	go func() {
		onSignals(sigs, cancel, func(code int) { exited <- code }, slog.New(slog.NewTextHandler(&logs, nil)))
		close(done)
	}()

	sigs <- syscall.SIGINT
	<-ctx.Done()
	select {
	case code := <-exited:
		t.Fatalf("the first signal exited (%d) instead of shutting down gracefully", code)
	default:
	}
	sigs <- syscall.SIGINT
	assert.Equal(t, 130, <-exited)
	<-done
	assert.Contains(t, logs.String(), "second signal received")

	// A run that ends without signals leaves nothing behind.
	quiet := make(chan os.Signal)
	ended := make(chan struct{})
	go func() {
		onSignals(quiet, func() {}, func(int) { t.Error("exit without a signal") }, slog.Default())
		close(ended)
	}()
	close(quiet)
	<-ended
}

// TestSecondSIGTERMExitsTheProcess starts the server over HTTP, holds its
// graceful shutdown with a request whose body never finishes, and checks that
// a second SIGTERM ends the process at once with 128+15 and a log line, where
// the first only started the shutdown.
func TestSecondSIGTERMExitsTheProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	cmd := exec.Command(os.Args[0], "--transport", "http", "--addr", "127.0.0.1:0", "--body-read-timeout", "10m")
	cmd.Env = []string{runMainEnv + "=1", "PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	var all safeBuffer
	cmd.Stderr = &all
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	waitFor := func(re *regexp.Regexp) []string {
		t.Helper()
		timeout := time.After(60 * time.Second) // liveness bound only
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			if m := re.FindStringSubmatch(all.String()); m != nil {
				return m
			}
			select {
			case <-exited:
				t.Fatalf("server ended (%v) before logging %s: %s", cmd.ProcessState, re, all.String())
			case <-timeout:
				t.Fatalf("no log line %s: %s", re, all.String())
			case <-tick.C:
			}
		}
	}
	addr := waitFor(regexp.MustCompile(`url=http://([0-9.:]+)/mcp`))[1]

	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	// "100 Continue" comes once the handler reads the body: from then on the
	// request is in flight, and the graceful shutdown waits for it.
	_, err = fmt.Fprintf(conn, "POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n")
	require.NoError(t, err)
	_ = conn.SetReadDeadline(time.Now().Add(60 * time.Second)) // liveness bound only
	status, err := bufio.NewReader(conn).ReadString('\n')
	require.NoError(t, err)
	require.Contains(t, status, "100 Continue")
	_, err = conn.Write([]byte("{"))
	require.NoError(t, err)

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	waitFor(regexp.MustCompile(`shutting down HTTP transport`))
	select {
	case <-exited:
		t.Fatalf("the first SIGTERM did not wait for the in-flight request: %s", all.String())
	default:
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-exited:
	case <-time.After(60 * time.Second): // liveness bound only
		t.Fatalf("the second SIGTERM did not end the process: %s", all.String())
	}
	assert.Equal(t, 128+int(syscall.SIGTERM), cmd.ProcessState.ExitCode(), "stderr: %s", all.String())
	assert.Contains(t, all.String(), "second signal received")
}

// safeBuffer is a bytes.Buffer written and read from different goroutines.
type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var _ io.Writer = (*safeBuffer)(nil)
