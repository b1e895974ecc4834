#!/usr/bin/env bash
# Creates every key and password file a replica-set deployment needs, once, in one directory (default
# deploy/compose/secrets): the services' key files (README, "The master key of personal data" and the sections after
# it), the MongoDB replica-set keyfile and passwords, Grafana's admin password, and, with --self-signed-tls NAME, a
# certificate for a trial.
# Never overwrites a file that exists: re-running it fills in only what is missing. Needs openssl.
#
#   deploy/make-keys.sh [DIR] [--self-signed-tls kcbx.example.edu.cn]
#
# The service images run as uid 10001: run this as root (or sudo) so that the files can be given to that uid, or
# chown them yourself (`chown 10001:10001 DIR/*.key DIR/initial-admin-password`, then `chown 101:101 DIR/tls.*` for
# the proxy, `chown 472:472 DIR/grafana-admin-password` for Grafana). The MongoDB files stay root's: the mongo
# containers copy them for their own user.
set -euo pipefail
dir="$(dirname "$0")/compose/secrets"
tls_name=""
while [ $# -gt 0 ]; do
  case "$1" in
    --self-signed-tls) tls_name="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) dir="$1"; shift ;;
  esac
done
umask 077
mkdir -p "$dir"
cd "$dir"
made=()

new() { [ -e "$1" ] && return 1; made+=("$1"); return 0; }
random_base64() { head -c 32 /dev/urandom | base64 -w0; echo; }
# Letters and digits only: safe in a MongoDB URI and an environment file without escaping.
password() { local p; p="$(head -c 1024 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')"; echo "${p:0:$1}"; }

# 32 random bytes, Base64 on one line (kcbx.privacy.master-key-file, kcbx.case.student-key-file,
# kcbx.security.session-key-file).
master_existed=false
[ -e master.key ] && master_existed=true
for k in master student-lookup session; do
  if new "$k.key"; then random_base64 > "$k.key"; fi
done

# kcbx.privacy.lookup-key-file, the key that finds a student's data key: random for a new installation. Beside a master
# key that existed already it is derived from it exactly as the services did before the two keys were separated
# (HMAC-SHA256 of "student-key-lookup" under the master key), so every student's hash stays valid. Derive it from the
# installation's ORIGINAL master key: run this before the first master key rotation (deploy/README.md, "Rotating the
# master key").
if new personal-data-lookup.key; then
  if $master_existed; then
    printf '%s' student-key-lookup \
      | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$(base64 -d master.key | od -An -v -tx1 | tr -d ' \n')" -binary \
      | base64 -w0 > personal-data-lookup.key
    echo >> personal-data-lookup.key
  else
    random_base64 > personal-data-lookup.key
  fi
fi

# kcbx.case.intake-sealing-key-file: RSA-2048, private key PKCS#8 and public key X.509 SPKI in Base64, and its key id
# (the first 16 hex characters of the SHA-256 of the SPKI), the format IntakeSealingKey reads.
if new intake-sealing.key; then
  pem="$(openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null)"
  spki="$(printf '%s\n' "$pem" | openssl pkey -pubout -outform DER | base64 -w0)"
  {
    echo "# kcbx intake sealing key (RSA 2048, RSA-OAEP-256+A256GCM), made by deploy/make-keys.sh. Back it up."
    echo "keyId=$(printf '%s' "$spki" | base64 -d | sha256sum | cut -c1-16)"
    echo "publicKey=$spki"
    echo "privateKey=$(printf '%s\n' "$pem" | openssl pkcs8 -topk8 -nocrypt -outform DER | base64 -w0)"
  } > intake-sealing.key
fi

# kcbx.integrity.signing-key-file: Ed25519, the same two Base64 lines as SigningKey writes.
if new integrity-signing.key; then
  pem="$(openssl genpkey -algorithm ED25519)"
  {
    echo "# kcbx integrity checkpoint signing key (Ed25519), made by deploy/make-keys.sh. Back it up."
    echo "publicKey=$(printf '%s\n' "$pem" | openssl pkey -pubout -outform DER | base64 -w0)"
    echo "privateKey=$(printf '%s\n' "$pem" | openssl pkcs8 -topk8 -nocrypt -outform DER | base64 -w0)"
  } > integrity-signing.key
fi

# The replica set's internal authentication (mongod --keyFile): 756 Base64 characters.
if new mongo-keyfile; then openssl rand -base64 756 | tr -d '\n' > mongo-keyfile; echo >> mongo-keyfile; fi
if new mongo-root-password; then password 32 > mongo-root-password; fi
# The first administrator's password (it must be changed at the first sign-in): letters and digits, 16 characters.
if new initial-admin-password; then echo "Kcbx$(password 12)" > initial-admin-password; fi
# Grafana's admin password (compose.metrics.yml): letters and digits, 24 characters.
if new grafana-admin-password; then password 24 > grafana-admin-password; fi

if [ -n "$tls_name" ] && new tls.crt; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=$tls_name" -addext "subjectAltName=DNS:$tls_name" \
    -keyout tls.key -out tls.crt 2>/dev/null
fi

chmod 600 ./*
if [ "$(id -u)" = 0 ]; then
  chown 10001:10001 master.key personal-data-lookup.key student-lookup.key session.key intake-sealing.key \
    integrity-signing.key initial-admin-password
  # The proxy image (nginx-unprivileged) reads its certificate as uid 101.
  if [ -e tls.key ]; then chown 101:101 tls.crt tls.key; fi
  # The Grafana image runs as uid 472.
  chown 472:472 grafana-admin-password
fi
echo "key directory: $(pwd)"
if [ ${#made[@]} -gt 0 ]; then echo "created: ${made[*]}"; else echo "created nothing: every file was there"; fi
echo "Back up master.key, personal-data-lookup.key, student-lookup.key, intake-sealing.key and integrity-signing.key,"
echo "separately from the database."
