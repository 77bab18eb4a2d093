#!/usr/bin/env bash
# Measures the write path on this machine and prints the figures: the raw PostgreSQL insert limit of the same rows,
# bulk NDJSON and single POSTs from separate processes (curl, hey), each timed until every event is committed and
# acknowledged by Kafka, with the ratio to the limit measured in the same run, latency percentiles, CPU ms per 1,000
# events of ingest-service, PostgreSQL, the broker and the load generator from the kernel's accounting, and memory.
# A measurement, not a test: it fails only if the work was not done. docs/benchmarks.md explains each figure.
#   deploy/local/bench.sh                 defaults: 100,000 bulk events, 30,000 single POSTs at concurrency 16
#   BENCH_BULK_REQUESTS=50 BENCH_SINGLE=10000 BENCH_CONCURRENCY=32 deploy/local/bench.sh
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
find_jdk
BULK_REQUESTS="${BENCH_BULK_REQUESTS:-100}"   # of 1,000 events each, from two clients
SINGLE="${BENCH_SINGLE:-30000}"
CONCURRENCY="${BENCH_CONCURRENCY:-16}"
OUT="$VIGIL_ROOT/ingest-service/target/benchmark-ingest.txt"

if ! command -v hey >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get install -y -qq hey >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq hey >/dev/null 2>&1)) || true
fi
command -v hey >/dev/null 2>&1 || die "hey is needed for the single-POST load (apt-get install hey)"

# The write path alone: the projection and the reports would share the two cores (and PostgreSQL) with it; their
# own benchmarks are bench-casefile.sh and bench-report.sh.
for other in casefile-service report-service; do
  if [ -f "$VIGIL_STATE_DIR/run/$other.pid" ] && kill -0 "$(cat "$VIGIL_STATE_DIR/run/$other.pid")" 2>/dev/null; then
    say "stopping $other for the measurement (deploy/local/start.sh starts it again)"
    kill "$(cat "$VIGIL_STATE_DIR/run/$other.pid")"; rm -f "$VIGIL_STATE_DIR/run/$other.pid"
  fi
done
"$VIGIL_ROOT/deploy/local/start.sh" ingest
set -a; source "$VIGIL_STATE_DIR/infra.env"; set +a

port="${VIGIL_INGEST_PORT:-8081}"
pid=$(cat "$VIGIL_STATE_DIR/run/ingest-service.pid")
auth="Authorization: Bearer $(make_token recorder,viewer '' benchmark)"  # verified on every request, as a client's would be
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/event.json" <<'JSON'
{"type": "vigil.attack.recorded.v1", "occurred": {"precision": "day", "date": "2013-09-01"}, "place": {"name": "Camp Ashraf", "country": "IQ"}, "sources": [{"ref": "un", "publisher": "UN", "title": "benchmark", "affiliation": "un", "reliability": "b"}], "confidentiality": "public", "attribution": "disputed", "killed": [{"source": "un", "low": 52, "best": 52, "high": 52, "qualifier": "exact"}]}
JSON
for _ in $(seq 1 1000); do tr -d '\n' <"$work/event.json"; echo; done >"$work/batch.ndjson"
register() {
  curl -s -X POST -H "$auth" -H 'Content-Type: application/json' "http://127.0.0.1:$port/populations" --data-binary \
    "{\"name\": \"benchmark $1\", \"occurred\": {\"precision\": \"year\", \"date\": \"2013\"}, \"place\": {\"name\": \"Camp Ashraf\", \"country\": \"IQ\"}, \"sources\": [{\"ref\": \"un\", \"publisher\": \"UN\", \"title\": \"benchmark\", \"affiliation\": \"un\", \"reliability\": \"b\"}], \"confidentiality\": \"public\"}" \
    | sed -n 's/.*"populationId":"\([^"]*\)".*/\1/p'
}
population=$(register bulk)
[ -n "$population" ] || die "could not register the benchmark population"
batch_url="http://127.0.0.1:$port/populations/$population/events:batch"
single_url="http://127.0.0.1:$port/populations/$population/events"

post_batches() {  # requests, one after another from one curl process on one connection; fails on any answer but 201
  local args=() statuses
  for _ in $(seq 1 "$1"); do args+=(-o /dev/null "$batch_url"); done
  statuses=$(curl -s -w '%{http_code}\n' -H "$auth" -H 'Content-Type: application/x-ndjson' --data-binary "@$work/batch.ndjson" "${args[@]}")
  [ "$(grep -c '^201$' <<<"$statuses")" = "$1" ] || { echo "batches answered $(sort <<<"$statuses" | uniq -c | tr '\n' ' ')" >&2; return 1; }
}
bulk_load() { post_batches "$1" & local w=$!; post_batches "$1"; wait "$w"; }
single_load() { hey -H "$auth" -n "$1" -c "$CONCURRENCY" -m POST -T application/json -D "$work/event.json" "$single_url"; }
published() { until curl -s -H "$auth" "http://127.0.0.1:$port/q/metrics" | grep -q '^vigil_relay_lag_events 0.0'; do sleep 0.01; done; }

