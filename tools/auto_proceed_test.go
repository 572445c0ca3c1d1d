package tools_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// sentMessages are the send-message bodies the simulator received for sid, raw.
func sentMessages(t *testing.T, h *harness, sid string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, r := range h.sim.Requests() {
		if r.Method == http.MethodPost && r.Path == "/v3/video-agents/"+sid {
			var b map[string]any
			require.NoError(t, json.Unmarshal(r.Body, &b))
			out = append(out, b)
		}
	}
	return out
}

// TestSendMessageAutoProceed drives send_message's auto_proceed through the MCP
// tool: true reaches HeyGen as "auto_proceed": true and the answer goes
// straight to rendering (no storyboard review); left out, nothing is sent and
// the agent shows a storyboard first.
func TestSendMessageAutoProceed(t *testing.T) {
	h := newHarness(t, harnessOpts{key: testKey})
	ask := func(prompt string) string {
		cv, _ := h.ok(t, "create_video", map[string]any{"prompt": prompt, "mode": "chat"})
		sid := cv["session_id"].(string)
		h.sim.Advance(3 * time.Minute)
		s, _ := h.ok(t, "get_session", map[string]any{"session_id": sid})
		require.Equal(t, heygen.SessionWaitingForInput, s["status"])
		return sid
	}

	fast := ask("A teaser for a tea brand")
	res, _ := h.ok(t, "send_message", map[string]any{"session_id": fast, "message": "The warm voice, please.", "auto_proceed": true})
	assert.Equal(t, fast, res["session_id"])
	sent := sentMessages(t, h, fast)
	require.Len(t, sent, 1)
	assert.Equal(t, true, sent[0]["auto_proceed"])
	h.sim.Advance(90 * time.Second)
	s, _ := h.ok(t, "get_session", map[string]any{"session_id": fast})
	assert.Equal(t, heygen.SessionGenerating, s["status"], "auto_proceed skipped the storyboard review")
	h.sim.Advance(20 * time.Minute)
	s, _ = h.ok(t, "get_session", map[string]any{"session_id": fast, "message_limit": 40})
	assert.Equal(t, heygen.SessionCompleted, s["status"])
	for _, m := range s["messages"].([]any) {
		assert.NotEqual(t, heygen.MessageResource, m.(map[string]any)["type"], "no storyboard was offered")
	}

	slow := ask("A teaser for a coffee brand")
	h.ok(t, "send_message", map[string]any{"session_id": slow, "message": "The warm voice, please."})
	sent = sentMessages(t, h, slow)
	require.Len(t, sent, 1)
	assert.NotContains(t, sent[0], "auto_proceed", "left out, HeyGen's default (false) applies")
	h.sim.Advance(90 * time.Second)
	s, _ = h.ok(t, "get_session", map[string]any{"session_id": slow})
	assert.Equal(t, heygen.SessionReviewing, s["status"])

	// Not a boolean: refused before anything reaches HeyGen.
	before := len(sentMessages(t, h, slow))
	meta, _ := h.fail(t, "send_message", map[string]any{"session_id": slow, "message": "approve", "auto_proceed": "yes"})
	assert.Equal(t, "invalid_argument", meta["kind"])
	assert.Len(t, sentMessages(t, h, slow), before)
}
