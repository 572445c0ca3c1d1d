package sandbox

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRenderTimeText(t *testing.T) {
	assert.Equal(t, "A simulated video takes well under a minute in the sandbox.", RenderTimeText(0), "speed unknown")
	assert.Equal(t, "A simulated video takes about 25 seconds in the sandbox.", RenderTimeText(1))
	assert.Equal(t, "A simulated video takes about 3 seconds in the sandbox.", RenderTimeText(10))
	assert.Equal(t, "A simulated video takes about a second in the sandbox.", RenderTimeText(25))
	assert.Equal(t, "A simulated video takes under a second in the sandbox.", RenderTimeText(1000))
	assert.Equal(t, "A simulated video takes about 4 minutes in the sandbox.", RenderTimeText(0.1))
}
