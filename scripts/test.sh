#!/usr/bin/env bash
# `npm test`: every test. Type check, the integration and unit suites on a real database
# (FerretDB started by the vitest global setup, or MONGODB_URI), then the browser journeys.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results

bash scripts/ferretdb.sh || { echo "could not install FerretDB (set MONGODB_URI to use MongoDB instead)"; [[ -n "${MONGODB_URI:-}" ]] || exit 1; }

echo "== type check"
tsc --noEmit -p . || exit 1

echo "== unit and integration tests"
vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
status=$?

if [[ -f test/browser/run.sh ]]; then
  echo "== browser journeys"
  bash test/browser/run.sh || status=1
fi

node scripts/test-summary.ts test-results/*.json
exit $status
