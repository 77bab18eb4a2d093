#!/usr/bin/env bash
# Runs every test of every service against a real PostgreSQL and a real Kafka broker, both started here
# (deploy/local/infra.sh) when they are not already running, then the short fault run. Extra arguments go to Maven,
# e.g. -pl ingest-service (and skip the fault run).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
find_jdk
say "Using the JDK at $JAVA_HOME"
"$VIGIL_ROOT/deploy/local/infra.sh" up
# The web app is tested in a real headless Chromium: Debian's, installed here when missing.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  say "Installing Chromium from Debian's packages (for the web app's tests)..."
  (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)) || die "could not install chromium"
fi
# The build takes the web app's base map from npm; the manifest and AsyncAPI checks (deploy/checks) run Node
# validators; kubectl renders the Kustomize overlays.
ensure_npm
command -v kubectl >/dev/null 2>&1 || say "kubectl is missing: deploy/checks will fail; install kubectl (it renders the Kustomize overlays)"
cd "$VIGIL_ROOT"
./mvnw -B verify "$@"
# The short fault run (deploy/local/faults.sh --short, 3 to 3.5 minutes) on the jars verify just packaged: broker kills,
# a PostgreSQL crash, instance kills and a network cut under load; fails if anything acknowledged is lost or doubled.
# Skipped when Maven was given extra arguments (a partial run, e.g. -pl ingest-service).
if [ "$#" -eq 0 ]; then
  "$VIGIL_ROOT/deploy/local/faults.sh" --short
fi
