#!/usr/bin/env bash
# Builds the product and starts the case service on the embedded MongoDB-compatible store (data in ./data).
# Any extra arguments are passed to Spring Boot, e.g. ./run.sh --server.port=9090
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -DskipTests install
exec java ${JAVA_OPTS:-} -jar case-service/target/case-service-0.1.0-SNAPSHOT-exec.jar "$@"
