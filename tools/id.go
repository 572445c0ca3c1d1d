package tools

import (
	"github.com/invopop/jsonschema"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// ID is an id argument (session, video, resource, avatar, voice, style,
// brand kit, asset). Its schema is the one id rule, heygen.IDPattern and
// heygen.MaxIDLength, so no struct tag repeats it; tags add the description
// and, where the argument is required, minLength.
type ID string

// JSONSchema is invopop's hook for a type's own schema.
func (ID) JSONSchema() *jsonschema.Schema {
	maxLen := uint64(heygen.MaxIDLength)
	return &jsonschema.Schema{Type: "string", MaxLength: &maxLen, Pattern: heygen.IDPattern}
}
