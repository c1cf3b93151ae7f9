// The key of a facts cache entry: the XXH3-128 hash of a file's content (as
// read, after the BOM is dropped), in two 64-bit halves.
#pragma once
#include <cstdint>
#include <string_view>

namespace archverify::cache {

struct ContentHash {
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  bool operator==(const ContentHash&) const = default;
  // Pack index order (any total order would do; this one is fixed).
  bool operator<(const ContentHash& o) const { return high != o.high ? high < o.high : low < o.low; }
};

ContentHash hash_content(std::string_view content);

// XXH3-64 of `bytes`: the checksum of an entry's payload and of a pack's index.
std::uint64_t checksum64(std::string_view bytes);

}  // namespace archverify::cache
