#!/usr/bin/env bash
# Lint throughput and pre-commit latency of a release build.
#   scripts/bench-lint.sh            # 10,000 documents in 1,000 files, and one single file
# Prints documents/second (one process, one thread) and the single-file wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench-out
swift build -c release --product kedaguard >/dev/null
bin=$(swift build -c release --show-bin-path)/kedaguard
python3 scripts/gen-bench-corpus.py "$out/corpus" --files 1000 --documents 10000 >/dev/null

# CPU time from getrusage of the child (microseconds; /usr/bin/time rounds to 10 ms), five runs.
python3 - "$bin" "$out" <<'PY'
import json, os, resource, statistics, subprocess, sys, time
bin, out = sys.argv[1], sys.argv[2]
cpu, wall, rss = [], [], 0
for _ in range(5):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([bin, "lint", "--format", "json", "-o", f"{out}/report.json", f"{out}/corpus"], stdout=subprocess.DEVNULL)
    wall.append(time.perf_counter() - t)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    rss = max(rss, after.ru_maxrss)
docs = json.load(open(f"{out}/report.json"))["summary"]["documents"]
print(f"corpus: {docs} documents; CPU best {min(cpu):.3f} s, median {statistics.median(cpu):.3f} s; wall best {min(wall):.3f} s; max RSS {rss} KiB")
print(f"throughput: {docs / min(cpu):,.0f} documents per CPU-second (median run {docs / statistics.median(cpu):,.0f}), {docs / min(wall):,.0f} per wall-second")
PY

# The pre-commit case: one ordinary file, many runs, median wall time.
single="$out/corpus/manifests-0000.yaml"
python3 - "$bin" "$single" <<'PY'
import statistics, subprocess, sys, time
bin, path = sys.argv[1], sys.argv[2]
times = []
for _ in range(30):
    t = time.perf_counter()
    subprocess.run([bin, "lint", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append((time.perf_counter() - t) * 1000)
print(f"single file ({path.split('/')[-1]}, 10 documents): median {statistics.median(times):.1f} ms, min {min(times):.1f} ms over {len(times)} runs")
PY
