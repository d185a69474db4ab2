#!/usr/bin/env bash
# Makes PostgreSQL, Redis and NATS (with JetStream) available for the platform
# (ARCHITECTURE A9). Idempotent: safe to run any number of times.
#
# PostgreSQL and Redis:
#   1. a server that already answers on its host:port is reused;
#   2. else, when a Docker engine runs and compose is available, the missing
#      ones are started from the repo's docker-compose.yml, with their ports
#      published on 127.0.0.1;
#   3. else the Debian packages (postgresql, redis-server) are installed if
#      missing and started, with data under <repo>/.data/.
# NATS is the platform's own bus (ARCHITECTURE A7): its credentials and its
# configuration, with every identity's permissions, are generated from the
# catalogue in libs/contracts (npm run bus-setup, into .data/bus/), and
# nats-server (Debian's package, installed if missing) runs from that
# configuration, its data under .data/nats. A server on the port that was not
# started from it is refused; ours reloads when the configuration changes. A
# remote NATS_URL is the operator's: it must answer. Needs `npm ci` first.
#
# Configuration (environment, with local defaults):
#   NATS_URL=nats://127.0.0.1:4223
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/voucher
#   REDIS_URL=redis://127.0.0.1:6379
# Finally the database named in DATABASE_URL is created when missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="$ROOT/.data"
WAIT_SECONDS=${INFRA_WAIT_SECONDS:-30}

NATS_URL=${NATS_URL:-nats://127.0.0.1:4223}
DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/voucher}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}

