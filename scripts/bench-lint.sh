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

run_corpus() {
  /usr/bin/time -f "%e %U %S %M" -o "$out/time.txt" "$bin" lint --format json -o "$out/report.json" "$out/corpus" || true
  read -r wall user sys rss < "$out/time.txt"
  echo "$wall $user $sys $rss"
}

best_wall=999999; best_cpu=999999; rss=0
for i in 1 2 3; do
  read -r wall user sys r <<<"$(run_corpus)"
  cpu=$(python3 -c "print($user + $sys)")
  best_wall=$(python3 -c "print(min($best_wall, $wall))")
  best_cpu=$(python3 -c "print(min($best_cpu, $cpu))")
  rss=$r
done
docs=$(python3 -c "import json;print(json.load(open('$out/report.json'))['summary']['documents'])")
echo "corpus: $docs documents, best wall ${best_wall}s, best CPU ${best_cpu}s, max RSS ${rss} KiB"
python3 -c "print(f'throughput: {$docs/$best_cpu:,.0f} documents per CPU-second, {$docs/$best_wall:,.0f} per wall-second')"

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
