package tools

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The size cap is tested here rather than through MCP: pushing 15 MiB through
// JSON-RPC under -race takes a minute and tests nothing more.
func TestInlineFileSizeCap(t *testing.T) {
	big := FileInput{Type: "base64", MediaType: "image/png", Data: strings.Repeat("A", (MaxInlineFileBytes/3+8)*4)}
	_, err := toAssetInputs("files", []FileInput{big})
	var ae *ArgumentError
	require.True(t, errors.As(err, &ae), "%v", err)
	assert.Equal(t, "files[0].data", ae.Field)
	assert.Contains(t, ae.Message, "capped at 10 MiB")

	atCap := FileInput{Type: "base64", MediaType: "image/png", Data: strings.Repeat("A", MaxInlineFileBytes/3*4)}
	in, err := toAssetInputs("files", []FileInput{atCap})
	require.NoError(t, err)
	assert.Equal(t, "base64", in[0].Type())
}
