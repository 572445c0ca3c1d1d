package demo

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/heygen-mcp/heygen-mcp/internal/sandbox"
	"github.com/mark3labs/mcp-go/mcp"
)

// toolCaller is the part of an MCP client the demo uses (*client.Client).
type toolCaller interface {
	ListTools(ctx context.Context, req mcp.ListToolsRequest) (*mcp.ListToolsResult, error)
	CallTool(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error)
}

// Structured-content shapes of the tools the demo calls: only the fields it
// reads, named as tools/ names them on the wire.
type (
	createResult struct {
		SessionID string `json:"session_id"`
		Status    string `json:"status"`
		VideoID   string `json:"video_id"`
	}
	sessionResult struct {
		SessionID  string `json:"session_id"`
		Status     string `json:"status"`
		Progress   int    `json:"progress"`
		VideoID    string `json:"video_id"`
		NeedsInput bool   `json:"needs_input"`
		Question   string `json:"question"`
		Error      string `json:"error"`
	}
	videoResult struct {
		VideoID        string  `json:"video_id"`
		Status         string  `json:"status"`
		VideoURL       string  `json:"video_url"`
		ThumbnailURL   string  `json:"thumbnail_url"`
		Duration       float64 `json:"duration"`
		FailureCode    string  `json:"failure_code"`
		FailureMessage string  `json:"failure_message"`
	}
)

// toolError is a tool result with isError set: the server's own explanation,
// which is what the demo shows the user.
type toolError struct {
	Tool, Text string
}

func (e *toolError) Error() string { return e.Tool + " failed: " + e.Text }

// walk drives one video job through MCP tool calls, as an assistant would.
type walk struct {
	mcp      toolCaller
	out      io.Writer
	in       *lineReader
	echo     bool // print answers read from a non-terminal stdin
	view     progressView
	prompt   string
	mode     string // generate | chat
	styleID  string
	toolset  string // --toolset; "" or video_agent runs run
	filesDir string // where a sandbox file is kept (and uploaded from)
	// confirm asks before create_video (real HeyGen spends credits).
	confirm bool
	// pollMin and pollMax bound the wait between polls; it grows from min to max.
	pollMin, pollMax time.Duration
	now              func() time.Time
	sleep            func(ctx context.Context, d time.Duration) error

	sessionID string // set once create_video succeeded, for failure messages
}

// errDeclined is returned when the user does not confirm spending credits.
var errDeclined = errors.New("not confirmed: nothing was created on HeyGen")

func (w *walk) run(ctx context.Context) (videoResult, error) {
	if err := w.checkTools(ctx); err != nil {
		return videoResult{}, err
	}

	w.step("get_account", "who the key belongs to and its credits")
	text, err := w.call(ctx, "get_account", map[string]any{}, nil)
	if err != nil {
		return videoResult{}, err
	}
	w.show(text)

	w.step("list_styles", "a few of the visual styles the agent can use")
	text, err = w.call(ctx, "list_styles", map[string]any{"limit": 5}, nil)
	if err != nil {
		return videoResult{}, err
	}
	w.show(text)

	if err := w.confirmSpend(ctx, "This creates a real HeyGen video and spends credits from the account above."); err != nil {
		return videoResult{}, err
	}

	args := map[string]any{"prompt": w.prompt, "mode": w.mode}
	if w.styleID != "" {
		args["style_id"] = w.styleID
	}
	w.step("create_video", fmt.Sprintf("mode %s, prompt %q", w.mode, w.prompt))
	var created createResult
	if _, err := w.call(ctx, "create_video", args, &created); err != nil {
		return videoResult{}, err
	}
	if created.SessionID == "" {
		return videoResult{}, errors.New("create_video returned no session_id")
	}
	w.sessionID = created.SessionID
	fmt.Fprintf(w.out, "  session %s started\n", created.SessionID)

	w.step("get_session / get_video", "waiting for the video")
	return w.wait(ctx, created.SessionID, created.VideoID)
}

