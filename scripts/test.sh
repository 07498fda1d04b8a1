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
node --test --test-concurrency=2 --test-reporter=spec "$@" "${files[@]}"
