# Shared by the bench/ scripts: a release build, certificates, the bodies, starting kedaguard
# and the nginx reference, and reading a process's CPU time and memory. Everything listens on
# 127.0.0.1 only. Source it from a script that has cd'ed to the repository root.

OUT="${OUT:-bench-out}"
PORT="${PORT:-19443}"
HEALTH_PORT="${HEALTH_PORT:-18081}"
METRICS_PORT="${METRICS_PORT:-18080}"
NGINX_PORT="${NGINX_PORT:-19444}"
TICKS=$(getconf CLK_TCK)
mkdir -p "$OUT"
# Event loops (kedaguard) and worker processes (nginx) per server. PIN=1 runs the servers on one
# CPU, as in a pod limited to one CPU; NIO would size its loops from that cgroup limit, but
# taskset sets no cgroup, so it is told (NIO_SINGLETON_GROUP_LOOP_COUNT), and nginx gets one
# worker to match. Two loops taking turns on one CPU also cost each other's time slices.
SERVER_WORKERS="${SERVER_WORKERS:-$([ "${PIN:-0}" = 1 ] && echo 1 || nproc)}"

need_tools() { # wrk, h2load, nginx, openssl; installed when missing and running as root (Debian)
    local missing=()
    command -v wrk >/dev/null || missing+=(wrk)
    command -v h2load >/dev/null || missing+=(nghttp2-client)
    command -v openssl >/dev/null || missing+=(openssl)
    if [ "${NEED_NGINX:-0}" = 1 ] && ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then missing+=(nginx-light); fi
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y "${missing[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; }
    else
        echo "install ${missing[*]} first" >&2; exit 2
    fi
}

# The binary the image ships (scripts/build-release.sh), so memory and CPU are measured as
# deployed; the first build takes about 10 minutes.
build_release() {
    BIN=$(scripts/build-release.sh 2>"$OUT/build.log") || { tail -20 "$OUT/build.log" >&2; echo "the build failed; see $OUT/build.log" >&2; exit 1; }
}

make_bodies() {
    python3 bench/gen-admission-bodies.py "$OUT/bodies" >/dev/null
}

# A CA and a serving pair for localhost/127.0.0.1 signed by it (ECDSA P-256, as --self-signed).
make_ca() {
    mkdir -p "$OUT/ca"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$OUT/ca/ca.key" -out "$OUT/ca/ca.crt" \
        -days 2 -subj /CN=kedaguard-bench-ca 2>/dev/null
}
# make_pair DIR: a new pair in DIR/tls.crt and DIR/tls.key, swapped in the way the kubelet
# updates a mounted Secret: both files are symlinks into ..data, itself a symlink to a
# timestamped directory that is replaced in one rename, so a reader never sees a new
# certificate with an old key.
make_pair() {
    local dir="$1" gen
    mkdir -p "$dir"
    gen="..$(date +%s%N)"
    mkdir "$dir/$gen"
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/$gen/tls.key" -out "$dir/$gen/tls.csr" -subj /CN=localhost 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$dir/$gen/ext"
    openssl x509 -req -in "$dir/$gen/tls.csr" -CA "$OUT/ca/ca.crt" -CAkey "$OUT/ca/ca.key" -CAcreateserial -days 1 \
        -extfile "$dir/$gen/ext" -out "$dir/$gen/tls.crt" 2>/dev/null
    local old; old=$(readlink "$dir/..data" 2>/dev/null || true)
    ln -sfn "$gen" "$dir/..data_tmp"
    mv -T "$dir/..data_tmp" "$dir/..data"
    [ -L "$dir/tls.crt" ] || { rm -f "$dir/tls.crt" "$dir/tls.key"; ln -s ..data/tls.crt "$dir/tls.crt"; ln -s ..data/tls.key "$dir/tls.key"; }
    [ -n "$old" ] && rm -rf "${dir:?}/$old"
    return 0
}

# start_kedaguard [EXTRA ARGS...]: serves $OUT/certs on $PORT; sets KG_PID.
start_kedaguard() {
    # The allocator setting the image sets (Dockerfile), unless the caller sets one.
    GLIBC_TUNABLES="${GLIBC_TUNABLES-glibc.malloc.tcache_count=256}" NIO_SINGLETON_GROUP_LOOP_COUNT="$SERVER_WORKERS" "$BIN" serve --cert-dir "$OUT/certs" --host 127.0.0.1 --port "$PORT" \
        --metrics-bind-address "127.0.0.1:$METRICS_PORT" --health-probe-bind-address "127.0.0.1:$HEALTH_PORT" \
        --log-level warning "$@" >"$OUT/kedaguard.log" 2>&1 &
    KG_PID=$!
    for _ in $(seq 1 200); do
        curl -sf "http://127.0.0.1:$HEALTH_PORT/readyz" >/dev/null 2>&1 && return 0
        kill -0 "$KG_PID" 2>/dev/null || break
        sleep 0.05
    done
    echo "kedaguard did not become ready" >&2; cat "$OUT/kedaguard.log" >&2; exit 1
}

