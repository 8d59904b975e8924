#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 (as the postgres user) and prints
# the DATABASE_URL to use. `scripts/dev-postgres.sh stop DIR` stops it.
# Used by .ci/run and by developers; needs Debian's postgresql package and root.
set -euo pipefail
port=${PGPORT_SUIJI:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
if [ "${1:-}" = stop ]; then
  runuser -u postgres -- "$bin/pg_ctl" -D "$2/data" -m fast -w stop >/dev/null
  exit 0
fi
root=$(mktemp -d /tmp/suiji-pg.XXXXXX)
chown postgres: "$root"
runuser -u postgres -- "$bin/initdb" -D "$root/data" -U postgres --auth-local=trust \
  --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$root/data" -l "$root/log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $root -c fsync=off -c max_connections=200 -c autovacuum=off" >/dev/null
runuser -u postgres -- "$bin/psql" -q -h "$root" -p "$port" -U postgres \
  -c "CREATE ROLE app LOGIN CREATEDB PASSWORD 'app'" -c "CREATE DATABASE app OWNER app" >/dev/null
echo "PGROOT=$root"
echo "DATABASE_URL=postgres://app:app@127.0.0.1:$port/app"
