#!/usr/bin/env bash
# Runs every test of every service against a real PostgreSQL and a real Kafka broker, both started here
# (deploy/local/infra.sh) when they are not already running. Extra arguments go to Maven, e.g. -pl ingest-service.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
find_jdk
say "Using the JDK at $JAVA_HOME"
"$VIGIL_ROOT/deploy/local/infra.sh" up
cd "$VIGIL_ROOT"
exec ./mvnw -B verify "$@"
