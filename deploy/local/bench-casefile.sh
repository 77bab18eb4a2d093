#!/usr/bin/env bash
# Measures casefile-service on this machine and prints the figures:
#  1. catch-up and rebuild: a topic pre-filled with 1,000,000 events across 1,000 populations, projected by the
#     packaged service (CatchUpBenchmarkIT; -Dbench.populations= and -Dbench.events.per.population= change the size);
#  2. end-to-end lag from ingest commit to view, at a steady 2,000 events/s of single POSTs (hey) for 60 s against
#     the system started by deploy/local/start.sh, read from casefile's vigil_projection_event_lag_seconds.
# A measurement, not a test: it fails only if the work was not done.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
find_jdk
"$VIGIL_ROOT/deploy/local/infra.sh" up
cd "$VIGIL_ROOT"
./mvnw -B -pl casefile-service verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=CatchUpBenchmarkIT "$@" \
  | grep -vE '^\[INFO\] (Download|Copying)'
cat casefile-service/target/benchmark-casefile.txt

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
body=$(mktemp)
cat >"$body" <<'JSON'
{"type": "vigil.attack.recorded.v1", "occurred": {"precision": "day", "date": "2013-09-01"}, "place": {"name": "Camp Ashraf", "country": "IQ"}, "sources": [{"ref": "un", "publisher": "UN", "title": "benchmark", "affiliation": "un", "reliability": "b"}], "confidentiality": "public", "attribution": "disputed", "killed": [{"source": "un", "low": 52, "best": 52, "high": 52, "qualifier": "exact"}]}
JSON
hey -H "$auth" -z 60s -c 20 -q 100 -m POST -T application/json -D "$body" "$ingest/populations/$population/events" >"$body.out"
sleep 2
echo
echo "== end-to-end lag, ingest commit to casefile view, 2,000 events/s for 60 s (hey -c 20 -q 100):"
grep -E 'Requests/sec|50% in|99% in|\[[0-9]{3}\]' "$body.out" | sed 's/^/  ingest /'
curl -s -H "$auth" "$casefile/q/metrics" | grep -E '^vigil_projection_event_lag_seconds(\{quantile|_max|_count)' | sed 's/^/  /'
rm -f "$body" "$body.out"
