package app

// version is the one source of the release version. `go build` prints it as
// is; GoReleaser overwrites it with the tag's version through
// -ldflags "-X github.com/heygen-mcp/heygen-mcp/internal/app.version=...".
// It is a var only because -X can set nothing else; nothing assigns it.
// TestVersionEverywhere (version_test.go at the repository root) keeps
// server.json, manifest.json and the Dockerfile's label equal to it.
var version = "0.1.0"

// Version is the version the binary reports in --version, in the MCP
// initialize result and in its User-Agent.
func Version() string { return version }
