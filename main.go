// Command heygen-mcp is an MCP server for HeyGen's Video Agent API.
// `heygen-mcp demo` runs the sandbox demo; anything else serves MCP.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/heygen-mcp/heygen-mcp/internal/app"
	"github.com/heygen-mcp/heygen-mcp/internal/demo"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string) int {
	if len(args) > 0 && args[0] == "demo" {
		return demo.Run(ctx, args[1:], os.Stdin, os.Stdout, os.Stderr)
	}
	return app.Main(ctx, args, os.Getenv, os.Stdin, os.Stdout, os.Stderr)
}
