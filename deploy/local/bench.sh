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
