#!/usr/bin/env bash
# Builds the product and starts all of it in one process (module app): the embedded MongoDB-compatible store
# (data in ./data), the case service on http://localhost:8080 and the query service on http://localhost:8081.
# Extra arguments are passed to Spring Boot: --x=y reaches both services, --case-service.x=y only the case service
# and --query-service.x=y only the query service, e.g.
#   ./run.sh --case-service.server.port=9090 --query-service.server.port=9091
#   ./run.sh --spring.data.mongodb.uri='mongodb://db1,db2,db3/kcbx?replicaSet=rs0'   (a real MongoDB, no embedded store)
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -DskipTests install
exec java ${JAVA_OPTS:-} -jar app/target/kcbx-app-0.1.0-SNAPSHOT-exec.jar "$@"
