package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/heygen-mcp/heygen-mcp/tools"
)

// demoScript is what the avatar says (videos, translation) and the voice
// speaks (speech).
const demoScript = "Hi! This video was made by heygen-mcp, through MCP tool calls, the way an AI assistant would make it."

// demoTitle names what the demo creates in the HeyGen dashboard.
const demoTitle = "heygen-mcp demo"

// outcome is what a walk ends with: a file it made (url), or for the
// toolsets that only list, a short summary.
type outcome struct {
	label   string // "Video ready", "Audio ready", ...
	url     string
	thumb   string
	sample  string // what the sandbox's stand-in is: "clip" or "audio"
	summary []string
}

// parseToolset reads --toolset: ParseToolsets' names ("default" is
// video_agent), but exactly one of them.
func parseToolset(v string, into *string) error {
	names, err := tools.ParseToolsets(v)
	if err != nil || len(names) != 1 {
		return fmt.Errorf("--toolset %q is not one toolset: use one of %s", v, strings.Join(tools.ToolsetNames(), ", "))
	}
	*into = names[0]
	return nil
}

// serverToolsets are the toolsets the demo's server offers for a --toolset:
// the walk's own, plus video_agent where the walk picks an avatar and voice
// (list_avatars, list_voices) or uploads the sandbox clip (upload_asset).
func serverToolsets(toolset string) []string {
	switch toolset {
	case tools.ToolsetVideos:
		return []string{tools.ToolsetVideos, tools.ToolsetVideoAgent}
	case tools.ToolsetTranslation:
		return []string{tools.ToolsetTranslation, tools.ToolsetVideos, tools.ToolsetVideoAgent}
	case "":
		return []string{tools.ToolsetVideoAgent}
	}
	return []string{toolset}
}

// runToolset runs the walk of w.toolset.
func (w *walk) runToolset(ctx context.Context) (outcome, error) {
	switch w.toolset {
	case tools.ToolsetVideos:
		if err := w.requireTools(ctx, "list_avatars", "list_voices", "create_avatar_video", "wait_for_video"); err != nil {
			return outcome{}, err
		}
		v, err := w.makeAvatarVideo(ctx, "This creates a real HeyGen avatar video and spends credits.")
		return outcome{label: "Video ready", url: v.VideoURL, thumb: v.ThumbnailURL, sample: "clip"}, err
	case tools.ToolsetTranslation:
		return w.runTranslation(ctx)
	case tools.ToolsetSpeech:
		return w.runSpeech(ctx)
	case tools.ToolsetAvatars:
		return w.runAvatars(ctx)
	case tools.ToolsetLibrary:
		return w.runLibrary(ctx)
	}
	v, err := w.run(ctx)
	return outcome{label: "Video ready", url: v.VideoURL, thumb: v.ThumbnailURL, sample: "clip"}, err
}

// confirmSpend asks before a create against real HeyGen.
func (w *walk) confirmSpend(ctx context.Context, what string) error {
	if !w.confirm {
		return nil
	}
	ok, err := w.askYesNo(ctx, what+" Continue? [y/N] ")
	if err != nil {
		return err
	}
	if !ok {
		return errDeclined
	}
	return nil
}

// waitVideoResult is wait_for_video's structured content (the fields read).
type waitVideoResult struct {
	videoResult
	Done     bool `json:"done"`
	Progress int  `json:"progress"`
}

