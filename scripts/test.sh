#!/usr/bin/env bash
# The project's test command: formatting, vet, the race-enabled test suite, a
# brief fuzz of every target, then the MCP conformance suite. Any failure fails.
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

echo "== fuzz (brief, from the kept corpora)"
scripts/fuzz.sh

if [ -x scripts/conformance.sh ]; then
  echo "== conformance"
  scripts/conformance.sh
elif [ -f scripts/conformance.sh ]; then
  echo "== conformance"
  bash scripts/conformance.sh
fi
echo "== all checks passed"
