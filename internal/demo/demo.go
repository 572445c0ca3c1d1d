// Package demo is `heygen-mcp demo`: it starts the server in-process, connects
// an MCP client to it and makes one video the way an assistant would, through
// tool calls only, with a live progress bar. Without HEYGEN_API_KEY (or with
// --sandbox) it runs against the built-in simulator, so a newcomer sees the
// whole job work with no account.
package demo

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/app"
	"github.com/heygen-mcp/heygen-mcp/internal/sandbox"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
	"github.com/heygen-mcp/heygen-mcp/tools"
)

// DefaultPrompt is what the demo asks for when --prompt is not given.
const DefaultPrompt = "A 30-second upbeat explainer: what heygen-mcp is and how it lets an AI assistant make videos with HeyGen."

// settings are the parsed command line plus what the environment decides.
type settings struct {
	prompt  string
	mode    string
	styleID string
	// toolset is the one toolset the walk shows (--toolset): video_agent
	// (the default) makes a video with the agent; see walk_toolsets.go.
	toolset string
	sandbox bool
	yes     bool
	speed   float64
	// speedSet: --speed was given (else HEYGEN_SANDBOX_SPEED may apply).
	speedSet bool
	timeout  time.Duration
	apiKey   string // real mode only
	// server is the server's own configuration from the environment, read
	// once here so the demo and the server agree on HEYGEN_SANDBOX and the key.
	server app.Config
}

const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// How long the demo waits for its video when --timeout is not given: real
// Video Agent runs often take 20-45 minutes (inferred).
const (
	realTimeout    = 60 * time.Minute
	sandboxTimeout = 5 * time.Minute
)

// timeoutDefaults says the two defaults the way --timeout is written.
var timeoutDefaults = fmt.Sprintf("%dm in the sandbox, %dm against HeyGen",
	int(sandboxTimeout.Minutes()), int(realTimeout.Minutes()))

// Run is `heygen-mcp demo [flags]`; args exclude "demo". It returns the exit
// code: 0 with a video URL printed, 1 on failure, 2 on bad usage.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return run(ctx, args, runEnv{
		getenv: os.Getenv, stdin: stdin, stdout: stdout, stderr: stderr,
		terminal:  isTerminal(stdout),
		echoInput: !isTerminalReader(stdin),
		// A fixed dir rather than the sandbox's own temp dir, which is removed
		// at exit: the printed file:// URL must still open afterwards.
		filesDir: filepath.Join(os.TempDir(), "heygen-mcp-sandbox-demo"),
	})
}

// runEnv is what Run takes from the process, injectable for tests.
type runEnv struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
	terminal       bool // stdout is a terminal: live bar instead of lines
	echoInput      bool // stdin is not a terminal: echo answers read from it
	filesDir       string

	// Test hooks: poll bounds (zero = the defaults) and a wrapper around the
	// MCP client.
	pollMin, pollMax time.Duration
	wrap             func(toolCaller) toolCaller
}