// makeAvatarVideo picks a stock look and a voice, starts create_avatar_video
// and waits for it with wait_for_video.
func (w *walk) makeAvatarVideo(ctx context.Context, spend string) (videoResult, error) {
	w.step("list_avatars", "a stock avatar look to present")
	var avatars struct {
		Avatars []struct {
			AvatarID string `json:"avatar_id"`
			Status   string `json:"status"`
		} `json:"avatars"`
	}
	text, err := w.call(ctx, "list_avatars", map[string]any{"ownership": "public", "limit": 3}, &avatars)
	if err != nil {
		return videoResult{}, err
	}
	w.show(text)
	look := ""
	for _, a := range avatars.Avatars {
		if a.Status == "" || a.Status == "completed" {
			look = a.AvatarID
			break
		}
	}
	if look == "" {
		return videoResult{}, errors.New("list_avatars listed no ready stock avatar look")
	}

	w.step("list_voices", "a voice to read the script")
	var voices struct {
		Voices []struct {
			VoiceID string `json:"voice_id"`
		} `json:"voices"`
	}
	if text, err = w.call(ctx, "list_voices", map[string]any{"type": "public", "limit": 3}, &voices); err != nil {
		return videoResult{}, err
	}
	w.show(text)
	if len(voices.Voices) == 0 {
		return videoResult{}, errors.New("list_voices listed no stock voice")
	}
	voice := voices.Voices[0].VoiceID

	if err := w.confirmSpend(ctx, spend); err != nil {
		return videoResult{}, err
	}
	w.step("create_avatar_video", fmt.Sprintf("look %s reads a short script with voice %s", look, voice))
	var created struct {
		VideoID string `json:"video_id"`
	}
	args := map[string]any{"type": "avatar", "avatar_id": look, "voice_id": voice, "script": demoScript, "title": demoTitle}
	if _, err := w.call(ctx, "create_avatar_video", args, &created); err != nil {
		return videoResult{}, err
	}
	if created.VideoID == "" {
		return videoResult{}, errors.New("create_avatar_video returned no video_id")
	}
	fmt.Fprintf(w.out, "  video %s started\n", created.VideoID)

	w.step("wait_for_video", "waiting for the video")
	r, err := waitFor(ctx, w, "wait_for_video", map[string]any{"video_id": created.VideoID},
		func(r waitVideoResult) jobState { return jobState{r.Status, r.Progress, r.Done} })
	v := r.videoResult
	switch {
	case err != nil:
		return v, err
	case v.Status == "failed":
		return v, fmt.Errorf("video %s failed: %s %s", created.VideoID, orDefault(v.FailureCode, "(no failure_code)"), v.FailureMessage)
	case v.VideoURL == "":
		return v, fmt.Errorf("video %s is %s but has no video_url", created.VideoID, v.Status)
	}
	return v, nil
}

// jobState is what the progress display shows of a wait tool's result.
type jobState struct {
	status   string
	progress int
	done     bool
}

// waitFor calls a wait tool (wait_for_video, wait_for_video_translation)
// until its result says done, showing status and progress on the walk's
// display. Each call waits server-side for up to waitSeconds.
func waitFor[T any](ctx context.Context, w *walk, tool string, args map[string]any, state func(T) jobState) (T, error) {
	start := w.now()
	defer w.view.Finish()
	args["timeout_seconds"] = w.waitSeconds()
	for {
		var r T
		if _, err := w.call(ctx, tool, args, &r); err != nil {
			w.view.Interrupt()
			return r, err
		}
		s := state(r)
		if s.done && s.status != "completed" {
			w.view.Interrupt()
			return r, nil
		}
		if s.done {
			s.progress = 100
		}
		w.view.Update(s.status, s.progress, w.now().Sub(start))
		if s.done {
			return r, nil
		}
		if err := w.sleep(ctx, w.pollMin); err != nil {
			return r, err
		}
	}
}

// waitSeconds is a wait tool's timeout_seconds: short in the sandbox so the
// display moves, up to the poll interval against HeyGen.
func (w *walk) waitSeconds() int {
	return int(max(1, min(45, w.pollMax.Seconds())))
}

// waitTranslationResult is wait_for_video_translation's structured content.
type waitTranslationResult struct {
	Status         string `json:"status"`
	VideoURL       string `json:"video_url"`
	FailureMessage string `json:"failure_message"`
	Done           bool   `json:"done"`
	Progress       int    `json:"progress"`
}

