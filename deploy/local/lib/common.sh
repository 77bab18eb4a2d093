# Shared by the scripts in deploy/local: where state lives, which ports, which JDK.
# shellcheck shell=bash

VIGIL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
# Outside the checkout and outside /root, because PostgreSQL runs as the postgres user and must reach its folder.
VIGIL_STATE_DIR="${VIGIL_STATE_DIR:-/var/tmp/vigil}"
VIGIL_PG_PORT="${VIGIL_PG_PORT:-55432}"
VIGIL_KAFKA_PORT="${VIGIL_KAFKA_PORT:-59092}"
VIGIL_KAFKA_CONTROLLER_PORT="${VIGIL_KAFKA_CONTROLLER_PORT:-59093}"
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
