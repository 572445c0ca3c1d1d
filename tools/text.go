package tools

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// deref returns *p or the zero value: HeyGen's nullable fields become stable
// zero-valued fields in our results.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func unixTime(sec int64) string {
	if sec <= 0 {
		return "(unknown time)"
	}
	return time.Unix(sec, 0).UTC().Format("2006-01-02 15:04 UTC")
}

func moreText(hasMore bool, next string) string {
	if !hasMore || next == "" {
		return ""
	}
	return fmt.Sprintf("\nMore results: call again with token %q.", next)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func isHTTPSURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != ""
}

// renderTimeText says how long making a video takes, for the texts a model
// reads: the real range against HeyGen, the simulated one in the sandbox.
func (d Deps) renderTimeText() string {
	if d.Simulated != nil && d.Simulated.RenderTime != "" {
		return d.Simulated.RenderTime
	}
	return "Making a video usually takes 5 to 45 minutes."
}
