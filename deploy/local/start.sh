#!/usr/bin/env bash
# README command 1: infrastructure, dependencies, build, then every service
# (each migrates its schema at start), demo accounts, URLs. Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/../.."
export TURBO_TELEMETRY_DISABLED=1

bash deploy/local/infra.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx turbo run build --output-logs=errors-only
exec node scripts/start-platform.mjs
