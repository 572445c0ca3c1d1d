// Package app turns flags and environment into a Config, assembles the MCP
// server (tools, HeyGen client pool, sandbox) and runs it over stdio or HTTP.
package app

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/localfiles"
	"github.com/heygen-mcp/heygen-mcp/internal/sandbox"
	"github.com/heygen-mcp/heygen-mcp/tools"
	"github.com/heygen-mcp/heygen-mcp/transport"
)

// Defaults of the settings. The HeyGen API root and the listen address are
// the defaults of the packages that use them; the names here are aliases.
const (
	DefaultBaseURL   = heygen.DefaultBaseURL
	DefaultAddr      = transport.DefaultAddr
	DefaultTransport = "stdio"
	DefaultLogLevel  = "info"
)

// Config is the server's whole configuration. Secrets (APIKey, AuthToken,
// WebhookSecret) only ever come from the environment.
type Config struct {
	APIKey, BaseURL, Transport, Addr, LogLevel, AuthToken, PublicURL, WebhookSecret string
	Stateless, ReadOnly, Sandbox, DynamicToolsets                                   bool
	SandboxSpeed                                                                    float64
	AllowedOrigins, AllowDirs                                                       []string
	// Toolsets are the toolsets on (tools.ParseToolsets); nil = the default ones.
	Toolsets []string
	// Session limits of --transport http (stateful); 0 = transport's defaults.
	MaxSessions, MaxSessionsPerCredential, MaxSessionIDBytes int
	SessionIdleTTL                                           time.Duration
	StreamResumeWindow                                       time.Duration
	// BodyReadTimeout and MaxCredentialBytes are HTTP limits (transport.HTTPOptions).
	BodyReadTimeout    time.Duration
	MaxCredentialBytes int
	// RedisURL (secret-bearing: may hold a password) shares state with other
	// replicas; "" = everything in this process's memory.
	RedisURL string

	// ShowHelp and ShowVersion are set by --help / --version; Main handles them.
	ShowHelp, ShowVersion bool
}

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func newFlagSet(cfg *Config, allowDirs *stringList, origins, speed, toolsets *string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("heygen-mcp", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&cfg.BaseURL, "base-url", "", "HeyGen API base URL (env HEYGEN_BASE_URL; default "+DefaultBaseURL+")")
	fs.StringVar(&cfg.Transport, "transport", "", "stdio or http (env HEYGEN_MCP_TRANSPORT; default "+DefaultTransport+")")
	fs.StringVar(&cfg.Addr, "addr", "", "listen address for --transport http (env HEYGEN_MCP_ADDR; default "+DefaultAddr+")")
	fs.BoolVar(&cfg.Stateless, "stateless", false, "HTTP: serve without MCP sessions (for replicas without sticky sessions)")
	fs.StringVar(origins, "allowed-origins", "", "HTTP: comma-separated browser origins allowed besides loopback (env HEYGEN_MCP_ALLOWED_ORIGINS)")
	fs.StringVar(&cfg.PublicURL, "public-url", "", "HTTP: the server's public origin, e.g. https://mcp.example.com (env HEYGEN_MCP_PUBLIC_URL)")
	fs.StringVar(&cfg.LogLevel, "log-level", "", "debug, info, warn or error (env HEYGEN_LOG_LEVEL; default "+DefaultLogLevel+"); logs go to stderr")
	fs.BoolVar(&cfg.ReadOnly, "read-only", false, "expose only tools that change nothing (env HEYGEN_MCP_READ_ONLY=1)")
	fs.StringVar(toolsets, "toolsets", "", "comma-separated toolsets to offer: "+strings.Join(tools.ToolsetNames(), ", ")+
		", or all (env HEYGEN_MCP_TOOLSETS; default "+strings.Join(tools.DefaultToolsets(), ",")+")")
	fs.BoolVar(&cfg.DynamicToolsets, "dynamic-toolsets", false, "offer list_toolsets and enable_toolset so the model turns on a toolset "+
		"when it needs one (env HEYGEN_MCP_DYNAMIC_TOOLSETS=1)")
	fs.BoolVar(&cfg.Sandbox, "sandbox", false, "use a built-in HeyGen simulator: no key, no credits, simulated videos (env HEYGEN_SANDBOX=1)")
	fs.StringVar(speed, "sandbox-speed", "", fmt.Sprintf("sandbox pace, greater than 0 and at most %d: 1 = a video in about %g s, "+
		"10 = ten times faster (env HEYGEN_SANDBOX_SPEED)", sandbox.MaxSpeed, sandbox.GenerateDuration.Seconds()))
	fs.IntVar(&cfg.MaxSessions, "max-sessions", 0, fmt.Sprintf("HTTP: most MCP sessions held at once; an initialize beyond it "+
		"gets 503 (env HEYGEN_MCP_MAX_SESSIONS; default %d)", transport.DefaultMaxSessions))
	fs.IntVar(&cfg.MaxSessionsPerCredential, "max-sessions-per-credential", 0, fmt.Sprintf("HTTP: most MCP sessions one HeyGen "+
		"key or token holds; beyond it 429 (env HEYGEN_MCP_MAX_SESSIONS_PER_CREDENTIAL; default %d)", transport.DefaultMaxSessionsPerCredential))
	fs.IntVar(&cfg.MaxSessionIDBytes, "max-session-id-bytes", 0, fmt.Sprintf("HTTP: longer Mcp-Session-Id headers get 400 "+
		"(env HEYGEN_MCP_MAX_SESSION_ID_BYTES; default %d)", transport.DefaultMaxSessionIDBytes))
	fs.DurationVar(&cfg.SessionIdleTTL, "session-idle-ttl", 0, "HTTP: end MCP sessions idle this long, e.g. 30m "+
		"(env HEYGEN_MCP_SESSION_IDLE_TTL; default "+transport.DefaultSessionIdleTTL.String()+")")
	fs.DurationVar(&cfg.StreamResumeWindow, "stream-resume-window", 0, "HTTP: how long a client can resume a dropped stream with Last-Event-ID, e.g. 2m "+
		"(env HEYGEN_MCP_STREAM_RESUME_WINDOW; default "+transport.DefaultStreamResumeWindow.String()+")")
	fs.DurationVar(&cfg.BodyReadTimeout, "body-read-timeout", 0, "HTTP: how long a request body may take to arrive before "+
		"the server answers 408 and closes the connection (env HEYGEN_MCP_BODY_READ_TIMEOUT; default "+transport.DefaultBodyReadTimeout.String()+")")
	fs.IntVar(&cfg.MaxCredentialBytes, "max-credential-bytes", 0, "HTTP: longest HeyGen key or access token a request may send, in bytes "+
		"(env HEYGEN_MCP_MAX_CREDENTIAL_BYTES; default "+strconv.Itoa(transport.DefaultMaxCredentialBytes)+")")
	fs.StringVar(&cfg.RedisURL, "redis-url", "", "HTTP replicas: Redis shared by every replica, e.g. redis://redis:6379/0 "+
		"(env HEYGEN_MCP_REDIS_URL; unset = each process on its own)")
	fs.Var(allowDirs, "allow-dir", "directory the server may upload files from and save videos into (repeatable)")
	fs.BoolVar(&cfg.ShowVersion, "version", false, "print the version and exit")
	fs.BoolVar(&cfg.ShowHelp, "help", false, "print this help and exit")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "heygen-mcp: an MCP server for HeyGen's Video Agent.\n\n"+
			"Usage: heygen-mcp [flags] [-- dir...]  serve MCP (stdio by default); dirs as --allow-dir\n"+
			"       heygen-mcp demo [flags]           run the sandbox demo\n\n"+
			"Secrets come from the environment only: HEYGEN_API_KEY, HEYGEN_MCP_AUTH_TOKEN, HEYGEN_WEBHOOK_SECRET.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs
}

