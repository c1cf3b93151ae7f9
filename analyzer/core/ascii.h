// ASCII case and word helpers shared by the extractors, the genome and the
// rules: lower-casing without the C library's locale lookup (into a string or
// a stack buffer), case-insensitive equality without building copies, an
// all-ASCII test, and a
// word set that tells in one pass over a name whether any of its words occurs
// in it. Python identifiers, table names and URL paths are compared this way;
// bytes past 0x7F are left as they are.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace archverify::ascii {

constexpr char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// No byte past 0x7F in `text` (eight bytes at a time).
inline bool is_ascii(std::string_view text) {
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    if (word & 0x8080808080808080ull) return false;
  }
  for (; i < text.size(); ++i)
    if (static_cast<unsigned char>(text[i]) >= 0x80) return false;
  return true;
}

inline void lower_in_place(std::string& s) {
  for (char& c : s) c = to_lower(c);
}

inline std::string lowered(std::string_view s) {
  std::string out(s);
  lower_in_place(out);
  return out;
}

// A lower-cased copy of a name, on the stack up to 128 bytes (no allocation
// for the identifiers and URL paths that word tests look at).
class Lowered {
 public:
  explicit Lowered(std::string_view s) : size_(s.size()) {
    char* out = small_;
    if (s.size() > sizeof small_) {
      large_.resize(s.size());
      out = large_.data();
    }
    for (std::size_t i = 0; i < s.size(); ++i) out[i] = to_lower(s[i]);
  }
  Lowered(const Lowered&) = delete;
  Lowered& operator=(const Lowered&) = delete;
  std::string_view view() const { return {size_ > sizeof small_ ? large_.data() : small_, size_}; }

 private:
  char small_[128];
  std::string large_;
  std::size_t size_;
};

inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  return true;
}

// A fixed set of words (byte-exact; lower-case them and the text alike for a
// case-insensitive test). `found_in` walks the text once and tries only the
// words that start with the byte at each position, so a name that shares no
// first letter with the words costs a table lookup per byte.
class WordSet {
 public:
  WordSet(std::initializer_list<std::string_view> words) {
    for (std::string_view w : words) {
      if (w.empty()) continue;
      const auto first = static_cast<unsigned char>(w[0]);
      if (bucket_of_[first] == 0) {
        buckets_.emplace_back();
        bucket_of_[first] = static_cast<std::uint16_t>(buckets_.size());
      }
      buckets_[bucket_of_[first] - 1].push_back(w);
    }
  }

  bool found_in(std::string_view text) const {
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint16_t b = bucket_of_[static_cast<unsigned char>(text[i])];
      if (b == 0) continue;
      for (std::string_view w : buckets_[b - 1])  // the second byte before the call to memcmp
        if (w.size() <= n - i && (w.size() == 1 || w[1] == text[i + 1]) &&
            std::memcmp(text.data() + i, w.data(), w.size()) == 0)
          return true;
    }
    return false;
  }

 private:
  std::array<std::uint16_t, 256> bucket_of_{};  // first byte → 1 + bucket index; 0 = no word starts with it
  std::vector<std::vector<std::string_view>> buckets_;
};

}  // namespace archverify::ascii
