# shellcheck shell=bash
# Sourceable helper: make `node` on PATH Node 22 or newer.
#
#   . "$ROOT/scripts/node22.sh"
#   ensure_node22            # any Node >= 22
#   ensure_node22 22.19.0    # at least this version (e.g. for a package's "engines")
#
# When the node on PATH is older (CI has Node 20 + npm), Node 22 is installed
# from the npm registry (the "node" package) into .cache/node22 and put first on
# PATH. npm's cache is .cache/npm unless npm_config_cache is already set. All of
# .cache/ is git-ignored. Exits 2 when no suitable Node can be had.

NODE22_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE22_DIR="$NODE22_ROOT/.cache/node22"
export npm_config_cache="${npm_config_cache:-$NODE22_ROOT/.cache/npm}"
export npm_config_update_notifier=false
export npm_config_fund=false
export npm_config_audit=false

node22_log() { printf '%s: %s\n' "${NODE22_LOG_PREFIX:-node22}" "$*" >&2; }

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# node_at_least VERSION: the node on PATH is VERSION or newer.
node_at_least() {
	node -e '
		const a = process.versions.node.split(".").map(Number);
		const b = process.argv[1].split(".").map(Number);
		for (let i = 0; i < 3; i++) {
			if ((a[i] || 0) !== (b[i] || 0)) process.exit((a[i] || 0) > (b[i] || 0) ? 0 : 1);
		}
	' "$1" >/dev/null 2>&1
}

ensure_node22() {
	local min="${1:-22.0.0}"
	if command -v node >/dev/null 2>&1 && [ "$(node_major)" -ge 22 ] && node_at_least "$min"; then
		return
	fi
	local dir="$NODE22_DIR"
	if [ ! -x "$dir/node_modules/.bin/node" ] || ! PATH="$dir/node_modules/.bin:$PATH" node_at_least "$min"; then
		command -v npm >/dev/null 2>&1 || { node22_log "npm not found: install Node.js (>= 20) and npm first"; exit 2; }
		node22_log "installing Node 22 into $dir (need Node >= $min, have $(node --version 2>/dev/null || echo none))"
		mkdir -p "$dir"
		[ -f "$dir/package.json" ] || echo '{"private":true}' >"$dir/package.json"
		(cd "$dir" && npm install --no-save --silent node@22 >&2)
	fi
	export PATH="$dir/node_modules/.bin:$PATH"
	if [ "$(node_major)" -lt 22 ] || ! node_at_least "$min"; then
		node22_log "could not get Node >= $min (have $(node --version 2>/dev/null || echo none))"
		exit 2
	fi
}