// ParseConfig reads flags first and the environment second, and validates the
// result. Errors name the flag or variable and the fix.
func ParseConfig(args []string, getenv func(string) string) (Config, error) {
	return parseConfig(args, getenv, io.Discard)
}

func parseConfig(args []string, getenv func(string) string, usageOut io.Writer) (Config, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	var cfg Config
	var allowDirs stringList
	var origins, speed, toolsets string
	fs := newFlagSet(&cfg, &allowDirs, &origins, &speed, &toolsets, usageOut)
	for _, a := range args {
		if a == "--api-key" || strings.HasPrefix(a, "--api-key=") || a == "-api-key" || strings.HasPrefix(a, "-api-key=") {
			return Config{}, errors.New("the HeyGen API key is read from the HEYGEN_API_KEY environment variable only (a flag would show it in process lists): remove --api-key")
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			cfg.ShowHelp = true
			return cfg, nil
		}
		return Config{}, FlagError(err)
	}
	if rest := fs.Args(); afterTerminator(args, rest) {
		// Directories after "--" are allowed like --allow-dir: an MCP Bundle
		// host expands a multiple-directory setting into separate arguments.
		allowDirs = append(allowDirs, rest...)
	} else if len(rest) > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q: heygen-mcp takes only flags, then directories to allow after -- (see --help)", rest[0])
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	cfg.APIKey = strings.TrimSpace(getenv("HEYGEN_API_KEY"))
	cfg.AuthToken = getenv("HEYGEN_MCP_AUTH_TOKEN")
	cfg.WebhookSecret = getenv("HEYGEN_WEBHOOK_SECRET")
	cfg.BaseURL = firstNonEmpty(cfg.BaseURL, getenv("HEYGEN_BASE_URL"), DefaultBaseURL)
	cfg.Transport = strings.ToLower(firstNonEmpty(cfg.Transport, getenv("HEYGEN_MCP_TRANSPORT"), DefaultTransport))
	cfg.Addr = firstNonEmpty(cfg.Addr, getenv("HEYGEN_MCP_ADDR"), DefaultAddr)
	cfg.LogLevel = strings.ToLower(firstNonEmpty(cfg.LogLevel, getenv("HEYGEN_LOG_LEVEL"), DefaultLogLevel))
	cfg.PublicURL = firstNonEmpty(cfg.PublicURL, getenv("HEYGEN_MCP_PUBLIC_URL"))
	origins = firstNonEmpty(origins, getenv("HEYGEN_MCP_ALLOWED_ORIGINS"))
	speed = firstNonEmpty(speed, getenv("HEYGEN_SANDBOX_SPEED"))
	cfg.RedisURL = firstNonEmpty(cfg.RedisURL, getenv("HEYGEN_MCP_REDIS_URL"))
	cfg.AllowDirs = []string(allowDirs)

	var err error
	if !set["sandbox"] {
		if cfg.Sandbox, err = envBool(getenv, "HEYGEN_SANDBOX"); err != nil {
			return Config{}, err
		}
	}
	if !set["read-only"] {
		if cfg.ReadOnly, err = envBool(getenv, "HEYGEN_MCP_READ_ONLY"); err != nil {
			return Config{}, err
		}
	}
	if !set["dynamic-toolsets"] {
		if cfg.DynamicToolsets, err = envBool(getenv, "HEYGEN_MCP_DYNAMIC_TOOLSETS"); err != nil {
			return Config{}, err
		}
	}
	if spec := firstNonEmpty(toolsets, getenv("HEYGEN_MCP_TOOLSETS")); spec != "" {
		if cfg.Toolsets, err = tools.ParseToolsets(spec); err != nil {
			return Config{}, fmt.Errorf("--toolsets / HEYGEN_MCP_TOOLSETS: %w", err)
		}
	}
	if !set["stateless"] {
		if cfg.Stateless, err = envBool(getenv, "HEYGEN_MCP_STATELESS"); err != nil {
			return Config{}, err
		}
	}
	for _, o := range strings.Split(origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			cfg.AllowedOrigins = append(cfg.AllowedOrigins, o)
		}
	}
	if err := cfg.httpLimits(set, getenv); err != nil {
		return Config{}, err
	}
	if speed != "" {
		v, err := ParseSandboxSpeed(speed)
		if err != nil {
			return Config{}, fmt.Errorf("--sandbox-speed / HEYGEN_SANDBOX_SPEED %q %v", speed, err)
		}
		cfg.SandboxSpeed = v
	}
	return cfg, cfg.validate()
}

