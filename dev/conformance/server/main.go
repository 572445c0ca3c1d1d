// Command server runs the conformance fixture over the project's HTTP transport
// (the same transport.ServeHTTP / NewHTTPHandler path the real server uses).
// It prints its MCP URL as the first stdout line once it listens, so a script
// can start it on port 0. Used by scripts/conformance.sh; never shipped.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/heygen-mcp/heygen-mcp/dev/conformance"
	"github.com/heygen-mcp/heygen-mcp/transport"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback; port 0 picks a free port)")
	stateless := flag.Bool("stateless", false, "serve without sessions")
	flag.Parse()

	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	err := transport.ServeHTTP(ctx, conformance.NewServer(), transport.HTTPOptions{
		Addr:             *addr,
		Stateless:        *stateless,
		AllowRequestKeys: true,
		Logger:           log,
		Ready: func(a net.Addr) {
			fmt.Printf("http://%s%s\n", a, transport.MCPPath)
		},
	})
	if err != nil {
		log.Error("conformance fixture failed", "err", err)
		os.Exit(1)
	}
}
