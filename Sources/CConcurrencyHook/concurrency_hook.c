#include "concurrency_hook.h"

// Defined by the Swift concurrency runtime (its ConcurrencyHooks); the runtime calls it, when set,
// for every job enqueued on the global executor.
extern const void *swift_task_enqueueGlobal_hook;

bool kedaguard_install_global_enqueue_hook(const void *hook) {
    const void *expected = 0;
    return __atomic_compare_exchange_n(&swift_task_enqueueGlobal_hook, &expected, hook, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}
