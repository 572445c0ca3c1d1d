#!/usr/bin/env bash
# Runs every Go fuzz target in the repository briefly, one at a time, starting
# from the kept corpora (f.Add seeds and testdata/fuzz/<Target>/).
#
#   scripts/fuzz.sh                 # 3000 executions per target (the CI step)
#   FUZZTIME=60s scripts/fuzz.sh    # the longer run behind BENCHMARKS.md
#   scripts/fuzz.sh ./tools/        # only the targets under these packages
#
# A crasher fails the script; go test writes it to testdata/fuzz/<Target>/ so
# it becomes a regression test: commit it with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."

# A count, not a duration: with a duration, go test's fuzzing coordinator can
# fail with "context deadline exceeded" when time runs out while a worker is
# still minimising a new input (seen here on a loaded machine), which is not a
# finding. A count has no such deadline and keeps CI time predictable.
FUZZTIME="${FUZZTIME:-3000x}"
PARALLEL="${FUZZ_PARALLEL:-1}"
roots=("$@")
[ ${#roots[@]} -eq 0 ] && roots=(./)

found=0
failed=0
while IFS= read -r line; do
	file="${line%%:*}"
	name="$(sed -E 's/^[^:]*:func (Fuzz[A-Za-z0-9_]*)\(.*/\1/' <<<"$line")"
	pkg="./$(dirname "$file")"
	found=$((found + 1))
	echo "=== fuzz $pkg $name ($FUZZTIME)"
	if ! go test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -parallel "$PARALLEL" "$pkg"; then
		echo "--- FAIL: $pkg $name" >&2
		failed=$((failed + 1))
	fi
done < <(grep -rE --include='*_test.go' --exclude-dir=.cache --exclude-dir=node_modules --exclude-dir=.git --exclude-dir=third_party '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' "${roots[@]}" | sed 's#^\./##' | sort)

echo "fuzz: $found target(s), $failed failed"
[ "$found" -gt 0 ] || { echo "fuzz: no targets found" >&2; exit 1; }
[ "$failed" -eq 0 ]
