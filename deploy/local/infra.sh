#!/usr/bin/env bash
# Real infrastructure for Vigil without Docker: a PostgreSQL cluster, a single-node Apache Kafka broker (KRaft) and
# Keycloak (the OIDC provider the web app signs in with), each with its own data folder and ports under
# $VIGIL_STATE_DIR (default /var/tmp/vigil).
#   deploy/local/infra.sh up       start all three (installs PostgreSQL with apt, fetches Kafka and Keycloak from Maven
#                                  Central if missing; VIGIL_KEYCLOAK=off leaves Keycloak out)
#   deploy/local/infra.sh down     stop all three
#   deploy/local/infra.sh status   say what runs where
# Safe to run twice: what already answers is left alone.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

PG_DIR="$VIGIL_STATE_DIR/postgres"
KAFKA_DIR="$VIGIL_STATE_DIR/kafka"
SECRETS="$VIGIL_STATE_DIR/secrets"

ensure_state_dir() {
  mkdir -p "$VIGIL_STATE_DIR" "$SECRETS"
  chmod 755 "$VIGIL_STATE_DIR"
  chmod 700 "$SECRETS"
  if [ ! -s "$SECRETS/db-password" ]; then
    # A password made on this machine at first start; nothing secret lives in the repository.
    head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$SECRETS/db-password"
  fi
}

# ---------------------------------------------------------------- PostgreSQL
ensure_postgres_installed() {
  if [ -z "$(pg_bin)" ]; then
    [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed; run 'apt-get install postgresql' as root."
    say "Installing PostgreSQL from Debian's packages..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    # Debian starts its own cluster on 5432; ours is separate, so leave theirs as the package set it up.
  fi
}

pg_ctl_run() { as_pg "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" "$@"; }

pg_ready() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$VIGIL_PG_PORT" 2>/dev/null; }

psql_admin() {
  PGPASSWORD="$(local_password)" "$(pg_bin)/psql" -h 127.0.0.1 -p "$VIGIL_PG_PORT" -U "$VIGIL_PG_SUPERUSER" \
    -v ON_ERROR_STOP=1 -q -X "$@"
}

# PostgreSQL serves TLS, as in production: a self-signed certificate for 127.0.0.1 made here once (never committed).
# The services connect with sslmode=prefer by default, so their connections are encrypted; VIGIL_PG_SSLMODE=verify-full
# with VIGIL_PG_CA_FILE=$PG_DIR/tls/server.crt also checks the certificate.
ensure_postgres_tls() {
  local dir="$PG_DIR/tls"
  if [ ! -f "$dir/server.crt" ]; then
    mkdir -p "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=127.0.0.1" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
      -keyout "$dir/server.key" -out "$dir/server.crt" >/dev/null 2>&1 || die "openssl could not make PostgreSQL's certificate"
  fi
  chmod 600 "$dir/server.key"
  chmod 644 "$dir/server.crt"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
  return 0
}

postgres_up() {
  ensure_postgres_installed
  if pg_ready; then say "PostgreSQL  already up on 127.0.0.1:$VIGIL_PG_PORT"; return 0; fi
  mkdir -p "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DIR"
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    local pwfile="$PG_DIR/.pwfile"
    cp "$SECRETS/db-password" "$pwfile"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$pwfile"
    chmod 600 "$pwfile"
    as_pg "$(pg_bin)/initdb" -D "$PG_DIR/data" -U "$VIGIL_PG_SUPERUSER" -A scram-sha-256 --pwfile="$pwfile" \
      -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
    rm -f "$pwfile"
  fi
  ensure_postgres_tls
  pg_ctl_run -w -t 60 -l "$PG_DIR/postgres.log" \
    -o "-p $VIGIL_PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DIR -c max_connections=200 -c shared_buffers=256MB -c ssl=on -c ssl_cert_file=$PG_DIR/tls/server.crt -c ssl_key_file=$PG_DIR/tls/server.key" \
    start >/dev/null || { tail -n 30 "$PG_DIR/postgres.log" >&2; die "PostgreSQL did not start"; }
  for _ in $(seq 1 60); do pg_ready && break; sleep 0.5; done
  pg_ready || die "PostgreSQL does not answer on 127.0.0.1:$VIGIL_PG_PORT (log: $PG_DIR/postgres.log)"
  say "PostgreSQL  up on 127.0.0.1:$VIGIL_PG_PORT (data: $PG_DIR/data)"
}

# One database per service, an owner role that migrates it and an application role with only the rights it needs.
ensure_service_databases() {
  local pw service
  pw=$(local_password)
  for service in ingest casefile report; do
    psql_admin -d postgres <<SQL
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', 'vigil_${service}_owner', '$pw')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_${service}_owner') \gexec
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', 'vigil_${service}_app', '$pw')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_${service}_app') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', 'vigil_${service}', 'vigil_${service}_owner')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'vigil_${service}') \gexec
SQL
  done
  # Test runs create and drop their own databases.
  psql_admin -d postgres -c "ALTER ROLE vigil_ingest_owner CREATEDB" >/dev/null
  psql_admin -d postgres -c "ALTER ROLE vigil_casefile_owner CREATEDB" >/dev/null
  psql_admin -d postgres -c "ALTER ROLE vigil_report_owner CREATEDB" >/dev/null
}

