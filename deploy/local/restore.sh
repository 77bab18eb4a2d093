#!/usr/bin/env bash
# Restores a backup made by deploy/local/backup.sh into a fresh PostgreSQL cluster of its own (new data folder, its
# own port), with Vigil's roles, so that nothing of the old cluster is reused; then prints how to point the services
# at it. Check the restored log with GET /log/verify on an ingest-service started against it, refill a lost topic
# with POST /admin/relay/republish?fromPosition=0, and rebuild the views (docs/reliability.md).
#   deploy/local/restore.sh FOLDER [PORT]       default port: 55433
#   deploy/local/restore.sh stop FOLDER         stops the restored cluster
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
if [ "${1:-}" = "stop" ]; then
  as_pg "$(pg_bin)/pg_ctl" -D "$2/cluster/data" -m fast -w stop >/dev/null && say "restored cluster stopped"
  exit 0
fi
BACKUP="${1:?usage: deploy/local/restore.sh FOLDER [PORT]}"
PORT="${2:-55433}"
[ -f "$BACKUP/databases" ] || die "$BACKUP holds no backup made by deploy/local/backup.sh"
[ -n "$(pg_bin)" ] || die "PostgreSQL is not installed"
port_open "$PORT" && die "port $PORT is taken; give another: deploy/local/restore.sh $BACKUP <port>"
CLUSTER="$BACKUP/cluster"
[ -e "$CLUSTER/data/PG_VERSION" ] && die "$CLUSTER already holds a restored cluster; remove it first"
mkdir -p "$CLUSTER"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$CLUSTER" && chmod o+x "$BACKUP"
pwfile="$CLUSTER/.pwfile"
cp "$VIGIL_STATE_DIR/secrets/db-password" "$pwfile"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$pwfile"
chmod 600 "$pwfile"
as_pg "$(pg_bin)/initdb" -D "$CLUSTER/data" -U "$VIGIL_PG_SUPERUSER" -A scram-sha-256 --pwfile="$pwfile" -E UTF8 \
  --locale=C.UTF-8 >"$CLUSTER/initdb.log" 2>&1 || { cat "$CLUSTER/initdb.log" >&2; die "initdb failed"; }
rm -f "$pwfile"
as_pg "$(pg_bin)/pg_ctl" -D "$CLUSTER/data" -w -t 60 -l "$CLUSTER/postgres.log" \
  -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$CLUSTER/data -c max_connections=100" start >/dev/null \
  || { tail -n 20 "$CLUSTER/postgres.log" >&2; die "the restored cluster did not start"; }
psql_restored() {
  PGPASSWORD="$(local_password)" "$(pg_bin)/psql" -h 127.0.0.1 -p "$PORT" -U "$VIGIL_PG_SUPERUSER" -v ON_ERROR_STOP=1 -q -X "$@"
}
pw=$(local_password)
for service in ingest casefile report; do
  psql_restored -d postgres -c "CREATE ROLE vigil_${service}_owner LOGIN CREATEDB PASSWORD '$pw'" >/dev/null
  psql_restored -d postgres -c "CREATE ROLE vigil_${service}_app LOGIN PASSWORD '$pw'" >/dev/null
done
while read -r db; do
  [ -n "$db" ] || continue
  case "$db" in
    *ingest*) owner=vigil_ingest_owner ;;
    *casefile*) owner=vigil_casefile_owner ;;
    *report*) owner=vigil_report_owner ;;
    *) die "$db: not a Vigil database (its name says neither ingest, casefile nor report)" ;;
  esac
  psql_restored -d postgres -c "CREATE DATABASE $db OWNER $owner" >/dev/null
  PGPASSWORD="$pw" "$(pg_bin)/pg_restore" -h 127.0.0.1 -p "$PORT" -U "$VIGIL_PG_SUPERUSER" --exit-on-error -d "$db" \
    "$BACKUP/$db.dump" || die "pg_restore of $db failed"
  say "restored $db ($(psql_restored -d "$db" -Atc 'SELECT count(*) FROM events' 2>/dev/null || echo '?') events)"
done <"$BACKUP/databases"
say "restored cluster on 127.0.0.1:$PORT (data: $CLUSTER/data); start the services with VIGIL_PG_PORT=$PORT"
