#!/usr/bin/env bash
# Measures the exports on this machine and prints the figures: the NDJSON export of a population's events
# (ingest-service, streamed from the log) and the figures CSV and XLSX (casefile-service, from the population's view),
# each as rows per second, with the services' RSS before and after and the highest RSS seen while it ran. A
# measurement, not a test. Runs against the packaged services of start.sh (started if they are not running).
#   deploy/local/bench-export.sh            defaults: one population of 200,000 events (attacks, one figure each)
#   VIGIL_BENCH_EXPORT_EVENTS=1000000 deploy/local/bench-export.sh
#   VIGIL_BENCH_EXPORT_POPULATION=<id> VIGIL_BENCH_EXPORT_EVENTS=<its events> ...   measure one recorded before
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
events="${VIGIL_BENCH_EXPORT_EVENTS:-200000}"
"$VIGIL_ROOT/deploy/local/start.sh" >/dev/null
ingest="http://127.0.0.1:${VIGIL_INGEST_PORT:-8081}"
casefile="http://127.0.0.1:${VIGIL_CASEFILE_PORT:-8082}"
auth="Authorization: Bearer $(make_token recorder,analyst,viewer '' benchmark)"
rss() { ps -o rss= -p "$(cat "$VIGIL_STATE_DIR/run/$1.pid")" | awk '{printf "%d", $1/1024}'; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

population="${VIGIL_BENCH_EXPORT_POPULATION:-}"
if [ -z "$population" ]; then
population=$(curl -s -X POST -H "$auth" -H 'Content-Type: application/json' "$ingest/populations" --data-binary \
  '{"name": "export benchmark", "occurred": {"precision": "year", "date": "2013"}, "place": {"name": "Camp Ashraf", "country": "IQ"}, "sources": [{"ref": "un", "publisher": "UN", "title": "benchmark", "affiliation": "un", "reliability": "b"}], "confidentiality": "public"}' \
  | sed -n 's/.*"populationId":"\([^"]*\)".*/\1/p')
[ -n "$population" ] || die "could not register the benchmark population"
for i in $(seq 1 1000); do
  printf '{"type": "vigil.attack.recorded.v2", "occurred": {"precision": "day", "date": "2013-09-01"}, "place": {"name": "Camp Ashraf", "country": "IQ", "latitude": 33.86, "longitude": 44.62, "coordinatePrecision": "site"}, "sources": [{"ref": "un", "publisher": "UN", "title": "benchmark", "affiliation": "un", "reliability": "b"}], "confidentiality": "public", "attribution": "disputed", "killed": [{"source": "un", "qualifier": "about", "best": %d, "says": "about %d"}]}\n' "$i" "$i"
done >"$work/batch.ndjson"
say "recording $events events for population $population ..."
for _ in $(seq 1 $((events / 1000))); do
  curl -s -o /dev/null -w '%{http_code}\n' -H "$auth" -H 'Content-Type: application/x-ndjson' --data-binary "@$work/batch.ndjson" \
    "$ingest/populations/$population/events:batch" | grep -q 201 || die "a batch was refused"
done
fi
version=$((events + 1))
# casefile's list of populations gives each one's applied stream version from its bookkeeping alone (cheap)
applied() { curl -s -H "$auth" "$casefile/populations" | tr '{' '\n' | grep "\"populationId\":\"$population\"" \
  | sed -n 's/.*"streamVersion":\([0-9]*\).*/\1/p'; }
until [ "$(applied)" = "$version" ]; do sleep 1; done

# One export, timed, with the service's RSS sampled every 100 ms while it runs.
measure() {  # name service url rows
  local name=$1 service=$2 url=$3 rows=$4 before peak start end pid
  before=$(rss "$service"); peak=$before
  start=$(date +%s.%N)
  curl -s -H "$auth" -o "$work/out" "$url" & pid=$!
  while kill -0 "$pid" 2>/dev/null; do r=$(rss "$service"); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.1; done
  wait "$pid"
  end=$(date +%s.%N)
  awk -v n="$name" -v s="$start" -v e="$end" -v r="$rows" -v b="$before" -v p="$peak" -v a="$(rss "$service")" \
    -v bytes="$(stat -c %s "$work/out")" 'BEGIN {
    printf "  %-34s %8d rows in %6.2f s = %7.0f rows/s; %4.0f MB; %s RSS %d MB before, %d MB at most, %d MB after\n",
      n, r, e - s, r / (e - s), bytes / 1048576, "service", b, p, a }'
}
echo
say "== exports of one population of $events events (this machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB)"
measure "events.ndjson (ingest, 1st)" ingest-service "$ingest/populations/$population/events.ndjson" "$version"
measure "events.ndjson (ingest, 2nd)" ingest-service "$ingest/populations/$population/events.ndjson" "$version"
rows=$(($(curl -s -H "$auth" "$casefile/populations/$population/figures.csv" | wc -l) - 1))
measure "figures.csv (casefile)" casefile-service "$casefile/populations/$population/figures.csv" "$rows"
measure "figures.xlsx (casefile)" casefile-service "$casefile/populations/$population/figures.xlsx" "$rows"
measure "places.geojson (casefile)" casefile-service "$casefile/populations/$population/places.geojson" "$events"
