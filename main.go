// Command heygen-mcp is an MCP server for HeyGen's Video Agent API.
// `heygen-mcp demo` runs the sandbox demo; anything else serves MCP.
package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/heygen-mcp/heygen-mcp/internal/app"
	"github.com/heygen-mcp/heygen-mcp/internal/demo"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go onSignals(sigs, cancel, os.Exit, slog.New(slog.NewTextHandler(os.Stderr, nil)))
	code := run(ctx, os.Args[1:])
	signal.Stop(sigs)
	os.Exit(code)
}

func run(ctx context.Context, args []string) int {
	if len(args) > 0 && args[0] == "demo" {
		return demo.Run(ctx, args[1:], os.Stdin, os.Stdout, os.Stderr)
	}
	return app.Main(ctx, args, os.Getenv, os.Stdin, os.Stdout, os.Stderr)
}

// onSignals: the first signal cancels ctx, which starts the graceful shutdown;
// a second one exits at once, for when that shutdown waits on calls the user
// does not want to wait for. It returns when sigs is closed.
func onSignals(sigs <-chan os.Signal, cancel context.CancelFunc, exit func(int), log *slog.Logger) {
	first, ok := <-sigs
	if !ok {
		return
	}
	log.Info("signal received: shutting down gracefully; send it again to exit at once", "signal", first.String())
	cancel()
	second, ok := <-sigs
	if !ok {
		return
	}
	log.Warn("second signal received: exiting without waiting for the shutdown", "signal", second.String())
	exit(signalExitCode(second))
}

// signalExitCode is the shell's convention for death by a signal: 128 + its number.
func signalExitCode(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 1
}
