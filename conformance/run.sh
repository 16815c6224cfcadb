#!/usr/bin/env bash
# Runs the OpenID Foundation conformance suite's certification plans against this checkout of Vigil,
# without docker:  npm run conformance -- [PLAN ...]   (README "Conformance")
#
#   SUITE_REPO   a checkout of openid-certification/conformance-suite that is already built by its own
#                instructions (it must hold target/fapi-test-suite.jar); required
#   SUITE_VENV   a Python venv with the suite's scripts/requirements.txt (default: one made in OIDF_WORK)
#   OIDF_WORK    where everything the run makes goes (default /tmp/vigil-oidf); KEEP=1 leaves the servers up
#   PLAN         default: the four plans below
#
# What runs: Vigil (npm start of this checkout, on its own FerretDB at 27201, port 3917) behind nginx TLS
# on 9443; the suite's jar behind nginx on 8443 (8444 for mTLS), on an in-memory mongo-java-server at
# 27203 (FerretDB 1.x refuses the suite's documents). Results: $OIDF_WORK/results/<time>/summary.md and
# the suite's export zips. Every process it starts is stopped by PID at the end unless KEEP=1.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
PROJECT="$(cd "$HERE/.." && pwd)"
PLANS=("$@")
[[ ${#PLANS[@]} -gt 0 ]] || PLANS=(oidcc-basic-certification-test-plan oidcc-config-certification-test-plan
  oidcc-formpost-basic-certification-test-plan oidcc-rp-initiated-logout-certification-test-plan)
W="${OIDF_WORK:-/tmp/vigil-oidf}"
TEST_USER=oidfuser
TEST_PASSWORD=conformance-suite-walrus-harbor-91

SUITE="${SUITE_REPO:-}"
if [[ -z $SUITE || ! -f $SUITE/target/fapi-test-suite.jar ]]; then
  echo "conformance: set SUITE_REPO to a checkout of the conformance suite built by its own instructions (target/fapi-test-suite.jar is missing); build the suite first" >&2
  exit 2
fi
SUITE="$(cd "$SUITE" && pwd)"
mkdir -p "$W/logs" "$W/results" "$W/config"

# A JDK >= 21 runs the suite's jar (Debian 12's apt has 17).
java_ok() { "$1/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; }
if [[ -z ${JAVA_HOME:-} ]] || ! java_ok "$JAVA_HOME"; then
  JAVA_HOME=""
  for j in /usr/lib/jvm/*; do if java_ok "$j"; then JAVA_HOME=$j; break; fi; done
  [[ -n $JAVA_HOME ]] || { echo "conformance: no JDK >= 21 found under /usr/lib/jvm" >&2; exit 2; }
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx >/dev/null; }
command -v mvn >/dev/null || { apt-get update -qq && apt-get install -y -qq maven >/dev/null; }

VENV="${SUITE_VENV:-$W/venv}"
[[ -x $VENV/bin/python ]] || { python3 -m venv "$VENV"; "$VENV/bin/pip" install -q -r "$SUITE/scripts/requirements.txt"; }

STARTED=()
started() { echo "$2" > "$W/$1.pid"; STARTED+=("$1"); }
alive() { [[ -f "$W/$1.pid" ]] && kill -0 "$(cat "$W/$1.pid")" 2>/dev/null; }
stop() {
  if alive "$1"; then
    local p; p=$(cat "$W/$1.pid")
    if [[ $1 == vigil ]]; then kill -- "-$p" 2>/dev/null || kill "$p"; else kill "$p" 2>/dev/null || true; fi
    sleep 2
  fi
  rm -f "$W/$1.pid"
}
cleanup() { [[ "${KEEP:-0}" == 1 ]] && return; for ((i=${#STARTED[@]}-1; i>=0; i--)); do stop "${STARTED[$i]}"; done; }
trap cleanup EXIT
wait_http() { for _ in $(seq 1 "${3:-180}"); do [[ $(curl -sk -o /dev/null -w '%{http_code}' "$1" 2>/dev/null) == "${2:-200}" ]] && return 0; sleep 1; done; echo "timeout waiting for $1" >&2; return 1; }

# --- 1. databases: Vigil's FerretDB, and the suite's in-memory MongoDB ------------------------------
bash "$PROJECT/scripts/ferretdb.sh" >/dev/null
FB=$PROJECT/.tools/bin/ferretdb
rm -rf "$W/fdb-vigil"; mkdir -p "$W/fdb-vigil/state"
nohup "$FB" --handler=sqlite "--sqlite-url=file:$W/fdb-vigil/" --state-dir="$W/fdb-vigil/state" \
  --listen-addr=127.0.0.1:27201 --debug-addr=- --telemetry=disable --log-level=warn > "$W/logs/fdb-vigil.log" 2>&1 &
started fdb-vigil $!
if [[ ! -f $W/mjs/MongoMem.class ]] || ! cmp -s "$HERE/MongoMem.java" "$W/mjs/MongoMem.java"; then
  mkdir -p "$W/mjs"; cp "$HERE/MongoMem.java" "$W/mjs/"; cp "$HERE/mjs-pom.xml" "$W/mjs/pom.xml"
  (cd "$W/mjs" && mvn -q -B dependency:copy-dependencies -DoutputDirectory=lib > "$W/logs/mjs-mvn.log" 2>&1 && javac -cp "lib/*" MongoMem.java)
fi
(cd "$W/mjs" && exec java -Xmx3g -cp "lib/*:." MongoMem 27203) > "$W/logs/mongomem.log" 2>&1 &
started mongomem $!
sleep 2

# --- 2. TLS: nginx on 8443 (suite) and 9443 (Vigil) ------------------------------------------------
[[ -f $W/tls/cert.pem ]] || { mkdir -p "$W/tls"; openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/tls/key.pem" -out "$W/tls/cert.pem" -days 30 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null; }
mkdir -p "$W/nginx/tmp"; sed "s#@W@#$W#g" "$HERE/nginx.conf.in" > "$W/nginx/nginx.conf"
nginx -c "$W/nginx/nginx.conf"; sleep 1; started nginx "$(cat "$W/nginx/nginx.pid")"

# --- 3. Vigil, with the suite's clients and a test user -----------------------------------------------
cp -r "$PROJECT/config/." "$W/config/"
cp "$HERE/clients.yaml" "$HERE/policies.yaml" "$W/config/"
export PORT=3917 ISSUER=https://localhost:9443 CONFIG_DIR=$W/config MONGODB_URI=mongodb://127.0.0.1:27201/vigil \
  TRUST_PROXY=127.0.0.1 DATA_DIR=$W/vigil-data OUTBOX_DIR=$W/outbox
(setsid bash -c 'echo $$ > "$0"; cd "$1" && exec npm start' "$W/vigil.pid.tmp" "$PROJECT" > "$W/logs/vigil.log" 2>&1 &)
for _ in $(seq 1 50); do [[ -s $W/vigil.pid.tmp ]] && break; sleep 0.1; done
started vigil "$(cat "$W/vigil.pid.tmp")"; rm -f "$W/vigil.pid.tmp"
wait_http "$ISSUER/.well-known/openid-configuration" 200 120
(cd "$PROJECT" && echo "$TEST_PASSWORD" | npm run -s admin -- user create "$TEST_USER" --email oidfuser@example.com --name "OIDF Test User" \
  && npm run -s admin -- user set-profile "$TEST_USER" --given-name OIDF --middle-name Conformance --family-name "Test User" --nickname oidf --gender diverse \
     --profile https://openid.net/certification/ \
     --picture https://localhost:9443/assets/logo.svg --website https://openid.net/ --birthdate 2000-01-01 --zoneinfo Europe/Paris \
     --locale en-GB --phone-number +33100000000 --phone-number-verified yes --street-address "1 Rue de la Paix" \
     --locality Paris --region "Ile-de-France" --postal-code 75002 --country FR) > "$W/logs/user.log" 2>&1 || true

# --- 4. the suite (dev mode: no login to its own UI/API) ----------------------------------------------
(cd "$SUITE" && exec java -Xmx4g -Djdk.tls.maxHandshakeMessageSize=65536 -jar target/fapi-test-suite.jar \
  --server.address=127.0.0.1 --fintechlabs.base_url=https://localhost:8443 --fintechlabs.base_mtls_url=https://localhost:8444 \
  --fintechlabs.devmode=true --spring.mongodb.uri=mongodb://127.0.0.1:27203/test_suite \
  --openid.mongodb.targetFeatureCompatibilityVersion=) > "$W/logs/suite.log" 2>&1 &
started suite $!
wait_http https://localhost:8443/api/runner/available 200 300

# --- 5. the plans -------------------------------------------------------------------------------------
OUT=$W/results/$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT/export"
ARGS=()
for p in "${PLANS[@]}"; do
  VIGIL_TEST_PASSWORD=$TEST_PASSWORD "$VENV/bin/python" "$HERE/make-config.py" "$OUT/$p.json" vigil
  case $p in
    oidcc-config-certification-test-plan) ARGS+=("$p" "$OUT/$p.json") ;;
    oidcc-rp-initiated-logout-certification-test-plan) ARGS+=("$p[client_registration=static_client][response_type=code]" "$OUT/$p.json") ;;
    *) ARGS+=("$p[server_metadata=discovery][client_registration=static_client]" "$OUT/$p.json") ;;
  esac
done
set +e
(cd "$SUITE/scripts" && CONFORMANCE_SERVER=https://localhost:8443/ CONFORMANCE_DEV_MODE=1 CONFORMANCE_MAX_CONSECUTIVE_FAILURES=1000 \
  "$VENV/bin/python" run-test-plan.py --verbose --no-parallel --export-dir "$OUT/export" "${ARGS[@]}") > "$OUT/run-test-plan.log" 2>&1
echo "run-test-plan.py exit code $?" >> "$OUT/run-test-plan.log"
set -e
"$VENV/bin/python" "$HERE/summarize.py" "$OUT" > "$OUT/summary.md" || true
ran=$(find "$OUT/export" -name '*.zip' | wc -l)
if (( ran < ${#PLANS[@]} )); then
  # A plan the suite refused to create leaves no export: count it, or a missing plan looks like a pass.
  echo "Totals: MISSING $(( ${#PLANS[@]} - ran )) plan(s) (see run-test-plan.log); $(grep -E '^Totals:' "$OUT/summary.md" | sed 's/^Totals: //')" >> "$OUT/summary.md"
fi
cat "$OUT/summary.md"
echo "results in $OUT"
