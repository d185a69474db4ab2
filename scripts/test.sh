#!/usr/bin/env bash
# README command 2: servers, dependencies, build, then the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/local/prepare.sh
mkdir -p .data
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.data/vitest-report.json "$@" || status=$?
node scripts/test-summary.mjs .data/vitest-report.json || true
exit $status
