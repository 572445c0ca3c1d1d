package faults_test

import (
	"encoding/json"
	"maps"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// schemaProperty is the part of a tool's input schema the bad-input cases
// are made from.
type schemaProperty struct {
	Type      string   `json:"type"`
	Enum      []any    `json:"enum"`
	Pattern   string   `json:"pattern"`
	MaxLength *int     `json:"maxLength"`
	Minimum   *float64 `json:"minimum"`
	Maximum   *float64 `json:"maximum"`
	MaxItems  *int     `json:"maxItems"`
}

// schemaCases derives bad argument objects from a tool's input schema: from
// a valid call (valid), each case breaks one bound of one argument: a wrong
// JSON type, a value past maxLength, minimum or maximum, one item too many,
// a value outside the enum, an id outside the pattern, or a required
// argument left out. Every registered tool gets them, with no list to keep.
func schemaCases(t *testing.T, inputSchema json.RawMessage, valid map[string]any) []string {
	t.Helper()
	var s struct {
		Properties map[string]schemaProperty `json:"properties"`
		Required   []string                  `json:"required"`
	}
	require.NoError(t, json.Unmarshal(inputSchema, &s))
	var out []string
	with := func(name string, v any) {
		args := maps.Clone(valid)
		args[name] = v
		b, err := json.Marshal(args)
		require.NoError(t, err)
		out = append(out, string(b))
	}
	for name, p := range s.Properties {
		switch p.Type {
		case "string":
			with(name, 42)
		case "integer", "number":
			with(name, "10")
		case "boolean":
			with(name, "yes")
		case "array":
			with(name, map[string]any{})
		case "object":
			with(name, []any{})
		}
		if p.Type == "integer" {
			with(name, 1.5)
		}
		if p.MaxLength != nil {
			with(name, strings.Repeat("x", *p.MaxLength+1))
		}
		if p.Minimum != nil {
			with(name, *p.Minimum-1)
		}
		if p.Maximum != nil {
			with(name, *p.Maximum+1)
		}
		if p.MaxItems != nil {
			items := make([]any, *p.MaxItems+1)
			for i := range items {
				items[i] = map[string]any{"type": "url", "url": "https://example.com/f.png"}
			}
			with(name, items)
		}
		if len(p.Enum) > 0 {
			with(name, "not_one_of_the_enum")
		}
		if p.Pattern != "" {
			with(name, "a/b")
		}
	}
	for _, name := range s.Required {
		args := maps.Clone(valid)
		delete(args, name)
		b, err := json.Marshal(args)
		require.NoError(t, err)
		out = append(out, string(b))
	}
	return out
}
