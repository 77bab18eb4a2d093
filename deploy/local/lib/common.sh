# Shared by the scripts in deploy/local: where state lives, which ports, which JDK.
# shellcheck shell=bash

VIGIL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
# Outside the checkout and outside /root, because PostgreSQL runs as the postgres user and must reach its folder.
VIGIL_STATE_DIR="${VIGIL_STATE_DIR:-/var/tmp/vigil}"
VIGIL_PG_PORT="${VIGIL_PG_PORT:-55432}"
VIGIL_KAFKA_PORT="${VIGIL_KAFKA_PORT:-59092}"
VIGIL_KAFKA_CONTROLLER_PORT="${VIGIL_KAFKA_CONTROLLER_PORT:-59093}"
# The OIDC provider (Keycloak) the web app signs users in with; its management interface listens one port above.
VIGIL_KEYCLOAK_PORT="${VIGIL_KEYCLOAK_PORT:-58180}"
VIGIL_KEYCLOAK_VERSION="26.5.5"
VIGIL_KEYCLOAK_ISSUER="http://127.0.0.1:$VIGIL_KEYCLOAK_PORT/realms/vigil"
VIGIL_PG_SUPERUSER="vigil_admin"

say() { printf '%s\n' "$*"; }
die() { printf 'vigil: %s\n' "$*" >&2; exit 1; }

java_major() {
  # Prints the major version of the java binary given, or nothing.
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

# Sets JAVA_HOME to a JDK >= 21: JAVA_HOME if it qualifies, else the newest under the usual install folders.
find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then export JAVA_HOME; return 0; fi
    say "JAVA_HOME=$JAVA_HOME is Java ${major:-?}; looking for a JDK >= 21 elsewhere." >&2
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ "${major:-0}" -gt "$best_major" ]; then best="$candidate"; best_major="$major"; fi
  done
  if [ -z "$best" ] || [ "$best_major" -lt 21 ]; then
    die "no JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm, /opt/java, ~/.sdkman, ~/.jdks). Install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+, and set JAVA_HOME."
  fi
  export JAVA_HOME="$best"
}

mvnw() { "$VIGIL_ROOT/mvnw" -B "$@"; }

# Runs a command as the postgres user when we are root (PostgreSQL refuses to run as root).
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && printf '%s' "$dir"
}

local_password() { cat "$VIGIL_STATE_DIR/secrets/db-password"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Local bearer tokens. The services verify tokens with a public key (VIGIL_JWT_PUBLIC_KEY) and an issuer
# (VIGIL_JWT_ISSUER); in production these are the OIDC provider's (deploy/README.md). Locally, a key pair is made at
# first use in the state folder (never in the checkout) and deploy/local/token.sh signs tokens with it.
VIGIL_JWT_DIR="$VIGIL_STATE_DIR/jwt"
VIGIL_LOCAL_ISSUER="https://vigil.local/issuer"

# npm: the build packages the web app's base map from npm (casefile-service/src/main/map), and the deploy checks run
# Node validators. Debian's nodejs and npm, installed when missing (as root).
ensure_npm() {
  command -v npm >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || die "npm is missing: install Node.js and npm (the build packages the web app's base map from npm)"
  say "Installing Node.js and npm from Debian's packages (the build takes the base map from npm)..."
  (apt-get install -y -qq nodejs npm >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null)) \
    || die "could not install npm"
}

