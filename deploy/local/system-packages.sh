#!/usr/bin/env bash
# Debian packages the platform itself needs (never assumed on a new machine):
#   fonts-wqy-zenhei  a CJK font embedded in the settlement forms' PDFs (SET-4)
#   poppler-utils     pdftotext, with which the tests read those PDFs back
#   chromium          the real browser the portal's tests drive (never a downloaded one)
#   haproxy           the load balancer in front of the gateways of npm run cluster (A8)
#   postgresql, redis-server  the servers' programs, which the cluster journey runs as its own
#                     instances to restart them (usually there already: infra.sh's servers)
# Idempotent: installs only what is missing. Needs apt-get and root (or sudo).
set -euo pipefail

need=()
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || need+=(haproxy)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ ${#need[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: install ${need[*]} with your package manager" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "system-packages: installing ${need[*]}"
$sudo apt-get install -y -q "${need[@]}" >/dev/null 2>&1 || {
  $sudo apt-get update -q >/dev/null
  $sudo apt-get install -y -q "${need[@]}" >/dev/null
}
