#!/usr/bin/env bash
# Cluster cache benchmark of a release build:
#   scripts/bench-cluster.sh [N]     # N HPAs and N ScaledObjects (default 100000)
# Starts two fake API servers in their own processes (N+N objects, and empty), then syncs a
# cache from each and prints: memory per cached HPA/ScaledObject (heap and resident), sync
# time, and the latency of a ScaledObject's checks against the full and the empty cache.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
mkdir -p bench-out
swift build -c release --product kedaguard-cluster-bench >/dev/null
bin=$(swift build -c release --show-bin-path)/kedaguard-cluster-bench

fifo_full=bench-out/full.in; fifo_empty=bench-out/empty.in
rm -f "$fifo_full" "$fifo_empty"; mkfifo "$fifo_full" "$fifo_empty"
# The servers run until their stdin closes.
"$bin" serve "$n" <"$fifo_full" >bench-out/full.url & full_pid=$!
exec 3>"$fifo_full"
"$bin" serve 0 <"$fifo_empty" >bench-out/empty.url & empty_pid=$!
exec 4>"$fifo_empty"
cleanup() { exec 3>&- 4>&- || true; wait "$full_pid" "$empty_pid" 2>/dev/null || true; rm -f "$fifo_full" "$fifo_empty"; }
trap cleanup EXIT

for f in bench-out/full.url bench-out/empty.url; do
  for _ in $(seq 600); do [ -s "$f" ] && break; sleep 0.5; done
done
echo "fake API servers: $(cat bench-out/full.url) ($n HPAs + $n ScaledObjects), $(cat bench-out/empty.url) (empty)"
"$bin" measure "$(cat bench-out/full.url)" "$(cat bench-out/empty.url)"
