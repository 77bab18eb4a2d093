#!/usr/bin/env bash
# Backs up Vigil's event store (the source of truth) with pg_dump, in PostgreSQL's custom format, into a folder of
# its own under $VIGIL_STATE_DIR/backups (or the folder given), and prints where. The views (casefile) and reports
# are derived and rebuilt from the log, so only the event store must be kept; pass the other databases to keep them too.
#   deploy/local/backup.sh [FOLDER] [DATABASE...]      default: vigil_ingest
# Restore with deploy/local/restore.sh FOLDER (docs/reliability.md: backup and restore).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
OUT="${1:-$VIGIL_STATE_DIR/backups/$(date -u +%Y%m%dT%H%M%SZ)}"
shift || true
DATABASES=("$@")
[ "${#DATABASES[@]}" -gt 0 ] || DATABASES=(vigil_ingest)
[ -n "$(pg_bin)" ] || die "PostgreSQL's client programs are missing (apt-get install postgresql)"
mkdir -p "$OUT"
for db in "${DATABASES[@]}"; do
  PGPASSWORD="$(local_password)" "$(pg_bin)/pg_dump" -h 127.0.0.1 -p "$VIGIL_PG_PORT" -U "$VIGIL_PG_SUPERUSER" \
    --format=custom --file="$OUT/$db.dump" "$db" || die "pg_dump of $db failed"
  say "backed up $db to $OUT/$db.dump ($(du -h "$OUT/$db.dump" | cut -f1))"
done
printf '%s\n' "${DATABASES[@]}" >"$OUT/databases"
say "$OUT"
