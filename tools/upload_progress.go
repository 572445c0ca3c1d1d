package tools

import (
	"context"
	"fmt"
	"sync"
)

// uploadProgressStep is how many bytes a direct upload sends between two
// progress notifications (plus one at the end).
const uploadProgressStep = 4 << 20

// uploadProgress reports the bytes of a direct upload sent so far as MCP
// progress (value = bytes sent, total = file size), at most one notification
// per uploadProgressStep. A PUT retried from its first byte reports nothing
// until it passes what was already reported (progress only increases).
func (d Deps) uploadProgress(ctx context.Context) func(sent, total int64) {
	p := d.newProgress(ctx)
	var mu sync.Mutex // net/http reads the body on its own goroutine
	var next int64
	return func(sent, total int64) {
		mu.Lock()
		defer mu.Unlock()
		if sent < next && sent < total {
			return
		}
		next = sent + uploadProgressStep
		p.send(float64(sent), float64(total), fmt.Sprintf("Uploaded %.1f of %.1f MB", float64(sent)/(1<<20), float64(total)/(1<<20)))
	}
}