func run(ctx context.Context, args []string, env runEnv) int {
	stdout, stderr := env.stdout, env.stderr
	st, err := parseArgs(args, env.getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "heygen-mcp demo: %v\nRun 'heygen-mcp demo --help' for usage.\n", err)
		return exitUsage
	}

	ctx, cancel := context.WithTimeout(ctx, st.timeout)
	defer cancel()

	banner(stdout, st)
	caller, closeServer, err := startServer(ctx, st, env)
	if err != nil {
		fmt.Fprintf(stderr, "heygen-mcp demo: start the server: %s\n", failureMessage(ctx, st, "", err))
		return exitFail
	}
	defer closeServer()
	if env.wrap != nil {
		caller = env.wrap(caller)
	}

	w := &walk{
		mcp:      caller,
		out:      stdout,
		in:       newLineReader(env.stdin),
		echo:     env.echoInput,
		view:     newProgressView(stdout, env.terminal),
		prompt:   st.prompt,
		mode:     st.mode,
		styleID:  st.styleID,
		toolset:  st.toolset,
		filesDir: env.filesDir,
		confirm:  !st.sandbox && !st.yes,
		now:      time.Now,
		sleep:    heygen.SleepContext,
	}
	w.pollMin, w.pollMax = pollBounds(st)
	if env.pollMin > 0 {
		w.pollMin, w.pollMax = env.pollMin, max(env.pollMin, env.pollMax)
	}

	out, err := w.runToolset(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "\nheygen-mcp demo: %s\n", failureMessage(ctx, st, w.sessionID, err))
		return exitFail
	}
	if out.url == "" {
		printSummary(stdout, st, out)
		return exitOK
	}
	videoURL, thumbURL := out.url, out.thumb
	if st.sandbox {
		if videoURL, err = keepSandboxFile(videoURL, env.filesDir); err == nil {
			thumbURL, err = keepSandboxFile(thumbURL, env.filesDir)
		}
		if err != nil {
			fmt.Fprintf(stderr, "\nheygen-mcp demo: %v\n", err)
			return exitFail
		}
	}
	fmt.Fprintf(stdout, "\n%s: %s\n", out.label, videoURL)
	if thumbURL != "" {
		fmt.Fprintf(stdout, "Thumbnail:   %s\n", thumbURL)
	}
	if st.sandbox {
		fmt.Fprintf(stdout, "SIMULATED: this is the sandbox's sample %s, not a real HeyGen render. "+
			"Set HEYGEN_API_KEY and drop --sandbox to make a real one.\n", out.sample)
	}
	return exitOK
}

func parseArgs(args []string, getenv func(string) string, stderr io.Writer) (settings, error) {
	fs := flag.NewFlagSet("heygen-mcp demo", flag.ContinueOnError)
	// Parse errors are reported once, by run; only --help prints the usage.
	fs.SetOutput(io.Discard)
	st := settings{speed: 1, toolset: tools.ToolsetVideoAgent}
	fs.StringVar(&st.prompt, "prompt", DefaultPrompt, fmt.Sprintf("what the video should be about (1-%d characters)", heygen.MaxPromptLen))
	fs.StringVar(&st.mode, "mode", heygen.ModeGenerate, "generate (one shot) or chat (the agent asks you a question and shows a storyboard first)")
	fs.StringVar(&st.styleID, "style", "", "a style_id from list_styles (optional)")
	fs.Func("toolset", "which toolset to show: "+strings.Join(tools.ToolsetNames(), ", ")+" (default "+tools.ToolsetVideoAgent+")",
		func(v string) error { return parseToolset(v, &st.toolset) })
	fs.BoolVar(&st.sandbox, "sandbox", false, "use the built-in simulator even if HEYGEN_API_KEY is set (nothing is spent)")
	fs.BoolVar(&st.yes, "yes", false, "do not ask before spending HeyGen credits (real mode)")
	fs.Func("speed", fmt.Sprintf("sandbox only: how much faster than the default ~%g s per video simulated time runs, "+
		"greater than 0 and at most %d (default 1)", sandbox.GenerateDuration.Seconds(), sandbox.MaxSpeed), func(v string) error {
		speed, err := app.ParseSandboxSpeed(v)
		if err != nil {
			return fmt.Errorf("--speed must be a positive number (greater than 0 and at most %d), such as 1 or 10; got %q",
				sandbox.MaxSpeed, v)
		}
		st.speed = speed
		return nil
	})
	fs.Func("timeout", "give up after this long, e.g. 90s or 10m (default "+timeoutDefaults+")", func(v string) error {
		d, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil || d < 0 {
			return fmt.Errorf("--timeout must be positive, a duration such as 90s, 10m or 1h "+
				"(0 = the default: %s); got %q", timeoutDefaults, v)
		}
		st.timeout = d
		return nil
	})
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: heygen-mcp demo [flags]\n\n"+
			"Makes one video through the MCP tools, as an assistant would: get_account, list_styles, create_video,\n"+
			"then get_session/get_video until the video is ready, and prints its URL. Without HEYGEN_API_KEY it uses\n"+
			"the sandbox (simulated, free); with it, it asks before spending credits. --toolset shows another\n"+
			"toolset's tools instead (an avatar video, a translation, speech, the avatar or brand-kit catalogue).\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fs.Usage()
			return settings{}, err
		}
		return settings{}, demoFlagError(err)
	}
	if fs.NArg() > 0 {
		return settings{}, fmt.Errorf("unexpected argument %q (flags only; quote the prompt: --prompt \"...\")", fs.Arg(0))
	}

	st.prompt = strings.TrimSpace(st.prompt)
	switch n := len([]rune(st.prompt)); {
	case n == 0:
		return settings{}, errors.New("--prompt is empty: say what the video should be about")
	case n > heygen.MaxPromptLen:
		return settings{}, fmt.Errorf("--prompt is %d characters; HeyGen accepts at most %d", n, heygen.MaxPromptLen)
	}
	if st.mode != heygen.ModeGenerate && st.mode != heygen.ModeChat {
		return settings{}, fmt.Errorf("--mode %q is not valid: use generate or chat", st.mode)
	}
	// The one id rule create_video applies: a bad --style is a usage error, not a failed run.
	if st.styleID != "" && !heygen.ValidID(st.styleID) {
		return settings{}, fmt.Errorf("--style %q is not a style_id: use one from list_styles (%s)", st.styleID, heygen.IDRule)
	}

	// The demo's server always runs in-process over stdio, so the transport
	// settings of the environment do not apply to it (nor do their checks).
	cfg, err := app.ParseConfig(nil, func(k string) string {
		if k == "HEYGEN_MCP_TRANSPORT" {
			return ""
		}
		return getenv(k)
	})
	if err != nil {
		return settings{}, err
	}
	st.server = cfg
	if cfg.APIKey == "" || cfg.Sandbox {
		st.sandbox = true
	}
	if !st.sandbox {
		st.apiKey = cfg.APIKey
	}
	fs.Visit(func(f *flag.Flag) { st.speedSet = st.speedSet || f.Name == "speed" })
	if st.speedSet && !st.sandbox {
		return settings{}, errors.New("--speed only applies to the sandbox; add --sandbox or unset HEYGEN_API_KEY")
	}
	if st.timeout == 0 {
		st.timeout = realTimeout
		if st.sandbox {
			st.timeout = sandboxTimeout
		}
	}
	return st, nil
}

