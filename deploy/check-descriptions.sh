#!/usr/bin/env bash
# Static checks of the container images and deployment descriptions in deploy/ (deploy/README.md, "What CI checks,
# and what it does not"). No container engine or cluster is needed, nor used:
#   1. docker-compose config -q on deploy/compose/compose.yml (alone, and with compose.metrics.yml) with the example
#      environment (Debian's docker-compose 1.29 parses, interpolates and validates the file against its schema
#      without an engine);
#   2. nginx -t on deploy/nginx/kcbx-containers.conf (the service names replaced by addresses, a throw-away
#      certificate), with the nginx on PATH or else Debian's nginx unpacked into target/ (apt-get download, not
#      installed, nothing started); skipped with a note when neither can be had;
#   3. the tests of tooling/deploy-descriptions: the Kubernetes manifests read strictly into the Kubernetes model,
#      the Dockerfiles against this build, the compose file against its secrets, the proxy's routing against
#      deploy/nginx/kcbx.conf, and the keys deploy/make-keys.sh writes.
#
#   deploy/check-descriptions.sh                 both (the tests build the modules they need; add Maven options in
#                                                MVN_ARGS, e.g. MVN_ARGS=-o)
#   deploy/check-descriptions.sh --skip-tests    only 1 and 2: for .ci/run, whose `./mvnw verify` has run the tests already
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
# The metrics override (Prometheus, Grafana) on top of it.
docker-compose -f deploy/compose/compose.yml -f deploy/compose/compose.metrics.yml --env-file deploy/compose/.env.example config -q
echo "check-descriptions: compose.yml + compose.metrics.yml valid"

nginx_bin="$(command -v nginx || true)"
work=tooling/deploy-descriptions/target/nginx-check
if [ -z "$nginx_bin" ]; then
  if [ ! -x "$work/root/usr/sbin/nginx" ]; then
    mkdir -p "$work/deb"
    (cd "$work/deb" && apt-get download nginx >/dev/null 2>&1 && dpkg -x nginx_*.deb ../root) || true
  fi
  [ -x "$work/root/usr/sbin/nginx" ] && nginx_bin="$PWD/$work/root/usr/sbin/nginx"
fi
if [ -n "$nginx_bin" ]; then
  t="$PWD/$work/t"
  rm -rf "$t" && mkdir -p "$t/tls" "$t/tmp"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=check -keyout "$t/tls/tls.key" -out "$t/tls/tls.crt" 2>/dev/null
  # nginx -t resolves upstream names, which exist only inside compose or the cluster.
  sed -e 's/server case-service:8080/server 127.0.0.1:8080/; s/server query-service:8081/server 127.0.0.1:8081/' \
      -e "s|/etc/nginx/tls/|$t/tls/|" deploy/nginx/kcbx-containers.conf > "$t/kcbx.conf"
  cat > "$t/nginx.conf" <<CONF
pid $t/nginx.pid;
error_log stderr;
events {}
http {
  access_log off; client_body_temp_path $t/tmp/body; proxy_temp_path $t/tmp/proxy;
  fastcgi_temp_path $t/tmp/fastcgi; uwsgi_temp_path $t/tmp/uwsgi; scgi_temp_path $t/tmp/scgi;
  include $t/kcbx.conf;
}
CONF
  "$nginx_bin" -t -q -p "$t" -c "$t/nginx.conf"
  echo "check-descriptions: nginx -t accepts kcbx-containers.conf ($("$nginx_bin" -v 2>&1 | sed 's/.*: //'))"
else
  echo "check-descriptions: nginx -t skipped: no nginx on PATH and none could be downloaded"
fi

if $run_tests; then
  # shellcheck disable=SC2086
  ./mvnw -B -ntp -q ${MVN_ARGS:-} -pl tooling/deploy-descriptions -am -Dnpm.executable=true test \
    -Dtest='KubernetesManifestsTest,ImagesAndComposeTest' -Dsurefire.failIfNoSpecifiedTests=false
  for report in tooling/deploy-descriptions/target/surefire-reports/*.txt; do
    grep -h "Tests run" "$report"
  done
fi
echo "check-descriptions: PASSED"
