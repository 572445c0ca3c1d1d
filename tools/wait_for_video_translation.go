package tools

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/watch"
)

// WaitForVideoTranslationParams are the arguments of wait_for_video_translation.
type WaitForVideoTranslationParams struct {
	VideoTranslationID ID   `json:"video_translation_id" jsonschema:"required,minLength=1,description=Video translation id from create_video_translation (e.g. vt_abc123)."`
	TimeoutSeconds     *int `json:"timeout_seconds,omitempty" jsonschema:"minimum=1,maximum=600,description=How long to wait at most (1-600; default 45). Clients usually give up on a call after about 60 s: keep it at 45 or less unless yours waits longer."`
}

func (p WaitForVideoTranslationParams) timeout() time.Duration { return waitTimeout(p.TimeoutSeconds) }

// WaitTranslationResult is wait_for_video_translation's structured content:
// every get_video_translation field plus whether the wait is over.
type WaitTranslationResult struct {
	TranslationResult
	Done     bool   `json:"done" jsonschema:"description=true once the translation is completed or failed; false means call wait_for_video_translation again."`
	Progress int    `json:"progress" jsonschema:"description=Rough progress 0-100 from the status (HeyGen reports no percentage for translations)."`
	NextStep string `json:"next_step"`
}

func (r WaitTranslationResult) toolText() string {
	var b strings.Builder
	if r.Done {
		b.WriteString(r.TranslationResult.toolText())
	} else {
		fmt.Fprintf(&b, "Video translation %s: %s, about %d%%.", r.VideoTranslationID, orUnknown(r.Status), r.Progress)
	}
	fmt.Fprintf(&b, "\nDone: %t. Next: %s", r.Done, r.NextStep)
	return b.String()
}

func (registry) WaitForVideoTranslation() Definition {
	return define(Definition{
		Name: "wait_for_video_translation", Title: "Wait for a video translation to finish", Toolset: ToolsetTranslation, Task: true,
		Example: `{"video_translation_id": "vt_abc123", "timeout_seconds": 45}`,
		Hints:   readHints,
		Description: "Wait (up to timeout_seconds, default 45) until a video translation is completed or failed, sending progress " +
			"notifications meanwhile. Returns get_video_translation's fields (video_url once completed) plus done and progress. " +
			"When done is false, call it again. Cancelling the call stops the wait, not the translation.",
	}, Deps.waitForVideoTranslation)
}

func (d Deps) waitForVideoTranslation(ctx context.Context, p WaitForVideoTranslationParams) (WaitTranslationResult, error) {
	c, tenant, err := d.client(ctx)
	if err != nil {
		return WaitTranslationResult{}, err
	}
	return d.waitTranslation(ctx, c, tenant, string(p.VideoTranslationID), p.timeout())
}

// waitTranslation is the translation sibling of waitOnce: the same shared
// poller (hubWait) with a translation Ref, the same progress reporter. A
// failed translation is a normal result: the model must see failure_message.
func (d Deps) waitTranslation(ctx context.Context, c *heygen.Client, tenant, id string, timeout time.Duration) (WaitTranslationResult, error) {
	snap, err := d.hubWait(ctx, c, tenant, watch.Ref{TranslationID: id}, timeout, d.waitProgress(ctx),
		"the translation keeps running: call wait_for_video_translation again after it restarts")
	if err != nil {
		return WaitTranslationResult{}, err
	}
	r := WaitTranslationResult{Done: snap.Done, Progress: snap.Progress}
	if snap.Translation != nil {
		r.TranslationResult = NewTranslationResult(snap.Translation)
	}
	r.VideoTranslationID = id
	if r.FailureMessage == "" {
		r.FailureMessage = snap.FailureMessage
	}
	switch {
	case snap.Done && snap.Failed:
		r.NextStep = "the translation failed; explain failure_message to the user and, if it says how, start again with create_video_translation."
	case snap.Done:
		r.NextStep = "give the user video_url (download links expire: call get_video_translation for a fresh one)."
	default:
		r.NextStep = fmt.Sprintf("not done yet: call wait_for_video_translation again with video_translation_id %q to keep waiting.", id)
	}
	return r, nil
}