// runTranslation makes an avatar video, then translates it into one language.
func (w *walk) runTranslation(ctx context.Context) (outcome, error) {
	if err := w.requireTools(ctx, "list_avatars", "list_voices", "create_avatar_video", "wait_for_video",
		"list_translation_languages", "create_video_translation", "wait_for_video_translation"); err != nil {
		return outcome{}, err
	}
	v, err := w.makeAvatarVideo(ctx, "This creates a real HeyGen avatar video and then a translation of it, and spends credits for both.")
	if err != nil {
		return outcome{}, err
	}
	fmt.Fprintf(w.out, "  video %s is ready; now it is translated\n", v.VideoID)

	w.step("list_translation_languages", "the languages it can be translated into")
	var langs struct {
		Languages []string `json:"languages"`
	}
	text, err := w.call(ctx, "list_translation_languages", map[string]any{}, &langs)
	if err != nil {
		return outcome{}, err
	}
	w.show(strings.SplitN(text, "\n", 2)[0])
	lang := ""
	for _, l := range langs.Languages {
		if !strings.HasPrefix(l, "English") {
			lang = l
			break
		}
	}
	if lang == "" {
		return outcome{}, errors.New("list_translation_languages listed no language other than English")
	}

	args, err := w.translationSource(ctx, v.VideoURL)
	if err != nil {
		return outcome{}, err
	}
	args["output_languages"] = []string{lang}
	args["title"] = demoTitle
	w.step("create_video_translation", "into "+lang)
	var created struct {
		Translations []struct {
			ID string `json:"video_translation_id"`
		} `json:"translations"`
	}
	if _, err := w.call(ctx, "create_video_translation", args, &created); err != nil {
		return outcome{}, err
	}
	if len(created.Translations) == 0 || created.Translations[0].ID == "" {
		return outcome{}, errors.New("create_video_translation returned no video_translation_id")
	}
	id := created.Translations[0].ID
	fmt.Fprintf(w.out, "  translation %s started\n", id)

	w.step("wait_for_video_translation", "waiting for the translation")
	tr, err := waitFor(ctx, w, "wait_for_video_translation", map[string]any{"video_translation_id": id},
		func(r waitTranslationResult) jobState { return jobState{r.Status, r.Progress, r.Done} })
	switch {
	case err != nil:
		return outcome{}, err
	case tr.Status != "completed":
		return outcome{}, fmt.Errorf("translation %s %s: %s", id, tr.Status, orDefault(tr.FailureMessage, "no reason given"))
	case tr.VideoURL == "":
		return outcome{}, fmt.Errorf("translation %s is completed but has no video_url", id)
	}
	return outcome{label: "Translated video ready (" + lang + ")", url: tr.VideoURL, sample: "clip"}, nil
}

// translationSource is create_video_translation's source argument: HeyGen's
// https video_url as it is; a local file (the sandbox clip over stdio) is
// uploaded with upload_asset first, as an assistant would.
func (w *walk) translationSource(ctx context.Context, videoURL string) (map[string]any, error) {
	if strings.HasPrefix(videoURL, "https://") {
		return map[string]any{"video_url": videoURL}, nil
	}
	kept, err := keepSandboxFile(videoURL, w.filesDir)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(kept)
	if err != nil || u.Scheme != "file" {
		return nil, fmt.Errorf("video_url %q is neither https nor a local file: it cannot be translated", videoURL)
	}
	w.step("upload_asset", "the video is a local file, not a public https URL: upload it to translate it")
	var up struct {
		AssetID string `json:"asset_id"`
	}
	if _, err := w.call(ctx, "upload_asset", map[string]any{"path": u.Path}, &up); err != nil {
		return nil, err
	}
	fmt.Fprintf(w.out, "  uploaded as asset %s\n", up.AssetID)
	return map[string]any{"video_asset_id": up.AssetID}, nil
}

// runSpeech speaks the demo script with a voice that supports text_to_speech.
func (w *walk) runSpeech(ctx context.Context) (outcome, error) {
	if err := w.requireTools(ctx, "list_voices", "text_to_speech"); err != nil {
		return outcome{}, err
	}
	w.step("list_voices", "voices that can speak text (engine starfish)")
	var voices struct {
		Voices []struct {
			VoiceID string `json:"voice_id"`
		} `json:"voices"`
	}
	text, err := w.call(ctx, "list_voices", map[string]any{"engine": "starfish", "limit": 3}, &voices)
	if err != nil {
		return outcome{}, err
	}
	w.show(text)
	if len(voices.Voices) == 0 {
		return outcome{}, errors.New("list_voices listed no voice with the starfish engine")
	}
	voice := voices.Voices[0].VoiceID
	if err := w.confirmSpend(ctx, "This makes real HeyGen speech and may spend credits."); err != nil {
		return outcome{}, err
	}
	w.step("text_to_speech", "voice "+voice+" reads a short script")
	var sp struct {
		AudioURL string  `json:"audio_url"`
		Duration float64 `json:"duration"`
	}
	if _, err := w.call(ctx, "text_to_speech", map[string]any{"text": demoScript, "voice_id": voice}, &sp); err != nil {
		return outcome{}, err
	}
	if sp.AudioURL == "" {
		return outcome{}, errors.New("text_to_speech returned no audio_url")
	}
	fmt.Fprintf(w.out, "  %.1f s of speech\n", sp.Duration)
	return outcome{label: "Audio ready", url: sp.AudioURL, sample: "audio"}, nil
}