// demoFlagError: the demo's own flag errors are already one sentence naming
// the flag and what it accepts; the flag package's (unknown flag, bad
// boolean) are rewritten the way the server's are.
func demoFlagError(err error) error {
	msg := err.Error()
	if i := strings.Index(msg, ": --"); i >= 0 && strings.HasPrefix(msg, "invalid value ") {
		return errors.New(msg[i+2:])
	}
	return app.FlagError(err)
}

func banner(w io.Writer, st settings) {
	if st.sandbox {
		fmt.Fprintln(w, "heygen-mcp demo: SANDBOX (simulated HeyGen, no account needed, nothing is spent).")
		if st.speed == 1 {
			fmt.Fprintf(w, "A video takes about %g s of simulated work; --speed 10 makes it ten times faster.\n", sandbox.GenerateDuration.Seconds())
		}
	} else {
		fmt.Fprintln(w, "heygen-mcp demo: against HeyGen with the key in HEYGEN_API_KEY. Video Agent runs often take 20-45 minutes.")
	}
	fmt.Fprintln(w, "Starting the MCP server in-process and calling its tools as an assistant would.")
	fmt.Fprintln(w)
}

// pollBounds: the sandbox is polled often so the bar moves smoothly; HeyGen
// gently, as the server's own watchers poll it (5 s up to 30 s between polls).
func pollBounds(st settings) (lo, hi time.Duration) {
	if !st.sandbox {
		s := watch.DefaultSchedule()
		return s.First, s.Max
	}
	d := time.Duration(float64(500*time.Millisecond) / st.speed)
	d = max(10*time.Millisecond, min(500*time.Millisecond, d))
	return d, d
}

func failureMessage(ctx context.Context, st settings, sessionID string, err error) string {
	msg := err.Error()
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		msg = fmt.Sprintf("gave up after --timeout %s", st.timeout)
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		msg = "interrupted"
	}
	if sessionID != "" && !st.sandbox {
		msg += fmt.Sprintf("\nSession %s may still be running on HeyGen; check it later with the get_session tool.", sessionID)
	}
	return msg
}
