#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (.ci/run, or by hand): `start DIR PORT` makes it in DIR
# if need be and starts it, `stop DIR PORT` stops it. Debian's binaries; run as the unprivileged
# `postgres` user when called as root (PostgreSQL refuses to run as root). It listens on 127.0.0.1
# and its socket in DIR only, and trusts every local connection: nothing else on the machine should
# reach it, and it holds nothing but test data.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR PORT" >&2; exit 2; }
[ $# -eq 3 ] || usage
command=$1
dir=$(realpath -m "$2")
port=$3

bin=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $command in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/initdb" --pgdata "$dir/data" --auth trust --username postgres --encoding UTF8 --no-sync >/dev/null
    fi
    # fsync=off: the cluster lives for one test run and is thrown away after it; if the machine
    # crashes, the run is lost anyway. Durability is what the SQLite crash tests check, not these
    # runs. Without it, the CREATE DATABASE each test file makes and every commit wait on the disk.
    as_owner "$bin/pg_ctl" --pgdata "$dir/data" --log "$dir/log" --wait \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on postgres://postgres@127.0.0.1:$port/postgres (log: $dir/log)"
    ;;
  stop)
    as_owner "$bin/pg_ctl" --pgdata "$dir/data" --mode fast --wait stop >/dev/null
    ;;
  *) usage ;;
esac
