package replicas

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
)

// Settings every replica shares: one HeyGen key (so one tenant), one webhook
// secret (so any replica verifies any delivery), one public URL (the proxy).
const (
	apiKey        = "replicas-test-key"
	webhookSecret = "whsec-replicas-test"
	// simSpeed paces the shared simulator like --sandbox-speed: a video in
	// about 25/simSpeed seconds.
	simSpeed = "2"
)

// requiredEnv makes a missing redis-server or haproxy a failure (CI sets it;
// scripts/replicas.sh installs both).
const requiredEnv = "HEYGEN_MCP_REPLICAS_REQUIRED"

// proc is a child process whose stderr is kept in a file of the test's dir.
type proc struct {
	name   string
	cmd    *exec.Cmd
	log    string
	exited chan struct{}
}

func (p *proc) alive() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

func (p *proc) logs() string {
	b, _ := os.ReadFile(p.log)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// logged reports whether one line of p's log holds every part.
func (p *proc) logged(parts ...string) bool {
	b, _ := os.ReadFile(p.log)
	for _, line := range strings.Split(string(b), "\n") {
		all := true
		for _, part := range parts {
			all = all && strings.Contains(line, part)
		}
		if all {
			return true
		}
	}
	return false
}

// kill sends SIGKILL: no shutdown, no lease release, as when a machine dies.
func (p *proc) kill() {
	_ = p.cmd.Process.Kill()
	<-p.exited
}

func start(t *testing.T, dir, name string, stdout io.Writer, env []string, bin string, args ...string) *proc {
	t.Helper()
	logPath := filepath.Join(dir, name+".log")
	f, err := os.Create(logPath)
	require.NoError(t, err)
	cmd := exec.Command(bin, args...)
	cmd.Stderr = f
	cmd.Stdout = stdout
	if stdout == nil {
		cmd.Stdout = f
	}
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, env...)
	require.NoError(t, cmd.Start(), name)
	p := &proc{name: name, cmd: cmd, log: logPath, exited: make(chan struct{})}
	go func() { _ = cmd.Wait(); _ = f.Close(); close(p.exited) }()
	t.Cleanup(func() {
		if !p.alive() {
			return
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.exited:
		case <-time.After(20 * time.Second): // liveness bound only
			p.kill()
		}
	})
	return p
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// waitHTTP waits until url answers 200, failing if p exits first.
func waitHTTP(t *testing.T, p *proc, url string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second) // liveness bound only
	for time.Now().Before(deadline) {
		if !p.alive() {
			t.Fatalf("%s exited at start-up:\n%s", p.name, p.logs())
		}
		if resp, err := http.Get(url); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s never answered %s:\n%s", p.name, url, p.logs())
}

type replica struct {
	*proc
	url  string // http://127.0.0.1:port
	name string // r1..r3, as the proxy names it (X-Replica)
}

// cluster is Redis, the shared simulator, three replicas and HAProxy in front.
type cluster struct {
	dir      string
	rdb      *redis.Client
	simURL   string
	lbURL    string
	replicas []*replica
	proxy    *proc
}

func startCluster(t *testing.T) *cluster {
	t.Helper()
	redisBin, errR := exec.LookPath("redis-server")
	haproxyBin, errH := exec.LookPath("haproxy")
	if errR != nil || errH != nil {
		msg := "the multi-replica test needs redis-server and haproxy on PATH (scripts/replicas.sh installs them with apt-get)"
		if os.Getenv(requiredEnv) == "1" {
			t.Fatal(msg + "; " + requiredEnv + "=1 makes their absence a failure")
		}
		t.Skip(msg)
	}
	c := &cluster{dir: t.TempDir()}
	t.Cleanup(func() {
		if t.Failed() {
			for _, name := range []string{"r1", "r2", "r3", "haproxy", "simserver"} {
				if b, err := os.ReadFile(filepath.Join(c.dir, name+".log")); err == nil {
					if len(b) > 6000 {
						b = b[len(b)-6000:]
					}
					t.Logf("--- %s log (tail) ---\n%s", name, b)
				}
			}
		}
	})

	redisPort := freePort(t)
	rp := start(t, c.dir, "redis", nil, nil, redisBin, "--port", fmt.Sprint(redisPort), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", c.dir)
	c.rdb = redis.NewClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", redisPort)})
	t.Cleanup(func() { _ = c.rdb.Close() })
	deadline := time.Now().Add(30 * time.Second) // liveness bound only
	for c.rdb.Ping(context.Background()).Err() != nil {
		if !rp.alive() || time.Now().After(deadline) {
			t.Fatalf("redis-server did not start:\n%s", rp.logs())
		}
		time.Sleep(20 * time.Millisecond)
	}

	simOut := &lineWriter{lines: make(chan string, 4)}
	sp := start(t, c.dir, "simserver", simOut, nil, simBin, "--addr", "127.0.0.1:0", "--speed", simSpeed)
	select {
	case line := <-simOut.lines:
		c.simURL = strings.TrimPrefix(line, "simserver listening on ")
	case <-time.After(60 * time.Second): // liveness bound only
		t.Fatalf("simserver did not start:\n%s", sp.logs())
	}

	lbPort := freePort(t)
	c.lbURL = fmt.Sprintf("http://127.0.0.1:%d", lbPort)
	var servers strings.Builder
	for i := 1; i <= 3; i++ {
		port := freePort(t)
		r := &replica{name: fmt.Sprintf("r%d", i), url: fmt.Sprintf("http://127.0.0.1:%d", port)}
		r.proc = start(t, c.dir, r.name, nil,
			[]string{"HEYGEN_API_KEY=" + apiKey, "HEYGEN_WEBHOOK_SECRET=" + webhookSecret, "HEYGEN_LOG_LEVEL=debug"},
			serverBin, "--transport", "http", "--addr", fmt.Sprintf("127.0.0.1:%d", port), "--base-url", c.simURL,
			"--public-url", c.lbURL, "--redis-url", fmt.Sprintf("redis://127.0.0.1:%d/0", redisPort))
		waitHTTP(t, r.proc, r.url+"/healthz")
		c.replicas = append(c.replicas, r)
		fmt.Fprintf(&servers, "  server %s 127.0.0.1:%d\n", r.name, port)
	}

	cfg := filepath.Join(c.dir, "haproxy.cfg")
	conf := strings.ReplaceAll(haproxyTemplate, "{{BIND}}", fmt.Sprintf("127.0.0.1:%d", lbPort))
	conf = strings.ReplaceAll(conf, "{{SERVERS}}", servers.String())
	require.NoError(t, os.WriteFile(cfg, []byte(conf), 0o600))
	c.proxy = start(t, c.dir, "haproxy", nil, nil, haproxyBin, "-db", "-f", cfg)
	waitHTTP(t, c.proxy, c.lbURL+"/healthz")
	return c
}

// haproxyTemplate is deploy/haproxy/haproxy.cfg's routing (the file the
// README shows), with the test's addresses.
var haproxyTemplate = func() string {
	b, err := os.ReadFile(filepath.Join("..", "..", "deploy", "haproxy", "haproxy.cfg"))
	if err != nil {
		panic("deploy/haproxy/haproxy.cfg: " + err.Error())
	}
	s := string(b)
	// The example's bind and servers are replaced by the test's.
	i, j := strings.Index(s, "  bind "), strings.Index(s, "  server ")
	if i < 0 || j < 0 {
		panic("deploy/haproxy/haproxy.cfg: no bind or server lines")
	}
	lineEnd := func(k int) int { return k + strings.IndexByte(s[k:], '\n') + 1 }
	s = s[:i] + "  bind {{BIND}}\n" + s[lineEnd(i):]
	j = strings.Index(s, "  server ")
	end := j
	for strings.HasPrefix(s[end:], "  server ") {
		end = lineEnd(end)
	}
	return s[:j] + "{{SERVERS}}" + s[end:]
}()

type lineWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	lines chan string
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	sc := bufio.NewScanner(bytes.NewReader(w.buf.Bytes()))
	for sc.Scan() {
		select {
		case w.lines <- sc.Text():
		default:
		}
	}
	w.buf.Reset()
	return len(p), nil
}

// polls counts the simulator's GETs of a session and of videos (the only
// videos in flight are the test's own at each step).
func (c *cluster) polls(t *testing.T, sessionID string) (session, videos int) {
	t.Helper()
	get := func(q string) int {
		resp, err := http.Get(c.simURL + "/_sim/count?method=GET&" + q)
		require.NoError(t, err)
		defer resp.Body.Close()
		var out struct{ Count int }
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
		return out.Count
	}
	return get("path=/v3/video-agents/" + sessionID), get("prefix=/v3/videos/")
}

// webhook delivers a signed video_agent event for sessionID to base (a
// replica or the proxy), as HeyGen would.
func webhook(t *testing.T, base, sessionID string) {
	t.Helper()
	body := []byte(fmt.Sprintf(`{"event_type":"video_agent.completed","event_data":{"session_id":%q}}`, sessionID))
	req, err := http.NewRequest(http.MethodPost, base+"/webhooks/heygen", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Signature", sim.Sign(webhookSecret, body))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusNoContent, resp.StatusCode, "webhook to %s", base)
}