log() { printf '%s\n' "$*"; }
err() { printf 'infra: error: %s\n' "$*" >&2; }
die() {
  err "$*"
  exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------- URL parsing
# parse_url URL DEFAULT_PORT
#   sets URL_USER URL_PASS URL_HOST URL_PORT URL_PATH (no percent-decoding).
#   For a comma-separated list (NATS) only the first URL is used.
parse_url() {
  local url=${1%%,*} rest auth
  url=${url%%\?*}
  rest=${url#*://}
  URL_PATH=""
  if [[ $rest == */* ]]; then
    URL_PATH=${rest#*/}
    rest=${rest%%/*}
  fi
  URL_USER=""
  URL_PASS=""
  if [[ $rest == *@* ]]; then
    auth=${rest%@*}
    rest=${rest##*@}
    URL_USER=${auth%%:*}
    if [[ $auth == *:* ]]; then URL_PASS=${auth#*:}; fi
  fi
  URL_PORT=""
  if [[ $rest == \[* ]]; then # [ipv6]:port
    URL_HOST=${rest%%]*}
    URL_HOST=${URL_HOST#[}
    rest=${rest#*]}
    URL_PORT=${rest#:}
  else
    URL_HOST=${rest%%:*}
    if [[ $rest == *:* ]]; then URL_PORT=${rest##*:}; fi
  fi
  URL_HOST=${URL_HOST:-127.0.0.1}
  URL_PORT=${URL_PORT:-$2}
  [[ $URL_PORT =~ ^[0-9]+$ ]] || die "cannot read a port from URL '$1'"
}

parse_url "$NATS_URL" 4223
NATS_HOST=$URL_HOST NATS_PORT=$URL_PORT

parse_url "$DATABASE_URL" 5432
PG_HOST=$URL_HOST PG_PORT=$URL_PORT
PG_USER=${URL_USER:-postgres}
PG_PASS=$URL_PASS
PG_DB=${URL_PATH:-$PG_USER}

parse_url "$REDIS_URL" 6379
REDIS_HOST=$URL_HOST REDIS_PORT=$URL_PORT REDIS_PASS=$URL_PASS

# Address a locally started server listens on.
bind_addr() {
  case $1 in
    localhost | 0.0.0.0 | '') echo 127.0.0.1 ;;
    *) echo "$1" ;;
  esac
}

is_local_host() {
  case $1 in
    localhost | 127.* | ::1 | 0.0.0.0) return 0 ;;
  esac
  # an address of this machine
  if have hostname && hostname -I 2>/dev/null | tr ' ' '\n' | grep -qxF -- "$1"; then
    return 0
  fi
  return 1
}

# ---------------------------------------------------------------- probes
# (the single-quoted scripts get host and port as $0 and $1)
# shellcheck disable=SC2016
tcp_open() { timeout 1 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }

# First line a NATS server sends: INFO {...}
# shellcheck disable=SC2016
nats_info() {
  timeout 1 bash -c 'exec 3<>"/dev/tcp/$0/$1"; IFS= read -r line <&3; printf "%s\n" "$line"' \
    "$NATS_HOST" "$NATS_PORT" 2>/dev/null || true
}

nats_up() { [[ $(nats_info) == INFO* ]]; }

pg_up() {
  tcp_open "$PG_HOST" "$PG_PORT" || return 1
  if have pg_isready; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2 >/dev/null 2>&1 || return 1
  fi
}

redis_up() {
  tcp_open "$REDIS_HOST" "$REDIS_PORT" || return 1
  if have redis-cli; then
    local reply
    reply=$(REDISCLI_AUTH="$REDIS_PASS" timeout 2 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>&1 || true)
    # NOAUTH still proves a Redis server answers
    [[ $reply == *PONG* || $reply == *NOAUTH* || $reply == *"Authentication required"* ]] || return 1
  fi
}

# wait_for NAME PROBE: polls PROBE for up to WAIT_SECONDS
wait_for() {
  local name=$1 probe=$2 deadline=$((SECONDS + WAIT_SECONDS))
  until "$probe"; do
    if ((SECONDS >= deadline)); then
      err "$name did not answer within ${WAIT_SECONDS}s"
      return 1
    fi
    sleep 0.5
  done
}

# ---------------------------------------------------------------- privileges and packages
as_root() {
  if ((EUID == 0)); then
    "$@"
  elif have sudo; then
    sudo "$@"
  else
    die "need root to run '$*' (run as root or install sudo)"
  fi
}

pkg_installed() {
  [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) == "install ok installed" ]]
}

APT_UPDATED=0
ENSURE_INSTALLED=() # packages the last ensure_debian_packages call installed

# ensure_debian_packages PKG...: installs those not installed yet (apt-get update once).
# The single place where this project installs Debian packages: servers here,
# and later what the platform needs besides (fonts-noto-cjk, chromium, ...).
ensure_debian_packages() {
  ENSURE_INSTALLED=()
  local pkg missing=()
  for pkg in "$@"; do
    pkg_installed "$pkg" || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  have apt-get || die "packages missing (${missing[*]}) and apt-get is not available: install them by hand"
  log "infra: installing Debian packages: ${missing[*]}"
  if ((APT_UPDATED == 0)); then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
      die "apt-get update failed (network? apt sources?)"
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
    die "apt-get install ${missing[*]} failed"
  ENSURE_INSTALLED=("${missing[@]}")
}

# Runs a command as the postgres user when root (initdb/pg_ctl refuse root).
as_pg_owner() {
  if ((EUID == 0)); then
    if have runuser; then
      runuser -u postgres -- "$@"
    elif have sudo; then
      sudo -u postgres -- "$@"
    else
      die "cannot run $1 as the postgres user (neither runuser nor sudo found)"
    fi
  else
    "$@"
  fi
}

# ---------------------------------------------------------------- Docker Compose
COMPOSE=()
compose_available() {
  have docker || return 1
  docker info >/dev/null 2>&1 || return 1
  if docker compose version >/dev/null 2>&1; then
    COMPOSE=(docker compose)
  elif have docker-compose; then
    COMPOSE=(docker-compose)
  else
    return 1
  fi
  [[ -f $ROOT/docker-compose.yml ]]
}

# compose_up SERVICE...: starts the given infrastructure services, published
# on the host:port of their URLs (the production file publishes none).
compose_up() {
  mkdir -p "$DATA"
  local override="$DATA/compose.infra.yml"
  cat >"$override" <<EOF
# generated by deploy/local/infra.sh: local ports for the infrastructure services
services:
  postgres:
    ports: ["$(bind_addr "$PG_HOST"):$PG_PORT:5432"]
    environment:
      POSTGRES_HOST_AUTH_METHOD: trust
  redis:
    ports: ["$(bind_addr "$REDIS_HOST"):$REDIS_PORT:6379"]
EOF
  # The file requires these for the platform services; local defaults suffice
  # to start the infrastructure only.
  POSTGRES_PASSWORD=${POSTGRES_PASSWORD:-postgres} JWT_SECRET=${JWT_SECRET:-local-infra-only} \
    "${COMPOSE[@]}" -f "$ROOT/docker-compose.yml" -f "$override" up -d "$@"
}

# ---------------------------------------------------------------- distribution packages
# The platform's bus: the configuration generated from the catalogue (A7),
# then nats-server from it; a running one of ours reloads it (SIGHUP).
BUS_DIR="$DATA/bus"
NATS_PID="$DATA/nats.pid"

nats_ours_running() { [[ -f $NATS_PID ]] && kill -0 "$(cat "$NATS_PID")" 2>/dev/null; }

start_bus() {
  ensure_debian_packages nats-server openssl
  [[ -d $ROOT/node_modules ]] || die "nats: the bus set-up needs the npm dependencies: run npm ci first"
  (cd "$ROOT" && NATS_URL="$NATS_URL" node --import tsx libs/bus/src/setup-cli.ts --dir "$BUS_DIR" --store "$DATA/nats" ${BUS_TLS:+--tls}) ||
    die "nats: the bus set-up failed"
  if nats_ours_running; then
    local logged
    logged=$(wc -c <"$DATA/nats.log" 2>/dev/null || echo 0)
    kill -HUP "$(cat "$NATS_PID")"
    sleep 0.5
    if ! tail -c +$((logged + 1)) "$DATA/nats.log" 2>/dev/null | grep -q 'Failed to reload'; then
      log "nats: reloaded $NATS_HOST:$NATS_PORT with $BUS_DIR/nats.conf"
      return 0
    fi
    # some settings (the server's name, its ports) take a restart
    log "nats: the new configuration needs a restart"
    kill "$(cat "$NATS_PID")"
    local deadline=$((SECONDS + WAIT_SECONDS))
    while nats_ours_running && ((SECONDS < deadline)); do sleep 0.2; done
  fi
  if nats_up; then
    die "nats: a server on $NATS_HOST:$NATS_PORT was not started from $BUS_DIR/nats.conf (no credentials, no permissions): stop it or set NATS_URL to a free port"
  fi
  local bin
  bin=$(command -v nats-server || echo /usr/sbin/nats-server)
  nohup "$bin" -c "$BUS_DIR/nats.conf" -P "$NATS_PID" -l "$DATA/nats.log" >/dev/null 2>&1 </dev/null &
  wait_for nats nats_up || die "nats: started but it does not answer on $NATS_HOST:$NATS_PORT; see $DATA/nats.log"
  log "nats: started $NATS_HOST:$NATS_PORT from $BUS_DIR/nats.conf (credentials in $BUS_DIR/keys)"
}

start_redis_pkg() {
  mkdir -p "$DATA/redis"
  local args=(--daemonize yes --bind "$(bind_addr "$REDIS_HOST")" --port "$REDIS_PORT"
    --save "" --appendonly no --dir "$DATA/redis" --logfile "$DATA/redis.log"
    --pidfile "$DATA/redis.pid")
  if [[ -n $REDIS_PASS ]]; then args+=(--requirepass "$REDIS_PASS"); fi
  redis-server "${args[@]}" >/dev/null
}

# Port configured in a Debian cluster's postgresql.conf (5432 when unset).
debian_cluster_port() {
  local port
  port=$(sed -nE 's/^[[:space:]]*port[[:space:]]*=[[:space:]]*([0-9]+).*/\1/p' "$1/postgresql.conf" 2>/dev/null | tail -1)
  echo "${port:-5432}"
}

# Trust local TCP connections in a cluster this script has just installed
# (DATABASE_URL carries no password by default; development machines only).
trust_local_tcp() {
  local hba="$1/pg_hba.conf"
  [[ -f $hba ]] || return 0
  as_root sed -i -E 's/^(host[[:space:]]+all[[:space:]]+all[[:space:]]+(127\.0\.0\.1\/32|::1\/128)[[:space:]]+)[a-z0-9-]+/\1trust/' "$hba"
  log "postgres: local TCP connections set to trust in $hba (development only)"
}

start_postgres_pkg() {
  local just_installed=$1 ver=""
  # shellcheck disable=SC2012 # version directories: plain names
  if [[ -d /etc/postgresql ]]; then ver=$(ls /etc/postgresql | head -1); fi
  if [[ -n $ver && -d /etc/postgresql/$ver/main ]]; then
    local conf="/etc/postgresql/$ver/main" cport
    cport=$(debian_cluster_port "$conf")
    if [[ $cport == "$PG_PORT" ]]; then
      if [[ $just_installed == 1 && -z $PG_PASS ]]; then trust_local_tcp "$conf"; fi
      # "already running" is not an error here
      as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start ||
        as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main status >/dev/null 2>&1 ||
        die "postgres: pg_ctlcluster $ver main start failed (see /var/log/postgresql/)"
      return 0
    fi
    log "postgres: Debian cluster $ver/main uses port $cport, not $PG_PORT: using a cluster in .data/pg"
  fi

  local bindir
  # shellcheck disable=SC2012
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [[ -n $bindir && -x $bindir/initdb ]] || die "postgres: no PostgreSQL binaries in /usr/lib/postgresql/*/bin"
  local pgdata="$DATA/pg"
  mkdir -p "$pgdata"
  chmod 700 "$pgdata"
  if ((EUID == 0)); then chown postgres: "$pgdata"; fi
  if [[ ! -f $pgdata/PG_VERSION ]]; then
    as_pg_owner "$bindir/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 \
      --lc-collate=C --lc-ctype=C.UTF-8 >"$DATA/pg-initdb.log" 2>&1 ||
      die "postgres: initdb failed, see $DATA/pg-initdb.log (the postgres user must be able to enter $DATA)"
  fi
  if as_pg_owner "$bindir/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then return 0; fi
  touch "$DATA/pg.log"
  if ((EUID == 0)); then chown postgres: "$DATA/pg.log"; fi
  as_pg_owner "$bindir/pg_ctl" -D "$pgdata" -l "$DATA/pg.log" -w -t "$WAIT_SECONDS" \
    -o "-p $PG_PORT -k $pgdata -c listen_addresses=$(bind_addr "$PG_HOST")" start >/dev/null ||
    die "postgres: pg_ctl start failed, see $DATA/pg.log"
}

# pkg_path NAME PACKAGE START_FN PROBE: install if needed, start, wait, report
pkg_path() {
  local name=$1 pkg=$2 start_fn=$3 probe=$4 installed=0 addr=$5
  ensure_debian_packages "$pkg"
  if ((${#ENSURE_INSTALLED[@]})); then installed=1; fi
  # a package's own init script may have started it already
  if ! "$probe"; then
    if [[ $name == postgres ]]; then "$start_fn" "$installed"; else "$start_fn"; fi
    wait_for "$name" "$probe" || die "$name: started but it does not answer on $addr; see the logs in $DATA/"
  fi
  if ((installed)); then
    log "$name: installed and started $addr"
  else
    log "$name: started $addr"
  fi
}

# ---------------------------------------------------------------- main
if is_local_host "$NATS_HOST"; then
  start_bus
elif nats_up; then
  log "nats: using $NATS_HOST:$NATS_PORT (a remote bus: its credentials and permissions are the operator's, see deploy/)"
else
  die "nats: nothing answers on $NATS_HOST:$NATS_PORT, a remote host: start it there, or unset NATS_URL to use a local bus"
fi

NAMES=(postgres redis)
declare -A PROBE=([postgres]=pg_up [redis]=redis_up)
declare -A ADDR=([postgres]="$PG_HOST:$PG_PORT" [redis]="$REDIS_HOST:$REDIS_PORT")
declare -A HOST=([postgres]="$PG_HOST" [redis]="$REDIS_HOST")
declare -A PKG=([postgres]=postgresql [redis]=redis-server)
declare -A START=([postgres]=start_postgres_pkg [redis]=start_redis_pkg)
declare -A URLVAR=([postgres]=DATABASE_URL [redis]=REDIS_URL)

missing=()
for n in "${NAMES[@]}"; do
  if "${PROBE[$n]}"; then
    log "$n: reused ${ADDR[$n]}"
  elif ! is_local_host "${HOST[$n]}"; then
    die "$n: nothing answers on ${ADDR[$n]}, a remote host: start it there, or unset ${URLVAR[$n]} to use a local server"
  else
    missing+=("$n")
  fi
done


if ((${#missing[@]})); then
  if compose_available; then
    log "infra: starting ${missing[*]} with ${COMPOSE[*]}"
    compose_up "${missing[@]}" || die "'${COMPOSE[*]} up' failed for ${missing[*]}; see the output above"
    for n in "${missing[@]}"; do
      wait_for "$n" "${PROBE[$n]}" ||
        die "$n: the container does not answer on ${ADDR[$n]}; see '${COMPOSE[*]} logs $n'"
      log "$n: started ${ADDR[$n]} (docker compose)"
    done
  else
    for n in "${missing[@]}"; do
      pkg_path "$n" "${PKG[$n]}" "${START[$n]}" "${PROBE[$n]}" "${ADDR[$n]}"
    done
  fi
fi

# The database named in DATABASE_URL
if have psql; then
  export PGPASSWORD=$PG_PASS PGCONNECT_TIMEOUT=5
  db_sql=${PG_DB//\'/\'\'}
  psql_err=$(mktemp)
  exists=$(psql -X -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
    "select 1 from pg_database where datname = '$db_sql'" 2>"$psql_err" || echo error)
  msg=$(cat "$psql_err")
  rm -f "$psql_err"
  if [[ $exists == error ]]; then
    die "postgres: cannot connect as $PG_USER to $PG_HOST:$PG_PORT: ${msg:-unknown error}. Fix DATABASE_URL (user/password) or the server's pg_hba.conf"
  fi
  if [[ $exists != 1 ]]; then
    createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$PG_DB" ||
      die "postgres: createdb $PG_DB failed"
    log "postgres: created database $PG_DB"
  fi
else
  log "postgres: psql not found, not checking that database $PG_DB exists"
fi
