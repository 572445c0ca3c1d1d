#!/usr/bin/env bash
# The release path, checked on every CI run (scripts/test.sh, after the
# real-client suite, whose npm install provides the TypeScript SDK):
#   1. GoReleaser `check` of .goreleaser.yaml and a snapshot build of
#      linux/amd64 (binary, and the bundle its post-build hook packs) -- when
#      the pinned GoReleaser is in .cache/bin or HEYGEN_RELEASE_GORELEASER=1
#      asks to build it: from a cold module cache that build downloads 1.9 GB
#      and takes about 620 CPU-seconds, more than the rest of this script.
#      Without it, .goreleaser.yaml is still checked against GoReleaser's own
#      schema by TestGoReleaserConfigMatchesItsSchema (go test ./dev/release/);
#   2. manifest.json validated by the pinned mcpb;
#   3. the linux/amd64 MCP Bundle built (same flags as GoReleaser) and packed
#      by scripts/bundle.sh;
#   4. that bundle unpacked and started as its manifest tells a host, and
#      driven by the TypeScript SDK client to a finished sandbox video
#      (dev/e2e/clients/bundle_client.mjs).
# server.json against the registry's schema and the one-version rule are Go
# tests (dev/release), run by `go test ./...`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
command -v go >/dev/null 2>&1 || export PATH="/usr/local/go/bin:$PATH"
# Read before the HEYGEN_* settings are cleared below (they would change the server the bundle test starts).
build_goreleaser="${HEYGEN_RELEASE_GORELEASER:-}"
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep '^HEYGEN_' || true)
export npm_config_cache="${npm_config_cache:-$ROOT/.cache/npm}"
mkdir -p "$ROOT/.cache"
t0=$(date +%s)
step() { printf 'release-check: %s (%d s so far)\n' "$*" "$(($(date +%s) - t0))" >&2; }

if [ -x "$ROOT/.cache/bin/goreleaser-$(sed -n 's/^VERSION=//p' scripts/goreleaser.sh)" ] || [ "$build_goreleaser" = 1 ]; then
	step "goreleaser check"
	scripts/goreleaser.sh check
	step "goreleaser build --snapshot --single-target (linux/amd64)"
	GOOS=linux GOARCH=amd64 scripts/goreleaser.sh build --snapshot --single-target --clean >"$ROOT/.cache/goreleaser-build.log" 2>&1 ||
		{ cat "$ROOT/.cache/goreleaser-build.log" >&2; exit 1; }
	ls dist/*linux_amd64*/heygen-mcp dist/heygen-mcp-*-linux-amd64.mcpb >/dev/null
else
	step "GoReleaser itself skipped: not in .cache/bin (HEYGEN_RELEASE_GORELEASER=1 builds it); its schema check ran in go test"
fi

step "bundle: scripts/bundle.sh linux/amd64"
rm -f dist/heygen-mcp-*-linux-amd64.mcpb
out="$(scripts/bundle.sh linux/amd64)"
echo "$out"
bundle="$(cut -f1 <<<"$out")"
step "mcpb validate manifest.json"
scripts/mcpb/node_modules/.bin/mcpb validate manifest.json

step "the unpacked bundle through the TypeScript SDK client"
version="$(sed -n 's/^var version = "\(.*\)"$/\1/p' internal/app/version.go)"
(cd dev/e2e/clients && node bundle_client.mjs --bundle "$bundle" --version "$version" --speed 50)
step "done"
