#!/usr/bin/env bash
# Measures report-service on this machine and prints the figures: the time to write a report (POST /reports, the whole
# request through the real ingest-service and casefile-service) on a population of 100,000 events, cold and warm,
# with casefile's dossier time apart, the sizes, and the PDF time (ReportBenchmark; -Dvigil.bench.events= changes
# the size). A measurement, not a test: it fails only if the work was not done.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
ensure_npm
find_jdk
"$VIGIL_ROOT/deploy/local/infra.sh" up
cd "$VIGIL_ROOT"
# report-service's tests run the packaged ingest-service and casefile-service
./mvnw -B -q -pl ingest-service,casefile-service package -DskipTests
# report-service runs in the test JVM at the heap Kubernetes gives it (70% of its 1,536 MiB limit), ingest-service and
# casefile-service at 1,400 MB (as bench-growth.sh); another -DargLine
# given to this script replaces it
./mvnw -B -pl report-service verify -Pbenchmark -Dtest=ReportBenchmark -Dquarkus.otel.sdk.disabled=true \
  -Dbench.casefile.read-timeout=10000 -Dbench.upstream.heap=1400m "-DargLine=-Xmx${VIGIL_BENCH_REPORT_HEAP:-1075m}" "$@" \
  | grep -E '^(loaded|first|POST|phase|dossier|of which|Markdown|report-service JVM)|Tests run:|BUILD|ERROR'
