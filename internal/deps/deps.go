// Package deps pins modules that later code uses, so go mod tidy keeps them until then. Remove once every one is imported for real.
package deps

import (
	_ "github.com/invopop/jsonschema"
	_ "github.com/mark3labs/mcp-go/client"
	_ "github.com/mark3labs/mcp-go/mcptest"
	_ "github.com/mark3labs/mcp-go/server"
	_ "github.com/schollz/progressbar/v3"
	_ "github.com/stretchr/testify/require"
	_ "go.uber.org/goleak"
	_ "golang.org/x/term"
)
