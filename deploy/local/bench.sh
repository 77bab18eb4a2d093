#!/usr/bin/env bash
# Measures ingest-service on this machine and prints the figures (events/s committed and published, latency
# percentiles, the raw PostgreSQL insert limit and the ratio, memory, and for the loads from separate processes CPU
# ms per 1,000 events of ingest-service, PostgreSQL, the broker and the load generator). A measurement, not a test: it fails only if
# the work was not done. Figures also land in ingest-service/target/benchmark-ingest.txt.
#   deploy/local/bench.sh                         defaults: 100,000 bulk events, 30,000 single POSTs at concurrency 16
#   deploy/local/bench.sh -Dbench.single.events=5000
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
find_jdk
"$VIGIL_ROOT/deploy/local/infra.sh" up
cd "$VIGIL_ROOT"
# Tracing off, as in the earlier figures and the local run: the test profile otherwise traces into memory.
./mvnw -B -pl ingest-service test -Pbenchmark -Dtest=IngestBenchmark -Dquarkus.otel.sdk.disabled=true "$@" | grep -vE '^\[INFO\] (Download|Copying)'
echo
cat ingest-service/target/benchmark-ingest.txt

# The same single-POST load from a separate process (hey), against the packaged service started by start.sh, so
# that the load generator does not share the service's JVM. Skipped when hey cannot be installed.
if ! command -v hey >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get install -y -qq hey >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq hey >/dev/null 2>&1)) || true
fi
if command -v hey >/dev/null 2>&1; then
  "$VIGIL_ROOT/deploy/local/start.sh" >/dev/null
  port="${VIGIL_INGEST_PORT:-8081}"
  auth="Authorization: Bearer $(make_token recorder,viewer '' benchmark)"  # the local signing key, made by start.sh
  body=$(mktemp)
  cat >"$body" <<'JSON'
{"type": "vigil.attack.recorded.v1", "occurred": {"precision": "day", "date": "2013-09-01"}, "place": {"name": "Camp Ashraf", "country": "IQ"}, "sources": [{"ref": "un", "publisher": "UN", "title": "benchmark", "affiliation": "un", "reliability": "b"}], "confidentiality": "public", "attribution": "disputed", "killed": [{"source": "un", "low": 52, "best": 52, "high": 52, "qualifier": "exact"}]}
JSON
  population=$(curl -s -X POST -H "$auth" -H 'Content-Type: application/json' "http://127.0.0.1:$port/populations" --data-binary \
    '{"name": "benchmark", "occurred": {"precision": "year", "date": "2013"}, "place": {"name": "Camp Ashraf", "country": "IQ"}, "sources": [{"ref": "un", "publisher": "UN", "title": "benchmark", "affiliation": "un", "reliability": "b"}], "confidentiality": "public"}' \
    | sed -n 's/.*"populationId":"\([^"]*\)".*/\1/p')
  [ -n "$population" ] || die "could not register the benchmark population"
  # CPU time so far (ms): ingest-service, PostgreSQL, the broker, and this script's finished children (the load
  # generators: curl, hey), from the kernel's accounting. The load generators' share is taken when the load ends.
  loadgen_ms() { awk -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$$/stat"; }
  cpu_now() { echo "$(cpu_ms_of "$(cat "$VIGIL_STATE_DIR/run/ingest-service.pid")") $(cpu_ms_postgres) $(cpu_ms_kafka) $(loadgen_ms)"; }
  cpu_report() {  # before after-load after-publication events
    awk -v b="$1" -v l="$2" -v a="$3" -v n="$4" 'BEGIN { split(b, x, " "); split(l, g, " "); split(a, y, " ")
      i = (y[1] - x[1]) * 1000 / n; p = (y[2] - x[2]) * 1000 / n; k = (y[3] - x[3]) * 1000 / n; h = (g[4] - x[4]) * 1000 / n
      printf "  CPU ms per 1,000 events: ingest-service %.0f, PostgreSQL %.0f, Kafka %.0f, load generator %.0f; all %.0f\n", i, p, k, h, i + p + k + h }'
  }
  # Bulk from two separate processes (curl), 100 NDJSON requests of 1,000 events, after 20 warm-up requests.
  ndjson="$body.ndjson"
  for _ in $(seq 1 1000); do tr -d '\n' <"$body"; echo; done >"$ndjson"
  batch_url="http://127.0.0.1:$port/populations/$population/events:batch"
  post_batches() { for _ in $(seq 1 "$1"); do curl -s -o /dev/null -H "$auth" -H 'Content-Type: application/x-ndjson' --data-binary "@$ndjson" "$batch_url"; done; }
  post_batches 10 & w=$!; post_batches 10; wait "$w"
  until curl -s -H "$auth" "http://127.0.0.1:$port/q/metrics" | grep -q '^vigil_relay_lag_events 0.0'; do sleep 0.01; done
  cpu0=$(cpu_now)
  start=$(date +%s.%N)
  post_batches 50 & w=$!; post_batches 50; wait "$w"
  committed=$(date +%s.%N)
  cpu1=$(cpu_now)
  until curl -s -H "$auth" "http://127.0.0.1:$port/q/metrics" | grep -q '^vigil_relay_lag_events 0.0'; do sleep 0.01; done
  end=$(date +%s.%N)
  cpu2=$(cpu_now)
  limit=$(sed -n 's/.*= \([0-9]*\) rows\/s.*/\1/p' ingest-service/target/benchmark-ingest.txt)
  echo
  echo "== bulk from separate processes (2 x curl, 100 requests of 1,000 events, after 20 warm-up requests):"
  awk -v s="$start" -v c="$committed" -v e="$end" -v l="$limit" 'BEGIN {
    printf "  committed %.0f events/s; committed and published %.0f events/s; ratio to the raw insert limit above (%d rows/s): %.2f\n",
      100000 / (c - s), 100000 / (e - s), l, (100000 / (e - s)) / l }'
  cpu_report "$cpu0" "$cpu1" "$cpu2" 100000
  rm -f "$ndjson"

  url="http://127.0.0.1:$port/populations/$population/events"
  hey -H "$auth" -n 20000 -c 16 -m POST -T application/json -D "$body" "$url" >/dev/null   # warm-up: let the JIT settle
  cpu0=$(cpu_now)
  start=$(date +%s.%N)
  hey -H "$auth" -n 30000 -c 16 -m POST -T application/json -D "$body" "$url" >"$body.out"
  cpu1=$(cpu_now)
  until curl -s -H "$auth" "http://127.0.0.1:$port/q/metrics" | grep -q '^vigil_relay_lag_events 0.0'; do sleep 0.01; done
  end=$(date +%s.%N)
  cpu2=$(cpu_now)
  echo
  echo "== single POST from a separate process (hey, concurrency 16, 30,000 requests, after 20,000 warm-up):"
  grep -E 'Requests/sec|50% in|99% in|\[[0-9]{3}\]' "$body.out"
  awk -v s="$start" -v e="$end" 'BEGIN { printf "  committed and published: %.0f events/s\n", 30000 / (e - s) }'
  cpu_report "$cpu0" "$cpu1" "$cpu2" 30000
  echo "  service RSS: $(ps -o rss= -p "$(cat "$VIGIL_STATE_DIR/run/ingest-service.pid")" | awk '{printf "%d MB", $1/1024}')"
  rm -f "$body" "$body.out"
fi
