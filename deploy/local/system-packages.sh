#!/usr/bin/env bash
# Debian packages the platform itself needs (never assumed on a new machine):
#   fonts-wqy-zenhei  a CJK font embedded in the settlement forms' PDFs (SET-4)
#   poppler-utils     pdftotext, with which the tests read those PDFs back
#   chromium          the real browser the portal's tests drive (never a downloaded one)
#   haproxy           the load balancer in front of the gateways of npm run cluster (A8)
#   postgresql, redis-server  the servers' programs, which the cluster journey runs as its own
#                     instances to restart them (usually there already: infra.sh's servers)
#   prometheus        promtool, which checks deploy/observability's rules and scrape configurations,
#                     and the server the observability journey runs with its own configuration;
#                     never run as the machine's service (see below)
# Idempotent: installs only what is missing. Needs apt-get and root (or sudo).
set -euo pipefail

need=()
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || need+=(haproxy)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# prometheus alone without its recommends: prometheus-node-exporter would be one more service
no_recommends=()
command -v promtool >/dev/null 2>&1 || no_recommends+=(prometheus)
all=("${need[@]}" "${no_recommends[@]}")
[ ${#all[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: install ${all[*]} with your package manager" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "system-packages: installing ${all[*]}"
install() {
  $sudo apt-get install -y -q "$@" >/dev/null 2>&1 || {
    $sudo apt-get update -q >/dev/null
    $sudo apt-get install -y -q "$@" >/dev/null
  }
}
[ ${#need[@]} -eq 0 ] || install "${need[@]}"
[ ${#no_recommends[@]} -eq 0 ] || install --no-install-recommends "${no_recommends[@]}"

# Debian's package starts Prometheus as the machine's service (port 9090, data in
# /var/lib/prometheus) where an init system lets it: nothing of the platform uses that
# one, whose port and disk would only be taken; whoever wants a Prometheus runs it with
# deploy/observability's configuration (README "Observability").
if [ ${#no_recommends[@]} -gt 0 ]; then
  if [ -d /run/systemd/system ]; then
    $sudo systemctl disable --now prometheus >/dev/null 2>&1 || true
  elif [ -x /etc/init.d/prometheus ]; then
    $sudo /etc/init.d/prometheus stop >/dev/null 2>&1 || true
    $sudo update-rc.d prometheus disable >/dev/null 2>&1 || true
  fi
fi