// checkTools fails early when the server lacks a tool the walk needs (e.g. a
// --read-only server has no create_video).
func (w *walk) checkTools(ctx context.Context) error {
	need := []string{"get_account", "list_styles", "create_video", "get_session", "get_video"}
	if w.mode == "chat" {
		need = append(need, "send_message")
	}
	return w.requireTools(ctx, need...)
}

// requireTools fails when the server lacks one of the tools named.
func (w *walk) requireTools(ctx context.Context, need ...string) error {
	res, err := w.mcp.ListTools(ctx, mcp.ListToolsRequest{})
	if err != nil {
		return fmt.Errorf("tools/list: %w", err)
	}
	have := make([]string, 0, len(res.Tools))
	for _, t := range res.Tools {
		have = append(have, t.Name)
	}
	var missing []string
	for _, n := range need {
		if !slices.Contains(have, n) {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the server has no %s tool(s) (is it in --read-only mode?); it has: %s",
			strings.Join(missing, ", "), strings.Join(have, ", "))
	}
	return nil
}

// wait polls get_session until a video exists, then get_video until it is
// done, answering the agent in chat mode. Once a video_id is known get_video is
// the source of truth: HeyGen's session GET may stop answering then
// (inferred), so get_session errors only cost the progress figure.
func (w *walk) wait(ctx context.Context, sessionID, videoID string) (videoResult, error) {
	start := w.now()
	defer w.view.Finish()
	interval := w.pollMin
	status, percent := "thinking", 0
	answeredQuestion := "" // the question last answered, while the session still shows it

	for {
		var s sessionResult
		_, sessErr := w.call(ctx, "get_session", map[string]any{"session_id": sessionID}, &s)
		switch {
		case sessErr != nil && videoID == "":
			return videoResult{}, sessErr
		case sessErr == nil:
			status, percent = s.Status, s.Progress
			if s.VideoID != "" {
				videoID = s.VideoID
			}
		}

		if sessErr == nil && s.Status == "failed" && videoID == "" {
			w.view.Interrupt()
			return videoResult{}, fmt.Errorf("the session failed: %s", orDefault(s.Error, "no reason given"))
		}

		if sessErr == nil && s.NeedsInput && s.Question != answeredQuestion {
			if w.mode != "chat" {
				return videoResult{}, fmt.Errorf("the agent paused for input (%s) although the session is in generate mode: %s", s.Status, s.Question)
			}
			w.view.Interrupt()
			if err := w.answer(ctx, sessionID, s); err != nil {
				return videoResult{}, err
			}
			answeredQuestion = s.Question
			interval = w.pollMin
			continue
		}
		if sessErr == nil && !s.NeedsInput {
			answeredQuestion = ""
		}

		if videoID != "" {
			var v videoResult
			if _, err := w.call(ctx, "get_video", map[string]any{"video_id": videoID}, &v); err != nil {
				return videoResult{}, err
			}
			switch v.Status {
			case "completed":
				w.view.Update("completed", 100, w.now().Sub(start))
				if v.VideoURL == "" {
					return v, fmt.Errorf("video %s is completed but has no video_url", videoID)
				}
				return v, nil
			case "failed":
				w.view.Interrupt()
				return v, fmt.Errorf("video %s failed: %s %s", videoID, orDefault(v.FailureCode, "(no failure_code)"), v.FailureMessage)
			}
			if sessErr == nil && s.Status == "failed" {
				w.view.Interrupt()
				return v, fmt.Errorf("the session failed while video %s was %s: %s", videoID, v.Status, orDefault(s.Error, "no reason given"))
			}
			if sessErr != nil {
				status = "video " + v.Status
			}
		} else if sessErr == nil && s.Status == "completed" {
			return videoResult{}, fmt.Errorf("session %s completed without a video_id; list its videos with the list_session_videos tool", sessionID)
		}

		w.view.Update(status, percent, w.now().Sub(start))
		if err := w.sleep(ctx, interval); err != nil {
			return videoResult{}, err
		}
		interval = min(w.pollMax, interval*3/2)
	}
}

