#!/usr/bin/env bash
# The project's test command: formatting, vet, the race-enabled test suite
# (which drives the built binary with mcp-go's and the official Go SDK's
# clients), a brief fuzz of every target, the MCP conformance suite, then the
# real-client suite (the official TypeScript SDK client and the Inspector CLI
# against the built binary). Any failure fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"

echo "== gofmt"
unformatted="$(find . \( -path ./.git -o -path ./.cache -o -path ./node_modules \) -prune -o -name '*.go' -print0 | xargs -0 gofmt -l)"
if [ -n "$unformatted" ]; then
  echo "gofmt needed on:" >&2
  echo "$unformatted" >&2
  exit 1
fi

echo "== go vet"
go vet ./...

echo "== go test -race"
go test -race ./...

echo "== patched mcp-go copy: its own test of patch 2 (third_party/mcp-go/PATCHES)"
(cd third_party/mcp-go && go test -count=1 ./server/ && go test -count=1 -run XXX -fuzz FuzzMayHaveMetaNeverMissesMeta -fuzztime 3000x ./server/)

echo "== live-API tier: compiles, and its comparison works against a second simulator (no key, nothing sent)"
go vet -tags integration ./heygen/
go test -tags integration -run 'LiveTier|Integration' ./heygen/

echo "== fuzz (brief, from the kept corpora)"
scripts/fuzz.sh

if [ -x scripts/conformance.sh ]; then
  echo "== conformance"
  scripts/conformance.sh
elif [ -f scripts/conformance.sh ]; then
  echo "== conformance"
  bash scripts/conformance.sh
fi
echo "== real clients (TypeScript SDK, Inspector CLI)"
scripts/realclients.sh
echo "== replicas (Redis, HAProxy, three replicas)"
scripts/replicas.sh
echo "== deployment files (Dockerfile build step and flags, Kubernetes example decoded strictly)"
(cd deploy && go vet ./... && go test ./...)
echo "== release path (GoReleaser check + snapshot, the MCP Bundle through the TypeScript SDK client)"
scripts/release-check.sh
echo "== all checks passed"