// ParseSandboxSpeed reads a sandbox pace (sandbox.ValidSpeed); its error
// completes a sentence that starts with the flag's name and value.
func ParseSandboxSpeed(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || !sandbox.ValidSpeed(v) {
		return 0, fmt.Errorf("must be a number greater than 0 and at most %d "+
			"(1 = a video in about %g s, 10 = ten times faster)", sandbox.MaxSpeed, sandbox.GenerateDuration.Seconds())
	}
	return v, nil
}

// flagErrorPatterns are the messages of the flag package, rewritten by
// FlagError into one sentence that names the flag as --name.
var flagErrorPatterns = []struct {
	re  *regexp.Regexp
	out string
}{
	{regexp.MustCompile(`^flag provided but not defined: -+(.+)$`), "unknown flag --$1"},
	{regexp.MustCompile(`^flag needs an argument: -+(.+)$`), "--$1 needs a value"},
	{regexp.MustCompile(`^invalid boolean value (".*") for -+([^:]+): .*$`), "--$2 $1 must be true or false (or give --$2 alone for true)"},
	{regexp.MustCompile(`^invalid value (".*") for flag -+([^:]+): (?:parse error|value out of range)$`), "--$2 $1 is not valid"},
	{regexp.MustCompile(`^invalid value (".*") for flag -+([^:]+): (.*)$`), "--$2 $1 $3"},
}

