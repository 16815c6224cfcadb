#!/usr/bin/env bash
# `npm test`: every test. Type check, no import cycles in src/ (madge), the integration and unit
# suites on a real database (FerretDB started by the vitest global setup, or MONGODB_URI), then the
# browser journeys.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results

bash scripts/ferretdb.sh || { echo "could not install FerretDB (set MONGODB_URI to use MongoDB instead)"; [[ -n "${MONGODB_URI:-}" ]] || exit 1; }

echo "== type check"
tsc --noEmit -p . || exit 1

echo "== import cycles"
npm run --silent check:cycles || exit 1

echo "== unit and integration tests"
vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
status=$?

if [[ -f test/browser/run.sh && ! -x /usr/bin/chromium ]]; then
  echo "== installing Debian's Chromium for the browser journeys (apt-get)"
  if [[ $(id -u) -eq 0 ]]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "could not install chromium"
  elif sudo -n true 2>/dev/null; then
    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "could not install chromium"
  else
    echo "Chromium is missing: install Debian's chromium package (apt-get install chromium) to run the browser journeys"
  fi
fi

if [[ -f test/browser/run.sh ]]; then
  echo "== browser journeys"
  bash test/browser/run.sh || status=1
fi

node scripts/test-summary.ts test-results/*.json
exit $status
