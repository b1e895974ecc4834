#!/usr/bin/env bash
# Command throughput of one, two and three case-service processes writing to one store (issue 18; deploy/BENCHMARK.md,
# "Several case-service processes").
#
#   deploy/writer-scaling.sh [--threads=6] [--writers=1,2,3] [--cases=100] [--warmup=5] [--seconds=20]
#                            [--jit-warmup=true] [--port-base=18421]
#
# Starts case-service-*-exec.jar once as the store host (embedded store, sent no commands) and up to three more
# case-service processes that reach the store by URI, on ports from --port-base; the same number of client threads
# log visits through 1, 2, then 3 of them, after one unmeasured round through all of them (so that no writer's JIT
# compiles during its first measured row; --jit-warmup=false skips it). --cases=2 makes the writers race on the same
# cases. Builds the jars first if they are missing (package, never install). Logs and the store stay in tooling/fault-harness/target/runs/writers-*/.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! compgen -G 'case-service/target/case-service-*-exec.jar' >/dev/null \
   || [ ! -f tooling/fault-harness/target/fault-harness.jar ] || [ "${WRITER_SCALING_REBUILD:-}" = 1 ]; then
  echo "writer-scaling: building the jars (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q -DskipTests -pl case-service,tooling/fault-harness -am package
fi

java -Xmx256m -jar tooling/fault-harness/target/fault-harness.jar --writer-scaling --root="$PWD" "$@"