// runAvatars lists avatar groups and the looks of the first one.
func (w *walk) runAvatars(ctx context.Context) (outcome, error) {
	if err := w.requireTools(ctx, "list_avatar_groups", "list_avatars"); err != nil {
		return outcome{}, err
	}
	w.step("list_avatar_groups", "the avatars this account can use")
	var groups struct {
		Groups []struct {
			GroupID    string `json:"group_id"`
			Name       string `json:"name"`
			LooksCount int    `json:"looks_count"`
		} `json:"groups"`
		HasMore bool `json:"has_more"`
	}
	text, err := w.call(ctx, "list_avatar_groups", map[string]any{"limit": 5}, &groups)
	if err != nil {
		return outcome{}, err
	}
	w.show(text)
	out := outcome{summary: []string{fmt.Sprintf("%d avatar group(s) listed%s.", len(groups.Groups), more(groups.HasMore))}}
	if len(groups.Groups) == 0 {
		return out, nil
	}
	g := groups.Groups[0]
	w.step("list_avatars", "the looks of "+g.Name)
	var looks struct {
		Avatars []struct {
			Name string `json:"name"`
		} `json:"avatars"`
	}
	if text, err = w.call(ctx, "list_avatars", map[string]any{"group_id": g.GroupID, "limit": 3}, &looks); err != nil {
		return outcome{}, err
	}
	w.show(text)
	names := make([]string, 0, len(looks.Avatars))
	for _, l := range looks.Avatars {
		names = append(names, l.Name)
	}
	out.summary = append(out.summary, fmt.Sprintf("%s (%s) has %d look(s): %s.", g.Name, g.GroupID, g.LooksCount, strings.Join(names, ", ")))
	return out, nil
}

// runLibrary lists the account's brand kits.
func (w *walk) runLibrary(ctx context.Context) (outcome, error) {
	if err := w.requireTools(ctx, "list_brand_kits"); err != nil {
		return outcome{}, err
	}
	w.step("list_brand_kits", "the account's brand kits (logos and colours)")
	var kits struct {
		BrandKits []struct {
			Name string `json:"name"`
		} `json:"brand_kits"`
		HasMore bool `json:"has_more"`
	}
	text, err := w.call(ctx, "list_brand_kits", map[string]any{"limit": 5}, &kits)
	if err != nil {
		return outcome{}, err
	}
	w.show(text)
	names := make([]string, 0, len(kits.BrandKits))
	for _, k := range kits.BrandKits {
		names = append(names, k.Name)
	}
	line := fmt.Sprintf("%d brand kit(s) listed%s", len(names), more(kits.HasMore))
	if len(names) > 0 {
		line += ": " + strings.Join(names, ", ")
	}
	return outcome{summary: []string{line + "."}}, nil
}

func more(hasMore bool) string {
	if hasMore {
		return " (more on the next page)"
	}
	return ""
}

// printSummary ends a walk that lists rather than makes something.
func printSummary(w io.Writer, st settings, out outcome) {
	fmt.Fprintln(w, "\nSummary:")
	for _, l := range out.summary {
		fmt.Fprintf(w, "  %s\n", l)
	}
	if st.sandbox {
		fmt.Fprintln(w, "SIMULATED: the sandbox's sample catalogue, not a HeyGen account's. "+
			"Set HEYGEN_API_KEY and drop --sandbox to list your own.")
	}
}
