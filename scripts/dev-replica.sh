#!/usr/bin/env bash
# Starts a throwaway PostgreSQL primary (scripts/dev-postgres.sh) and a streaming replica of
# it (pg_basebackup -R: a hot standby that follows the primary's WAL), both on 127.0.0.1, and
# prints PGROOT, DATABASE_URL (the primary) and DATABASE_READ_URL (the replica).
# `scripts/dev-replica.sh stop DIR` stops both. Ports: PGPORT_SUIJI (primary, default 54331)
# and PGPORT_SUIJI_REPLICA (default: the primary's + 1). Needs Debian's postgresql and root,
# like dev-postgres.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
if [ "${1:-}" = stop ]; then
  runuser -u postgres -- "$bin/pg_ctl" -D "$2/replica" -m fast -w stop >/dev/null || true
  "$here/dev-postgres.sh" stop "$2"
  exit 0
fi
port=${PGPORT_SUIJI:-54331}
replica_port=${PGPORT_SUIJI_REPLICA:-$((port + 1))}
primary=$(PGPORT_SUIJI=$port "$here/dev-postgres.sh")
root=$(printf '%s\n' "$primary" | sed -n 's/^PGROOT=//p')
# Streaming replication over loopback (initdb's pg_hba.conf allows replication from
# 127.0.0.1 with a password), as a role that may do nothing else. The app role may pause
# and resume replay on the replica: the test of a lagging replica does.
runuser -u postgres -- "$bin/psql" -q -h "$root" -p "$port" -U postgres \
  -c "CREATE ROLE replicator REPLICATION LOGIN PASSWORD 'replicator'" >/dev/null
runuser -u postgres -- "$bin/psql" -q -h "$root" -p "$port" -U postgres -d app \
  -c "GRANT EXECUTE ON FUNCTION pg_wal_replay_pause(), pg_wal_replay_resume() TO app" >/dev/null
runuser -u postgres -- env PGPASSWORD=replicator "$bin/pg_basebackup" -h 127.0.0.1 -p "$port" -U replicator \
  -D "$root/replica" -R -X stream -c fast >/dev/null
# A standby needs at least the primary's max_connections.
runuser -u postgres -- "$bin/pg_ctl" -D "$root/replica" -l "$root/replica.log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $replica_port -k $root -c fsync=off -c max_connections=200 -c hot_standby=on" >/dev/null
printf '%s\n' "$primary"
echo "DATABASE_READ_URL=postgres://app:app@127.0.0.1:$replica_port/app"
