#!/usr/bin/env bash
# Starts the whole system on this machine: PostgreSQL and Kafka (deploy/local/infra.sh), then the services, then
# loads the Camp Ashraf demo casebook, and says where to look.
#   deploy/local/start.sh          build, start everything, load the demo
#   deploy/local/start.sh stop     stop the services (infra.sh down stops PostgreSQL and Kafka)
#   deploy/local/start.sh status
#   deploy/local/start.sh ingest   build, start ingest-service alone, no demo (what deploy/local/bench.sh measures)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

RUN_DIR="$VIGIL_STATE_DIR/run"
INGEST_PORT="${VIGIL_INGEST_PORT:-8081}"
CASEFILE_PORT="${VIGIL_CASEFILE_PORT:-8082}"
REPORT_PORT="${VIGIL_REPORT_PORT:-8083}"
DEMO_POPULATION="8f3e2a41-5a0c-4c0e-9d7b-2a7d1f6c0a51"
SERVICES=(ingest-service:$INGEST_PORT casefile-service:$CASEFILE_PORT report-service:$REPORT_PORT)

service_pid() {
  local pid
  [ -f "$RUN_DIR/$1.pid" ] || return 1
  pid=$(cat "$RUN_DIR/$1.pid")
  kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

stop_services() {
  local entry name pid
  for entry in "${SERVICES[@]}"; do
    name=${entry%%:*}
    if pid=$(service_pid "$name"); then
      kill "$pid"
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      say "$name stopped"
    fi
    rm -f "$RUN_DIR/$name.pid"
  done
}

wait_ready() {
  local name=$1 port=$2
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; then return 0; fi
    service_pid "$name" >/dev/null || { tail -n 40 "$RUN_DIR/$name.log" >&2; die "$name exited (log: $RUN_DIR/$name.log)"; }
    sleep 0.5
  done
  tail -n 40 "$RUN_DIR/$name.log" >&2
  die "$name is not ready on port $port after 60 s (log: $RUN_DIR/$name.log)"
}

start_service() {
  local name=$1 port=$2
  if service_pid "$name" >/dev/null; then say "$name already running on port $port"; return 0; fi
  if port_open "$port"; then die "port $port is taken by another program; set VIGIL_${name%%-*}_PORT (e.g. VIGIL_INGEST_PORT=18081)"; fi
  (
    set -a
    # shellcheck disable=SC1091
    source "$VIGIL_STATE_DIR/infra.env"
    set +a
    export VIGIL_DB_PASSWORD="$(local_password)"
    export VIGIL_LOG_JSON="${VIGIL_LOG_JSON:-false}"  # plain-text logs in the local run folder; JSON in Kubernetes
    export VIGIL_INGEST_PORT="$INGEST_PORT" VIGIL_CASEFILE_PORT="$CASEFILE_PORT" VIGIL_REPORT_PORT="$REPORT_PORT"
    export VIGIL_INGEST_URL="http://127.0.0.1:$INGEST_PORT" VIGIL_CASEFILE_URL="http://127.0.0.1:$CASEFILE_PORT"
    export VIGIL_REPORT_URL="http://127.0.0.1:$REPORT_PORT"
    # Tokens from the local signing key (made by ensure_jwt_key; deploy/local/token.sh prints one per role).
    export VIGIL_JWT_PUBLIC_KEY="file:$VIGIL_JWT_DIR/public.pem" VIGIL_JWT_ISSUER="$VIGIL_LOCAL_ISSUER"
    # ...and the OIDC provider's (Keycloak's: deploy/local/token.sh and the web app's sign-in), checked with its own keys.
    export VIGIL_OIDC_ISSUER="${VIGIL_OIDC_ISSUER:-}"
    # The web app (casefile-service, /app) signs people in with it as the confidential client vigil-web.
    if [ -s "$VIGIL_STATE_DIR/secrets/keycloak-web-client" ]; then
      export VIGIL_OIDC_CLIENT_SECRET="$(cat "$VIGIL_STATE_DIR/secrets/keycloak-web-client")"
    else
      export VIGIL_WEB_ENABLED=false
    fi
    # On one machine, webhooks may go to a receiver on loopback (docs/webhooks.md); production admits no internal address.
    export VIGIL_WEBHOOKS_ALLOW="${VIGIL_WEBHOOKS_ALLOW:-127.0.0.0/8,::1/128}"
    # shellcheck disable=SC2086  # VIGIL_JAVA_OPTS: extra JVM options for every service, e.g. a flight recording
    nohup "$JAVA_HOME/bin/java" -Xmx512m ${VIGIL_JAVA_OPTS:-} -jar "$VIGIL_ROOT/$name/target/quarkus-app/quarkus-run.jar" \
      >"$RUN_DIR/$name.log" 2>&1 &
    echo $! >"$RUN_DIR/$name.pid"
  )
  wait_ready "$name" "$port"
  say "$name up on http://127.0.0.1:$port"
}

load_demo() {
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(make_token viewer)" \
    "http://127.0.0.1:$INGEST_PORT/populations/$DEMO_POPULATION")
  if [ "$status" = 200 ]; then say "Demo casebook already loaded"; return 0; fi
  status=$(curl -s -o "$RUN_DIR/demo-import.json" -w '%{http_code}' -X POST \
    -H 'Content-Type: application/x-ndjson' -H "Authorization: Bearer $(make_token recorder '' demo-loader)" \
    --data-binary "@$VIGIL_ROOT/docs/examples/camp-ashraf.ndjson" \
    "http://127.0.0.1:$INGEST_PORT/populations/$DEMO_POPULATION/events:batch")
  [ "$status" = 201 ] || { cat "$RUN_DIR/demo-import.json" >&2; die "loading the demo casebook failed (HTTP $status)"; }
  say "Demo casebook loaded: $(wc -l <"$VIGIL_ROOT/docs/examples/camp-ashraf.ndjson") events of the Camp Ashraf record"
}

wait_for_views() {
  local expected version token
  expected=$(wc -l <"$VIGIL_ROOT/docs/examples/camp-ashraf.ndjson")
  token=$(make_token viewer)  # one token for the whole wait, not one signature per poll
  for _ in $(seq 1 120); do
    version=$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$CASEFILE_PORT/populations/$DEMO_POPULATION/status" | sed -n 's/.*"streamVersion":\([0-9]*\).*/\1/p')
    if [ -n "$version" ] && [ "$version" -ge "$expected" ]; then say "casefile-service has projected the demo casebook"; return 0; fi
    sleep 0.5
  done
  die "casefile-service did not project the demo casebook within 60 s (log: $RUN_DIR/casefile-service.log)"
}

# Writes the demo report (public edition, situation on 31 December 2016) and remembers where it is.
write_demo_report() {
  local status
  DEMO_REPORT=$(curl -s -H "Authorization: Bearer $(make_token viewer)" "http://127.0.0.1:$REPORT_PORT/populations/$DEMO_POPULATION/reports" | sed -n 's/.*"reports":\[{"id":"\([0-9a-f-]*\)".*/\1/p')
  if [ -n "$DEMO_REPORT" ]; then say "Demo report already written"; return 0; fi
  status=$(curl -s -o "$RUN_DIR/demo-report.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $(make_token analyst '' demo-analyst)" \
    --data "{\"populationId\":\"$DEMO_POPULATION\",\"asOf\":\"2016-12-31\",\"audience\":\"public\"}" \
    "http://127.0.0.1:$REPORT_PORT/reports")
  [ "$status" = 201 ] || { cat "$RUN_DIR/demo-report.json" >&2; die "writing the demo report failed (HTTP $status)"; }
  DEMO_REPORT=$(sed -n 's/.*"id":"\([0-9a-f-]*\)".*/\1/p' "$RUN_DIR/demo-report.json")
  say "Demo report written: $(sed -n 's/.*"index":"\([^"]*\)".*/\1/p' "$RUN_DIR/demo-report.json")"
}

# The OIDC provider's local users (deploy/local/infra.sh made their passwords at first start).
local_users() {
  local role
  [ -s "$VIGIL_STATE_DIR/secrets/keycloak-viewer" ] || return 0
  printf '\nSign-in (Keycloak %s, realm vigil), one local user per role:\n' "$VIGIL_KEYCLOAK_ISSUER"
  for role in recorder analyst viewer admin; do
    printf '  %-9s password %s\n' "$role" "$(cat "$VIGIL_STATE_DIR/secrets/keycloak-$role")"
  done
}

case "${1:-start}" in
  start)
    find_jdk
    mkdir -p "$RUN_DIR"
    "$VIGIL_ROOT/deploy/local/infra.sh" up
    ensure_jwt_key
    ensure_npm
    say "Building the services (first time: a few minutes)..."
    (cd "$VIGIL_ROOT" && ./mvnw -B -q package -DskipTests >"$RUN_DIR/build.log" 2>&1) \
      || { tail -n 40 "$RUN_DIR/build.log" >&2; die "the build failed (log: $RUN_DIR/build.log)"; }
    for entry in "${SERVICES[@]}"; do start_service "${entry%%:*}" "${entry##*:}"; done
    load_demo
    wait_for_views
    write_demo_report
    cat <<MSG

Vigil is running. Every API needs a bearer token (health and OpenAPI excepted); print one per role with
  deploy/local/token.sh recorder|analyst|viewer|admin [public|restricted|confidential]
  e.g. curl -H "Authorization: Bearer \$(deploy/local/token.sh analyst)" http://127.0.0.1:$CASEFILE_PORT/populations
$(local_users)

  Web app             http://127.0.0.1:$CASEFILE_PORT/app  (sign in as one of the users above)
  Ingest API          http://127.0.0.1:$INGEST_PORT/populations
  Demo population     http://127.0.0.1:$INGEST_PORT/populations/$DEMO_POPULATION/events
  Hash-chain check    http://127.0.0.1:$INGEST_PORT/log/verify
  OpenAPI / Swagger   http://127.0.0.1:$INGEST_PORT/q/swagger-ui
  Metrics             http://127.0.0.1:$INGEST_PORT/q/metrics
  Demo in the web app http://127.0.0.1:$CASEFILE_PORT/app/populations/$DEMO_POPULATION
  Status as of a date http://127.0.0.1:$CASEFILE_PORT/populations/$DEMO_POPULATION/status?asOf=2014-01-01
  Demo report         http://127.0.0.1:$REPORT_PORT/reports/$DEMO_REPORT?format=html
                      (also ?format=markdown, ?format=pdf; check it: /reports/$DEMO_REPORT/verify)
  Reports of the demo http://127.0.0.1:$REPORT_PORT/populations/$DEMO_POPULATION/reports
  Audit logs (admin)  http://127.0.0.1:$INGEST_PORT/admin/audit, :$CASEFILE_PORT/admin/audit, :$REPORT_PORT/admin/audit
  Kafka topic         vigil.population-events on 127.0.0.1:${VIGIL_KAFKA_PORT}
  Logs                $RUN_DIR/*.log
Stop: deploy/local/start.sh stop && deploy/local/infra.sh down
MSG
    ;;
  ingest)
    find_jdk
    mkdir -p "$RUN_DIR"
    "$VIGIL_ROOT/deploy/local/infra.sh" up
    ensure_jwt_key
    say "Building ingest-service..."
    (cd "$VIGIL_ROOT" && ./mvnw -B -q package -DskipTests -pl ingest-service -am >"$RUN_DIR/build.log" 2>&1) \
      || { tail -n 40 "$RUN_DIR/build.log" >&2; die "the build failed (log: $RUN_DIR/build.log)"; }
    start_service ingest-service "$INGEST_PORT"
    ;;
  stop) stop_services ;;
  status)
    for entry in "${SERVICES[@]}"; do
      if pid=$(service_pid "${entry%%:*}"); then say "${entry%%:*} running (pid $pid) on port ${entry##*:}"; else say "${entry%%:*} stopped"; fi
    done
    "$VIGIL_ROOT/deploy/local/infra.sh" status
    ;;
  *) say "usage: $0 [start|stop|status|ingest]" >&2; exit 2 ;;
esac
