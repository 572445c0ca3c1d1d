package tools

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// contextBudgetBytes caps what the default tools/list costs the model on every
// turn: the compact JSON of each tool's name, description and inputSchema.
const contextBudgetBytes = 16700

// toolListContextBytes is the size of the compact JSON array of
// {name, description, inputSchema} of the tools a configuration registers.
func toolListContextBytes(t *testing.T, readOnly bool) (int, int) {
	t.Helper()
	type entry struct {
		Name        string          `json:"name"`
		Description string          `json:"description"`
		InputSchema json.RawMessage `json:"inputSchema"`
	}
	ts := ServerTools(Deps{}, Selection{ReadOnly: readOnly})
	list := make([]entry, 0, len(ts))
	for _, st := range ts {
		list = append(list, entry{Name: st.Tool.Name, Description: st.Tool.Description, InputSchema: st.Tool.RawInputSchema})
	}
	b, err := json.Marshal(list)
	require.NoError(t, err)
	return len(b), len(ts)
}

// TestToolListContextBytes prints the context cost of tools/list (run it with
// -v to see the figures; BENCHMARKS.md records them) and keeps the default
// configuration within contextBudgetBytes.
func TestToolListContextBytes(t *testing.T) {
	def, nDef := toolListContextBytes(t, false)
	ro, nRO := toolListContextBytes(t, true)
	t.Logf("tools/list context cost: default %d bytes (%d tools), --read-only %d bytes (%d tools); budget %d",
		def, nDef, ro, nRO, contextBudgetBytes)
	require.NotZero(t, nDef)
	require.Less(t, nRO, nDef)
	require.LessOrEqual(t, def, contextBudgetBytes, "tools/list grew past its budget: trim descriptions or schema text")
}
