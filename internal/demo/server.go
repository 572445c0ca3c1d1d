package demo

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"slices"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/heygen-mcp/heygen-mcp/internal/app"
	"github.com/heygen-mcp/heygen-mcp/internal/sandbox"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

// startServer assembles the real server (internal/app) in-process and returns
// an initialized in-process MCP client for it; closeAll releases both.
func startServer(ctx context.Context, st settings, env runEnv) (toolCaller, func(), error) {
	// The server's own configuration (HEYGEN_BASE_URL, HEYGEN_MCP_READ_ONLY,
	// ...) applies, as it would to `heygen-mcp`; the demo only decides the
	// sandbox and the key.
	cfg := st.server
	cfg.Transport = "stdio" // in-process: no listener, file:// video URLs in the sandbox
	cfg.Sandbox = st.sandbox
	cfg.Toolsets = serverToolsets(st.toolset)
	if st.sandbox && st.toolset == tools.ToolsetTranslation && env.filesDir != "" {
		// The sandbox clip is a local file: the walk uploads it from here to translate it.
		if err := os.MkdirAll(env.filesDir, 0o755); err != nil {
			return nil, nil, fmt.Errorf("keep the sandbox clip: %w", err)
		}
		cfg.AllowDirs = append(slices.Clone(cfg.AllowDirs), env.filesDir)
	}
	if st.sandbox {
		cfg.APIKey = "" // the simulator needs no key; the real one stays out of it
		cfg.ReadOnly = false
		if st.speedSet || cfg.SandboxSpeed == 0 {
			cfg.SandboxSpeed = st.speed
		}
	} else {
		cfg.APIKey = st.apiKey
	}
	logger := slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := app.NewServer(cfg, logger)
	if err != nil {
		return nil, nil, err
	}

	c, err := client.NewInProcessClient(srv.MCP)
	if err != nil {
		srv.Close()
		return nil, nil, fmt.Errorf("connect the in-process MCP client: %w", err)
	}
	closeAll := func() {
		_ = c.Close()
		srv.Close()
	}
	if err := c.Start(ctx); err != nil {
		closeAll()
		return nil, nil, fmt.Errorf("start the in-process MCP client: %w", err)
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "heygen-mcp-demo", Version: app.Version()}
	if _, err := c.Initialize(ctx, init); err != nil {
		closeAll()
		return nil, nil, fmt.Errorf("initialize: %w", err)
	}
	return c, closeAll, nil
}

// keepSandboxFile copies a sandbox file:// video into dir and returns the
// copy's URL: the server removes its temp dir when it stops, which is right
// after the demo prints the URL. Other URLs are returned unchanged.
func keepSandboxFile(videoURL, dir string) (string, error) {
	u, err := url.Parse(videoURL)
	if err != nil || u.Scheme != "file" || !sandbox.IsSandboxURL(videoURL) || dir == "" {
		return videoURL, nil
	}
	b, err := os.ReadFile(u.Path)
	if err != nil {
		return "", fmt.Errorf("read the sandbox clip: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("keep the sandbox clip: %w", err)
	}
	kept := filepath.Join(dir, filepath.Base(u.Path))
	if err := os.WriteFile(kept, b, 0o644); err != nil {
		return "", fmt.Errorf("keep the sandbox clip: %w", err)
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(kept)}).String(), nil
}
