package faults_test

import (
	"testing"

	"go.uber.org/goleak"
)

// Every test closes what it started; the package ends with no stray goroutine.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
