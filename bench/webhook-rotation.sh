#!/usr/bin/env bash
# Certificate rotation under load: a new serving pair (signed by the same CA, as cert-manager
# renews it) is written into --cert-dir every INTERVAL seconds while three clients run:
#   * wrk over keep-alive connections (handshakes done once: must not be disturbed),
#   * wrk with Connection: close (a new TLS handshake for every request, across every swap),
#   * curl verifying the chain against the CA on every request (a new handshake each time).
# Passes if no request failed and every rotation was picked up.
#
#   bench/webhook-rotation.sh [SECONDS] [INTERVAL]     (default 30 s, a new pair every 3 s)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-30}"
INTERVAL="${2:-3}"
. bench/lib.sh
need_tools
build_release
make_bodies
make_ca
make_pair "$OUT/certs"
start_kedaguard --cert-reload-interval 1
trap 'stop_pid $KG_PID' EXIT
BODY="$OUT/bodies/typical.json"
URL="https://127.0.0.1:$PORT/validate?timeout=10s"
script=$(wrk_script "$BODY")
sed 's/^f:close()$/f:close()\nwrk.headers["Connection"] = "close"/' "$script" >"$OUT/close.lua"

echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; ${DURATION}s, new pair every ${INTERVAL}s"
wrk -t1 -c8 -d"${DURATION}s" -s "$script" "$URL" >"$OUT/rotation-keepalive.txt" 2>&1 &
W1=$!
wrk -t1 -c4 -d"${DURATION}s" -s "$OUT/close.lua" "$URL" >"$OUT/rotation-close.txt" 2>&1 &
W2=$!
(
    ok=0 failed=0 end=$((SECONDS + DURATION))
    while [ $SECONDS -lt $end ]; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$OUT/ca/ca.crt" -H 'Content-Type: application/json' \
            --data-binary @"$BODY" "https://localhost:$PORT/validate?timeout=10s" || true)
        if [ "$code" = 200 ]; then ok=$((ok + 1)); else failed=$((failed + 1)); echo "curl: HTTP $code" >&2; fi
    done
    echo "$ok $failed"
) >"$OUT/rotation-curl.txt" 2>"$OUT/rotation-curl.err" &
C=$!

rotations=0
end=$((SECONDS + DURATION - INTERVAL))
fingerprints=()
while [ $SECONDS -lt $end ]; do
    sleep "$INTERVAL"
    make_pair "$OUT/certs"
    rotations=$((rotations + 1))
done
wait $W1 $W2 $C || true
sleep 2
reloads=$(curl -s "http://127.0.0.1:$METRICS_PORT/metrics" | awk '/^kedaguard_webhook_certificate_reloads_total\{result="success"\}/ {print $NF}')
failures=$(curl -s "http://127.0.0.1:$METRICS_PORT/metrics" | awk '/^kedaguard_webhook_certificate_reloads_total\{result="failure"\}/ {print $NF}')
served=$(openssl s_client -connect "127.0.0.1:$PORT" -servername localhost </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256 2>/dev/null)
latest=$(openssl x509 -in "$OUT/certs/tls.crt" -noout -fingerprint -sha256)

summary() { # name file
    local n rps errors
    n=$(awk '/requests in/ {print $1}' "$2"); rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$2"); errors=$(wrk_errors "$2")
    echo "$1: $n requests ($rps req/s), $errors failed" >&2
    echo "$errors"
}
e1=$(summary "keep-alive (wrk -c8)" "$OUT/rotation-keepalive.txt")
e2=$(summary "new handshake per request (wrk -c4, Connection: close)" "$OUT/rotation-close.txt")
read -r cok cfail <"$OUT/rotation-curl.txt"
echo "verified handshakes (curl --cacert): $cok ok, $cfail failed"
echo "rotations: $rotations written, ${reloads:-0} reloaded, ${failures:-0} rejected; serving the latest pair: $([ "$served" = "$latest" ] && echo yes || echo no)"
if [ "$e1" = 0 ] && [ "$e2" = 0 ] && [ "$cfail" = 0 ] && [ "${reloads:-0}" = "$rotations" ] && [ "$served" = "$latest" ]; then
    echo PASS
else
    echo FAIL; exit 1
fi
