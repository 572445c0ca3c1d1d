#!/usr/bin/env bash
# Real-client suite: the official MCP TypeScript SDK client and the official
# MCP Inspector CLI (versions pinned in dev/e2e/clients/package.json)
# against the built heygen-mcp binary in sandbox mode, over stdio and over
# streamable HTTP. It proves what Claude Desktop / Claude Code see: every tool
# result, success or error, passes the SDK's outputSchema validation, and every
# error kind reads as a clear tool error (text + _meta, no structuredContent).
#
#   scripts/realclients.sh
#
# Needs Go and npm. The Inspector needs Node >= 22.19: an older node on PATH
# gets Node 22 installed from the npm registry into .cache/node22
# (scripts/node22.sh). The pinned packages are installed with `npm ci` into
# dev/e2e/clients/node_modules (git-ignored), skipped while they match the
# lock file. Takes about a minute.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLIENTS="$ROOT/dev/e2e/clients"
NODE22_LOG_PREFIX=realclients
# shellcheck source=scripts/node22.sh
. "$ROOT/scripts/node22.sh"

log() { printf 'realclients: %s\n' "$*" >&2; }

# Nothing the caller has set for HeyGen reaches the servers under test: the
# sandbox needs no key, and a real key must never be used by a test.
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep '^HEYGEN_' || true)

command -v go >/dev/null 2>&1 || export PATH="/usr/local/go/bin:$PATH"
command -v go >/dev/null 2>&1 || { log "go not found (expected on PATH or in /usr/local/go/bin)"; exit 2; }

START=$(date +%s)
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
	if [ -n "${STEP_PID:-}" ] && kill -0 "$STEP_PID" 2>/dev/null; then
		kill -TERM "$STEP_PID" 2>/dev/null || true
		wait "$STEP_PID" 2>/dev/null || true
	fi
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_node22 22.19.0
log "node $(node --version), npm $(npm --version)"

# npm ci, unless node_modules was installed from this very lock file.
STAMP="$CLIENTS/node_modules/.realclients-lock"
want="$(node -e '
	const fs = require("fs"), crypto = require("crypto");
	const h = crypto.createHash("sha256");
	for (const f of ["package.json", "package-lock.json"]) h.update(fs.readFileSync(process.argv[1] + "/" + f));
	h.update(process.platform + "-" + process.arch);
	console.log(h.digest("hex"));
