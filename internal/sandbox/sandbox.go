// Package sandbox runs the HeyGen simulator in-process for --sandbox: the server
// talks to it through an http.RoundTripper (no port, no network), in real time
// with phases shortened so a generate-mode video takes about 25 s, and every
// finished video points at a tiny real sample clip a person can open.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
)

const (
	sandboxHost = "sandbox.heygen.invalid" // .invalid never resolves (RFC 2606)
	baseURL     = "https://" + sandboxHost

	// DefaultAPIKey is the key the server uses in sandbox mode when none is set;
	// the simulator accepts any non-empty key.
	DefaultAPIKey = "sandbox"

	// GenerateDuration is how long a generate-mode video takes at Speed 1.
	GenerateDuration = 25 * time.Second

	// MaxSpeed is the fastest pace: every simulated phase stays at least
	// about a millisecond long.
	MaxSpeed = 10000
)

// ValidSpeed reports whether v is a pace the sandbox runs at: greater than 0
// and at most MaxSpeed (never NaN or infinite). Options.Speed also takes 0
// for the default, 1.
func ValidSpeed(v float64) bool { return v > 0 && v <= MaxSpeed }

// Options configure a Sandbox.
type Options struct {
	// Speed multiplies the pace of simulated time: 1 (or 0, the default) makes a
	// generate-mode video take GenerateDuration, 10 ten times faster.
	Speed float64
	// PublicBaseURL is the server's public origin over HTTP (e.g.
	// "http://127.0.0.1:8080"): videos point at <PublicBaseURL>/sandbox/<id>.mp4,
	// served by Handler. Empty (stdio) writes the clip to a temp dir and videos
	// point at it with a file:// URL.
	PublicBaseURL string
	// FilesDir, over stdio only, is where the clip is written instead of a
	// fresh temp dir; it is created if missing and left in place by Close, so
	// the file:// URLs outlive the process (the demo prints one at exit).
	FilesDir string
}

// Sandbox is a running simulator with its clip files. Close it when done.
type Sandbox struct {
	sim        *sim.Simulator
	client     *http.Client
	publicBase atomic.Pointer[string] // "" in stdio mode
	tempDir    string
	stop       context.CancelFunc
	closeOnce  sync.Once
	closeErr   error
	// sessionSecret keys SessionKey (tenants.go).
	sessionSecret []byte
}

// New starts a sandbox. It validates o before starting anything.
func New(o Options) (*Sandbox, error) {
	speed, err := checkSpeed(o.Speed)
	if err != nil {
		return nil, err
	}
	publicBase, err := checkPublicBase(o.PublicBaseURL)
	if err != nil {
		return nil, err
	}

	sb := &Sandbox{sessionSecret: newSessionSecret()}
	sb.publicBase.Store(&publicBase)
	var videoURL, thumbURL, audioURL func(string) string
	if publicBase != "" {
		videoURL = func(id string) string { return httpMediaURL(*sb.publicBase.Load(), id, ".mp4") }
		thumbURL = func(id string) string { return httpMediaURL(*sb.publicBase.Load(), id, ".jpg") }
		audioURL = func(id string) string { return httpMediaURL(*sb.publicBase.Load(), id, ".mp3") }
	} else {
		dir, clip, thumb, audio, err := writeFiles(o.FilesDir)
		if err != nil {
			return nil, fmt.Errorf("sandbox: write the sample clip to %s: %w", orTempDir(o.FilesDir), err)
		}
		if o.FilesDir == "" {
			sb.tempDir = dir
		}
		videoURL = func(string) string { return clip }
		thumbURL = func(string) string { return thumb }
		audioURL = func(string) string { return audio }
	}

	sb.sim = sim.New(
		sim.WithTimings(Timings(speed)),
		sim.WithVideoURLFunc(videoURL),
		sim.WithThumbnailURLFunc(thumbURL),
		sim.WithAudioURLFunc(audioURL),
	)
	sb.client = &http.Client{Transport: inProcessTransport{handler: hostOnly{sb.sim}}}
	ctx, cancel := context.WithCancel(context.Background())
	sb.stop = cancel
	sb.sim.Start(ctx)
	return sb, nil
}

