#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: prints a URL for PICTURELOCK_TEST_POSTGRES_URL.
#
#   export PICTURELOCK_TEST_POSTGRES_URL="$(scripts/postgres-for-tests.sh)"
#   scripts/postgres-for-tests.sh stop        # stop it and remove its files
#
# Installs Debian's postgresql when no server binaries are found (needs root: apt-get), makes a
# cluster in a temporary folder (as the `postgres` user when run as root), starts it on a free
# localhost port with trust authentication (local tests only; never a real server), creates the
# database `picturelock_test` and prints its URL. Run again, it prints the URL of the server
# already running. Everything but the URL goes to stderr. PICTURELOCK_PG_STATE overrides the
# folder that remembers the running server (default: /tmp/picturelock-postgres-$UID).
set -euo pipefail

STATE="${PICTURELOCK_PG_STATE:-/tmp/picturelock-postgres-$(id -u)}"
DATABASE=picturelock_test

say() { echo "postgres-for-tests: $*" >&2; }
fail() { say "error: $*"; exit 1; }

find_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && echo "$dir"
}

install_server() {
  [[ "$(id -u)" -eq 0 ]] || fail "PostgreSQL is not installed and installing it needs root (apt-get install postgresql)"
  command -v apt-get >/dev/null || fail "PostgreSQL is not installed and there is no apt-get to install it"
  say "installing Debian's postgresql (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || fail "apt-get update failed"
  apt-get install -y -qq postgresql >&2 || fail "apt-get install postgresql failed"
}

# Run a server command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

url() { echo "postgresql://postgres@127.0.0.1:$1/$DATABASE"; }

stop() {
  local bin
  bin="$(find_bin || true)"
  if [[ -f "$STATE/datadir" && -n "$bin" ]]; then
    as_owner "$bin/pg_ctl" -D "$(cat "$STATE/datadir")" -m immediate stop >&2 || true
    rm -rf "$(cat "$STATE/datadir")"
  fi
  rm -rf "$STATE"
  say "stopped"
}

running_url() {
  local bin="$1"
  [[ -f "$STATE/datadir" && -f "$STATE/port" ]] || return 1
  as_owner "$bin/pg_ctl" -D "$(cat "$STATE/datadir")" status >/dev/null 2>&1 || return 1
  url "$(cat "$STATE/port")"
}

start() {
  local bin data port
  bin="$(find_bin || true)"
  if [[ -z "$bin" ]]; then
    install_server
    bin="$(find_bin || true)"
    [[ -n "$bin" ]] || fail "no initdb/pg_ctl under /usr/lib/postgresql/*/bin after installing"
  fi
  if running_url "$bin"; then
    say "already running"
    return 0
  fi
  [[ -f "$STATE/datadir" ]] && rm -rf "$(cat "$STATE/datadir")"  # a server that is gone (a reboot)
  rm -rf "$STATE"
  mkdir -p "$STATE"
  data="$(mktemp -d /tmp/picturelock-pgdata.XXXXXX)"
  echo "$data" > "$STATE/datadir"
  [[ "$(id -u)" -eq 0 ]] && chown postgres: "$data"
  port="$(free_port)"
  say "initdb in $data ($bin)"
  as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null \
    || as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --no-locale >/dev/null \
    || fail "initdb failed"
  say "starting on 127.0.0.1:$port"
  as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$data/server.log" >&2 || true; fail "the server did not start"; }
  echo "$port" > "$STATE/port"
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DATABASE" || fail "createdb failed"
  url "$port"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) fail "usage: $0 [start|stop]" ;;
esac
