package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// coldStart spawns the built binary cfg.coldstart times over stdio and times
// process start -> the tools/list answer on stdout.
func coldStart(ctx context.Context, cfg config) error {
	bin := cfg.bin
	if bin == "" {
		dir, err := os.MkdirTemp("", "heygen-mcp-coldstart")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		bin = filepath.Join(dir, "heygen-mcp")
		root, err := moduleRoot(ctx)
		if err != nil {
			return err
		}
		build := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
		build.Dir = root
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("building the server: %w", err)
		}
	}
	// One unmeasured run warms the page cache.
	if _, err := spawnOnce(ctx, bin); err != nil {
		return err
	}
	var ds []time.Duration
	for range cfg.coldstart {
		d, err := spawnOnce(ctx, bin)
		if err != nil {
			return err
		}
		ds = append(ds, d)
	}
	slices.Sort(ds)
	fmt.Fprintf(cfg.out, "\n== coldstart: %d spawns of %s over stdio, process start -> tools/list answer\n", len(ds), bin)
	fmt.Fprintf(cfg.out, "   min %s, median %s, p95 %s, max %s\n", round(ds[0]), round(percentile(ds, 50)), round(percentile(ds, 95)), round(ds[len(ds)-1]))
	return nil
}

func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run from inside the heygen-mcp module, or pass -bin")
	}
	return filepath.Dir(mod), nil
}

func spawnOnce(ctx context.Context, bin string) (time.Duration, error) {
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(os.Environ(), "HEYGEN_API_KEY=hgk_coldstart", "HEYGEN_BASE_URL=http://127.0.0.1:9", "HEYGEN_LOG_LEVEL=error")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return 0, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	cmd.Stderr = io.Discard
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	msgs := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"coldstart","version":"1"}}}` + "\n" +
		`{"jsonrpc":"2.0","method":"notifications/initialized"}` + "\n" +
		`{"jsonrpc":"2.0","id":2,"method":"tools/list"}` + "\n"
	if _, err := io.WriteString(stdin, msgs); err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return 0, err
	}
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var d time.Duration
	for sc.Scan() {
		if strings.Contains(sc.Text(), `"id":2`) && strings.Contains(sc.Text(), `"tools"`) {
			d = time.Since(t0)
			break
		}
	}
	_ = stdin.Close()
	_, _ = io.Copy(io.Discard, stdout)
	if err := cmd.Wait(); err != nil && d == 0 {
		return 0, fmt.Errorf("server exited before answering tools/list: %w", err)
	}
	if d == 0 {
		return 0, fmt.Errorf("no tools/list answer")
	}
	return d, nil
}
