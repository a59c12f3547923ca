#!/usr/bin/env bash
# Load test of `kedaguard serve` on 127.0.0.1: wrk over HTTP/1.1 keep-alive, h2load over HTTP/2.
# Reports requests/s, p50/p99 latency, server CPU time per request and RSS (idle, under load).
# Every run is bounded in time; nothing leaves this machine.
#
#   bench/webhook-load.sh [DURATION_SECONDS]     (default 10 per run)
#
# Needs wrk and h2load (Debian: wrk, nghttp2-client; installed if missing and running as root).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${1:-10}"
PORT="${PORT:-19443}"
HEALTH_PORT="${HEALTH_PORT:-18081}"
METRICS_PORT="${METRICS_PORT:-18080}"
BODY="testdata/admission/validate/scaledobject-create-valid.json"
OUT="bench-out"
mkdir -p "$OUT"

if ! command -v wrk >/dev/null || ! command -v h2load >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y wrk nghttp2-client >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk nghttp2-client >/dev/null; }
    else
        echo "install wrk and nghttp2-client (h2load) first" >&2; exit 2
    fi
fi

# The binary the image ships, as the other load scripts measure it.
mkdir -p "$OUT"
BIN=$(scripts/build-release.sh 2>"$OUT/build.log") || { tail -20 "$OUT/build.log" >&2; exit 1; }

# The allocator setting the image sets (Dockerfile), unless the caller sets one.
GLIBC_TUNABLES="${GLIBC_TUNABLES-glibc.malloc.tcache_count=256}" "$BIN" serve --self-signed --cert-dir "$OUT/certs" --host 127.0.0.1 --port "$PORT" \
    --metrics-bind-address "127.0.0.1:$METRICS_PORT" --health-probe-bind-address "127.0.0.1:$HEALTH_PORT" \
    --enable-http2 --log-level warning >"$OUT/server.log" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$HEALTH_PORT/readyz" >/dev/null && break
    sleep 0.1
done
curl -sf "http://127.0.0.1:$HEALTH_PORT/readyz" >/dev/null || { echo "server did not become ready" >&2; cat "$OUT/server.log" >&2; exit 1; }

TICKS=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$PID/status"; }
anon_kib() { awk '/^RssAnon/ {print $2}' "/proc/$PID/status"; }
hwm_kib() { awk '/^VmHWM/ {print $2}' "/proc/$PID/status"; }
requests_total() {
    curl -s "http://127.0.0.1:$METRICS_PORT/metrics" | awk '/^kedaguard_webhook_requests_total/ {s += $NF} END {printf "%d\n", s}'
}

# One warm-up request, then idle memory.
curl -sk -o /dev/null -H 'Content-Type: application/json' --data-binary @"$BODY" "https://127.0.0.1:$PORT/validate"
sleep 2
echo "body: $BODY ($(wc -c <"$BODY") bytes)"
echo "idle RSS: $(( $(rss_kib) / 1024 )) MiB, of which anonymous $(( $(anon_kib) / 1024 )) MiB (the rest is clean, shared program text)"

cat >"$OUT/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open("$BODY", "rb"))
wrk.body = f:read("*a")
f:close()
LUA
# Each connection waits 10 ms between requests: 10 connections give about 1,000 requests/s.
sed 's/^f:close()$/f:close()\nfunction delay() return 10 end/' "$OUT/post.lua" >"$OUT/post-paced.lua"

measure() { # name, command...
    local name="$1"; shift
    local t0 r0; t0=$(cpu_ticks); r0=$(requests_total)
    timeout $((DURATION + 30)) "$@" >"$OUT/$name.txt" 2>&1 || true
    local t1 r1; t1=$(cpu_ticks); r1=$(requests_total)
    local n=$((r1 - r0))
    local cpu_us=0
    [ "$n" -gt 0 ] && cpu_us=$(awk -v t=$((t1 - t0)) -v k="$TICKS" -v n="$n" 'BEGIN {printf "%.1f", t / k * 1e6 / n}')
    echo "== $name: $n requests, server CPU ${cpu_us} µs/request, RSS $(( $(rss_kib) / 1024 )) MiB (anonymous $(( $(anon_kib) / 1024 )) MiB, peak RSS $(( $(hwm_kib) / 1024 )) MiB)"
}

wrk_summary() {
    awk '/Requests\/sec/ {print "   req/s " $2} / 50%/ {print "   p50 " $2} / 99%/ {print "   p99 " $2}' "$OUT/$1.txt"
}

measure wrk-max wrk -t1 -c16 -d"${DURATION}s" --latency -s "$OUT/post.lua" "https://127.0.0.1:$PORT/validate?timeout=10s"
wrk_summary wrk-max
measure wrk-1000rps wrk -t2 -c10 -d"${DURATION}s" --latency -s "$OUT/post-paced.lua" "https://127.0.0.1:$PORT/validate?timeout=10s"
wrk_summary wrk-1000rps
# The floor: TLS, HTTP and reading the body, answered 404 before any JSON is parsed.
measure wrk-floor-1000rps wrk -t2 -c10 -d"${DURATION}s" --latency -s "$OUT/post-paced.lua" "https://127.0.0.1:$PORT/nowhere"
wrk_summary wrk-floor-1000rps
measure wrk-mutate wrk -t1 -c16 -d"${DURATION}s" --latency -s "$OUT/post.lua" "https://127.0.0.1:$PORT/mutate?timeout=10s"
wrk_summary wrk-mutate

# h2load: per-request durations (µs, third column) from its log file give the percentiles.
rm -f "$OUT/h2load.log"
measure h2load-max h2load -D "$DURATION" -c 4 -m 16 -t 1 -d "$BODY" -H 'content-type: application/json' \
    --log-file "$OUT/h2load.log" "https://127.0.0.1:$PORT/validate?timeout=10s"
awk '/finished in/ {print "   " $0} /requests:/ {print "   " $0}' "$OUT/h2load-max.txt"
sort -n -k3 "$OUT/h2load.log" | awk '{d[NR] = $3} END {if (NR) printf "   p50 %.2fms p99 %.2fms (%d requests)\n", d[int(NR*0.5)]/1000, d[int(NR*0.99)]/1000, NR}'

# The core alone (no HTTP, no TLS), CPU time per answer.
"$BIN" review --repeat 20000 "$BODY" >/dev/null
"$BIN" review --mutate --repeat 20000 "$BODY" >/dev/null