// SetPublicBaseURL changes where HTTP-mode videos point: the server calls it
// once it knows the port it listens on (--addr with port 0). It refuses a
// stdio-mode sandbox, whose videos are local files.
func (s *Sandbox) SetPublicBaseURL(u string) error {
	if *s.publicBase.Load() == "" {
		return errors.New("sandbox: videos are local files in stdio mode; there is no public URL to set")
	}
	base, err := checkPublicBase(u)
	if err != nil {
		return err
	}
	s.publicBase.Store(&base)
	return nil
}

// Timings are the simulator's phase durations at speed: the default timings
// scaled so a generate-mode video (thinking + queued + rendering) takes
// GenerateDuration/speed. Chat mode adds the time the user takes to answer.
func Timings(speed float64) sim.Timings {
	return sim.DefaultTimings().Scale(TimeScale(speed))
}

// TimeScale is how many times faster than HeyGen's real timeline the sandbox
// runs at speed (0 means 1): about 15 at speed 1.
func TimeScale(speed float64) float64 {
	if speed <= 0 {
		speed = 1
	}
	d := sim.DefaultTimings()
	total := d.Thinking + d.Queued + d.Rendering
	return float64(total) / (float64(GenerateDuration) / speed)
}

func checkSpeed(v float64) (float64, error) {
	switch {
	case v == 0:
		return 1, nil
	case !ValidSpeed(v):
		return 0, fmt.Errorf("sandbox: Speed must be a number above 0 and at most %d, "+
			"e.g. 1 (a video in about %s) or 10 (ten times faster); got %v", MaxSpeed, GenerateDuration, v)
	}
	return v, nil
}

func checkPublicBase(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := parseOrigin(s)
	if err != nil {
		return "", fmt.Errorf("sandbox: PublicBaseURL must be the server's http(s) origin such as "+
			"http://127.0.0.1:8080: %w", err)
	}
	return u, nil
}

// HTTPClient returns a client whose requests go straight into the simulator.
// Only BaseURL's host is reachable; anything else is refused, not sent.
func (s *Sandbox) HTTPClient() *http.Client { return s.client }

// BaseURL is the fake origin the HeyGen client must use with HTTPClient.
func (s *Sandbox) BaseURL() string { return baseURL }

// Sim returns the simulator, for tests and tools that drive it directly.
func (s *Sandbox) Sim() *sim.Simulator { return s.sim }

// Close stops the simulator's clock and removes the temp dir (not FilesDir).
// It is safe to call more than once.
func (s *Sandbox) Close() error {
	s.closeOnce.Do(func() {
		s.stop()
		if s.tempDir != "" {
			s.closeErr = os.RemoveAll(s.tempDir)
		}
	})
	return s.closeErr
}

// hostOnly refuses requests for any host but the sandbox's, so a
// misconfigured base URL fails loudly instead of silently reaching the
// simulator under another name.
type hostOnly struct{ next http.Handler }

func (h hostOnly) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.EqualFold(r.URL.Hostname(), sandboxHost) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusMisdirectedRequest)
		_, _ = fmt.Fprintf(w, `{"error":{"code":"sandbox_wrong_host","message":"the sandbox client only reaches %s"}}`, baseURL)
		return
	}
	h.next.ServeHTTP(w, r)
}

// parseOrigin accepts an http(s) URL with a host and an optional path prefix
// (a server behind a reverse proxy), and returns it without a trailing slash.
func parseOrigin(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", errors.New("want http(s)://host[:port][/prefix] with no credentials, query or fragment")
	}
	return strings.TrimRight(u.String(), "/"), nil
}
