// Package deploy checks the deployment files offline: the Kubernetes example
// decodes strictly into the k8s.io/api types and its flags are valid server
// settings; the Dockerfile's build step builds and its entrypoint and the
// README's docker run commands take valid flags. It is its own module so the
// server's go.mod does not pull in k8s.io/api. Run: cd deploy && go test ./...
package deploy

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/heygen-mcp/heygen-mcp/internal/app"
	"github.com/heygen-mcp/heygen-mcp/transport"
)

// image is the published image every deployment file and README command names.
const image = "ghcr.io/heygen-mcp/heygen-mcp"

type manifests struct {
	deployments map[string]*appsv1.Deployment
	services    map[string]*corev1.Service
}

// decodeAll reads every document of every file in deploy/kubernetes strictly:
// an unknown or misspelt field is an error, as kubectl apply --validate=strict
// would report it.
func decodeAll(t *testing.T) manifests {
	t.Helper()
	m := manifests{deployments: map[string]*appsv1.Deployment{}, services: map[string]*corev1.Service{}}
	files, err := filepath.Glob(filepath.Join("kubernetes", "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for i, doc := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(b), -1) {
			if strings.TrimSpace(stripComments(doc)) == "" {
				continue
			}
			var head struct{ APIVersion, Kind string }
			require.NoError(t, yaml.Unmarshal([]byte(doc), &head), "%s #%d", f, i)
			where := fmt.Sprintf("%s #%d (%s %s)", f, i, head.APIVersion, head.Kind)
			switch head.APIVersion + " " + head.Kind {
			case "apps/v1 Deployment":
				var d appsv1.Deployment
				require.NoError(t, yaml.UnmarshalStrict([]byte(doc), &d), where)
				m.deployments[d.Name] = &d
			case "v1 Service":
				var s corev1.Service
				require.NoError(t, yaml.UnmarshalStrict([]byte(doc), &s), where)
				m.services[s.Name] = &s
			default:
				t.Fatalf("%s: a kind this check does not know; add it here", where)
			}
		}
	}
	return m
}

func stripComments(doc string) string {
	var b strings.Builder
	sc := bufio.NewScanner(strings.NewReader(doc))
	for sc.Scan() {
		if !strings.HasPrefix(strings.TrimSpace(sc.Text()), "#") {
			b.WriteString(sc.Text() + "\n")
		}
	}
	return b.String()
}

func TestKubernetesExample(t *testing.T) {
	m := decodeAll(t)
	require.Contains(t, m.deployments, "heygen-mcp")
	require.Contains(t, m.deployments, "redis")
	require.Contains(t, m.services, "heygen-mcp")
	require.Contains(t, m.services, "redis")

	for name, d := range m.deployments {
		require.NotNil(t, d.Spec.Selector, name)
		for k, v := range d.Spec.Selector.MatchLabels {
			assert.Equal(t, v, d.Spec.Template.Labels[k], "%s: the selector matches the pod labels", name)
		}
		svc := m.services[name]
		require.NotNil(t, svc, "a Service for %s", name)
		for k, v := range svc.Spec.Selector {
			assert.Equal(t, v, d.Spec.Template.Labels[k], "Service %s selects the Deployment's pods", name)
		}
		ports := map[string]int32{}
		for _, c := range d.Spec.Template.Spec.Containers {
			for _, p := range c.Ports {
				ports[p.Name] = p.ContainerPort
			}
		}
		for _, p := range svc.Spec.Ports {
			assert.Contains(t, ports, p.TargetPort.String(), "Service %s targets a named container port", name)
		}
	}

	d := m.deployments["heygen-mcp"]
	assert.GreaterOrEqual(t, *d.Spec.Replicas, int32(2), "the example is about replicas")
	c := d.Spec.Template.Spec.Containers[0]
	assert.True(t, strings.HasPrefix(c.Image, image+":"), c.Image)
	require.NotNil(t, c.ReadinessProbe)
	require.NotNil(t, c.ReadinessProbe.HTTPGet)
	assert.Equal(t, transport.HealthPath, c.ReadinessProbe.HTTPGet.Path)
	require.NotNil(t, c.LivenessProbe)
	assert.Equal(t, transport.HealthPath, c.LivenessProbe.HTTPGet.Path)

	// The container's flags and environment are valid settings of this
	// server (secrets stand in for the Secret's values).
	env := map[string]string{}
	for _, e := range c.Env {
		switch {
		case e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil:
			env[e.Name] = "secret-" + strings.Repeat("x", 40)
		default:
			env[e.Name] = e.Value
		}
	}
	cfg, err := app.ParseConfig(c.Args, func(k string) string { return env[k] })
	require.NoError(t, err, "the Deployment's args %v", c.Args)
	assert.Equal(t, "http", cfg.Transport)
	assert.True(t, cfg.Stateless, "a plain Service spreads requests: replicas must be stateless")
	_, port, err := net.SplitHostPort(cfg.Addr)
	require.NoError(t, err)
	assert.Equal(t, port, strconv.Itoa(int(c.Ports[0].ContainerPort)), "--addr listens on the container port")
	assert.NotEmpty(t, cfg.PublicURL, "webhooks need --public-url")
	assert.NotEmpty(t, env["HEYGEN_MCP_AUTH_TOKEN"], "0.0.0.0 needs the endpoint token")
	assert.NotEmpty(t, env["HEYGEN_WEBHOOK_SECRET"], "every replica must verify every delivery: one webhook secret")

	u, err := url.Parse(cfg.RedisURL)
	require.NoError(t, err, "--redis-url")
	redisSvc := m.services["redis"]
	assert.Equal(t, redisSvc.Name, u.Hostname(), "--redis-url names the redis Service")
	assert.Equal(t, strconv.Itoa(int(redisSvc.Spec.Ports[0].Port)), u.Port())
}

