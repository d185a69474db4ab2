#!/usr/bin/env bash
# The whole test suite (README command 2): servers, dependencies, build, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

bash deploy/local/infra.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx turbo run build --output-logs=errors-only
mkdir -p .data
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.data/vitest-report.json "$@" || status=$?
node scripts/test-summary.mjs .data/vitest-report.json || true
exit $status
