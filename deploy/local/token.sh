#!/usr/bin/env bash
# Prints a bearer token for the local system, signed with the key deploy/local/start.sh made (in the state folder).
#   deploy/local/token.sh ROLE [CLEARANCE] [NAME]
# ROLE: recorder (append and import events), analyst (read what its clearance allows, write reports), viewer (public
# data only), admin (rebuild, replay, audit log, reads everything); several as recorder,analyst.
# CLEARANCE: public, restricted or confidential (default: confidential for admin, restricted otherwise; a viewer is
# always public). The token is valid for 12 hours (VIGIL_TOKEN_SECONDS to change).
#   curl -H "Authorization: Bearer $(deploy/local/token.sh analyst)" http://127.0.0.1:8082/populations
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
role=${1:-}
case "$role" in
  ""|-h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
for r in ${role//,/ }; do
  case "$r" in recorder|analyst|viewer|admin) ;; *) die "unknown role '$r': recorder, analyst, viewer or admin" ;; esac
done
case "${2:-}" in ""|public|restricted|confidential) ;; *) die "unknown clearance '$2': public, restricted or confidential" ;; esac
make_token "$role" "${2:-}" "${3:-}" "${VIGIL_TOKEN_SECONDS:-43200}"
echo
