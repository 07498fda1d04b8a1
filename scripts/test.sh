#!/usr/bin/env bash
# The test command: type check and build, lint, then every test with Node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== type check and build (tsc): server, tests, benchmarks; then the console"
rm -rf dist
npx tsc -p tsconfig.json
npx tsc -p console/tsconfig.json --noEmit
npx vite build --config console/vite.config.ts --logLevel warn
echo "== lint and format check (biome)"
npx biome check .
echo "== tests (node --test)"
mapfile -t files < <(find dist/test -name '*.test.js' | sort)
mkdir -p test-artifacts
status=0
node --test --test-concurrency=2 --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=test-artifacts/tests.tap "$@" "${files[@]}" || status=$?
# One plain closing line, whatever reads this output.
pass=$(grep -E '^# pass ' test-artifacts/tests.tap | tail -1 | awk '{print $3}')
fail=$(grep -E '^# fail ' test-artifacts/tests.tap | tail -1 | awk '{print $3}')
skip=$(grep -E '^# skipped ' test-artifacts/tests.tap | tail -1 | awk '{print $3}')
echo "${pass:-0} passed, ${fail:-0} failed, ${skip:-0} skipped"
exit "$status"
