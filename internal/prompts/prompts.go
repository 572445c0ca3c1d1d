// Package prompts offers MCP prompts that encode good use of HeyGen's Video
// Agent: each turns a few arguments into a brief asking the assistant to call
// create_video with a specific, well-structured prompt. HeyGen's advice for
// Video Agent prompts: say who the video is for, its tone and its length in the
// prompt itself (v3 has no duration field), set orientation as a field, attach
// files as context.
package prompts

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

const (
	maxArgLen   = 1000
	minSeconds  = 5
	maxSeconds  = 600
	promptLimit = heygen.MaxPromptLen // create_video's prompt limit
)

// arg is one prompt argument.
type arg struct {
	name, description string
	required          bool
}

// kind describes one prompt.
type kind struct {
	name, title, description string
	defaultOrientation       string
	defaultLength            string
	defaultTone              string
	extra                    []arg
	// brief writes the video-specific part of the Video Agent prompt.
	brief func(b *strings.Builder, a args)
}

var common = []arg{
	{"topic", "What the video is about, e.g. \"our new expense-report feature\". Required.", true},
	{"audience", "Who will watch it, e.g. \"finance managers at mid-size companies\".", false},
	{"length", "Target length, e.g. 30s, 60s, 2m (5s to 10m). HeyGen has no duration field: it goes into the prompt.", false},
	{"orientation", "landscape (16:9) or portrait (9:16).", false},
	{"style_id", "A style from list_styles, e.g. style_paper_cutout (optional).", false},
	{"avatar_id", "An avatar look from list_avatars (optional: the agent picks one).", false},
	{"voice_id", "A voice from list_voices (optional: the agent picks one).", false},
	{"tone", "e.g. friendly, confident, playful, calm.", false},
	{"files", "Comma-separated local paths or https URLs of images, slides, PDFs or footage to use as context (optional).", false},
}

func kinds() []kind {
	return []kind{
		{
			name: "product_walkthrough", title: "Product walkthrough video",
			description:        "Brief for a product walkthrough: a presenter shows what the product does, feature by feature, and ends with a call to action.",
			defaultOrientation: "landscape", defaultLength: "60s", defaultTone: "clear, warm and confident",
			extra: []arg{
				{"product", "Product name, e.g. \"Acme Ledger\" (default: the topic).", false},
				{"features", "Comma-separated features to show, in order.", false},
				{"call_to_action", "What viewers should do at the end, e.g. \"start a free trial at acme.com\".", false},
			},
			brief: func(b *strings.Builder, a args) {
				product := a.or("product", a.get("topic"))
				fmt.Fprintf(b, "Create a product walkthrough video for %s. Topic: %s.\n", product, a.get("topic"))
				b.WriteString("Structure: open with the problem the viewer has (one sentence), introduce the product as the answer, ")
				b.WriteString("then walk through the features one scene each, showing the product on screen while a presenter explains the benefit, ")
				b.WriteString("and close with the call to action on screen.\n")
				if fs := a.list("features"); len(fs) > 0 {
					fmt.Fprintf(b, "Features to show, in this order: %s.\n", strings.Join(fs, "; "))
				}
				fmt.Fprintf(b, "Call to action: %s.\n", a.or("call_to_action", "invite viewers to try "+product))
			},
		},
		{
			name: "explainer", title: "Explainer video",
			description:        "Brief for an explainer: one idea made clear for a given audience, with a hook, a few key points and a recap.",
			defaultOrientation: "landscape", defaultLength: "90s", defaultTone: "clear, friendly and patient",
			extra: []arg{
				{"key_points", "Comma-separated points the viewer must take away.", false},
				{"level", "Audience knowledge: beginner, intermediate or expert.", false},
			},
			brief: func(b *strings.Builder, a args) {
				fmt.Fprintf(b, "Create an explainer video about %s.\n", a.get("topic"))
				b.WriteString("Structure: a hook that states the question the video answers, then the key points one at a time with a simple ")
				b.WriteString("visual or analogy for each (diagrams, on-screen keywords), then a short recap of the takeaways.\n")
				if ps := a.list("key_points"); len(ps) > 0 {
					fmt.Fprintf(b, "Key points: %s.\n", strings.Join(ps, "; "))
				}
				fmt.Fprintf(b, "Assume a %s viewer: define any term they might not know; no jargon without a plain explanation.\n",
					a.or("level", "beginner"))
			},
		},
		{
			name: "social_clip", title: "Short social media clip",
			description:        "Brief for a short vertical social clip: a hook in the first seconds, one message, captions, a quick call to action.",
			defaultOrientation: "portrait", defaultLength: "30s", defaultTone: "energetic and casual",
			extra: []arg{
				{"platform", "Where it will be posted, e.g. TikTok, Instagram Reels, YouTube Shorts, LinkedIn.", false},
				{"hook", "The opening line that stops the scroll (optional: the agent writes one).", false},
				{"call_to_action", "What viewers should do, e.g. \"follow for part 2\".", false},
			},
			brief: func(b *strings.Builder, a args) {
				fmt.Fprintf(b, "Create a short social media clip about %s", a.get("topic"))
				if p := a.get("platform"); p != "" {
					fmt.Fprintf(b, " for %s", p)
				}
				b.WriteString(".\n")
				if h := a.get("hook"); h != "" {
					fmt.Fprintf(b, "Open with this hook in the first 2 seconds: %q.\n", h)
				} else {
					b.WriteString("Open with a strong hook in the first 2 seconds (a bold claim or question).\n")
				}
				b.WriteString("One message only, fast pacing with a cut every few seconds, large on-screen captions for viewers watching without sound, ")
				b.WriteString("presenter speaking straight to camera.\n")
				fmt.Fprintf(b, "End with: %s.\n", a.or("call_to_action", "a one-line call to action"))
			},
		},
	}
}

