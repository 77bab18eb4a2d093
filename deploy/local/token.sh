#!/usr/bin/env bash
# Prints a bearer token for the local system.
#   deploy/local/token.sh ROLE [CLEARANCE] [NAME]
# ROLE: recorder (append and import events), analyst (read what its clearance allows, write reports), viewer (public
# data only), admin (rebuild, replay, audit log, reads everything); several as recorder,analyst.
# CLEARANCE: public, restricted or confidential (default: confidential for admin, restricted otherwise; a viewer is
# always public).
# One role at its default clearance, without a NAME: the token of that role's local user from the OIDC provider
# (Keycloak, realm vigil, started by deploy/local/infra.sh), valid 15 minutes. Anything else (several roles, another
# clearance, a NAME, or VIGIL_TOKEN_LOCAL=1): a token signed with the local key the services also trust, valid 12
# hours (VIGIL_TOKEN_SECONDS to change).
#   curl -H "Authorization: Bearer $(deploy/local/token.sh analyst)" http://127.0.0.1:8082/populations
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
role=${1:-}
case "$role" in
  ""|-h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
for r in ${role//,/ }; do
  case "$r" in recorder|analyst|viewer|admin) ;; *) die "unknown role '$r': recorder, analyst, viewer or admin" ;; esac
done
case "${2:-}" in ""|public|restricted|confidential) ;; *) die "unknown clearance '$2': public, restricted or confidential" ;; esac
default_clearance() { case "$1" in admin) echo confidential ;; viewer) echo public ;; *) echo restricted ;; esac; }
password_file="$VIGIL_STATE_DIR/secrets/keycloak-$role"
if [ "${VIGIL_TOKEN_LOCAL:-0}" != 1 ] && [ -z "${3:-}" ] && [ -s "$password_file" ] \
   && { [ -z "${2:-}" ] || [ "$2" = "$(default_clearance "$role")" ]; } \
   && answer=$(curl -fsS -d grant_type=password -d client_id=vigil-cli -d scope=openid -d "username=$role" \
        --data-urlencode "password@$password_file" "$VIGIL_KEYCLOAK_ISSUER/protocol/openid-connect/token" 2>/dev/null); then
  printf '%s\n' "$answer" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
  exit 0
fi
make_token "$role" "${2:-}" "${3:-}" "${VIGIL_TOKEN_SECONDS:-43200}"
echo
