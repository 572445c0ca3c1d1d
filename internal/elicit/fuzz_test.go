package elicit_test

import (
	"strings"
	"testing"

	"github.com/heygen-mcp/heygen-mcp/internal/elicit"
)

// FuzzParse: any agent text parses without panicking into at most 25 distinct,
// non-empty choices, each taken from the text.
func FuzzParse(f *testing.F) {
	f.Add(`Which voice should I use? Options: Warm narrator (voice_id voice_warm_01), Crisp presenter (voice_id voice_crisp_02). Reply with your choice, or say "you pick".`)
	f.Add("Here is the storyboard draft. Reply \"approve\" to render it, or tell me what to change.")
	f.Add("Pick:\n1. a\n2) b\n- c")
	f.Add("Options: ((a, b), c or d.")
	f.Fuzz(func(t *testing.T, text string) {
		q := elicit.Parse(text)
		if len(q.Choices) > 25 {
			t.Fatalf("%d choices", len(q.Choices))
		}
		seen := map[string]bool{}
		for _, c := range q.Choices {
			if c.Value == "" || seen[strings.ToLower(c.Value)] {
				t.Fatalf("empty or duplicate choice %q", c.Value)
			}
			seen[strings.ToLower(c.Value)] = true
			if !q.Review && !strings.Contains(text, c.Value) {
				t.Fatalf("choice %q is not from the text", c.Value)
			}
		}
	})
}