// Register adds the prompts to s (call with server.WithPromptCapabilities set).
func Register(s *server.MCPServer) {
	for _, k := range kinds() {
		opts := []mcp.PromptOption{mcp.WithPromptDescription(k.description)}
		for _, a := range allArgs(k) {
			ao := []mcp.ArgumentOption{mcp.ArgumentDescription(a.description)}
			if a.required {
				ao = append(ao, mcp.RequiredArgument())
			}
			opts = append(opts, mcp.WithArgument(a.name, ao...))
		}
		p := mcp.NewPrompt(k.name, opts...)
		p.Title = k.title
		s.AddPrompt(p, handler(k))
	}
}

func allArgs(k kind) []arg { return append(slices.Clone(common), k.extra...) }

func handler(k kind) server.PromptHandlerFunc {
	return func(_ context.Context, req mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
		a, err := validate(k, req.Params.Arguments)
		if err != nil {
			return nil, err
		}
		text, err := brief(k, a)
		if err != nil {
			return nil, err
		}
		return mcp.NewGetPromptResult(k.title+": "+a.get("topic"), []mcp.PromptMessage{
			mcp.NewPromptMessage(mcp.RoleUser, mcp.NewTextContent(text)),
		}), nil
	}
}

type args map[string]string

func (a args) get(k string) string { return a[k] }

func (a args) or(k, def string) string {
	if v := a[k]; v != "" {
		return v
	}
	return def
}

