#!/usr/bin/env bash
# SIGTERM under load: 16 keep-alive connections send AdmissionReviews (each with its own uid)
# as fast as the server answers; after 3 s the server gets SIGTERM. Every request the server
# logged as answered must have reached its client complete, the server must exit 0 within its
# grace period, and no client may hang. Requests the server never read (written into a
# keep-alive connection at the moment the server closed it) are counted separately: the client
# sees a connection error for those. The client stops opening connections one second after
# readiness turns 503, as kube-apiserver does once the pod leaves the Service's endpoints.
# Two runs: without and with --shutdown-delay (RELIABILITY.md explains the difference).
#
#   bench/webhook-drain.sh [CONNECTIONS] [SIGTERM_AFTER_SECONDS] [DELAY_SECONDS]     (default 16, 3, 5)
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS="${1:-16}"
AFTER="${2:-3}"
DELAY="${3:-5}"
. bench/lib.sh
need_tools
build_release
make_bodies
make_ca
make_pair "$OUT/certs"
status=0
for delay in 0 "$DELAY"; do
echo "== --shutdown-delay $delay"
# Debug logs name every answered uid; JSON, to read them back.
start_kedaguard --log-format json --log-level debug --shutdown-delay "$delay"
t0=$(date +%s.%N)
python3 bench/drain-client.py "$PORT" "$HEALTH_PORT" "$OUT/bodies/typical.json" "$OUT/ca/ca.crt" "$KG_PID" "$CONNECTIONS" "$AFTER" >"$OUT/drain.json"
set +e
wait "$KG_PID"
code=$?
set -e
t1=$(date +%s.%N)
python3 - "$OUT/drain.json" "$OUT/kedaguard.log" "$code" "$t0" "$t1" <<'PY' || status=1
import json, sys
result = json.load(open(sys.argv[1]))
code, t0, t1 = int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
logged = set()
for line in open(sys.argv[2]):
    try:
        entry = json.loads(line)
    except ValueError:
        continue
    if entry.get("msg") == "admission review" and "uid" in entry:
        logged.add(entry["uid"])
answered = set(result["answered"])
lost = sorted(logged - answered)
unanswered = result["unanswered"]
unread = [u for u in unanswered if u["uid"] not in logged]
print(f"{len(answered)} requests answered; SIGTERM after {result['sigterm_at_s']:.1f} s; server exited {code} "
      f"{t1 - t0 - result['sigterm_at_s']:.1f} s after SIGTERM")
print(f"answered by the server but not received complete by the client (failed in-flight): {len(lost)}")
print(f"written into a connection the server was closing, never read (failed at the client): {len(unread)}; "
      f"connections refused after SIGTERM: {result['refused_connections']}")
print(f"other errors: {len(result['errors'])}; clients still waiting at the end: {result['stuck_workers']}")
ok = not lost and code == 0 and not result["errors"] and result["stuck_workers"] == 0 and len(answered) > 0
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
done
exit $status
