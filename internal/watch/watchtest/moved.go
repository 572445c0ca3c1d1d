// Package watchtest is a temporary forwarder: the package moved to
// github.com/heygen-mcp/heygen-mcp/dev/watchtest. Only tests under tools/
// still import this path (tools/wait_test.go, tools/elicit_wait_test.go);
// delete this directory once they import dev/watchtest instead.
//
// Deprecated: import github.com/heygen-mcp/heygen-mcp/dev/watchtest.
package watchtest

import "github.com/heygen-mcp/heygen-mcp/dev/watchtest"

// Env is dev/watchtest.Env.
type Env = watchtest.Env

// Forwarded functions: the ones tests under tools/ call.
var (
	NewEnv  = watchtest.NewEnv
	Drive   = watchtest.Drive
	WaitFor = watchtest.WaitFor
)
