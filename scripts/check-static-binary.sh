#!/usr/bin/env bash
# Checks that the binary the Dockerfile ships runs on a bare Debian bookworm root, as in the
# runtime image (debian:bookworm-slim), and on a root holding nothing but the libraries ldd
# lists: the release build of scripts/build-release.sh, run as uid 65532 under chroot, first
# `--version` and `certs`, then `serve` on 127.0.0.1 answering probes and one AdmissionReview.
#
#   scripts/check-static-binary.sh [ROOTFS_DIR]
#
# Each root gets /proc mounted, as every container runtime does: the statically linked Swift
# runtime reads the command line from /proc/self/cmdline, and without /proc every command
# sees no arguments (it prints the top-level help and exits 0).
#
# Needs root (chroot, mount, debootstrap). The bookworm root (debootstrap --variant=minbase, ~200 MB)
# is made once in ROOTFS_DIR (default /tmp/kedaguard-bookworm-root) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
rootfs=${1:-/tmp/kedaguard-bookworm-root}
scratch=.build-static
port=19443 probes=19081 metrics=19080

echo "== release build as the image has it (scripts/build-release.sh $scratch)"
bin=$(scripts/build-release.sh "$scratch" 2> >(tail -1 >&2))
ls -l "$bin"

echo "== shared libraries it needs"
ldd "$bin"
if ldd "$bin" | grep -qiE 'swift|Foundation|icu'; then
    echo "FAIL: the Swift runtime or Foundation is linked dynamically" >&2
    exit 1
fi

if [ ! -x "$rootfs/bin/sh" ]; then
    echo "== debootstrap --variant=minbase bookworm $rootfs"
    command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }
    debootstrap --variant=minbase bookworm "$rootfs" >/tmp/kedaguard-debootstrap.log 2>&1 \
        || { tail -20 /tmp/kedaguard-debootstrap.log; exit 1; }
fi

# A second root with only the binary and what ldd lists (and the loader).
bare=$(mktemp -d /tmp/kedaguard-ldd-root.XXXXXX)
chmod 755 "$bare"
cleanup() {
    [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
    umount "$rootfs/proc" 2>/dev/null || true
    umount "$bare/proc" 2>/dev/null || true
    rm -rf "$bare"
}
trap cleanup EXIT
for lib in $(ldd "$bin" | grep -oE '/[^ ]+'); do
    mkdir -p "$bare$(dirname "$lib")"
    cp -L "$lib" "$bare$lib"
done
mkdir -p "$bare/usr/local/bin" "$bare/tmp" "$bare/proc" && chmod 1777 "$bare/tmp"
cp "$bin" "$bare/usr/local/bin/kedaguard"
echo "ldd-only root: $(find "$bare" -type f | wc -l) files, $(du -sh "$bare" | cut -f1)"

install -D -m 0755 "$bin" "$rootfs/usr/local/bin/kedaguard"
body="$repo/testdata/admission/validate/scaledobject-create-valid.json"
invalid="$repo/testdata/admission/validate/scaledobject-create-invalid.json"

check_root() {
    local root=$1 name=$2
    mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
    echo "== $name: kedaguard --version as uid 65532"
    local version
    version=$(chroot --userspec=65532:65532 "$root" /usr/local/bin/kedaguard --version)
    echo "$version"
    [[ "$version" == "kedaguard "* ]] || { echo "FAIL: $name: --version printed something else" >&2; exit 1; }
    rm -rf "$root/tmp/kg" && mkdir -p "$root/tmp/kg" && chown 65532:65532 "$root/tmp/kg"
    chroot --userspec=65532:65532 "$root" /usr/local/bin/kedaguard certs --out /tmp/kg/certs --service kedaguard \
        --namespace kedaguard-system >/dev/null
    echo "== $name: kedaguard serve on 127.0.0.1:$port"
    chroot --userspec=65532:65532 "$root" /usr/local/bin/kedaguard serve --host 127.0.0.1 --port $port \
        --cert-dir /tmp/kg/certs --metrics-bind-address 127.0.0.1:$metrics --health-probe-bind-address 127.0.0.1:$probes \
        --log-format json >"$root/tmp/kg/serve.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do
        curl -fsS "http://127.0.0.1:$probes/readyz" >/dev/null 2>&1 && break
        sleep 0.1
    done
    curl -fsS "http://127.0.0.1:$probes/readyz" >/dev/null || { cat "$root/tmp/kg/serve.log"; echo "FAIL: $name: not ready" >&2; exit 1; }
    local answer
    answer=$(curl -fsS --cacert "$root/tmp/kg/certs/ca.crt" --resolve kedaguard.kedaguard-system.svc:$port:127.0.0.1 \
        -H 'Content-Type: application/json' --data-binary @"$body" "https://kedaguard.kedaguard-system.svc:$port/validate")
    echo "$answer" | grep -q '"allowed":true' || { echo "FAIL: $name: $answer" >&2; exit 1; }
    answer=$(curl -fsS --cacert "$root/tmp/kg/certs/ca.crt" --resolve kedaguard.kedaguard-system.svc:$port:127.0.0.1 \
        -H 'Content-Type: application/json' --data-binary @"$invalid" "https://kedaguard.kedaguard-system.svc:$port/validate")
    echo "$answer" | grep -q '"allowed":false' || { echo "FAIL: $name: invalid object admitted: $answer" >&2; exit 1; }
    curl -fsS "http://127.0.0.1:$metrics/metrics" | grep -q 'kedaguard_webhook_requests_total' \
        || { echo "FAIL: $name: no metrics" >&2; exit 1; }
    # Without NIO's loops as the global executor every request hops threads (WebhookServer).
    grep -q '"event_loop_executor":true' "$root/tmp/kg/serve.log" \
        || { cat "$root/tmp/kg/serve.log"; echo "FAIL: $name: event loops are not the global executor" >&2; exit 1; }
    echo "$name: TLS handshake with the certs CA, /validate allowed and denied, metrics served (RSS $(awk '/VmRSS/ {print $2, $3}' /proc/$server_pid/status 2>/dev/null || echo '?'))"
    kill -TERM "$server_pid"
    wait "$server_pid" || { echo "FAIL: $name: serve did not exit 0 on SIGTERM" >&2; exit 1; }
    server_pid=
    umount "$root/proc"
}

check_root "$rootfs" "bookworm minbase root"
check_root "$bare" "ldd-only root"
echo "OK: the --static-swift-stdlib binary runs on a bare bookworm root and needs only: $(ldd "$bin" | awk '{print $1}' | xargs)"
