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
func toolListContextBytes(t *testing.T, sel Selection) (int, int) {
	t.Helper()
	type entry struct {
		Name        string          `json:"name"`
		Description string          `json:"description"`
		InputSchema json.RawMessage `json:"inputSchema"`
	}
	ts := ServerTools(Deps{}, sel)
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
	def, nDef := toolListContextBytes(t, Selection{})
	ro, nRO := toolListContextBytes(t, Selection{ReadOnly: true})
	dyn, nDyn := toolListContextBytes(t, Selection{Dynamic: true})
	all, nAll := toolListContextBytes(t, Selection{Toolsets: ToolsetNames()})
	t.Logf("tools/list context cost: default %d bytes (%d tools), --read-only %d bytes (%d tools), "+
		"--dynamic-toolsets %d bytes (%d tools), --toolsets all %d bytes (%d tools); budget %d",
		def, nDef, ro, nRO, dyn, nDyn, all, nAll, contextBudgetBytes)
	require.NotZero(t, nDef)
	require.Less(t, nRO, nDef)
	require.LessOrEqual(t, def, contextBudgetBytes, "tools/list grew past its budget: trim descriptions or schema text")
}
