#!/usr/bin/env bash
# Measures the web app's pages as a signed-in browser receives them and prints the figures: every page of the demo
# casebook (analyst, recorder and admin pages), then a population of 100,000 events (-Dvigil.bench.events= changes
# the size), with p50, p90 and max of 30 runs after 5 warm-ups, the page's first read after each of 10 more events and after each of 3 restarts of casefile-service,
# and casefile-service's resident memory (PageSpeedBenchmark, in Debian's Chromium through the local Keycloak;
# -Dbench.upstream.heap=2g gives the services another heap than 768m; -Dbench.casefile-service.jvm="..." more JVM
# options for that service alone, e.g. a flight recording). A measurement, not a test.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
ensure_npm
find_jdk
"$VIGIL_ROOT/deploy/local/infra.sh" up
cd "$VIGIL_ROOT"
# report-service's tests run the packaged ingest-service and casefile-service
./mvnw -B -q -pl ingest-service,casefile-service package -DskipTests
./mvnw -B -pl report-service verify -Pbenchmark -Dtest=PageSpeedBenchmark -Dquarkus.otel.sdk.disabled=true "$@" \
  | grep -E '^(page|loaded|casefile-service|[0-9,]+ events)|Tests run:|BUILD|ERROR'
