// Progress: counters a long stage updates from worker threads and a display
// reads (the CLI's progress line). Lock-free; nothing else.
#pragma once
#include <atomic>
#include <cstddef>

namespace archverify {

struct Progress {
  std::atomic<std::size_t> total{0};  // files to parse
  std::atomic<std::size_t> done{0};   // files parsed (or read from the cache)
};

}  // namespace archverify
