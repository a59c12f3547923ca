#!/usr/bin/env bash
# Throughput and latency of `kedaguard serve` next to a reference on the same machine in the same
# run: nginx answering every request with the fixed body kedaguard would send, over TLS with the
# same certificate. nginx does no JSON and no rules, so its numbers are what TLS and HTTP cost
# here: the transport's limit. Runs alternate between the two servers, so load from other work
# on the machine hits both alike; compare the ratios more than the absolute numbers.
#
#   bench/webhook-compare.sh [SECONDS]       (default 10 per run; 12 runs in all)
#   PIN=1 bench/webhook-compare.sh           servers on CPU 0, wrk and h2load on CPU 1
#
# Unpinned, the scheduler moves the servers and the load generator between the cores, and on a
# small machine the server's CPU time then mixes in waiting for and waking the client. Pinned,
# both servers pay the same fixed cost of waking the client on the other core (on a VM an
# interrupt to the other virtual CPU, charged to the server's write), and the runs repeat more
# closely. Compare like with like.
#
# For small, typical and large (40 triggers) AdmissionReviews: as fast as possible over HTTP/1.1
# (wrk, 16 connections; both servers) and HTTP/2 (h2load, 4 connections x 16 streams; kedaguard
# only, see below), then paced to 1,000 requests/s over HTTP/1.1 (h2load --h1 --rps, 10
# connections) for the typical body; and kedaguard's own transport floor (the typical body
# posted to an unknown path: TLS, HTTP and the body, no JSON). Prints
# requests/s, p50/p99 latency and server CPU time per request, and writes $OUT/compare.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
NEED_NGINX=1
. bench/lib.sh
need_tools
build_release
make_bodies
make_ca
make_pair "$OUT/certs"

# What kedaguard answers to each body: nginx sends the same bytes.
for size in small typical large; do
    "$BIN" review "$OUT/bodies/$size.json" >"$OUT/bodies/$size.answer.json" 2>/dev/null || true
    printf '%s' "$(cat "$OUT/bodies/$size.answer.json")" >"$OUT/bodies/$size.answer.json"
done
start_kedaguard --enable-http2
start_nginx "small=$OUT/bodies/small.answer.json" "typical=$OUT/bodies/typical.answer.json" "large=$OUT/bodies/large.answer.json"
trap 'stop_pid $KG_PID; stop_pid $NGINX_PID' EXIT
sleep 1
KG_IDLE_RSS=$(rss_kib "$KG_PID") KG_IDLE_ANON=$(anon_kib "$KG_PID")
LOAD=()
if [ "${PIN:-0}" = 1 ]; then
    for p in "$KG_PID" "$NGINX_PID" $(pgrep -P "$NGINX_PID"); do taskset -a -p -c 0 "$p" >/dev/null; done
    LOAD=(taskset -c 1)
fi

url() { # server size [load]
    if [ "${3:-}" = h1-floor ]; then echo "https://127.0.0.1:$PORT/nowhere"; return; fi
    if [ "$1" = kedaguard ]; then echo "https://127.0.0.1:$PORT/validate?timeout=10s"; else echo "https://127.0.0.1:$NGINX_PORT/$2"; fi
}
pid_of() { if [ "$1" = kedaguard ]; then echo "$KG_PID"; else echo "$NGINX_PID"; fi; }

TSV="$OUT/compare.tsv"
printf 'server\tsize\tload\treq_per_s\tp50_ms\tp99_ms\tcpu_us_per_req\terrors\tpeak_rss_mib\n' >"$TSV"

