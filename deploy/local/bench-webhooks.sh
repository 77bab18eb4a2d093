#!/usr/bin/env bash
# Measures what webhooks cost the projection, and prints the figures: end-to-end lag from ingest commit to casefile's
# view (casefile's vigil_projection_event_lag_seconds) at a steady rate of single POSTs (hey, a separate process), first
# with no webhook subscription, then with 10 subscriptions taking every event to a
# receiver on loopback (deploy/local/lib/WebhookReceiver.java), plus how many deliveries arrived and how late. Also
# the achieved rate and the services' CPU time per 1,000 events. A measurement, not a test.
#   deploy/local/bench-webhooks.sh                 defaults: 1,000 events/s for 30 s, 10 subscribers
#   VIGIL_BENCH_RATE=2000 VIGIL_BENCH_SECONDS=60 VIGIL_BENCH_SUBSCRIBERS=10 deploy/local/bench-webhooks.sh
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
find_jdk
rate="${VIGIL_BENCH_RATE:-1000}"; seconds="${VIGIL_BENCH_SECONDS:-30}"; subscribers="${VIGIL_BENCH_SUBSCRIBERS:-10}"
port="${VIGIL_BENCH_RECEIVER_PORT:-18099}"
if ! command -v hey >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get install -y -qq hey >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq hey >/dev/null 2>&1)) || true
fi
command -v hey >/dev/null 2>&1 || die "hey is needed (apt-get install hey)"
ingest="http://127.0.0.1:${VIGIL_INGEST_PORT:-8081}"
casefile="http://127.0.0.1:${VIGIL_CASEFILE_PORT:-8082}"
work=$(mktemp -d)
receiver=""
trap '[ -n "$receiver" ] && kill "$receiver" 2>/dev/null; rm -rf "$work"' EXIT
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$(cat "$VIGIL_STATE_DIR/run/$1.pid")/stat"; }

"$VIGIL_ROOT/deploy/local/start.sh" >/dev/null
auth="Authorization: Bearer $(make_token recorder,analyst,viewer,admin '' benchmark)"
# no subscription but this run's
for id in $(curl -s -H "$auth" "$ingest/webhooks" | tr ',' '\n' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p'); do
  curl -s -o /dev/null -X DELETE -H "$auth" "$ingest/webhooks/$id"
done
population=$(curl -s -X POST -H "$auth" -H 'Content-Type: application/json' "$ingest/populations" --data-binary \
  '{"name": "webhook benchmark", "occurred": {"precision": "year", "date": "2013"}, "place": {"name": "Camp Ashraf", "country": "IQ"}, "sources": [{"ref": "un", "publisher": "UN", "title": "benchmark", "affiliation": "un", "reliability": "b"}], "confidentiality": "public"}' \
  | sed -n 's/.*"populationId":"\([^"]*\)".*/\1/p')
[ -n "$population" ] || die "could not register the benchmark population"
cat >"$work/body" <<'JSON'
{"type": "vigil.attack.recorded.v2", "occurred": {"precision": "day", "date": "2013-09-01"}, "place": {"name": "Camp Ashraf", "country": "IQ"}, "sources": [{"ref": "un", "publisher": "UN", "title": "benchmark", "affiliation": "un", "reliability": "b"}], "confidentiality": "public", "attribution": "disputed", "killed": [{"source": "un", "qualifier": "about", "best": 52, "says": "about 52"}]}
JSON
load() {  # seconds
  hey -H "$auth" -z "$1s" -c 50 -q $((rate / 50)) -m POST -T application/json -D "$work/body" \
    "$ingest/populations/$population/events" >"$work/hey"
}
# casefile's lag quantiles cover the last two minutes (Micrometer's default window): wait that long between phases
settle() { sleep 125; }

# One phase: single POSTs at the rate for the time, then the achieved rate, CPU per event and the lag quantiles.
phase() {  # title
  local c0i c0c c1i c1c
  c0i=$(cpu_ms ingest-service); c0c=$(cpu_ms casefile-service)
  phase_start=$(date +%s.%N)
  load "$seconds"
  sleep 2
  c1i=$(cpu_ms ingest-service); c1c=$(cpu_ms casefile-service)
  achieved=$(sed -n 's/.*Requests\/sec:[[:space:]]*\([0-9.]*\).*/\1/p' "$work/hey")
  echo
  echo "== $1: asked $rate events/s for $seconds s (hey -c 50); achieved $achieved/s"
  grep -E '50% in|99% in|\[[0-9]{3}\]' "$work/hey" | sed 's/^ */  ingest POST /'
  awk -v a="$achieved" -v s="$seconds" -v i="$((c1i - c0i))" -v c="$((c1c - c0c))" 'BEGIN {
    n = a * s; printf "  CPU per 1,000 events: ingest-service %.0f ms, casefile-service %.0f ms\n", i * 1000 / n, c * 1000 / n }'
  curl -s -H "$auth" "$casefile/q/metrics" | grep -E '^vigil_projection_event_lag_seconds(\{quantile|_max)' \
    | awk '{printf "  projection lag %s %.0f ms\n", $1, $2 * 1000}'
}

say "webhook benchmark on $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB: $rate events/s for $seconds s; about 6 minutes"
load 15  # warming up, not measured
settle
phase "no webhooks"
"$JAVA_HOME/bin/java" "$VIGIL_ROOT/deploy/local/lib/WebhookReceiver.java" "$port" >"$work/receiver.out" 2>&1 &
receiver=$!
until grep -q listening "$work/receiver.out" 2>/dev/null; do sleep 0.5; done
for _ in $(seq 1 "$subscribers"); do
  curl -s -o /dev/null -w '%{http_code}' -H "$auth" -H 'Content-Type: application/json' \
    --data-binary "{\"url\": \"http://127.0.0.1:$port/hook\", \"description\": \"benchmark\"}" "$ingest/webhooks" | grep -q 201 \
    || die "could not subscribe"
done
settle
phase "$subscribers webhook subscribers, every event"
# let the dispatcher finish what was queued: until every delivery of the phase is made (10 minutes at most)
expected=$(awk -v a="$achieved" -v s="$seconds" -v n="$subscribers" 'BEGIN {printf "%d", a * s * n * 0.999}')
for _ in $(seq 1 600); do
  now=$(curl -s -H "$auth" "$ingest/q/metrics" | awk '/^vigil_webhooks_delivered_total/ {print int($2)}')
  [ "${now:-0}" -ge "$expected" ] && break
  sleep 1
done
drained=$(date +%s.%N)
awk -v n="${now:-0}" -v s="$phase_start" -v e="$drained" -v l="$seconds" 'BEGIN {
  printf "  deliveries: %d made within %.1f s of the phase starting (its load lasted %d s): %.0f deliveries/s\n", n, e - s, l, n / (e - s) }'
curl -s -H "$auth" "$ingest/q/metrics" | grep -E '^vigil_webhooks_(delivered|failed)' | sed 's/^/  ingest /'
kill "$receiver"; wait "$receiver" 2>/dev/null || true; receiver=""
grep -v listening "$work/receiver.out"
for id in $(curl -s -H "$auth" "$ingest/webhooks" | tr ',' '\n' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p'); do
  curl -s -o /dev/null -X DELETE -H "$auth" "$ingest/webhooks/$id"
done
