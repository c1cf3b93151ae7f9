// ByteWriter / ByteReader: the primitives of archverify's binary cache
// payloads (per-file facts, the loaded OpenAPI document). Integers are LEB128,
// strings are length-prefixed, nothing is padded. The reader trusts nothing:
// every read is bounds-checked, a count is checked against the bytes left
// before anything is allocated for it, and the first bad read fails the
// reader for good (every later read returns zero at once), so a decoder reads
// on and checks ok() at the end instead of after every field.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace archverify {

class ByteWriter {
 public:
  explicit ByteWriter(std::string& out) : out_(out) {}

  void fixed64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  void u64(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void byte(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void str(std::string_view s) {
    u64(s.size());
    out_.append(s);
  }
  // Bytes as they are (their length is the reader's to know).
  void raw(std::string_view s) { out_.append(s); }

 protected:
  std::string& out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in)
      : p_(reinterpret_cast<const unsigned char*>(in.data())), end_(p_ + in.size()) {}

  bool ok() const { return ok_; }
  bool at_end() const { return p_ == end_; }
  std::size_t left() const { return static_cast<std::size_t>(end_ - p_); }

  std::uint64_t u64() {
    if (p_ != end_ && *p_ < 0x80) return *p_++;  // one-byte values: most kinds, counts, columns
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) return fail();
      unsigned char b = *p_++;
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    return fail();
  }
  std::uint64_t fixed64() {
    if (left() < 8) return fail();
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(p_[i]) << (8 * i);
    p_ += 8;
    return v;
  }
  std::uint32_t u32() {
    std::uint64_t v = u64();
    if (v > 0xffffffffu) return static_cast<std::uint32_t>(fail());
    return static_cast<std::uint32_t>(v);
  }
  std::uint8_t byte() {
    if (p_ == end_) return static_cast<std::uint8_t>(fail());
    return *p_++;
  }
  // A byte that must be 0 or 1.
  bool flag() {
    std::uint8_t b = byte();
    if (b > 1) fail();
    return b == 1;
  }
  // An enum stored as a byte, at most `last`.
  template <typename Enum>
  Enum enum_at_most(Enum last) {
    std::uint8_t b = byte();
    if (b > static_cast<std::uint8_t>(last)) fail();
    return ok_ ? static_cast<Enum>(b) : Enum{};
  }
  // The bytes of a length-prefixed string, valid as long as the input is.
  std::string_view view() {
    std::uint64_t n = u64();
    if (n > left()) { fail(); return {}; }
    std::string_view s(reinterpret_cast<const char*>(p_), static_cast<std::size_t>(n));
    p_ += n;
    return s;
  }
  void str(std::string& s) { s.assign(view()); }
  std::string str() { return std::string(view()); }
  // A count of elements that each take at least `min_bytes` bytes.
  std::size_t count(std::size_t min_bytes) {
    std::uint64_t n = u64();
    if (n > left() / min_bytes) { fail(); return 0; }
    return static_cast<std::size_t>(n);
  }

  std::uint64_t fail() {
    ok_ = false;
    p_ = end_;  // every later read fails fast
    return 0;
  }

 protected:
  const unsigned char* p_;
  const unsigned char* end_;
  bool ok_ = true;
};

}  // namespace archverify
