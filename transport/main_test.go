package transport_test

import (
	"testing"

	"go.uber.org/goleak"
)

// Shutdown must stop everything the transport starts (session sweeper,
// streams, servers).
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
