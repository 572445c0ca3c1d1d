#!/usr/bin/env bash
# Sets the release version everywhere it is written: internal/app/version.go
# (the source: what --version prints; GoReleaser stamps the tag's over it),
# server.json (its version, package versions and download URLs), manifest.json
# and the Dockerfile's image label. TestVersionEverywhere (dev/release) fails
# while any of them differ.
#
#   scripts/set-version.sh 0.2.0
#   scripts/set-version.sh --check 0.2.0   # exit 1 unless version.go says 0.2.0
#                                          # (GoReleaser's before hook on a tag)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --check ]; then
	have="$(sed -n 's/^var version = "\(.*\)"$/\1/p' internal/app/version.go)"
	[ "$have" = "${2:-}" ] && exit 0
	echo "release v${2:-} but internal/app/version.go says $have: run scripts/set-version.sh ${2:-}, commit, and tag again" >&2
	exit 1
fi
new="${1:-}"
[[ "$new" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "usage: scripts/set-version.sh X.Y.Z (no leading v)" >&2; exit 2; }
old="$(sed -n 's/^var version = "\(.*\)"$/\1/p' internal/app/version.go)"
[ -n "$old" ] || { echo "internal/app/version.go has no var version = \"X.Y.Z\"" >&2; exit 1; }
o="${old//./\\.}"
sed -i "s/^var version = \"$o\"$/var version = \"$new\"/" internal/app/version.go
sed -i -e "s/\"version\": \"$o\"/\"version\": \"$new\"/g" -e "s|/v$o/heygen-mcp-$o-|/v$new/heygen-mcp-$new-|g" \
	-e "s|heygen-mcp:$o\"|heygen-mcp:$new\"|g" server.json
sed -i "s/^  \"version\": \"$o\",$/  \"version\": \"$new\",/" manifest.json
sed -i "s/org\.opencontainers\.image\.version=\"$o\"/org.opencontainers.image.version=\"$new\"/" Dockerfile
echo "version $old -> $new; now: go test ./dev/release/ && git commit"