// FlagError turns an error of flag.FlagSet.Parse into one message naming the
// flag as it is documented (--name) and, where the flag says it, what is valid.
func FlagError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	for _, p := range flagErrorPatterns {
		if p.re.MatchString(msg) {
			return errors.New(p.re.ReplaceAllString(msg, p.out))
		}
	}
	return err
}

func (c Config) validate() error {
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("--base-url / HEYGEN_BASE_URL %q must be an http(s) URL such as %s", c.BaseURL, DefaultBaseURL)
	}
	if u.User != nil || u.RawQuery != "" {
		return fmt.Errorf("--base-url / HEYGEN_BASE_URL must not carry credentials or a query: use HEYGEN_API_KEY for the key")
	}
	switch c.Transport {
	case "stdio", "http":
	default:
		return fmt.Errorf("--transport / HEYGEN_MCP_TRANSPORT %q must be stdio or http", c.Transport)
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		return err
	}
	if err := checkPublicURL(c.PublicURL); err != nil {
		return err
	}
	if err := c.checkRedisConfig(); err != nil {
		return err
	}
	for _, d := range c.AllowDirs {
		if strings.TrimSpace(d) == "" {
			return errors.New("--allow-dir must name a directory")
		}
	}
	if c.Transport == "http" {
		// The HTTP-only settings, checked only when they are used (the demo and
		// stdio ignore them).
		_, port, err := net.SplitHostPort(c.Addr)
		if err != nil {
			return fmt.Errorf("--addr / HEYGEN_MCP_ADDR %q must be host:port, e.g. %s", c.Addr, DefaultAddr)
		}
		if n, err := strconv.ParseUint(port, 10, 64); err != nil || n > 65535 {
			return fmt.Errorf("--addr / HEYGEN_MCP_ADDR %q needs a port number from 0 to 65535, e.g. %s", c.Addr, DefaultAddr)
		}
		// The rules the HTTP transport applies when it starts, checked here so
		// that a refusal is a bad setting (exit 2), not a failure.
		if err := transport.CheckOptions(transport.HTTPOptions{Addr: c.Addr, AuthToken: c.AuthToken,
			AllowedOrigins: c.AllowedOrigins, AllowRequestKeys: true, HasDefaultKey: c.APIKey != "" || c.Sandbox,
			MaxSessionIDBytes: c.MaxSessionIDBytes}); err != nil {
			return nameHTTPSetting(err)
		}
		if err := c.checkDirExposure(); err != nil {
			return err
		}
	}
	return nil
}

// httpSettings names the flag and environment variable each transport
// option comes from.
var httpSettings = map[string]string{
	"AuthToken":         "HEYGEN_MCP_AUTH_TOKEN",
	"AllowedOrigins":    "--allowed-origins / HEYGEN_MCP_ALLOWED_ORIGINS",
	"MaxSessionIDBytes": "--max-session-id-bytes / HEYGEN_MCP_MAX_SESSION_ID_BYTES",
}