' "$CLIENTS")"
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$want" ]; then
	log "npm ci in dev/e2e/clients"
	rm -f "$STAMP"
	# --ignore-scripts: the only install script in the tree is the Inspector's
	# postinstall, which does nothing when it is installed as a dependency.
	if ! (cd "$CLIENTS" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >"$WORK/npm.log" 2>&1; then
		if ! grep -q 'package.json and package-lock.json .*in sync' "$WORK/npm.log"; then
			cat "$WORK/npm.log" >&2
			log "npm ci failed"
			exit 1
		fi
		# npm ci refuses a lock file that lacks an optional dependency npm could
		# not resolve when it wrote the lock (vite's Windows-only
		# napi-windows-process-start-time is missing from the registry this
		# project reaches). npm install --no-save installs the same locked tree
		# and never rewrites package-lock.json; the pins are checked below.
		log "npm ci refused the lock file (an optional dependency the registry lacks); installing the locked tree with npm install --no-save"
		(cd "$CLIENTS" && npm install --no-save --ignore-scripts --no-audit --no-fund --loglevel=error) >"$WORK/npm.log" 2>&1 ||
			{ cat "$WORK/npm.log" >&2; log "npm install failed"; exit 1; }
	fi
	node -e '
		const dir = process.argv[1], fs = require("fs");
		const want = JSON.parse(fs.readFileSync(dir + "/package.json")).dependencies;
		for (const [name, v] of Object.entries(want)) {
			const got = JSON.parse(fs.readFileSync(`${dir}/node_modules/${name}/package.json`)).version;
			if (got !== v) { console.error(`realclients: ${name} ${got} installed, ${v} pinned`); process.exit(1); }
		}
	' "$CLIENTS"
	echo "$want" >"$STAMP"
else
	log "dev/e2e/clients/node_modules matches package-lock.json"
fi

log "building the binary"
(cd "$ROOT" && go build -o "$WORK/heygen-mcp" .)
BIN="$WORK/heygen-mcp"
SPEED=50

declare -a NAMES=() CODES=()
: >"$WORK/checks.txt"
STEP_PID=""
# run_step NAME CMD...: runs one client file in the background (so a signal
# reaches the trap at once), its output shown live and kept for the count.
run_step() {
	local name="$1"
	shift
	local code=0
	"$@" > >(tee -a "$WORK/checks.txt") 2>&1 &
	STEP_PID=$!
	wait "$STEP_PID" || code=$?
	STEP_PID=""
	NAMES+=("$name")
	CODES+=("$code")
}

# The HTTP server: a free port from the OS (the server's own --addr :0 works,
# but the sandbox would then point video URLs at port 0), its URL from the
# "serving MCP over streamable HTTP" log line, then /healthz.
start_http_server() {
	local port url="" tries
	for tries in 1 2 3; do
		port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
		"$BIN" --sandbox --sandbox-speed "$SPEED" --transport http --addr "127.0.0.1:$port" 2>"$WORK/http-server.log" &
		SERVER_PID=$!
		for _ in $(seq 1 200); do
			url="$(sed -n 's/.*serving MCP over streamable HTTP.* url=\([^ ]*\).*/\1/p' "$WORK/http-server.log" | head -n1)"
			[ -n "$url" ] && break
			kill -0 "$SERVER_PID" 2>/dev/null || break
			sleep 0.1
		done
		if [ -n "$url" ]; then
			break
		fi
		log "HTTP server did not start on port $port (try $tries):"
		cat "$WORK/http-server.log" >&2
		kill -TERM "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=""
	done
	[ -n "$url" ] || return 1
	for _ in $(seq 1 100); do
		if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "${url%/mcp}/healthz"; then
			HTTP_URL="$url"
			return 0
		fi
		sleep 0.1
	done
	log "$url: /healthz did not answer"
	return 1
}

cd "$CLIENTS"
run_step "ts-sdk client over stdio" node ts_client.mjs --stdio "$BIN" --speed "$SPEED"

HTTP_URL=""
if start_http_server; then
	log "sandbox HTTP server at $HTTP_URL"
	run_step "ts-sdk client over HTTP" node ts_client.mjs --http "$HTTP_URL" --binary "$BIN" --speed "$SPEED"
else
	NAMES+=("ts-sdk client over HTTP")
	CODES+=(1)
fi

run_step "inspector CLI over stdio" node inspector.mjs --stdio "$BIN" --speed "$SPEED"
if [ -n "$HTTP_URL" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
	run_step "inspector CLI over HTTP" node inspector.mjs --http "$HTTP_URL"
else
	NAMES+=("inspector CLI over HTTP")
	CODES+=(1)
fi

status=0
sleep 0.2 # let tee flush the last lines
checks_passed="$(grep -c '^PASS ' "$WORK/checks.txt" || true)"
checks_failed="$(grep -c '^FAIL ' "$WORK/checks.txt" || true)"
echo
echo "== realclients summary ($(($(date +%s) - START)) s)"
for i in "${!NAMES[@]}"; do
	if [ "${CODES[$i]}" -eq 0 ]; then
		echo "  ok    ${NAMES[$i]}"
	else
		echo "  FAIL  ${NAMES[$i]} (exit ${CODES[$i]})"
		status=1
	fi
done
if [ "$status" -ne 0 ] || [ "$checks_failed" -ne 0 ] || [ "$checks_passed" -eq 0 ]; then
	status=1
	grep '^FAIL ' "$WORK/checks.txt" | cut -c1-300 | sed 's/^/  /' || true
fi
echo "realclients: $checks_passed passed, $checks_failed failed"
if [ "$status" -ne 0 ] && [ -s "$WORK/http-server.log" ]; then
	echo "== HTTP server log (last 40 lines)"
	tail -n 40 "$WORK/http-server.log"
fi
exit "$status"
