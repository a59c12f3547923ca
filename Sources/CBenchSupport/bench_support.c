#include "bench_support.h"
#include <stdlib.h> /* defines __GLIBC__ */
#if defined(__GLIBC__)
#include <malloc.h>
#endif

size_t kedaguard_bench_heap_in_use(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#if __GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33)
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd; /* small chunks + mmapped large ones */
#else
    /* int fields: exact below 2 GiB, which the benchmark stays under. */
    struct mallinfo m = mallinfo();
    return (size_t)(unsigned int)m.uordblks + (size_t)(unsigned int)m.hblkhd;
#endif
#else
    return 0;
#endif
}
