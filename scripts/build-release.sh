#!/usr/bin/env bash
# Builds the kedaguard binary the container image ships, the one way it is built everywhere
# (Dockerfile, scripts/check-static-binary.sh, the benchmarks), and prints its path.
#
#   scripts/build-release.sh [SCRATCH_PATH]        (default .build-static)
#
# Most of a server's resident memory is its own program text, and the kernel maps a binary's
# code in blocks of 64 KiB or more around every page that is touched. kedaguard runs about 3 MB
# of its 32 MB of code; spread out, that makes tens of MB resident. So the link:
#
# * --static-swift-stdlib: the Swift runtime, Foundation and ICU are linked in, so their code is
#   laid out with ours; libc, libm, libstdc++ and libgcc_s come from the runtime image.
# * function sections and scripts/link-order.txt (lld's --symbol-ordering-file): every function
#   `kedaguard serve` was seen running (scripts/gen-link-order.sh) is placed together. A stale
#   list only costs memory: functions it does not name keep their usual place.
# * --no-export-dynamic: Swift links executables with every public symbol exported; the dynamic
#   loader then searches 50,000 of them for each libc symbol it binds. Nothing loads kedaguard
#   as a library, and crash backtraces read the regular symbol table, which stays. (SwiftNIO
#   looks up Swift concurrency's global executor hook by name, which fails without exported
#   symbols; the server then installs the same hook by reference, see WebhookServer.)
# * -z pack-relative-relocs: relative relocations in a compact table (glibc 2.36 or later, as in
#   Debian bookworm) instead of 1.7 MB read at every start.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${1:-.build-static}"
flags=(-c release --static-swift-stdlib --product kedaguard --scratch-path "$scratch"
       -Xswiftc -use-ld=lld -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections
       -Xlinker --strip-debug
       -Xlinker "--symbol-ordering-file=$PWD/scripts/link-order.txt" -Xlinker --no-warn-symbol-ordering
       -Xlinker --no-export-dynamic
       -Xlinker -z -Xlinker pack-relative-relocs)
bin="$(swift build "${flags[@]}" --show-bin-path)/kedaguard"
# SwiftPM does not see the list as an input: without the old binary it links again.
rm -f "$bin"
swift build "${flags[@]}" >&2
echo "$bin"
