#ifndef KEDAGUARD_BENCH_SUPPORT_H
#define KEDAGUARD_BENCH_SUPPORT_H
#include <stddef.h>

/// Bytes of heap the allocator has handed out and not got back (glibc), after returning free
/// memory to the system; 0 where unsupported.
size_t kedaguard_bench_heap_in_use(void);

#endif
