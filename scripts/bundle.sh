#!/usr/bin/env bash
# Builds the MCP Bundle (.mcpb) that Claude Desktop installs in one click:
# one bundle per os/arch (the manifest can pick a binary per OS, not per CPU),
# each holding manifest.json and server/heygen-mcp[.exe].
#
#   scripts/bundle.sh                    # this machine's os/arch
#   scripts/bundle.sh linux/amd64 darwin/arm64 ...
#   scripts/bundle.sh all                # the six release platforms
#   scripts/bundle.sh --binary PATH os/arch   # pack a binary built elsewhere
#                                             # (GoReleaser's post-build hook)
#
# Output: $BUNDLE_OUT (default dist/) /heygen-mcp-<version>-<os>-<arch>.mcpb;
# the path and size of each are printed on stdout. The version is
# internal/app/version.go's unless HEYGEN_MCP_VERSION says otherwise (GoReleaser
# passes the tag's); the bundle's manifest.json gets it. Needs Go and Node/npm:
# the pinned mcpb CLI (scripts/mcpb/package-lock.json) is installed into
# scripts/mcpb/node_modules on first use.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf 'bundle: %s\n' "$*" >&2; }
die() { log "$*"; exit 2; }
command -v go >/dev/null 2>&1 || export PATH="/usr/local/go/bin:$PATH"
export npm_config_cache="${npm_config_cache:-$ROOT/.cache/npm}"

ALL="linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64"
BINARY=""
targets=()
while [ $# -gt 0 ]; do
	case "$1" in
	--binary) [ $# -ge 2 ] || die "--binary needs a path"; BINARY="$2"; shift 2 ;;
	all) read -r -a targets <<<"$ALL"; shift ;;
	*/*) targets+=("$1"); shift ;;
	*) die "unknown argument $1: give os/arch (e.g. linux/amd64), all, or --binary PATH os/arch" ;;
	esac
done
[ ${#targets[@]} -gt 0 ] || targets=("$(go env GOOS)/$(go env GOARCH)")
if [ -n "$BINARY" ]; then
	[ ${#targets[@]} -eq 1 ] || die "--binary packs one binary: give exactly one os/arch"
	[ -f "$BINARY" ] || die "--binary $BINARY: no such file"
	BINARY="$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")"
fi
for t in "${targets[@]}"; do
	case " $ALL " in *" $t "*) ;; *) die "unsupported platform $t: use one of $ALL" ;; esac
done

VERSION="${HEYGEN_MCP_VERSION:-$(sed -n 's/^var version = "\(.*\)"$/\1/p' "$ROOT/internal/app/version.go")}"
[ -n "$VERSION" ] || die "no version: internal/app/version.go must hold var version = \"X.Y.Z\""
OUT="${BUNDLE_OUT:-$ROOT/dist}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

# The pinned mcpb, reinstalled only when the lock file changes.
MCPB_DIR="$ROOT/scripts/mcpb"
STAMP="$MCPB_DIR/node_modules/.bundle-lock"
want="$(cat "$MCPB_DIR/package.json" "$MCPB_DIR/package-lock.json" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$want" ]; then
	log "installing the pinned mcpb CLI (npm ci in scripts/mcpb)"
	(cd "$MCPB_DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2
	echo "$want" >"$STAMP"
fi
MCPB="$MCPB_DIR/node_modules/.bin/mcpb"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

for t in "${targets[@]}"; do
	goos="${t%/*}" goarch="${t#*/}"
	exe=heygen-mcp
	[ "$goos" = windows ] && exe=heygen-mcp.exe
	stage="$WORK/$goos-$goarch"
	mkdir -p "$stage/server"
	if [ -n "$BINARY" ]; then
		cp "$BINARY" "$stage/server/$exe"
	else
		log "building $t ($VERSION)"
		(cd "$ROOT" && CGO_ENABLED=0 GOOS="$goos" GOARCH="$goarch" go build -trimpath \
			-ldflags="-s -w -X github.com/heygen-mcp/heygen-mcp/internal/app.version=$VERSION" \
			-o "$stage/server/$exe" .)
	fi
	chmod 0755 "$stage/server/$exe"
	if [ "$t" = "$(go env GOHOSTOS)/$(go env GOHOSTARCH)" ]; then
		got="$("$stage/server/$exe" --version)"
		[ "$got" = "heygen-mcp $VERSION" ] || die "$t: the binary says \"$got\", the bundle would say $VERSION"
	fi
	# The repository's manifest, narrowed to this bundle: its version, its
	# one platform, and the binary's name there.
	node -e '
		const fs = require("fs");
		const [src, dst, version, platform, exe] = process.argv.slice(1);
		const m = JSON.parse(fs.readFileSync(src, "utf8"));
		m.version = version;
		m.compatibility = { ...(m.compatibility || {}), platforms: [platform] };
		m.server.entry_point = "server/" + exe;
		fs.writeFileSync(dst, JSON.stringify(m, null, 2) + "\n");
	' "$ROOT/manifest.json" "$stage/manifest.json" "$VERSION" "$([ "$goos" = windows ] && echo win32 || echo "$goos")" "$exe"
	file="$OUT/heygen-mcp-$VERSION-$goos-$goarch.mcpb"
	rm -f "$file"
	"$MCPB" pack "$stage" "$file" >"$WORK/pack.log" 2>&1 || { cat "$WORK/pack.log" >&2; die "mcpb pack failed for $t"; }
	printf '%s\t%s bytes\n' "$file" "$(wc -c <"$file" | tr -d ' ')"
done
