#!/usr/bin/env bash
# Measures casefile-service on this machine and prints the figures:
#  1. catch-up and rebuild: a topic pre-filled with 1,000,000 events across 1,000 populations, projected by the
#     packaged service (CatchUpBenchmarkIT; -Dbench.populations= and -Dbench.events.per.population= change the size);
#  2. end-to-end lag from ingest commit to view at 500, 1,000 and 2,000 events/s of single POSTs (hey, a separate
#     process; VIGIL_BENCH_RATES, VIGIL_BENCH_SECONDS), with the achieved rate and CPU per 1,000 events, against
#     the system started by deploy/local/start.sh, read from casefile's vigil_projection_event_lag_seconds.
#  VIGIL_BENCH_LAG_ONLY=1 measures the lag alone (against the jars already packaged).
# A measurement, not a test: it fails only if the work was not done.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
ensure_npm
find_jdk
"$VIGIL_ROOT/deploy/local/infra.sh" up
cd "$VIGIL_ROOT"
if [ -z "${VIGIL_BENCH_LAG_ONLY:-}" ]; then
  ./mvnw -B -pl casefile-service verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=CatchUpBenchmarkIT "$@" \
    | grep -vE '^\[INFO\] (Download|Copying)'
  cat casefile-service/target/benchmark-casefile.txt
fi

if ! command -v hey >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get install -y -qq hey >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq hey >/dev/null 2>&1)) || true
fi
command -v hey >/dev/null 2>&1 || die "hey is needed for the lag measurement (apt-get install hey)"
"$VIGIL_ROOT/deploy/local/start.sh" stop >/dev/null
"$VIGIL_ROOT/deploy/local/start.sh" >/dev/null
ingest="http://127.0.0.1:${VIGIL_INGEST_PORT:-8081}"
auth="Authorization: Bearer $(make_token recorder,viewer '' benchmark)"  # the local signing key, made by start.sh
casefile="http://127.0.0.1:${VIGIL_CASEFILE_PORT:-8082}"
population=$(curl -s -X POST -H "$auth" -H 'Content-Type: application/json' "$ingest/populations" --data-binary \
  '{"name": "lag benchmark", "occurred": {"precision": "year", "date": "2013"}, "place": {"name": "Camp Ashraf", "country": "IQ"}, "sources": [{"ref": "un", "publisher": "UN", "title": "benchmark", "affiliation": "un", "reliability": "b"}], "confidentiality": "public"}' \
  | sed -n 's/.*"populationId":"\([^"]*\)".*/\1/p')
[ -n "$population" ] || die "could not register the benchmark population"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/body" <<'JSON'
{"type": "vigil.attack.recorded.v2", "occurred": {"precision": "day", "date": "2013-09-01"}, "place": {"name": "Camp Ashraf", "country": "IQ"}, "sources": [{"ref": "un", "publisher": "UN", "title": "benchmark", "affiliation": "un", "reliability": "b"}], "confidentiality": "public", "attribution": "disputed", "killed": [{"source": "un", "qualifier": "exact", "best": 52, "says": "52"}]}
JSON
pid_of() { cat "$VIGIL_STATE_DIR/run/$1.pid"; }
seconds="${VIGIL_BENCH_SECONDS:-60}"
# hey (a separate process) at each rate: 50 workers, each at rate/50 a second; the lag of exactly the events of the
# phase, from the difference of casefile's lag buckets before and after (the phase's events all projected first)
hey -H "$auth" -z 10s -c 50 -q 10 -m POST -T application/json -D "$work/body" "$ingest/populations/$population/events" >/dev/null
echo
echo "== end-to-end lag, ingest commit to casefile view, single POSTs from hey for $seconds s at each rate ($(nproc) cores):"
for rate in ${VIGIL_BENCH_RATES:-500 1000 2000}; do
  sleep 3
  curl -s -H "$auth" "$casefile/q/metrics" >"$work/before"
  ci=$(cpu_ms_of "$(pid_of ingest-service)"); cc=$(cpu_ms_of "$(pid_of casefile-service)"); cp=$(cpu_ms_postgres); ck=$(cpu_ms_kafka)
  hey -H "$auth" -z "${seconds}s" -c 50 -q $((rate / 50)) -m POST -T application/json -D "$work/body" \
    "$ingest/populations/$population/events" >"$work/hey"
  ok=$(sed -n 's/.*\[201\][[:space:]]*\([0-9]*\) responses.*/\1/p' "$work/hey")
  # every acknowledged event projected: the applied count has moved by at least that many
  applied() { curl -s -H "$auth" "$casefile/q/metrics" | awk '/^vigil_projection_events_applied_total/ {print int($2)}'; }
  target=$(( $(grep '^vigil_projection_events_applied_total' "$work/before" | awk '{print int($2)}') + ${ok:-0} ))
  for _ in $(seq 1 120); do [ "$(applied)" -ge "$target" ] && break; sleep 0.5; done
  curl -s -H "$auth" "$casefile/q/metrics" >"$work/after"
  awk -v r="$rate" -v s="$seconds" -v ok="${ok:-0}" -v a="$(sed -n 's/.*Requests\/sec:[[:space:]]*\([0-9.]*\).*/\1/p' "$work/hey")" \
    -v p50="$(sed -n 's/.*50% in \([0-9.]*\) secs.*/\1/p' "$work/hey")" -v p99="$(sed -n 's/.*99% in \([0-9.]*\) secs.*/\1/p' "$work/hey")" \
    -v i="$(( $(cpu_ms_of "$(pid_of ingest-service)") - ci ))" -v c="$(( $(cpu_ms_of "$(pid_of casefile-service)") - cc ))" \
    -v p="$(( $(cpu_ms_postgres) - cp ))" -v k="$(( $(cpu_ms_kafka) - ck ))" 'BEGIN {
    printf "  asked %5d/s: achieved %7.1f/s (%d acknowledged); POST p50 %.1f ms, p99 %.1f ms; CPU ms per 1,000 events: ingest %d, casefile %d, PostgreSQL %d, Kafka %d\n",
      r, a, ok, p50 * 1000, p99 * 1000, i * 1000 / ok, c * 1000 / ok, p * 1000 / ok, k * 1000 / ok }'
  lag=$(lag_between "$work/before" "$work/after")
  echo "                 $lag"
  printf '%s %s %s\n' "$rate" "$(sed -n 's/.*Requests\/sec:[[:space:]]*\([0-9.]*\).*/\1/p' "$work/hey")" \
    "$(printf '%s' "$lag" | sed -E 's/.*p50 <= ([0-9]+) ms, p90 <= ([0-9]+) ms, p99 <= ([0-9]+) ms, all <= ([0-9]+) ms.*/\1 \2 \3 \4/')" >>"$work/lag.tsv"
done
plot="${VIGIL_BENCH_PLOT:-$VIGIL_STATE_DIR/bench/casefile-lag.svg}"
mkdir -p "$(dirname "$plot")"
"$JAVA_HOME/bin/java" "$VIGIL_ROOT/deploy/local/lib/LagPlot.java" "$work/lag.tsv" "$plot" \
  "casefile lag over rate, $(date -u +%F), $(nproc) cores (deploy/local/bench-casefile.sh)"
echo "  plot: $plot"
