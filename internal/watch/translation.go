package watch

import (
	"context"
	"fmt"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// Progress of a video translation by status. HeyGen reports only a status
// for translations, no percentage: these steps are inferred, so a waiter's
// progress still moves (0 -> 10 -> 50 -> 100).
const (
	translationProgressPending = 10
	translationProgressRunning = 50
)

// translationStep is one fetch of a watched video translation:
// GET /v3/video-translations/{id}, mapped into the snapshot.
func (t *tracker) translationStep(ctx context.Context) (Snapshot, error) {
	tr, err := t.src.GetVideoTranslation(ctx, t.translationID)
	if err != nil {
		if heygen.IsNotFound(err) {
			return t.snap, fmt.Errorf("video translation %s not found (check the video_translation_id, and that it was created with this API key): %w",
				t.translationID, err)
		}
		return t.snap, err
	}
	sn := &t.snap
	sn.Translation = tr
	sn.TranslationStatus = tr.Status
	if tr.Title != nil {
		sn.Title = *tr.Title
	}
	switch tr.Status {
	case heygen.TranslationPending:
		sn.Progress = max(sn.Progress, translationProgressPending)
	case heygen.TranslationRunning:
		sn.Progress = max(sn.Progress, translationProgressRunning)
	case heygen.TranslationCompleted:
		sn.Done, sn.Progress = true, 100
	case heygen.TranslationFailed:
		sn.Done, sn.Failed = true, true
		sn.FailureCode = "translation_failed" // HeyGen gives a message only (inferred code)
		if tr.FailureMessage != nil {
			sn.FailureMessage = *tr.FailureMessage
		}
		return *sn, &FailedError{TranslationID: t.translationID, Code: sn.FailureCode, Message: sn.FailureMessage}
	}
	return *sn, nil
}