postgres_down() {
  if [ -f "$PG_DIR/data/postmaster.pid" ] && [ -n "$(pg_bin)" ]; then
    pg_ctl_run -m fast -w stop >/dev/null 2>&1 || true
    say "PostgreSQL  stopped"
  else
    say "PostgreSQL  not running"
  fi
}

# ---------------------------------------------------------------- Kafka
kafka_libs() {
  if [ ! -f "$KAFKA_DIR/libs/.complete" ]; then
    say "Fetching the Kafka broker jars from Maven Central (once)..."
    find_jdk
    mkdir -p "$KAFKA_DIR/libs"
    mvnw -f "$VIGIL_ROOT/deploy/pom.xml" -q dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$KAFKA_DIR/libs" >"$KAFKA_DIR/fetch.log" 2>&1 || { tail -n 30 "$KAFKA_DIR/fetch.log" >&2; die "could not fetch the Kafka jars"; }
    touch "$KAFKA_DIR/libs/.complete"
  fi
}

kafka_pid() {
  local pid
  [ -f "$KAFKA_DIR/kafka.pid" ] || return 1
  pid=$(cat "$KAFKA_DIR/kafka.pid")
  kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

kafka_ready() { kafka_pid >/dev/null && port_open "$VIGIL_KAFKA_PORT" && grep -q 'Kafka Server started' "$KAFKA_DIR/kafka.log" 2>/dev/null; }

kafka_up() {
  if kafka_ready; then say "Kafka       already up on 127.0.0.1:$VIGIL_KAFKA_PORT"; return 0; fi
  if port_open "$VIGIL_KAFKA_PORT"; then die "port $VIGIL_KAFKA_PORT is taken by another program; set VIGIL_KAFKA_PORT"; fi
  kafka_libs
  find_jdk
  local java="$JAVA_HOME/bin/java" props="$KAFKA_DIR/server.properties"
  mkdir -p "$KAFKA_DIR/data"
  cat >"$props" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$VIGIL_KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$VIGIL_KAFKA_PORT,CONTROLLER://127.0.0.1:$VIGIL_KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$VIGIL_KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=6
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
PROPS
  if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
    local uuid
    uuid=$("$java" -cp "$KAFKA_DIR/libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    "$java" -cp "$KAFKA_DIR/libs/*" kafka.tools.StorageTool format -t "$uuid" -c "$props" >"$KAFKA_DIR/format.log" 2>&1 \
      || { cat "$KAFKA_DIR/format.log" >&2; die "could not format the Kafka data folder"; }
  fi
  cat >"$KAFKA_DIR/log4j2.properties" <<'LOG'
rootLogger.level=INFO
rootLogger.appenderRef.stdout.ref=STDOUT
appender.stdout.type=Console
appender.stdout.name=STDOUT
appender.stdout.layout.type=PatternLayout
appender.stdout.layout.pattern=[%d] %p %m (%c)%n
logger.kafkaclients.name=org.apache.kafka
logger.kafkaclients.level=WARN
LOG
  : >"$KAFKA_DIR/kafka.log"
  nohup "$java" -Xms256m -Xmx512m -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" \
    -cp "$KAFKA_DIR/libs/*" kafka.Kafka "$props" >>"$KAFKA_DIR/kafka.log" 2>&1 &
  echo $! >"$KAFKA_DIR/kafka.pid"
  for _ in $(seq 1 120); do kafka_ready && break; kafka_pid >/dev/null || break; sleep 0.5; done
  kafka_ready || { tail -n 40 "$KAFKA_DIR/kafka.log" >&2; die "Kafka did not start (log: $KAFKA_DIR/kafka.log)"; }
  say "Kafka       up on 127.0.0.1:$VIGIL_KAFKA_PORT (data: $KAFKA_DIR/data)"
}

kafka_down() {
  local pid
  if pid=$(kafka_pid); then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    rm -f "$KAFKA_DIR/kafka.pid"
    say "Kafka       stopped"
  else
    say "Kafka       not running"
  fi
}

# ---------------------------------------------------------------- Keycloak (the OIDC provider)
# Keycloak's distribution from Maven Central (fetched once, like the Kafka jars), in development mode on loopback with
# its own H2 database in the state folder. At first start it imports the `vigil` realm written here: the four roles,
# the clearance attribute (only an admin may change it) mapped into tokens, a confidential client for the web app,
# a public client for deploy/local/token.sh, and one user per role whose password is made on this machine and kept in
# the secrets folder (never in the checkout). deploy/local/start.sh prints them.
KC_DIR="$VIGIL_STATE_DIR/keycloak"
KC_HOME="$KC_DIR/keycloak-$VIGIL_KEYCLOAK_VERSION"

keycloak_dist() {
  [ -x "$KC_HOME/bin/kc.sh" ] && return 0
  say "Fetching Keycloak $VIGIL_KEYCLOAK_VERSION from Maven Central (once, 165 MB)..."
  find_jdk
  mkdir -p "$KC_DIR"
  mvnw -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$VIGIL_KEYCLOAK_VERSION:zip" \
    -DoutputDirectory="$KC_DIR" >"$KC_DIR/fetch.log" 2>&1 || { tail -n 30 "$KC_DIR/fetch.log" >&2; die "could not fetch Keycloak"; }
  (cd "$KC_DIR" && unzip -q -o "keycloak-quarkus-dist-$VIGIL_KEYCLOAK_VERSION.zip" && rm -f "keycloak-quarkus-dist-$VIGIL_KEYCLOAK_VERSION.zip") \
    || die "could not unpack Keycloak (is unzip installed?)"
}

secret() {  # NAME: a random secret made on this machine at first use, kept in the secrets folder
  local f="$SECRETS/$1"
  [ -s "$f" ] || (umask 077 && head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20 >"$f")
  cat "$f"
}

write_realm() {
  local dir="$KC_HOME/data/import" user role clearance users="" sep=""
  mkdir -p "$dir"
  for user in recorder:restricted analyst:restricted viewer:public admin:confidential; do
    role=${user%%:*} clearance=${user##*:}
    users="$users$sep$(printf '{"username":"%s","enabled":true,"email":"%s@vigil.local","emailVerified":true,"firstName":"Local","lastName":"%s","attributes":{"clearance":["%s"]},"credentials":[{"type":"password","value":"%s","temporary":false}],"realmRoles":["%s"]}' \
      "$role" "$role" "$role" "$clearance" "$(secret "keycloak-$role")" "$role")"
    sep=","
  done
  local profile mappers
  profile=$(cat <<'JSON' | tr -d '\n' | sed 's/"/\\"/g'
{"attributes":[
{"name":"username","displayName":"${username}","validations":{"length":{"min":3,"max":255},"username-prohibited-characters":{},"up-username-not-idn-homograph":{}},"permissions":{"view":["admin","user"],"edit":["admin","user"]},"multivalued":false},
{"name":"email","displayName":"${email}","validations":{"email":{},"length":{"max":255}},"permissions":{"view":["admin","user"],"edit":["admin","user"]},"multivalued":false},
{"name":"firstName","displayName":"${firstName}","validations":{"length":{"max":255}},"permissions":{"view":["admin","user"],"edit":["admin","user"]},"multivalued":false},
{"name":"lastName","displayName":"${lastName}","validations":{"length":{"max":255}},"permissions":{"view":["admin","user"],"edit":["admin","user"]},"multivalued":false},
{"name":"clearance","displayName":"Clearance","validations":{"options":{"options":["public","restricted","confidential"]}},"permissions":{"view":["admin","user"],"edit":["admin"]},"multivalued":false}
],"groups":[]}
JSON
)
  mappers='[{"name":"roles as groups","protocol":"openid-connect","protocolMapper":"oidc-usermodel-realm-role-mapper","config":{"multivalued":"true","claim.name":"groups","jsonType.label":"String","access.token.claim":"true","id.token.claim":"true","userinfo.token.claim":"true"}},
{"name":"clearance","protocol":"openid-connect","protocolMapper":"oidc-usermodel-attribute-mapper","config":{"user.attribute":"clearance","claim.name":"clearance","jsonType.label":"String","access.token.claim":"true","id.token.claim":"true","userinfo.token.claim":"true"}},
{"name":"upn","protocol":"openid-connect","protocolMapper":"oidc-usermodel-property-mapper","config":{"user.attribute":"username","claim.name":"upn","jsonType.label":"String","access.token.claim":"true","id.token.claim":"true"}}]'
  (umask 077 && cat >"$dir/vigil-realm.json" <<JSON
{"realm":"vigil","enabled":true,"displayName":"Vigil","sslRequired":"none","accessTokenLifespan":900,
 "roles":{"realm":[{"name":"recorder","description":"records and corrects events"},{"name":"analyst","description":"reads within clearance, writes reports"},{"name":"viewer","description":"reads public data"},{"name":"admin","description":"audit, rebuild, replay; reads everything"}]},
 "components":{"org.keycloak.userprofile.UserProfileProvider":[{"providerId":"declarative-user-profile","subComponents":{},"config":{"kc.user.profile.config":["$profile"]}}]},
 "clients":[
  {"clientId":"vigil-web","name":"Vigil web app","enabled":true,"publicClient":false,"secret":"$(secret keycloak-web-client)","standardFlowEnabled":true,"directAccessGrantsEnabled":false,
   "redirectUris":["http://127.0.0.1:*","http://localhost:*"],"webOrigins":["+"],"attributes":{"post.logout.redirect.uris":"http://127.0.0.1:*##http://localhost:*","pkce.code.challenge.method":"S256"},"protocolMappers":$mappers},
  {"clientId":"vigil-cli","name":"Vigil command line (deploy/local/token.sh)","enabled":true,"publicClient":true,"standardFlowEnabled":false,"directAccessGrantsEnabled":true,"protocolMappers":$mappers}],
 "users":[$users]}
JSON
  )
}

keycloak_pid() {
  local pid
  [ -f "$KC_DIR/keycloak.pid" ] || return 1
  pid=$(cat "$KC_DIR/keycloak.pid")
  kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

keycloak_ready() { curl -fsS -o /dev/null "$VIGIL_KEYCLOAK_ISSUER/.well-known/openid-configuration" 2>/dev/null; }

keycloak_up() {
  if [ "${VIGIL_KEYCLOAK:-on}" = off ]; then say "Keycloak    not started (VIGIL_KEYCLOAK=off)"; return 0; fi
  if keycloak_ready; then say "Keycloak    already up on $VIGIL_KEYCLOAK_ISSUER"; return 0; fi
  if port_open "$VIGIL_KEYCLOAK_PORT"; then die "port $VIGIL_KEYCLOAK_PORT is taken by another program; set VIGIL_KEYCLOAK_PORT"; fi
  command -v unzip >/dev/null 2>&1 || { [ "$(id -u)" = 0 ] && apt-get install -y -qq unzip >/dev/null 2>&1; } || true
  keycloak_dist
  find_jdk
  write_realm
  : >"$KC_DIR/keycloak.log"
  (
    export JAVA_HOME KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="$(secret keycloak-bootstrap-admin)"
    export JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m"
    nohup "$KC_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$VIGIL_KEYCLOAK_PORT" \
      --http-management-port="$((VIGIL_KEYCLOAK_PORT + 1))" --import-realm >>"$KC_DIR/keycloak.log" 2>&1 &
    echo $! >"$KC_DIR/keycloak.pid"
  )
  for _ in $(seq 1 240); do keycloak_ready && break; keycloak_pid >/dev/null || break; sleep 0.5; done
  keycloak_ready || { tail -n 40 "$KC_DIR/keycloak.log" >&2; die "Keycloak did not start (log: $KC_DIR/keycloak.log)"; }
  # A fresh Keycloak takes seconds over its first sign-in (its JIT, caches, password hashing): one now, before
  # anyone (a person, a browser test) waits for it.
  curl -fsS -o /dev/null -d grant_type=password -d client_id=vigil-cli -d username=viewer \
    --data-urlencode "password=$(secret keycloak-viewer)" "$VIGIL_KEYCLOAK_ISSUER/protocol/openid-connect/token" 2>/dev/null \
    || say "Keycloak    (the first sign-in, to warm it up, was refused; see $KC_DIR/keycloak.log)"
  say "Keycloak    up on $VIGIL_KEYCLOAK_ISSUER (log: $KC_DIR/keycloak.log)"
}

keycloak_down() {
  local pid
  if pid=$(keycloak_pid); then
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    rm -f "$KC_DIR/keycloak.pid"
    say "Keycloak    stopped"
  else
    say "Keycloak    not running"
  fi
}

write_env_file() {
  # What services and tests read to find the infrastructure.
  cat >"$VIGIL_STATE_DIR/infra.env" <<ENV
VIGIL_PG_HOST=127.0.0.1
VIGIL_PG_PORT=$VIGIL_PG_PORT
VIGIL_KAFKA_BOOTSTRAP=127.0.0.1:$VIGIL_KAFKA_PORT
VIGIL_STATE_DIR=$VIGIL_STATE_DIR
VIGIL_OIDC_ISSUER=$VIGIL_KEYCLOAK_ISSUER
ENV
}

write_dev_env() {
  # For ./mvnw quarkus:dev -pl <service>: Quarkus reads a .env file in the service's folder (git ignores it). It holds
  # the local database password; the rest of the local settings are the services' defaults. The local signing key
  # is made too, so deploy/local/token.sh's tokens verify in dev mode.
  if command -v openssl >/dev/null 2>&1; then ensure_jwt_key; fi
  local service
  for service in ingest casefile report; do
    (umask 077 && printf 'VIGIL_DB_PASSWORD=%s\n' "$(local_password)" >"$VIGIL_ROOT/$service-service/.env")
  done
}

case "${1:-}" in
  up)
    ensure_state_dir
    postgres_up
    ensure_service_databases
    kafka_up
    keycloak_up
    write_env_file
    write_dev_env
    ;;
  down)
    keycloak_down
    kafka_down
    postgres_down
    ;;
  status)
    if pg_ready 2>/dev/null; then say "PostgreSQL  up on 127.0.0.1:$VIGIL_PG_PORT"; else say "PostgreSQL  down"; fi
    if kafka_ready; then say "Kafka       up on 127.0.0.1:$VIGIL_KAFKA_PORT (pid $(kafka_pid))"; else say "Kafka       down"; fi
    if keycloak_ready; then say "Keycloak    up on $VIGIL_KEYCLOAK_ISSUER"; else say "Keycloak    down"; fi
    ;;
  pg-restart)
    # Faults: PostgreSQL stopped in the given mode (fast: connections closed cleanly; immediate: a crash, recovery at
    # start), then started again.
    pg_ctl_run -m "${2:-fast}" -w stop >/dev/null 2>&1 || true
    sleep "${3:-1}"
    postgres_up
    ;;
  kafka-restart)
    # Used by the broker-restart test: the same broker, same data, stopped and started again.
    kafka_down
    kafka_up
    ;;
  *)
    say "usage: $0 up|down|status|kafka-restart|pg-restart fast|immediate [PAUSE]" >&2
    exit 2
    ;;
esac