// TestDockerfile builds with the Dockerfile's own build command, runs what
// its build stage runs, checks that the entrypoint is the built binary, and
// that every docker run command in the Dockerfile's comments and the README
// passes valid flags and environment to it.
func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "Dockerfile"))
	require.NoError(t, err)
	lines := joinContinuations(string(b))

	var build, copyLine, entry string
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "RUN ") && strings.Contains(l, "go build"):
			build = strings.TrimPrefix(l, "RUN ")
		case strings.HasPrefix(l, "COPY --from=build "):
			copyLine = l
		case strings.HasPrefix(l, "ENTRYPOINT "):
			entry = l
		}
	}
	require.NotEmpty(t, build, "the Dockerfile's go build step")
	fields := strings.Fields(copyLine)
	require.Len(t, fields, 4, copyLine)
	built, installed := fields[2], fields[3]
	assert.Equal(t, fmt.Sprintf(`ENTRYPOINT [%q]`, installed), entry, "the entrypoint is the copied binary")

	dir := t.TempDir()
	bin := filepath.Join(dir, "heygen-mcp")
	steps := strings.Split(build, "&&")
	require.GreaterOrEqual(t, len(steps), 2, "build, then run the binary once: %s", build)
	for i, step := range steps {
		args := shellFields(t, strings.ReplaceAll(step, built, bin))
		var envs []string
		for len(args) > 0 && strings.Contains(args[0], "=") && !strings.HasPrefix(args[0], "-") {
			envs, args = append(envs, args[0]), args[1:]
		}
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = ".."
		cmd.Env = append(os.Environ(), envs...)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "Dockerfile step %d %q:\n%s", i, step, out)
		if i == len(steps)-1 {
			assert.Contains(t, string(out), "heygen-mcp ", "the build stage's check prints the version")
		}
	}

	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	require.NoError(t, err)
	var runs []string
	// The Dockerfile's examples are comments: read them uncommented.
	uncommented := regexp.MustCompile(`(?m)^# ?`).ReplaceAllString(string(b), "")
	for _, l := range append(joinContinuations(string(readme)), joinContinuations(uncommented)...) {
		if strings.HasPrefix(l, "docker run ") && strings.Contains(l, image) {
			runs = append(runs, l)
		}
	}
	require.GreaterOrEqual(t, len(runs), 3, "docker run commands in the README and the Dockerfile")
	for _, run := range runs {
		args := shellFields(t, run)
		env := map[string]string{}
		var flags []string
		for i := 2; i < len(args); i++ {
			if args[i] == "-e" && i+1 < len(args) {
				name, val, ok := strings.Cut(args[i+1], "=")
				if !ok {
					val = "from-the-host-" + strings.Repeat("x", 32)
				}
				env[name] = val
				i++
				continue
			}
			if strings.HasPrefix(args[i], image) {
				flags = args[i+1:]
				break
			}
		}
		_, err := app.ParseConfig(flags, func(k string) string { return env[k] })
		assert.NoError(t, err, "%s", run)
	}
}

// joinContinuations joins lines ending in a backslash (shell and Dockerfile).
func joinContinuations(s string) []string {
	var out []string
	var cur strings.Builder
	for _, l := range strings.Split(s, "\n") {
		t := strings.TrimRight(l, " ")
		if strings.HasSuffix(t, "\\") {
			cur.WriteString(strings.TrimSuffix(t, "\\") + " ")
			continue
		}
		cur.WriteString(l)
		out = append(out, strings.TrimSpace(strings.Join(strings.Fields(cur.String()), " ")))
		cur.Reset()
	}
	return out
}

// shellFields splits a command line with simple double and single quotes.
func shellFields(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	var cur bytes.Buffer
	var quote byte
	in := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case quote != 0 && ch == quote:
			quote = 0
		case quote != 0:
			cur.WriteByte(ch)
		case ch == '"' || ch == '\'':
			quote, in = ch, true
		case ch == ' ' || ch == '\t':
			if in {
				out, in = append(out, cur.String()), false
				cur.Reset()
			}
		default:
			cur.WriteByte(ch)
			in = true
		}
	}
	require.Zero(t, quote, "unbalanced quote in %q", s)
	if in {
		out = append(out, cur.String())
	}
	return out
}
