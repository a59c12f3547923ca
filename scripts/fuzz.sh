#!/usr/bin/env bash
# Fuzzes kedaguard's core with libFuzzer and AddressSanitizer, each target for a bounded time.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET ...]     (default: 300 s; all targets)
#
# Targets (fuzz/Sources/Fuzz*/):
#   admission  AdmissionReview bodies through AdmissionHandler, /validate and /mutate
#   lint       YAML/JSON files through DocumentLoader and every rule over a FileSetLookup
#   formula    scalingModifiers formulas: parser and checker
#   patch      JSON Patch diff/encode/decode/apply; defaulting is idempotent and only adds
#
# The fuzz targets are a separate package (fuzz/) so the main package never links libFuzzer.
# Seeds come from testdata (fuzz/seeds.py). Corpora grow in fuzz-out/corpus/<target>/ and are
# kept between runs; a crashing input is written to fuzz-out/artifacts/<target>/. Reproduce one
# with: fuzz/.build/release/Fuzz<Target> fuzz-out/artifacts/<target>/crash-...
# Runs one target at a time on one core.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER="${1:-300}"
[ $# -gt 0 ] && shift
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(admission lint formula patch)
OUT=fuzz-out

# libFuzzer instruments and links every module of the fuzz package; -parse-as-library because
# libFuzzer's runtime supplies main(). Release: optimised, but keeps Swift's bounds, overflow
# and precondition checks.
BUILD=(swift build --package-path fuzz -c release --sanitize fuzzer --sanitize address -Xswiftc -parse-as-library)
if ! "${BUILD[@]}" >"$OUT.build.log" 2>&1; then
    # An incremental build of the fuzz package has been seen to miss a source file added to the
    # core since the last run ("cannot find type ... in scope"): try once from scratch.
    echo "the fuzz package did not build incrementally: rebuilding it from scratch" >&2
    rm -rf fuzz/.build
    "${BUILD[@]}" >"$OUT.build.log" 2>&1 || { mkdir -p "$OUT"; cat "$OUT.build.log" >&2; exit 1; }
fi
BIN="$("${BUILD[@]}" --show-bin-path)"
mkdir -p "$OUT"
mv "$OUT.build.log" "$OUT/build.log"
rm -rf "$OUT/seeds"
python3 fuzz/seeds.py "$OUT/seeds" >/dev/null

status=0
printf '%-10s %8s %12s %10s %8s %9s %7s\n' target seconds executions exec/s corpus counters crashes
for target in "${TARGETS[@]}"; do
    case "$target" in
        admission) exe=FuzzAdmission dict=fuzz/dict/json.dict maxlen=65536 ;;
        lint) exe=FuzzLint dict=fuzz/dict/lint.dict maxlen=65536 ;;
        formula) exe=FuzzFormula dict=fuzz/dict/formula.dict maxlen=2048 ;;
        patch) exe=FuzzPatch dict=fuzz/dict/json.dict maxlen=65536 ;;
        *) echo "unknown target $target" >&2; exit 2 ;;
    esac
    if [ "$target" = lint ]; then cat fuzz/dict/json.dict fuzz/dict/yaml.dict >"$OUT/lint.dict"; dict="$OUT/lint.dict"; fi
    corpus="$OUT/corpus/$target" artifacts="$OUT/artifacts/$target/"
    mkdir -p "$corpus" "$artifacts"
    log="$OUT/$target.log"
    # Coverage guidance needs KedaguardCore instrumented, not only the fuzz target: an
    # incremental build has been seen to link an uninstrumented core (a few thousand counters
    # instead of tens of thousands), which still runs but no longer learns. Check, and rebuild
    # from scratch once when it happens.
    counters() { ASAN_OPTIONS=detect_leaks=0 "$BIN/$exe" -runs=0 2>&1 | sed -n 's/.*(\([0-9]*\) inline 8-bit counters).*/\1/p' | head -1; }
    n=$(counters)
    if [ "${n:-0}" -lt 20000 ]; then
        echo "$exe has ${n:-no} coverage counters: rebuilding the fuzz package from scratch" >&2
        rm -rf fuzz/.build
        "${BUILD[@]}" >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 1; }
        n=$(counters)
        if [ "${n:-0}" -lt 20000 ]; then
            echo "$exe is still not instrumented (${n:-no} counters); see $OUT/build.log" >&2
            exit 1
        fi
    fi
    # ASan's leak check at exit reports the Swift runtime's never-freed metadata caches.
    ASAN_OPTIONS=detect_leaks=0 "$BIN/$exe" "$corpus" "$OUT/seeds/$target" \
        -max_total_time="$SECONDS_PER" -dict="$dict" -max_len="$maxlen" -timeout=20 -rss_limit_mb=3072 \
        -print_final_stats=1 -artifact_prefix="$artifacts" >"$log" 2>&1 || status=1
    execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
    rate=$(awk '/stat::average_exec_per_sec/ {print $2}' "$log")
    crashes=$(find "$artifacts" -type f | wc -l)
    printf '%-10s %8s %12s %10s %8s %9s %7s\n' "$target" "$SECONDS_PER" "${execs:-?}" "${rate:-?}" "$(ls "$corpus" | wc -l)" "$(counters)" "$crashes"
    if grep -q "ERROR: libFuzzer\|ERROR: AddressSanitizer\|property violated\|Fatal error" "$log"; then
        grep -m3 "ERROR: \|property violated\|Fatal error" "$log" >&2
        status=1
    fi
done
exit $status