stop_pid() { # pid: SIGTERM and wait
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# The reference: nginx answering every POST with the fixed body kedaguard would send for the
# same request, over TLS with the same certificate, HTTP/1.1 and HTTP/2, keep-alive unlimited.
# start_nginx NAME=FILE...: location /NAME answers with FILE's bytes. Sets NGINX_PID.
start_nginx() {
    local dir="$PWD/$OUT/nginx" locations="" name file text
    mkdir -p "$dir/tmp"
    for spec in "$@"; do
        name="${spec%%=*}" file="${spec#*=}"
        text=$(cat "$file")
        case "$text" in *\$*|*\'*|*\\*) echo "answer $file holds characters nginx would interpret" >&2; exit 1 ;; esac
        locations+="        location = /$name { return 200 '$text'; }"$'\n'
    done
    cat >"$dir/nginx.conf" <<CONF
worker_processes $SERVER_WORKERS;
pid $dir/nginx.pid;
error_log $dir/error.log crit;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/tmp;
    client_max_body_size 8m;
    client_body_buffer_size 1m;
    keepalive_requests 100000000;
    keepalive_timeout 120s;
    default_type application/json;
    server {
        listen 127.0.0.1:$NGINX_PORT ssl http2;
        ssl_certificate $PWD/$OUT/certs/tls.crt;
        ssl_certificate_key $PWD/$OUT/certs/tls.key;
        ssl_protocols TLSv1.2 TLSv1.3;
$locations    }
}
CONF
    local nginx_bin; nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
    "$nginx_bin" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' >"$dir/stdout.log" 2>&1 &
    NGINX_PID=$!
    for _ in $(seq 1 100); do
        [ -s "$dir/nginx.pid" ] && curl -sk -o /dev/null "https://127.0.0.1:$NGINX_PORT/" && return 0
        sleep 0.05
    done
    echo "nginx did not start" >&2; cat "$dir/stdout.log" "$dir/error.log" >&2; exit 1
}

# CPU time (clock ticks, user+system) of a process and its children that are still running
# (nginx's workers).
cpu_ticks() {
    local total=0 p
    for p in "$1" $(pgrep -P "$1" 2>/dev/null); do
        [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
    done
    echo "$total"
}
rss_kib() { # summed over the process and its children
    local total=0 p
    for p in "$1" $(pgrep -P "$1" 2>/dev/null); do
        [ -r "/proc/$p/status" ] && total=$((total + $(awk '/^VmRSS/ {print $2}' "/proc/$p/status")))
    done
    echo "$total"
}
anon_kib() { awk '/^RssAnon/ {print $2}' "/proc/$1/status"; }

wrk_script() { # body file -> lua script path
    local body="$1" script="$OUT/$(basename "$1" .json).lua"
    cat >"$script" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open("$body", "rb"))
wrk.body = f:read("*a")
f:close()
LUA
    echo "$script"
}

# Milliseconds from wrk's latency notation (us, ms, s).
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /s$/) printf "%.3f", v*1000; else print "?" }'; }

# p50 and p99 (ms) of an h2load --log-file (third column: request time in µs).
h2load_percentiles() {
    sort -n -k3 "$1" | awk '{d[NR] = $3} END {if (NR) printf "%.3f %.3f\n", d[int(NR*0.5)+0]/1000, d[int(NR*0.99)+0]/1000; else print "? ?"}'
}

# Failed requests of an h2load run: failed, errored or timed out, and answers other than 2xx.
h2load_errors() {
    awk '/^requests:/ {s += $10 + $12 + $14} /^status codes:/ {gsub(/,/, ""); s += $5 + $7 + $9} END {print s + 0}' "$1"
}
# Failed requests of a wrk run: socket errors and answers other than 2xx/3xx.
wrk_errors() {
    awk '/Socket errors/ {gsub(/,/, ""); s += $4 + $6 + $8 + $10} /Non-2xx/ {s += $5} END {print s + 0}' "$1"
}