ensure_jwt_key() {
  [ -s "$VIGIL_JWT_DIR/private.pem" ] && [ -s "$VIGIL_JWT_DIR/public.pem" ] && return 0
  command -v openssl >/dev/null 2>&1 || die "openssl is needed to make the local signing key (apt-get install openssl)"
  mkdir -p "$VIGIL_JWT_DIR"
  chmod 700 "$VIGIL_JWT_DIR"
  (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$VIGIL_JWT_DIR/private.pem" 2>/dev/null) \
    || die "could not make the local signing key"
  openssl pkey -in "$VIGIL_JWT_DIR/private.pem" -pubout -out "$VIGIL_JWT_DIR/public.pem" 2>/dev/null
  chmod 644 "$VIGIL_JWT_DIR/public.pem"
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# Prints a token signed with the local key (RS256): make_token ROLE[,ROLE...] [CLEARANCE] [NAME] [SECONDS]
make_token() {
  local roles=$1 clearance=${2:-} name=${3:-} ttl=${4:-43200} now groups header payload claim=""
  ensure_jwt_key
  now=$(date +%s)
  name=${name:-local-${roles%%,*}}
  groups=$(printf '%s' "$roles" | awk -F, '{ for (i = 1; i <= NF; i++) printf "%s\"%s\"", (i > 1 ? "," : ""), $i }')
  [ -n "$clearance" ] && claim=",\"clearance\":\"$clearance\""
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"iss":"%s","sub":"%s","upn":"%s","groups":[%s]%s,"iat":%d,"exp":%d,"jti":"%s"}' \
    "$VIGIL_LOCAL_ISSUER" "$name" "$name" "$groups" "$claim" "$now" "$((now + ttl))" "$(openssl rand -hex 12)" | b64url)
  printf '%s.%s.%s' "$header" "$payload" \
    "$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$VIGIL_JWT_DIR/private.pem" -binary | b64url)"
}

# CPU time (user + system, ms) from the kernel's accounting, for the benchmarks: of one process; of PostgreSQL (every
# postgres process now, plus what the postmaster's exited children used); of the Kafka broker.
cpu_ms_of() {  # pid
  awk -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); printf "%d", ($12 + $13) * 1000 / hz}' "/proc/$1/stat" 2>/dev/null || echo 0
}
cpu_ms_postgres() {
  local master total=0 p
  master=$(head -1 "$VIGIL_STATE_DIR/postgres/data/postmaster.pid" 2>/dev/null) || { echo 0; return; }
  for p in $(pgrep -x postgres); do total=$((total + $(cpu_ms_of "$p"))); done
  awk -v hz="$(getconf CLK_TCK)" -v t="$total" '{sub(/^.*\) /, ""); printf "%d", t + ($14 + $15) * 1000 / hz}' "/proc/$master/stat"
}
cpu_ms_kafka() { cpu_ms_of "$(cat "$VIGIL_STATE_DIR/kafka/kafka.pid")"; }
# Of a JVM's JIT compiler threads (C1 and C2): what a fresh JVM spends compiling while it warms up.
cpu_ms_jit() {  # pid
  local hz
  hz=$(getconf CLK_TCK)
  for t in /proc/"$1"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in C[12]\ CompilerThre*) cat "$t/stat" ;; esac
  done | awk -v hz="$hz" '{sub(/^.*\) /, ""); ms += ($12 + $13) * 1000 / hz} END {printf "%d", ms}'
}

# The projection lag of the events projected between two scrapes of casefile's /q/metrics (files), from the
# differences of vigil_projection_event_lag_seconds' buckets: count, then each quantile as the bucket bound it falls
# under (ms), and the bound under which they all fall.
lag_between() {  # before after
  local buckets='s/.*le="([^"]*)".* ([0-9.eE+]+)$/\1 \2/'
  join <(grep '^vigil_projection_event_lag_seconds_bucket' "$1" | sed -E "$buckets" | sort) \
       <(grep '^vigil_projection_event_lag_seconds_bucket' "$2" | sed -E "$buckets" | sort) \
    | awk '{print ($1 == "+Inf" ? 1e12 : $1), $3 - $2}' | sort -g | awk '
      { le[NR] = $1; c[NR] = $2 }
      END {
        total = c[NR]; split("0.5 0.9 0.99", qs, " "); split("50 90 99", names, " "); out = sprintf("%d events; lag", total)
        for (i = 1; i <= 3; i++) for (j = 1; j <= NR; j++) if (c[j] >= qs[i] * total) {
          out = out sprintf(" p%s <= %.0f ms,", names[i], le[j] * 1000); break }
        for (j = 1; j <= NR; j++) if (c[j] >= total) { out = out sprintf(" all <= %.0f ms", le[j] * 1000); break }
        print out }'
}