run() { # server size load
    local server="$1" size="$2" load="$3" body="$OUT/bodies/$2.json" pid log t0 t1 n rps p50 p99 errors
    pid=$(pid_of "$server"); log="$OUT/run-$server-$size-$load.txt"
    t0=$(cpu_ticks "$pid")
    case "$load" in
        h1-max|h1-floor)
            timeout $((DURATION + 30)) "${LOAD[@]}" wrk -t1 -c16 -d"${DURATION}s" --latency -s "$(wrk_script "$body")" "$(url "$server" "$size" "$load")" >"$log" 2>&1 || true
            n=$(awk '/requests in/ {print $1}' "$log")
            rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$log")
            p50=$(to_ms "$(awk '/^ +50%/ {print $2}' "$log")"); p99=$(to_ms "$(awk '/^ +99%/ {print $2}' "$log")")
            errors=$(wrk_errors "$log")
            # The floor's 404s are its point, not errors.
            [ "$load" = h1-floor ] && errors=$(awk '/Socket errors/ {gsub(/,/, ""); s += $4 + $6 + $8 + $10} END {print s + 0}' "$log")
            ;;
        h2-max|h1-1000rps)
            rm -f "$log.requests"
            local args=(-D "$DURATION" -t1 -d "$body" -H 'content-type: application/json' --log-file "$log.requests")
            if [ "$load" = h2-max ]; then args+=(-c4 -m16); else args+=(--h1 -c10 -m1 --rps=100); fi
            timeout $((DURATION + 30)) "${LOAD[@]}" h2load "${args[@]}" "$(url "$server" "$size")" >"$log" 2>&1 || true
            n=$(awk '/^requests:/ {print $8}' "$log")  # succeeded
            rps=$(awk '/^finished in/ {gsub(/,/, ""); printf "%.0f", $4}' "$log")
            read -r p50 p99 <<<"$(h2load_percentiles "$log.requests")"
            errors=$(h2load_errors "$log")
            ;;
    esac
    t1=$(cpu_ticks "$pid")
    local cpu_us="?"
    [ "${n:-0}" -gt 0 ] 2>/dev/null && cpu_us=$(awk -v t=$((t1 - t0)) -v k="$TICKS" -v n="$n" 'BEGIN {printf "%.1f", t / k * 1e6 / n}')
    local rss=$(( $(rss_kib "$pid") / 1024 ))
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$server" "$size" "$load" "${rps:-?}" "$p50" "$p99" "$cpu_us" "${errors:-?}" "$rss" >>"$TSV"
    printf '%-9s %-7s %-10s %8s req/s  p50 %7s ms  p99 %7s ms  %7s µs CPU/req  errors %s\n' "$server" "$size" "$load" "${rps:-?}" "$p50" "$p99" "$cpu_us" "${errors:-?}"
}

echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), ${DURATION}s per run$([ "${PIN:-0}" = 1 ] && echo ", servers pinned to CPU 0, clients to CPU 1")"
for size in small typical large; do echo "$size: $(wc -c <"$OUT/bodies/$size.json") byte request, $(wc -c <"$OUT/bodies/$size.answer.json") byte answer"; done
echo "kedaguard idle RSS $((KG_IDLE_RSS / 1024)) MiB (anonymous $((KG_IDLE_ANON / 1024)) MiB)"
for size in small typical large; do
    run kedaguard "$size" h1-max
    run nginx "$size" h1-max
done
# kedaguard's own transport: the typical body posted to an unknown path, answered 404 after
# TLS, HTTP and reading the body, before any JSON is parsed.
run kedaguard typical h1-floor
# nginx is no reference for HTTP/2 with request bodies: answering from `return` it does not read
# the body and resets each stream (RFC 9113 8.1), which h2load counts as errors; its clients give
# up after a few thousand requests. So HTTP/2 runs are kedaguard's only.
for size in small typical large; do
    run kedaguard "$size" h2-max
done
run kedaguard typical h1-1000rps
run nginx typical h1-1000rps
echo "kedaguard peak RSS $(( $(awk '/^VmHWM/ {print $2}' "/proc/$KG_PID/status") / 1024 )) MiB"

# Ratios: kedaguard relative to the transport's limit.
python3 - "$TSV" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
by = {(r["server"], r["size"], r["load"]): r for r in rows}
print("\nkedaguard / nginx:")
for (server, size, load), r in by.items():
    if server != "kedaguard" or ("nginx", size, load) not in by:
        continue
    n = by[("nginx", size, load)]
    def ratio(key):
        try:
            return f"{float(r[key]) / float(n[key]):.2f}"
        except (ValueError, ZeroDivisionError):
            return "?"
    try:
        extra = f"{float(r['cpu_us_per_req']) - float(n['cpu_us_per_req']):.1f} µs"
    except ValueError:
        extra = "?"
    print(f"  {size:8} {load:11} throughput x{ratio('req_per_s')}  p99 x{ratio('p99_ms')}  CPU/request x{ratio('cpu_us_per_req')} (+{extra} over the transport)")
floor, full, ref = by.get(("kedaguard", "typical", "h1-floor")), by.get(("kedaguard", "typical", "h1-max")), by.get(("nginx", "typical", "h1-max"))
if floor and full and ref:
    try:
        f, k, n = (float(x["cpu_us_per_req"]) for x in (floor, full, ref))
        print(f"\ntypical, HTTP/1.1 at saturation, CPU per request: nginx {n:.1f} µs; kedaguard's TLS+HTTP without JSON {f:.1f} µs "
              f"(x{f / n:.1f} nginx); kedaguard validating {k:.1f} µs, of which {k - f:.1f} µs ({(k - f) / k * 100:.0f} %) is JSON and rules")
    except ValueError:
        pass
PY
