#!/usr/bin/env bash
# Multi-replica test (dev/replicas): three replicas of the built binary behind
# HAProxy, sharing Redis and one simulated HeyGen. Installs redis-server and
# haproxy from the distribution's packages when they are missing, then runs
# the test with their absence made a failure. Its figures go to BENCHMARKS.md
# ("Replicas").
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH:/usr/sbin:/sbin"

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]} (apt-get)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  # The packages' services are not needed: the test starts its own processes.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
redis-server --version
haproxy -v | sed -n 1p

HEYGEN_MCP_REPLICAS_REQUIRED=1 go test -count=1 -v -timeout 15m -run 'TestReplicas' ./dev/replicas/ 2>&1 |
  grep -v -e '^=== ' -e 'listening to server forever' -e 'failed to listen to server' -e 'SSE stream error' -e 'failed to send close request'
