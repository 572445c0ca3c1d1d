#!/usr/bin/env bash
# Runs the pinned GoReleaser (built from the Go module proxy; no other
# download) with the given arguments:
#
#   scripts/goreleaser.sh check
#   scripts/goreleaser.sh build --snapshot --single-target --clean
#   scripts/goreleaser.sh release --clean        # on a vX.Y.Z tag, GITHUB_TOKEN set
#
# The binary is built once into .cache/bin/goreleaser-$VERSION (git-ignored)
# and reused while that file exists: building GoReleaser from a cold module
# cache takes minutes (see README "Cutting a release"), reusing it takes none.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION=v2.15.1
BIN="$ROOT/.cache/bin/goreleaser-$VERSION"
command -v go >/dev/null 2>&1 || export PATH="/usr/local/go/bin:$PATH"
if [ ! -x "$BIN" ]; then
	echo "goreleaser: building github.com/goreleaser/goreleaser/v2@$VERSION into .cache/bin (once)" >&2
	tmp="$(mktemp -d)"
	trap 'rm -rf "$tmp"' EXIT
	GOBIN="$tmp" GOFLAGS=-modcacherw CGO_ENABLED=0 go install "github.com/goreleaser/goreleaser/v2@$VERSION"
	mkdir -p "$(dirname "$BIN")"
	mv "$tmp/goreleaser" "$BIN"
	rm -rf "$tmp"
	trap - EXIT
fi
cd "$ROOT"
exec "$BIN" "$@"
