#!/usr/bin/env bash
# Measures how reads cost as a history grows and prints the figures: for one population of 1,000, 10,000, 100,000
# and 1,000,000 events, the status read, the dossier and the report (first request, then percentiles), and
# casefile-service's memory after each; then 10,000 populations of 100 events (GrowthBenchmark, through the packaged
# ingest-service and casefile-service, at the production heap of 1,400 MB; report-service at its 1,075 MB). Figures in
# report-service/target/growth.tsv, a plot in report-service/target/growth.svg. A measurement, not a test.
#   deploy/local/bench-growth.sh
#   deploy/local/bench-growth.sh -Dbench.sizes=1000,10000 -Dbench.populations=1000
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
ensure_npm
find_jdk
"$VIGIL_ROOT/deploy/local/infra.sh" up
cd "$VIGIL_ROOT"
./mvnw -B -q -pl ingest-service,casefile-service package -DskipTests
# report-service runs in the test JVM at the heap Kubernetes gives it (1,075 MB, as bench-report.sh; another -DargLine
# given to this script replaces it), ingest-service and casefile-service at theirs (1,400 MB)
./mvnw -B -pl report-service verify -Pbenchmark -Dtest=GrowthBenchmark -Dquarkus.otel.sdk.disabled=true \
  -DskipITs -Dbench.upstream.heap=1400m -Dbench.casefile.read-timeout=10000 "-DargLine=-Xmx${VIGIL_BENCH_REPORT_HEAP:-1075m}" "$@" \
  | grep -E '^(==|   |figures)|Tests run:|BUILD|ERROR'