# CPU ms so far: ingest-service, PostgreSQL, the broker, this script's finished children (the load generators), and
# ingest-service's JIT compiler threads (a part of its figure).
loadgen_ms() { awk -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$$/stat"; }
cpu_now() { echo "$(cpu_ms_of "$pid") $(cpu_ms_postgres) $(cpu_ms_kafka) $(loadgen_ms) $(cpu_ms_jit "$pid")"; }
cpu_report() {  # before after-load after-publication events
  awk -v b="$1" -v l="$2" -v a="$3" -v n="$4" 'BEGIN { split(b, x, " "); split(l, g, " "); split(a, y, " ")
    i = (y[1] - x[1]) * 1000 / n; p = (y[2] - x[2]) * 1000 / n; k = (y[3] - x[3]) * 1000 / n; h = (g[4] - x[4]) * 1000 / n
    j = (y[5] - x[5]) * 1000 / n
    printf "  CPU ms per 1,000 events: ingest-service %.0f (of which JIT compiler %.0f), PostgreSQL %.0f, Kafka %.0f, load generator %.0f; all %.0f\n", i, j, p, k, h, i + p + k + h }'
}
say_out() { say "$*" | tee -a "$OUT"; }
: >"$OUT"

# Warm-up: a fresh JVM spends whole cores compiling for tens of seconds. Rounds of both loads until its compiler
# threads use less than 5% of its CPU in a round (at most 12 rounds); the figures below are of the warm service.
say "warming up (rounds of 20 batches and 10,000 single POSTs until the JIT compiler is quiet)..."
for round in $(seq 1 12); do
  before=$(cpu_now)
  bulk_load 10
  single_load 10000 >/dev/null
  published
  after=$(cpu_now)
  share=$(awk -v b="$before" -v a="$after" 'BEGIN { split(b, x, " "); split(a, y, " "); printf "%.0f", 100 * (y[5] - x[5]) / (y[1] - x[1] + 1) }')
  say "  round $round: JIT compiler $share% of ingest-service's CPU"
  [ "$share" -lt 5 ] && break
done

say_out "== Vigil write benchmark: $(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2 / 1048576}' /proc/meminfo), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), ingest-service -Xmx512m; $(date -u +%FT%TZ)"

# The limit, in the same run: the newest stored row (the benchmark's event) copied in batches of 1,000.
pg_jar=$(ls "$VIGIL_ROOT"/ingest-service/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar | head -1)
p0=$(cpu_ms_postgres)
limit=$("$JAVA_HOME/bin/java" -cp "$pg_jar" "$VIGIL_ROOT/deploy/local/lib/InsertLimit.java" \
  "jdbc:postgresql://$VIGIL_PG_HOST:$VIGIL_PG_PORT/vigil_ingest?sslmode=prefer" vigil_ingest_owner "$(local_password)" \
  $((BULK_REQUESTS * 1000)) 1000)
p1=$(cpu_ms_postgres)
say_out "raw PostgreSQL batched insert of the same rows (the limit): $limit rows/s (batches of 1,000, one commit each; PostgreSQL $(( (p1 - p0) / BULK_REQUESTS )) ms CPU per 1,000 rows)"

# Bulk: two curl loops, BULK_REQUESTS NDJSON requests of 1,000 events in all.
half=$((BULK_REQUESTS / 2)); events=$((half * 2 * 1000))
cpu0=$(cpu_now); start=$(date +%s.%N)
bulk_load "$half"
committed=$(date +%s.%N); cpu1=$(cpu_now)
published
end=$(date +%s.%N); cpu2=$(cpu_now)
say_out "bulk, 2 x curl, $((half * 2)) requests of 1,000 events:"
awk -v s="$start" -v c="$committed" -v e="$end" -v l="$limit" -v n="$events" 'BEGIN {
  printf "  committed %.0f events/s; committed and published %.0f events/s; ratio to the limit: %.2f\n",
    n / (c - s), n / (e - s), (n / (e - s)) / l }' | tee -a "$OUT"
cpu_report "$cpu0" "$cpu1" "$cpu2" "$events" | tee -a "$OUT"

# Single POSTs: hey at CONCURRENCY.
cpu0=$(cpu_now); start=$(date +%s.%N)
single_load "$SINGLE" >"$work/hey.out"
cpu1=$(cpu_now)
published
end=$(date +%s.%N); cpu2=$(cpu_now)
say_out "single POST, hey -c $CONCURRENCY, $SINGLE requests:"
grep -qE "^  \[201\][[:space:]]+$SINGLE responses" "$work/hey.out" || { cat "$work/hey.out" >&2; die "not every single POST was answered 201"; }
awk -v s="$start" -v e="$end" -v n="$SINGLE" '
  /Requests\/sec/ { rate = $2 } / 50% in/ { p50 = $3 * 1000 } / 99% in/ { p99 = $3 * 1000 }
  END { printf "  %.0f requests/s answered; committed and published %.0f events/s; latency p50 %.1f ms, p99 %.1f ms\n", rate, n / (e - s), p50, p99 }' \
  "$work/hey.out" | tee -a "$OUT"
cpu_report "$cpu0" "$cpu1" "$cpu2" "$SINGLE" | tee -a "$OUT"
say_out "ingest-service RSS: $(ps -o rss= -p "$pid" | awk '{printf "%d MB", $1 / 1024}')"
say "figures also in $OUT"
