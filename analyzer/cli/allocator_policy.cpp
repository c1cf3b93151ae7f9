// Allocator policy (see allocator_policy.h).
#include "analyzer/cli/allocator_policy.h"

#include <cstdlib>

#ifdef ARCHVERIFY_WITH_MIMALLOC
#include <mimalloc.h>
#endif

namespace archverify::cli {

void shorten_freed_memory_delay() {
#ifdef ARCHVERIFY_WITH_MIMALLOC
  if (!std::getenv("MIMALLOC_DECOMMIT_DELAY")) mi_option_set(mi_option_decommit_delay, kFreedMemoryDelayMs);
#endif
}

}  // namespace archverify::cli
