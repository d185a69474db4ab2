#!/usr/bin/env bash
# What both README commands need first: the dependencies (the bus set-up runs
# with them), the servers, a build.
set -euo pipefail
cd "$(dirname "$0")/../.."
export TURBO_TELEMETRY_DISABLED=1

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash deploy/local/infra.sh
bash deploy/local/system-packages.sh
npx turbo run build --output-logs=errors-only
