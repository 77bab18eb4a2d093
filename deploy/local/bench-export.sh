#!/usr/bin/env bash
# Measures the exports on this machine and prints the figures: the NDJSON export of a population's events
# (ingest-service, streamed from the log), the figures CSV, XLSX and GeoJSON (casefile-service, streamed from its views a
# page of facts at a time) and a CSV export job, beside the raw limit (the same facts read by COPY) and CPU per 1000 rows,
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

cpu_ms() {  # user + system CPU time of a service so far, in ms (from /proc, in clock ticks)
  awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$(cat "$VIGIL_STATE_DIR/run/$1.pid")/stat"
}

# One export, timed, with the service's RSS sampled every 100 ms while it runs and its CPU time from the kernel.
# rows: a number, or "csv" (the lines of the answer less the header)
measure() {  # name service url rows
  local name=$1 service=$2 url=$3 rows=$4 before peak start end pid cpu0 cpu1
  before=$(rss "$service"); peak=$before; cpu0=$(cpu_ms "$service")
  start=$(date +%s.%N)
  curl -s -H "$auth" -o "$work/out" "$url" & pid=$!
  while kill -0 "$pid" 2>/dev/null; do r=$(rss "$service"); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.1; done
  wait "$pid"
  end=$(date +%s.%N); cpu1=$(cpu_ms "$service")
  [ "$rows" = csv ] && rows=$(($(wc -l <"$work/out") - 1))
  awk -v n="$name" -v s="$start" -v e="$end" -v r="$rows" -v b="$before" -v p="$peak" -v a="$(rss "$service")" \
    -v c="$((cpu1 - cpu0))" -v bytes="$(stat -c %s "$work/out")" 'BEGIN {
    printf "  %-32s %8d rows in %6.2f s = %7.0f rows/s; %4.0f MB; CPU %5.1f ms/1000 rows; RSS %d MB before, %d at most, %d after\n",
      n, r, e - s, r / (e - s), bytes / 1048576, c * 1000 / r, b, p, a }'
  last_rate=$(awk -v s="$start" -v e="$end" -v r="$rows" 'BEGIN {printf "%d", r / (e - s)}')
}

# The raw limit, in the same run: the same facts read straight out of PostgreSQL (COPY to nowhere), no service.
raw_limit() {
  local start end
  start=$(date +%s.%N)
  PGPASSWORD="$(local_password)" "$(pg_bin)/psql" -q -h 127.0.0.1 -p "${VIGIL_PG_PORT:-55432}" -U vigil_casefile_app \
    -d vigil_casefile -c "\copy (SELECT by_event, entry_id, stream_version, kind, type, recorded_at, confidentiality, data FROM facts WHERE population_id = '$population' ORDER BY stream_version) TO '/dev/null'" \
    || die "could not read the facts with psql"
  end=$(date +%s.%N)
  raw_rate=$(awk -v s="$start" -v e="$end" -v r="$version" 'BEGIN {printf "%d", r / (e - s)}')
  awk -v s="$start" -v e="$end" -v r="$version" 'BEGIN {
    printf "  %-32s %8d rows in %6.2f s = %7.0f rows/s (the facts straight from PostgreSQL: the limit)\n", "raw COPY of the facts", r, e - s, r / (e - s) }'
}

# An export job: started, followed until done, then its file downloaded.
job() {  # format
  local format=$1 start end location state answer
  start=$(date +%s.%N)
  location=$(curl -s -D - -o /dev/null -H "$auth" -H 'Content-Type: application/json' --data-binary "{\"format\": \"$format\"}" \
    "$casefile/populations/$population/exports" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  [ -n "$location" ] || die "the $format export job did not start"
  case "$location" in http*) ;; *) location="$casefile$location" ;; esac
  while :; do
    answer=$(curl -s -H "$auth" "$location")
    state=$(printf '%s' "$answer" | sed -n 's/.*"state":"\([a-z]*\)".*/\1/p')
    [ "$state" = running ] || break
    sleep 0.5
  done
  end=$(date +%s.%N)
  [ "$state" = done ] || die "the $format export job ended $state: $answer"
  awk -v f="$format" -v s="$start" -v e="$end" -v r="$(printf '%s' "$answer" | sed -n 's/.*"rows":\([0-9]*\).*/\1/p')" \
    -v bytes="$(printf '%s' "$answer" | sed -n 's/.*"bytes":\([0-9]*\).*/\1/p')" 'BEGIN {
    printf "  %-32s %8d rows in %6.2f s = %7.0f rows/s; %4.0f MB written into the database\n", "job " f " (casefile)", r, e - s, r / (e - s), bytes / 1048576 }'
  link=$(printf '%s' "$answer" | sed -n 's/.*"download":"\([^"]*\)".*/\1/p')
  measure "job $format download" casefile-service "$casefile$link" csv
}

echo
say "== exports of one population of $events events (this machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB)"
measure "events.ndjson (ingest, 1st)" ingest-service "$ingest/populations/$population/events.ndjson" "$version"
measure "events.ndjson (ingest, 2nd)" ingest-service "$ingest/populations/$population/events.ndjson" "$version"
raw_limit
measure "figures.csv (casefile, 1st)" casefile-service "$casefile/populations/$population/figures.csv" csv
measure "figures.csv (casefile, 2nd)" casefile-service "$casefile/populations/$population/figures.csv" csv
awk -v r="$last_rate" -v l="$raw_rate" 'BEGIN {printf "  %-32s %.2f of the raw limit\n", "figures.csv, 2nd", r / l}'
measure "places.geojson (casefile)" casefile-service "$casefile/populations/$population/places.geojson" "$events"
if [ "$events" -le 1000000 ]; then
  measure "figures.xlsx (casefile)" casefile-service "$casefile/populations/$population/figures.xlsx" "$events"
fi
job csv
