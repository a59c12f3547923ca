#!/usr/bin/env bash
# Regenerates scripts/link-order.txt, the functions `kedaguard serve` runs (one symbol per line),
# which scripts/build-release.sh lays out together (see there why). Run it after changes that
# move a lot of code (new dependencies, a renamed module); between runs new functions simply
# sit where the linker puts them.
#
#   scripts/gen-link-order.sh          (needs valgrind and openssl; about 2 minutes once built)
#
# The shipped binary runs under callgrind: startup with a certificate directory, every
# AdmissionReview in testdata/admission posted to /validate and to /mutate, the large load body,
# /metrics, /healthz and /readyz, then SIGTERM; then a start with --self-signed. Every function
# callgrind saw is listed, sorted by name so a regenerated list diffs readably; only names the
# binary defines are kept.
set -euo pipefail
export LC_ALL=C  # sort and comm must agree on the order
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "install valgrind first" >&2; exit 2; }
OUT="${OUT:-bench-out}/link-order"
mkdir -p "$OUT"
. bench/lib.sh
bin=$(scripts/build-release.sh)
make_ca
make_pair "$OUT/certs"
python3 bench/gen-admission-bodies.py "$OUT/bodies" >/dev/null

port=19743 metrics=19780 probes=19781
# serve_under_callgrind NAME ARGS...: starts the server under callgrind, waits for readiness.
serve_under_callgrind() {
    local name="$1"; shift
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$OUT/callgrind.$name.out" \
        "$bin" serve --host 127.0.0.1 --port $port \
        --metrics-bind-address 127.0.0.1:$metrics --health-probe-bind-address 127.0.0.1:$probes \
        --log-level info "$@" >"$OUT/serve.$name.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$probes/readyz" >/dev/null 2>&1 && return 0; sleep 0.2; done
    echo "kedaguard did not become ready under valgrind; see $OUT/serve.$name.log" >&2
    exit 1
}
post() { # ENDPOINT FILE
    curl -sk --max-time 60 -o /dev/null -X POST -H 'content-type: application/json' \
        --data-binary "@$2" "https://127.0.0.1:$port/$1?timeout=10s"
}

serve_under_callgrind cert-dir --cert-dir "$OUT/certs"
curl -sf "http://127.0.0.1:$probes/healthz" >/dev/null
for review in testdata/admission/*/*.json "$OUT"/bodies/*.json; do
    case "$review" in *.expected.json) continue ;; esac
    post validate "$review"
    post mutate "$review"
done
curl -sf "http://127.0.0.1:$metrics/metrics" >/dev/null
kill -TERM "$pid"
wait "$pid" || true

serve_under_callgrind self-signed --self-signed
post validate "$OUT/bodies/small.json"
kill -TERM "$pid"
wait "$pid" || true

defined="$OUT/defined.txt"
nm --defined-only "$bin" | awk '{print $3}' | sort -u >"$defined"
cat "$OUT"/callgrind.*.out | grep -oE '^c?fn=\([0-9]+\) .+$' | sed -E 's/^c?fn=\([0-9]+\) //' | sort -u \
    | comm -12 - "$defined" >scripts/link-order.txt
echo "scripts/link-order.txt: $(wc -l <scripts/link-order.txt) functions"
