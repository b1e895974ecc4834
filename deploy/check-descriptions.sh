#!/usr/bin/env bash
# Static checks of the container images and deployment descriptions in deploy/ (deploy/README.md, "What CI checks,
# and what it does not"). No container engine or cluster is needed, nor used:
#   1. docker-compose config -q on deploy/compose/compose.yml with the example environment (Debian's docker-compose
#      1.29 parses, interpolates and validates the file against its schema without an engine);
#   2. the tests of tooling/deploy-descriptions: the Kubernetes manifests read strictly into the Kubernetes model,
#      the Dockerfiles against this build, the compose file against its secrets, the proxy's routing against
#      deploy/nginx/kcbx.conf, and the keys deploy/make-keys.sh writes.
#
#   deploy/check-descriptions.sh                 both (the tests build the modules they need; add Maven options in
#                                                MVN_ARGS, e.g. MVN_ARGS=-o)
#   deploy/check-descriptions.sh --skip-tests    only 1: for .ci/run, whose `./mvnw verify` has run the tests already
set -euo pipefail
cd "$(dirname "$0")/.."
run_tests=true
[ "${1:-}" = "--skip-tests" ] && run_tests=false

if ! command -v docker-compose >/dev/null 2>&1; then
  echo "check-descriptions: docker-compose is missing (Debian: apt-get install docker-compose)" >&2
  exit 1
fi
echo "check-descriptions: $(docker-compose version --short 2>/dev/null || docker-compose --version)"
# The example environment names a secrets directory that need not exist: `config` does not read the secret files.
docker-compose -f deploy/compose/compose.yml --env-file deploy/compose/.env.example config -q
services="$(docker-compose -f deploy/compose/compose.yml --env-file deploy/compose/.env.example config --services | sort | tr '\n' ' ')"
echo "check-descriptions: compose.yml valid; services: $services"

if $run_tests; then
  # shellcheck disable=SC2086
  ./mvnw -B -ntp -q ${MVN_ARGS:-} -pl tooling/deploy-descriptions -am -Dnpm.executable=true test \
    -Dtest='KubernetesManifestsTest,ImagesAndComposeTest' -Dsurefire.failIfNoSpecifiedTests=false
  for report in tooling/deploy-descriptions/target/surefire-reports/*.txt; do
    grep -h "Tests run" "$report"
  done
fi
echo "check-descriptions: PASSED"
