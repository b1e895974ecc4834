#!/usr/bin/env bash
# The fault harness of "nothing acknowledged is ever lost" (README, "Fault harness").
#
#   deploy/fault-harness.sh [--short|--full] [options]
#
# --short (the default; 3-4 minutes on a 2-core machine): 3 SIGKILLs of the case-service and 3 of the
# query-service, one stalled writer. --full: 22 SIGKILLs of each, 4 stalls, longer phases, and strict (5xx answers and
# a half-load lag p99 over 250 ms fail it too). --help lists every option.
#
# Starts case-service-*-exec.jar (hosting the embedded store) and query-service-*-exec.jar as separate processes on
# ports 18401-18403 (--port-base=P moves them), building the jars first if they are missing (package, never install).
# Exits non-zero if anything acknowledged was lost or duplicated, a projection differs from a full rebuild, integrity
# verification fails or a retry is not answered as a replay. Logs, every answer (answers.jsonl) and the store stay in
# tooling/fault-harness/target/runs/<time>/ (or --run-dir=DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

have_jar() { compgen -G "$1" >/dev/null; }
if ! have_jar 'case-service/target/case-service-*-exec.jar' || ! have_jar 'query-service/target/query-service-*-exec.jar' \
   || [ ! -f tooling/fault-harness/target/fault-harness.jar ] || [ "${FAULT_HARNESS_REBUILD:-}" = 1 ]; then
  echo "fault-harness: building the exec jars (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q -DskipTests package
fi

run_dir=""
for arg in "$@"; do
  case "$arg" in --run-dir=*) run_dir="${arg#--run-dir=}" ;; esac
done
extra=()
if [ -z "$run_dir" ]; then
  run_dir="$PWD/fault-harness/target/runs/$(date +%Y%m%d-%H%M%S)"
  extra+=("--run-dir=$run_dir")
fi

# The harness kills its services itself (also on Ctrl-C, through a shutdown hook). Should its JVM be killed outright,
# end the services it started, by the pids it wrote, and only if they still run one of this checkout's jars.
cleanup() {
  for pid_file in "$run_dir"/*.pid; do
    [ -f "$pid_file" ] || continue
    pid=$(cat "$pid_file")
    if [ -n "$pid" ] && grep -q "$PWD/.*-exec.jar" "/proc/$pid/cmdline" 2>/dev/null; then
      kill -CONT "$pid" 2>/dev/null || true
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
}
trap cleanup EXIT

java -Xmx512m -jar tooling/fault-harness/target/fault-harness.jar --root="$PWD" "${extra[@]}" "$@"