// answer shows the agent's question and sends the user's reply.
func (w *walk) answer(ctx context.Context, sessionID string, s sessionResult) error {
	fallback := "Go with your recommendation."
	if s.Status == "reviewing" {
		fallback = "Looks good, please render it."
	}
	fmt.Fprintf(w.out, "\n  The agent asks (%s):\n", s.Status)
	for _, line := range strings.Split(strings.TrimSpace(s.Question), "\n") {
		fmt.Fprintf(w.out, "    %s\n", line)
	}
	fmt.Fprintf(w.out, "  Your answer (Enter for %q): ", fallback)
	line, err := w.in.ReadLine(ctx)
	switch {
	case errors.Is(err, io.EOF):
		line = ""
		fmt.Fprintln(w.out)
	case err != nil:
		return fmt.Errorf("read your answer: %w", err)
	}
	reply := strings.TrimSpace(line)
	switch {
	case reply == "":
		reply = fallback
		fmt.Fprintf(w.out, "  answering: %s\n", reply)
	case w.echo:
		fmt.Fprintln(w.out, reply)
	}
	w.step("send_message", "")
	if _, err := w.call(ctx, "send_message", map[string]any{"session_id": sessionID, "message": reply}, nil); err != nil {
		return err
	}
	return nil
}

func (w *walk) askYesNo(ctx context.Context, question string) (bool, error) {
	fmt.Fprint(w.out, "\n"+question)
	line, err := w.in.ReadLine(ctx)
	if err != nil && !errors.Is(err, io.EOF) {
		return false, fmt.Errorf("read confirmation: %w", err)
	}
	if errors.Is(err, io.EOF) {
		fmt.Fprintln(w.out)
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}

// call runs one tool and decodes its structured content into into (may be
// nil). It returns the result text for display.
func (w *walk) call(ctx context.Context, name string, args map[string]any, into any) (string, error) {
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := w.mcp.CallTool(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", fmt.Errorf("%s: %w", name, err)
	}
	text := resultText(res)
	if res.IsError {
		return "", &toolError{Tool: name, Text: text}
	}
	if into != nil {
		raw := []byte(res.RawStructuredContent)
		if len(raw) == 0 {
			if raw, err = json.Marshal(res.StructuredContent); err != nil {
				return "", fmt.Errorf("%s: encode structured content: %w", name, err)
			}
		}
		if err := json.Unmarshal(raw, into); err != nil {
			return "", fmt.Errorf("%s: unexpected structured content: %w", name, err)
		}
	}
	return text, nil
}

// resultText joins a result's text blocks, without the sandbox notice the
// demo already showed once in its banner.
func resultText(res *mcp.CallToolResult) string {
	var parts []string
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			t := strings.TrimPrefix(tc.Text, sandbox.Notice)
			if t = strings.TrimSpace(t); t != "" {
				parts = append(parts, t)
			}
		}
	}
	return strings.Join(parts, "\n")
}

func (w *walk) step(tool, what string) {
	if what == "" {
		fmt.Fprintf(w.out, "→ %s\n", tool)
		return
	}
	fmt.Fprintf(w.out, "→ %s: %s\n", tool, what)
}

func (w *walk) show(text string) {
	for _, line := range strings.Split(text, "\n") {
		fmt.Fprintf(w.out, "    %s\n", line)
	}
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// lineReader reads answers from stdin without blocking past ctx: a read runs
// in its own goroutine and an abandoned one ends with the process.
type lineReader struct {
	r *bufio.Reader
}

func newLineReader(r io.Reader) *lineReader { return &lineReader{r: bufio.NewReader(r)} }

// ReadLine returns the next line without its newline; io.EOF when the input
// is exhausted (a last line without newline is returned first).
func (l *lineReader) ReadLine(ctx context.Context) (string, error) {
	type lineOrErr struct {
		line string
		err  error
	}
	ch := make(chan lineOrErr, 1)
	go func() {
		line, err := l.r.ReadString('\n')
		if err == io.EOF && line != "" {
			err = nil
		}
		ch <- lineOrErr{strings.TrimRight(line, "\r\n"), err}
	}()
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case r := <-ch:
		return r.line, r.err
	}
}
