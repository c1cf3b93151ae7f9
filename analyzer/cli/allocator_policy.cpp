// Allocator policy (see allocator_policy.h).
#include "analyzer/cli/allocator_policy.h"

#include <cstdlib>

#ifdef ARCHVERIFY_WITH_MIMALLOC
#include <mimalloc.h>
#endif

namespace archverify::cli {

void return_freed_memory_at_once() {
#ifdef ARCHVERIFY_WITH_MIMALLOC
  if (!std::getenv("MIMALLOC_DECOMMIT_DELAY")) mi_option_set(mi_option_decommit_delay, 0);
#endif
}

}  // namespace archverify::cli
