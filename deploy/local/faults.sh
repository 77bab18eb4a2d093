#!/usr/bin/env bash
# Faults with figures: runs a steady workload through the public API against two ingest-service and two
# casefile-service instances (one consumer group, a topic of 6 partitions on a broker of the run's own, databases of
# the run's own) while it kills and restarts the broker, restarts PostgreSQL, kills service instances with SIGKILL,
# cuts the network between a service and PostgreSQL or Kafka, and fills the broker's disk; then checks the log, the topic and the views against what was acknowledged and prints a
# table. Exits non-zero if anything acknowledged was lost or any effect doubled.
#   deploy/local/faults.sh           the full run: 10 broker kills, 4 PostgreSQL restarts, 4 instance kills, 4 network
#                                    cuts, a full disk (about 15 minutes)
#   deploy/local/faults.sh --short   five faults and the restore, 3 to 3.5 minutes (part of deploy/local/test.sh)
#   deploy/local/faults.sh --soak    no faults: VIGIL_SOAK_MINUTES (30) at a steady rate, RSS, heap, GC, lag and latency
#                                    sampled every 15 s, printed, and plotted as an SVG (VIGIL_SOAK_SVG to choose where)
# Loopback only; bounded in time (each fault and each wait has a limit) and in load (VIGIL_FAULTS_RATE requests/s).
# The services are the packaged jars (built here if missing). Logs and the table: $VIGIL_STATE_DIR/faults/.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
find_jdk
FORM=full
[ "${1:-}" = "--short" ] && FORM=short
[ "${1:-}" = "--soak" ] && FORM=soak
"$VIGIL_ROOT/deploy/local/infra.sh" up >/dev/null
ensure_jwt_key
ensure_npm
for module in ingest-service casefile-service; do
  if [ ! -f "$VIGIL_ROOT/$module/target/quarkus-app/quarkus-run.jar" ]; then
    say "Building the services..."
    (cd "$VIGIL_ROOT" && ./mvnw -B -q package -DskipTests -pl ingest-service,casefile-service) || die "the build failed"
    break
  fi
done
PGJDBC=$(ls "$VIGIL_ROOT"/ingest-service/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar | head -n 1)
[ -n "$PGJDBC" ] || die "the PostgreSQL driver is missing from ingest-service's package"
FAULTS_DIR="$VIGIL_STATE_DIR/faults"
mkdir -p "$FAULTS_DIR"
set -a
# shellcheck disable=SC1091
source "$VIGIL_STATE_DIR/infra.env"
set +a
export VIGIL_ROOT VIGIL_FAULTS_DIR="$FAULTS_DIR" VIGIL_FAULTS_FORM="$FORM" JAVA_HOME
# The run's own broker comes from the same jars as infra.sh's (its data on a small filesystem mounted for it).
export VIGIL_KAFKA_LIBS="$VIGIL_STATE_DIR/kafka/libs" VIGIL_KAFKA_LOG4J="$VIGIL_STATE_DIR/kafka/log4j2.properties"
export VIGIL_DB_PASSWORD="$(local_password)"
export VIGIL_JWT_PUBLIC_KEY="file:$VIGIL_JWT_DIR/public.pem" VIGIL_JWT_ISSUER="$VIGIL_LOCAL_ISSUER"
export VIGIL_FAULTS_RECORDER_TOKEN="$(make_token recorder public faults-recorder 21600)"
export VIGIL_FAULTS_ADMIN_TOKEN="$(make_token admin confidential faults-admin 21600)"
say "Fault run ($FORM form); logs in $FAULTS_DIR"
exec "$JAVA_HOME/bin/java" -cp "$VIGIL_STATE_DIR/kafka/libs/*:$PGJDBC" "$VIGIL_ROOT/deploy/local/faults/Faults.java"
