#!/usr/bin/env bash
# The browser journeys: Debian's Chromium (never a downloaded browser) against a real Vigil.
# Fails loudly when Chromium is missing: CI (.ci/run) installs it, so a missing browser is a
# broken machine, not a reason to skip.
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p test-results

if [[ ! -x /usr/bin/chromium ]]; then
  echo "ERROR: /usr/bin/chromium is missing; the browser journeys cannot run." >&2
  echo "       Install Debian's Chromium: apt-get update && apt-get install -y chromium" >&2
  exit 1
fi

# As under `npm test`: the project's binaries first, so `node` is the Node 24 it installs.
export PATH="$PWD/node_modules/.bin:$PATH"
vitest run --config vitest.browser.config.ts --reporter=default --reporter=json --outputFile.json=test-results/browser.json
exit $?