func (a args) list(k string) []string {
	var out []string
	for p := range strings.SplitSeq(a[k], ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

var (
	lengthRe = regexp.MustCompile(`^(\d{1,4})\s*(s|sec|secs|seconds?|m|min|mins|minutes?)?$`)
	idRe     = regexp.MustCompile(`^[A-Za-z0-9_.:-]{1,128}$`)
)

// validate checks the arguments and normalises them; errors name the argument
// and the fix.
func validate(k kind, in map[string]string) (args, error) {
	valid := allArgs(k)
	names := make([]string, 0, len(valid))
	for _, a := range valid {
		names = append(names, a.name)
	}
	out := args{}
	for name, v := range in {
		if !slices.Contains(names, name) {
			return nil, fmt.Errorf("prompt %s: unknown argument %q; valid arguments: %s", k.name, name, strings.Join(names, ", "))
		}
		v = strings.TrimSpace(v)
		if len(v) > maxArgLen {
			return nil, fmt.Errorf("prompt %s: argument %q is %d characters; keep it under %d", k.name, name, len(v), maxArgLen)
		}
		out[name] = v
	}
	if out["topic"] == "" {
		return nil, fmt.Errorf("prompt %s: argument \"topic\" is required: say what the video is about, e.g. \"our new expense-report feature\"", k.name)
	}
	o := strings.ToLower(out.or("orientation", k.defaultOrientation))
	if o != "landscape" && o != "portrait" {
		return nil, fmt.Errorf("prompt %s: argument \"orientation\" is %q; use landscape (16:9) or portrait (9:16)", k.name, out["orientation"])
	}
	out["orientation"] = o
	secs, err := parseLength(out.or("length", k.defaultLength))
	if err != nil {
		return nil, fmt.Errorf("prompt %s: argument \"length\" %v", k.name, err)
	}
	out["length"] = strconv.Itoa(secs)
	for field, tool := range map[string]string{"style_id": "list_styles", "avatar_id": "list_avatars", "voice_id": "list_voices"} {
		if s := out[field]; s != "" && !idRe.MatchString(s) {
			return nil, fmt.Errorf("prompt %s: argument %q is %q, which is not an id; pick one from %s", k.name, field, s, tool)
		}
	}
	if l := strings.ToLower(out["level"]); l != "" && l != "beginner" && l != "intermediate" && l != "expert" {
		return nil, fmt.Errorf("prompt %s: argument \"level\" is %q; use beginner, intermediate or expert", k.name, out["level"])
	}
	for _, f := range out.list("files") {
		if strings.HasPrefix(f, "http://") {
			return nil, fmt.Errorf("prompt %s: argument \"files\": %q is http; HeyGen fetches only public https URLs (or give a local path)", k.name, f)
		}
	}
	return out, nil
}

// parseLength reads "30s", "90", "2m", "1 min" into seconds.
func parseLength(s string) (int, error) {
	m := lengthRe.FindStringSubmatch(strings.ToLower(strings.TrimSpace(s)))
	if m == nil {
		return 0, fmt.Errorf("is %q; write it like 30s, 90s or 2m", s)
	}
	n, _ := strconv.Atoi(m[1])
	if strings.HasPrefix(m[2], "m") {
		n *= 60
	}
	if n < minSeconds || n > maxSeconds {
		return 0, fmt.Errorf("is %q; keep it between %ds and %dm", s, minSeconds, maxSeconds/60)
	}
	return n, nil
}

func humanLength(secs int) string {
	switch {
	case secs%60 == 0:
		if secs == 60 {
			return "1 minute"
		}
		return fmt.Sprintf("%d minutes", secs/60)
	case secs > 60:
		return fmt.Sprintf("%d minutes %d seconds", secs/60, secs%60)
	default:
		return fmt.Sprintf("%d seconds", secs)
	}
}

// brief is the user message: the Video Agent prompt plus how to call create_video.
func brief(k kind, a args) (string, error) {
	secs, _ := strconv.Atoi(a["length"])
	var vp strings.Builder
	k.brief(&vp, a)
	// About 2.5 spoken words per second is a typical presenter pace.
	fmt.Fprintf(&vp, "Length: about %s (roughly %d words of narration); keep it to that length.\n", humanLength(secs), secs*5/2)
	if au := a.get("audience"); au != "" {
		fmt.Fprintf(&vp, "Audience: %s. Speak to them directly and use examples from their world.\n", au)
	}
	fmt.Fprintf(&vp, "Tone: %s.\n", a.or("tone", k.defaultTone))
	format := "landscape 16:9"
	if a["orientation"] == "portrait" {
		format = "portrait 9:16 for phones"
	}
	fmt.Fprintf(&vp, "Format: %s; keep important text and faces inside the safe area.\n", format)
	files := a.list("files")
	if len(files) > 0 {
		vp.WriteString("Use the attached files as source material and visuals; quote their facts, do not invent new ones.\n")
	}
	if vp.Len() > promptLimit {
		return "", fmt.Errorf("the brief is over create_video's %d-character prompt limit; shorten the arguments", promptLimit)
	}

	var b strings.Builder
	fmt.Fprintf(&b, "Please make this video with HeyGen's Video Agent: call the create_video tool with\n")
	fmt.Fprintf(&b, "- prompt: the text between the lines below, unchanged (improve it only if I gave you more details in this conversation)\n")
	fmt.Fprintf(&b, "- orientation: %q\n", a["orientation"])
	for _, field := range []string{"style_id", "avatar_id", "voice_id"} {
		if s := a.get(field); s != "" {
			fmt.Fprintf(&b, "- %s: %q\n", field, s)
		}
	}
	if len(files) > 0 {
		b.WriteString("- files: one entry per file: {\"type\":\"url\",\"url\":...} for https links; for local files " +
			"{\"type\":\"path\",\"path\":...} (or upload_asset first and pass {\"type\":\"asset_id\",\"asset_id\":...}):\n")
		for _, f := range files {
			fmt.Fprintf(&b, "  - %s\n", f)
		}
	}
	b.WriteString("Use mode \"generate\" unless I want to review the storyboard first (then \"chat\", and answer the agent's questions with send_message). ")
	b.WriteString("Rendering takes several minutes: after create_video, call wait_for_video (or get_session) until the video is done, then give me the link.\n\n")
	b.WriteString("---\n")
	b.WriteString(strings.TrimSpace(vp.String()))
	b.WriteString("\n---\n")
	return b.String(), nil
}
