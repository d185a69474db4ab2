#!/usr/bin/env bash
# README command 1: servers, dependencies, build, then every service (each
# migrates its schema at start), demo accounts, URLs. Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash deploy/local/prepare.sh
exec node scripts/start-platform.mjs
