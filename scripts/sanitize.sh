#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer and ThreadSanitizer.
#
#   scripts/sanitize.sh [address|thread ...] [-- SWIFT_TEST_ARGS]    (default: address thread)
#
# Each sanitizer builds into its own directory (.build-address, .build-thread), so the normal
# .build stays as it is; the first run of each builds every dependency (several minutes).
# Output goes to bench-out/sanitize-<name>.log; the exit status is non-zero if a test failed
# or a sanitizer reported anything.
set -euo pipefail
cd "$(dirname "$0")/.."

SANITIZERS=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do SANITIZERS+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#SANITIZERS[@]} -eq 0 ] && SANITIZERS=(address thread)
mkdir -p bench-out

# detect_leaks=0: LeakSanitizer reports the Swift runtime's metadata caches, which live for the
# whole process by design. halt_on_error: the first report fails the run.
export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=1"
# The suppressions cover only TSan's blind spot in the (uninstrumented) concurrency runtime;
# see the file for why.
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/scripts/tsan-suppressions.txt"

status=0
for s in "${SANITIZERS[@]}"; do
    case "$s" in address|thread) ;; *) echo "unknown sanitizer $s (address or thread)" >&2; exit 2 ;; esac
    log="bench-out/sanitize-$s.log"
    echo "== $s: swift test --sanitize $s (log: $log)"
    # Tests that bound memory scale their budgets by the sanitizer's overhead.
    if KEDAGUARD_SANITIZER="$s" swift test --sanitize "$s" --scratch-path ".build-$s" "$@" >"$log" 2>&1; then
        result="passed"
    else
        result="FAILED"
        status=1
    fi
    if grep -q "WARNING: ThreadSanitizer\|ERROR: AddressSanitizer" "$log"; then
        result="$result, with sanitizer reports"
        status=1
        grep -m5 -A3 "WARNING: ThreadSanitizer\|ERROR: AddressSanitizer" "$log" || true
    fi
    echo "   $result; $(grep -E 'Test run with .* tests' "$log" | tail -1)"
done
exit $status
