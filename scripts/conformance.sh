#!/usr/bin/env bash
# Runs the official MCP conformance suite (server scenarios) against the
# fixture in dev/conformance, served by the project's own HTTP transport.
#
#   scripts/conformance.sh            # active suite, fails on any unexpected failure
#   CONFORMANCE_ARGS="--scenario tools-call-with-progress" scripts/conformance.sh
#
# Needs Go and npm. The suite needs Node >= 22: when the node on PATH is older,
# Node 22 is installed from the npm registry into .cache/node22. npm's cache and
# all tool dirs live under .cache/ (git-ignored).
set -euo pipefail

SUITE_VERSION="0.1.16"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache"
BASELINE="$ROOT/conformance-baseline.yml"
NODE22_LOG_PREFIX=conformance
# shellcheck source=scripts/node22.sh
. "$ROOT/scripts/node22.sh"

log() { printf 'conformance: %s\n' "$*" >&2; }

ensure_node22
log "node $(node --version)"

WORK="$(mktemp -d)"
FIXTURE_PID=""
cleanup() {
	if [ -n "$FIXTURE_PID" ] && kill -0 "$FIXTURE_PID" 2>/dev/null; then
		kill -TERM "$FIXTURE_PID" 2>/dev/null || true
		wait "$FIXTURE_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

log "building fixture"
(cd "$ROOT" && go build -o "$WORK/fixture" ./dev/conformance/server)

"$WORK/fixture" --addr 127.0.0.1:0 >"$WORK/url" 2>"$WORK/fixture.log" &
FIXTURE_PID=$!

# The fixture prints its URL once it listens; then /healthz must answer.
URL=""
for _ in $(seq 1 300); do
	URL="$(head -n1 "$WORK/url" 2>/dev/null || true)"
	[ -n "$URL" ] && break
	kill -0 "$FIXTURE_PID" 2>/dev/null || { cat "$WORK/fixture.log" >&2; log "fixture exited early"; exit 1; }
	sleep 0.1
done
[ -n "$URL" ] || { cat "$WORK/fixture.log" >&2; log "fixture did not start"; exit 1; }
HEALTH="${URL%/mcp}/healthz"
for _ in $(seq 1 100); do
	if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$HEALTH"; then
		break
	fi
	sleep 0.1
done
log "fixture at $URL"

ARGS=(server --url "$URL")
if [ -s "$BASELINE" ]; then
	ARGS+=(--expected-failures "$BASELINE")
fi
# shellcheck disable=SC2206 # word splitting of the extra args is intended
ARGS+=(${CONFORMANCE_ARGS:-})

SUITE=(npx -y "@modelcontextprotocol/conformance@$SUITE_VERSION")
status=0
"${SUITE[@]}" "${ARGS[@]}" | tee "$WORK/suite.out" || status=$?

# Known upstream race (mcp-go v1.2.1): a notification a tool sends can be
# taken by another stream's pump, or dropped, and so arrive after the result
# (mcp-go PR #969). The fixture, like the product server, holds results until
# queued progress is written (transport.FlushNotifications): that took
# tools-call-with-progress from 5/10 to 10/10 isolated passes. Only these
# scenarios still get up to 3 isolated retries, as a safety net; any other
# failure fails the run at once.
FLAKY="tools-call-with-progress tools-call-with-logging"
if [ "$status" -ne 0 ]; then
	failed="$(sed -n 's/^✗ \([a-z0-9-]*\):.*/\1/p' "$WORK/suite.out")"
	retry_ok=1
	[ -n "$failed" ] || retry_ok=0
	for sc in $failed; do
		case " $FLAKY " in *" $sc "*) ;; *) retry_ok=0 ;; esac
	done
	if [ "$retry_ok" -eq 1 ]; then
		for sc in $failed; do
			passed=0
			for attempt in 1 2 3; do
				log "retrying known-flaky scenario $sc (attempt $attempt)"
				if "${SUITE[@]}" server --url "$URL" --scenario "$sc" >"$WORK/retry.out" 2>&1; then
					passed=1
					break
				fi
			done
			if [ "$passed" -eq 0 ]; then
				cat "$WORK/retry.out" >&2
				retry_ok=0
			fi
		done
	fi
	if [ "$retry_ok" -eq 1 ]; then
		log "passed after retrying known-flaky scenarios: $failed"
		status=0
	fi
fi
if [ "$status" -ne 0 ]; then
	log "FAILED (exit $status); fixture log:"
	cat "$WORK/fixture.log" >&2
fi
exit "$status"
