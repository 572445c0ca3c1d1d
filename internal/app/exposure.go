package app

import (
	"fmt"
	"net"
)

// checkDirExposure refuses --allow-dir on a non-loopback address without an
// endpoint token. transport.CheckExposure lets such an address start when
// every caller brings their own HeyGen key; then nobody can spend anyone
// else's credits, but anyone who can reach the port could still upload the
// allowed files into their own account and write into the directories with
// download_video. The transport knows nothing of local files, so the rule
// lives here. Only --allow-dir counts: over HTTP client roots are off.
func (c Config) checkDirExposure() error {
	if c.Transport != "http" || len(c.AllowDirs) == 0 || c.AuthToken != "" {
		return nil
	}
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil || isLoopbackHost(host) {
		return nil // a bad --addr is reported by validate
	}
	return fmt.Errorf("refusing to serve --allow-dir on non-loopback --addr %q without an endpoint token: anyone who "+
		"can reach it and brings a HeyGen key could upload the allowed files into their own account and write into "+
		"the directories with download_video. Set HEYGEN_MCP_AUTH_TOKEN (clients then send \"Authorization: Bearer "+
		"<token>\"), bind to 127.0.0.1, or drop --allow-dir", c.Addr)
}
