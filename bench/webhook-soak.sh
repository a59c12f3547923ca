#!/usr/bin/env bash
# Soak: finds kedaguard's maximum rate over HTTP/1.1 keep-alive, then holds 80 % of it for
# SECONDS with the typical AdmissionReview, sampling the server's memory every second.
# Passes if no request failed and resident memory grew by less than 5 % from the end of the
# warm-up (the first 10 % of the soak) to the end.
#
#   bench/webhook-soak.sh [SECONDS] [PERCENT]     (default 60 s at 80 %)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-60}"
PERCENT="${2:-80}"
. bench/lib.sh
need_tools
build_release
make_bodies
make_ca
make_pair "$OUT/certs"
start_kedaguard
trap 'stop_pid $KG_PID' EXIT
BODY="$OUT/bodies/typical.json"
URL="https://127.0.0.1:$PORT/validate?timeout=10s"
CLIENTS=16

wrk -t1 -c$CLIENTS -d10s -s "$(wrk_script "$BODY")" "$URL" >"$OUT/soak-max.txt" 2>&1
MAX=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$OUT/soak-max.txt")
TARGET=$((MAX * PERCENT / 100))
PER_CLIENT=$(( (TARGET + CLIENTS - 1) / CLIENTS ))
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; max $MAX req/s (wrk, $CLIENTS connections, 10 s); soak at $PERCENT %: $TARGET req/s for ${DURATION}s"

sample() {
    local t=0
    while kill -0 "$KG_PID" 2>/dev/null; do
        printf '%s\t%s\t%s\n' "$t" "$(rss_kib "$KG_PID")" "$(anon_kib "$KG_PID")"
        sleep 1
        t=$((t + 1))
    done
}
sample >"$OUT/soak-rss.tsv" &
SAMPLER=$!
rm -f "$OUT/soak-requests.log"
t0=$(cpu_ticks "$KG_PID")
h2load --h1 -c$CLIENTS -m1 --rps=$PER_CLIENT -D "$DURATION" -t1 -d "$BODY" -H 'content-type: application/json' \
    --log-file "$OUT/soak-requests.log" "$URL" >"$OUT/soak.txt" 2>&1 || true
t1=$(cpu_ticks "$KG_PID")
kill "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true

n=$(awk '/^requests:/ {print $8}' "$OUT/soak.txt")
errors=$(h2load_errors "$OUT/soak.txt")
read -r p50 p99 <<<"$(h2load_percentiles "$OUT/soak-requests.log")"
rate=$(awk '/^finished in/ {gsub(/,/, ""); printf "%.0f", $4}' "$OUT/soak.txt")
cpu=$(awk -v t=$((t1 - t0)) -v k="$TICKS" -v n="$n" 'BEGIN {printf "%.1f", t / k * 1e6 / n}')
python3 - "$OUT/soak-rss.tsv" "$DURATION" "$rate" "$n" "$errors" "$p50" "$p99" "$cpu" <<'PY'
import sys
path, duration, rate, n, errors, p50, p99, cpu = sys.argv[1:]
rows = [tuple(int(x) for x in line.split()) for line in open(path) if line.strip()]
rows = [r for r in rows if r[0] <= int(duration)]
warm = max(1, int(duration) // 10)
start = next(r for r in rows if r[0] >= warm)
end = rows[-1]
growth = (end[1] - start[1]) / start[1] * 100
peak = max(r[1] for r in rows)
print(f"soak: {n} requests at {rate} req/s, {errors} failed, p50 {p50} ms, p99 {p99} ms, server CPU {cpu} µs/request")
print(f"RSS: {start[1] / 1024:.1f} MiB after {start[0]} s warm-up, {end[1] / 1024:.1f} MiB at {end[0]} s (growth {growth:+.1f} %), "
      f"peak {peak / 1024:.1f} MiB; anonymous {start[2] / 1024:.1f} -> {end[2] / 1024:.1f} MiB")
ok = int(errors) == 0 and growth < 5
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
