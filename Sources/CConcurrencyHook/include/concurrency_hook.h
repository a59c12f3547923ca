#ifndef KEDAGUARD_CONCURRENCY_HOOK_H
#define KEDAGUARD_CONCURRENCY_HOOK_H

#include <stdbool.h>

/// Stores `hook` in Swift concurrency's global-enqueue hook if nothing is there yet; returns
/// whether it did. The hook is reached by a direct reference, which works in every link, where
/// a lookup by name (dlsym) needs the symbol exported.
bool kedaguard_install_global_enqueue_hook(const void *hook);

#endif
