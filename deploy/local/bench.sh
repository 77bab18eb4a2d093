#!/usr/bin/env bash
# Measures ingest-service on this machine and prints the figures (events/s committed and published, latency
# percentiles, the raw PostgreSQL insert limit and the ratio, memory). A measurement, not a test: it fails only if
# the work was not done. Figures also land in ingest-service/target/benchmark-ingest.txt.
#   deploy/local/bench.sh                         defaults: 100,000 bulk events, 30,000 single POSTs at concurrency 16
#   deploy/local/bench.sh -Dbench.single.events=5000
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
find_jdk
"$VIGIL_ROOT/deploy/local/infra.sh" up
cd "$VIGIL_ROOT"
./mvnw -B -pl ingest-service test -Pbenchmark -Dtest=IngestBenchmark "$@" | grep -vE '^\[INFO\] (Download|Copying)'
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
  body=$(mktemp)
  cat >"$body" <<'JSON'
{"type": "vigil.attack.recorded.v1", "occurred": {"precision": "day", "date": "2013-09-01"}, "place": {"name": "Camp Ashraf", "country": "IQ"}, "sources": [{"ref": "un", "publisher": "UN", "title": "benchmark", "affiliation": "un", "reliability": "b"}], "confidentiality": "public", "attribution": "disputed", "killed": [{"source": "un", "low": 52, "best": 52, "high": 52, "qualifier": "exact"}]}
JSON
  population=$(curl -s -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$port/populations" --data-binary \
    '{"name": "benchmark", "occurred": {"precision": "year", "date": "2013"}, "place": {"name": "Camp Ashraf", "country": "IQ"}, "sources": [{"ref": "un", "publisher": "UN", "title": "benchmark", "affiliation": "un", "reliability": "b"}], "confidentiality": "public"}' \
    | sed -n 's/.*"populationId":"\([^"]*\)".*/\1/p')
  [ -n "$population" ] || die "could not register the benchmark population"
  url="http://127.0.0.1:$port/populations/$population/events"
  hey -n 10000 -c 16 -m POST -T application/json -D "$body" "$url" >/dev/null   # warm-up
  start=$(date +%s.%N)
  hey -n 30000 -c 16 -m POST -T application/json -D "$body" "$url" >"$body.out"
  until curl -s "http://127.0.0.1:$port/q/metrics" | grep -q '^vigil_relay_lag_events 0.0'; do sleep 0.01; done
  end=$(date +%s.%N)
  echo
  echo "== single POST from a separate process (hey, concurrency 16, 30,000 requests, after 10,000 warm-up):"
  grep -E 'Requests/sec|50% in|99% in|\[[0-9]{3}\]' "$body.out"
  awk -v s="$start" -v e="$end" 'BEGIN { printf "  committed and published: %.0f events/s\n", 30000 / (e - s) }'
  echo "  service RSS: $(ps -o rss= -p "$(cat "$VIGIL_STATE_DIR/run/ingest-service.pid")" | awk '{printf "%d MB", $1/1024}')"
  rm -f "$body" "$body.out"
fi