// httpLimits completes the HTTP limits from the environment where no flag set
// them, and checks them; unset session limits stay 0 (transport's defaults),
// BodyReadTimeout and MaxCredentialBytes get theirs.
func (c *Config) httpLimits(set map[string]bool, getenv func(string) string) error {
	for _, n := range []struct {
		flag, env string
		dst       *int
	}{
		{"max-sessions", "HEYGEN_MCP_MAX_SESSIONS", &c.MaxSessions},
		{"max-sessions-per-credential", "HEYGEN_MCP_MAX_SESSIONS_PER_CREDENTIAL", &c.MaxSessionsPerCredential},
		{"max-session-id-bytes", "HEYGEN_MCP_MAX_SESSION_ID_BYTES", &c.MaxSessionIDBytes},
		{"max-credential-bytes", "HEYGEN_MCP_MAX_CREDENTIAL_BYTES", &c.MaxCredentialBytes},
	} {
		given := strconv.Itoa(*n.dst)
		if !set[n.flag] {
			if given = strings.TrimSpace(getenv(n.env)); given == "" {
				continue
			}
			*n.dst, _ = strconv.Atoi(given)
		}
		if *n.dst <= 0 {
			return fmt.Errorf("--%s / %s %q must be a whole number greater than 0", n.flag, n.env, given)
		}
	}
	for _, d := range []struct {
		flag, env string
		dst       *time.Duration
		min       time.Duration
		rule      string
	}{
		{"session-idle-ttl", "HEYGEN_MCP_SESSION_IDLE_TTL", &c.SessionIdleTTL, time.Second, "of at least 1s, e.g. 30m or 2h"},
		{"stream-resume-window", "HEYGEN_MCP_STREAM_RESUME_WINDOW", &c.StreamResumeWindow, time.Second, "of at least 1s, e.g. 2m"},
		{"body-read-timeout", "HEYGEN_MCP_BODY_READ_TIMEOUT", &c.BodyReadTimeout, 1, "greater than 0, e.g. 30s"},
	} {
		given := d.dst.String()
		if !set[d.flag] {
			if given = strings.TrimSpace(getenv(d.env)); given == "" {
				continue
			}
			*d.dst, _ = time.ParseDuration(given)
		}
		if *d.dst < d.min {
			return fmt.Errorf("--%s / %s %q must be a duration %s", d.flag, d.env, given, d.rule)
		}
	}
	if c.BodyReadTimeout == 0 {
		c.BodyReadTimeout = transport.DefaultBodyReadTimeout
	}
	if c.MaxCredentialBytes == 0 {
		c.MaxCredentialBytes = transport.DefaultMaxCredentialBytes
	}
	return nil
}

// nameHTTPSetting puts the setting's name before an option the transport
// refuses; other errors pass through.
func nameHTTPSetting(err error) error {
	var oe *transport.OptionError
	if errors.As(err, &oe) {
		if name, ok := httpSettings[oe.Field]; ok {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return err
}

// CheckAllowDirs checks what ParseConfig cannot without looking at the
// machine: every --allow-dir must be an existing, readable directory. Its
// error names the flag and the directory.
func (c Config) CheckAllowDirs() error {
	_, err := c.localFiles(nil)
	return err
}

// localFiles opens the --allow-dir directories, plus the client's MCP roots
// when clientRoots says so. A nil logger leaves localfiles' default.
func (c Config) localFiles(logger *slog.Logger) (*localfiles.Allowed, error) {
	var opts []localfiles.Option
	if c.clientRoots() {
		opts = append(opts, localfiles.WithClientRoots())
	}
	if c.Transport == "http" {
		// Remote callers: a refused path must not tell them the server's
		// directories.
		opts = append(opts, localfiles.WithDirsHidden())
	}
	if logger != nil {
		opts = append(opts, localfiles.WithLogger(logger))
	}
	return localfiles.New(c.AllowDirs, opts...)
}

// clientRoots: the client's MCP roots widen the local directories on stdio
// only. There the client is the local user; a remote HTTP client must not
// widen what the server may read on its host.
func (c Config) clientRoots() bool { return c.Transport == "stdio" }

// isOrigin: "*" or scheme://host[:port] with http(s), as the HTTP transport's
// --allowed-origins accepts them.
// checkPublicURL: HeyGen's callbacks and users' players reach the server
// there, so it must be https; plain http is allowed only for loopback (local
// testing), where nothing crosses a network.
func checkPublicURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("--public-url / HEYGEN_MCP_PUBLIC_URL %q must be an https origin such as https://mcp.example.com", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("--public-url / HEYGEN_MCP_PUBLIC_URL %q must not carry credentials, a query or a fragment", raw)
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		return fmt.Errorf("--public-url / HEYGEN_MCP_PUBLIC_URL %q must use https (plain http is allowed only for localhost / 127.0.0.1 / ::1)", raw)
	}
	return nil
}

func isLoopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("--log-level / HEYGEN_LOG_LEVEL %q must be debug, info, warn or error", s)
	}
	return l, nil
}

func envBool(getenv func(string) string, name string) (bool, error) {
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q must be 1/true or 0/false", name, v)
	}
	return b, nil
}

// afterTerminator: rest (what the flag set left) followed a "--" in args.
func afterTerminator(args, rest []string) bool {
	i := len(args) - len(rest) - 1
	return i >= 0 && args[i] == "--"
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
