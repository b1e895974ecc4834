#!/usr/bin/env bash
# The fault harness of "nothing acknowledged is ever lost" (README, "Fault harness").
#
#   deploy/fault-harness.sh [--short|--full] [options]
#
# --short (the default; about 3 minutes on a 2-core machine; CI runs it after the test suite): 3 SIGKILLs of the
# case-service and 3 of the query-service, one stalled writer. --full: 22 SIGKILLs of each, 4 stalls, longer phases,
# and strict (5xx answers and a half-load lag p99 over 250 ms fail it too). --help lists every option.
#
# Starts case-service-*-exec.jar (hosting the embedded store) and query-service-*-exec.jar as separate processes on
# ports 18401-18403 (--port-base=P moves them), builds the jars first if they are missing (package, not install), and
# exits non-zero if anything acknowledged was lost or duplicated, a projection differs from a full rebuild, or
# integrity verification fails. Logs, the answers of every request and the store stay in fault-harness/target/runs/.
set -euo pipefail
cd "$(dirname "$0")/.."

have_jar() { compgen -G "$1" >/dev/null; }
if ! have_jar 'case-service/target/case-service-*-exec.jar' || ! have_jar 'query-service/target/query-service-*-exec.jar' \
   || [ ! -f fault-harness/target/fault-harness.jar ] || [ "${FAULT_HARNESS_REBUILD:-}" = 1 ]; then
  echo "fault-harness: building the exec jars (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q -DskipTests package
fi

exec java -Xmx512m -jar fault-harness/target/fault-harness.jar --root="$PWD" "$@"
