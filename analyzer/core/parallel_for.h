// for_each_index: the plain work-sharing loop of archverify's parallel phases
// whose tasks are independent (symbol tables, rules, finishing findings file
// by file, report files). Each thread takes the next index until none is
// left, so uneven tasks even out; a task writes only to its own slot, which
// keeps results independent of the thread count. `jobs` ≤ 1 runs everything
// on the calling thread.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace archverify {

template <typename Task>
void for_each_index(std::size_t count, unsigned jobs, Task&& task) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) task(i);
  };
  const auto threads = static_cast<unsigned>(std::min<std::size_t>(std::max(1u, jobs), count));
  if (threads <= 1) {
    worker();
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();  // the calling thread takes its share too
  for (std::thread& t : pool) t.join();
}

}  // namespace archverify
