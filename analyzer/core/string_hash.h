// StringHash: a hash for the short names the resolver, the module table and
// the name pool look up millions of times (identifiers, dotted module names).
// It reads eight bytes at a time and ends with a full avalanche, so the low
// bits FlatMap masks with are as good as the high ones. libstdc++'s
// std::hash<string_view> (a byte-wise Murmur variant behind a library call)
// cost ~65 instructions per name on the 1M-line corpus. Not for untrusted
// input where hash flooding matters: these keys come from the repository's
// own names, bounded by its size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace archverify {

inline std::uint64_t hash_name(std::string_view s) {
  constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
  std::uint64_t h = kMul ^ (s.size() * 0xff51afd7ed558ccdull);
  const char* p = s.data();
  std::size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  if (n > 0) {
    std::uint64_t w = 0;
    for (std::size_t i = 0; i < n; ++i) w |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    h = (h ^ w) * kMul;
  }
  // Murmur3's finaliser: every input bit reaches every output bit.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return static_cast<std::size_t>(hash_name(s)); }
};

}  // namespace archverify
