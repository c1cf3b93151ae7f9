// ArenaText, ArenaList and ArenaPtr: the views an Expr or a Stmt holds into
// its file's SyntaxArena, as 32-bit offsets from the base of the process's
// syntax space (syntax_space.h), where every such arena's chunks lie. A text
// or list is an offset and a 32-bit length in 8 bytes, where a std::string_view
// or std::span takes 16 at 8-byte alignment; a pointer is 4 bytes. The syntax
// of a repository is most of a run's memory and every page of it is touched
// once, so this (with the compact expression span of syntax.h) takes an Expr
// from 56 to 32 bytes and a Stmt from 152 to 92.
// An offset is relative to one base for the whole process, not to the view's
// own address, so a node copied to the stack still reads the same text.
// PackedText is the same text view for text anywhere else (a name pool's, a
// module table's): an address in two 32-bit halves and a length, 12 bytes at
// 4-byte alignment. The views read like the standard ones: they convert to
// std::string_view or std::span (and texts compare with strings). Building
// one from a standard view is explicit, so a conditional expression mixing
// the two picks the standard view. Making an arena view of memory outside the
// syntax space is a programming error, reported and fatal.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "analyzer/model/syntax_space.h"

namespace archverify::model {

namespace detail {

inline std::uint32_t clamp_length(std::size_t n) {
  return n > std::numeric_limits<std::uint32_t>::max() ? std::numeric_limits<std::uint32_t>::max()
                                                      : static_cast<std::uint32_t>(n);
}

// An address in two 32-bit halves: the node holding it stays 4-byte aligned.
class PackedAddress {
 public:
  constexpr PackedAddress() = default;
  void set(const void* p) {
    const auto bits = reinterpret_cast<std::uintptr_t>(p);
    static_assert(sizeof bits == sizeof halves_, "packed views assume 64-bit addresses");
    std::memcpy(halves_, &bits, sizeof bits);
  }
  const void* get() const {
    std::uintptr_t bits;
    std::memcpy(&bits, halves_, sizeof bits);
    return reinterpret_cast<const void*>(bits);
  }

 private:
  std::uint32_t halves_[2] = {0, 0};
};

// An address and a 32-bit length: what PackedText holds. Lengths above 4 Gi
// cannot occur (a file is read whole and is far smaller); clamping keeps a
// view in bounds if one ever did.
class AddressRange {
 public:
  void set(const void* p, std::size_t n) {
    address_.set(p);
    length_ = clamp_length(n);
  }
  const void* address() const { return address_.get(); }
  std::size_t length() const { return length_; }

 private:
  PackedAddress address_;
  std::uint32_t length_ = 0;
};

// Reports a view of memory outside the syntax space and aborts.
[[noreturn]] void outside_syntax_space(const void* p, std::size_t n);

// An offset into the syntax space; 0 is null.
class SpaceOffset {
 public:
  constexpr SpaceOffset() = default;
  // `n` bytes from `p` must lie in the space (p null: a null offset).
  void set(const void* p, std::size_t n = 0) {
    if (p == nullptr) {
      offset_ = 0;
      return;
    }
    if (!syntax_space::contains(p, n)) [[unlikely]]
      outside_syntax_space(p, n);
    offset_ = static_cast<std::uint32_t>(static_cast<const std::byte*>(p) - syntax_space::g_base);
  }
  const void* get() const { return offset_ == 0 ? nullptr : syntax_space::g_base + offset_; }

 private:
  std::uint32_t offset_ = 0;
};

// An offset and a 32-bit length: what ArenaText and ArenaList hold. An empty
// range keeps no address (so "" from anywhere is fine).
class SpaceRange {
 public:
  void set(const void* p, std::size_t n) {
    offset_.set(n == 0 ? nullptr : p, n);
    length_ = clamp_length(n);
  }
  const void* address() const { return offset_.get(); }
  std::size_t length() const { return length_; }

 private:
  SpaceOffset offset_;
  std::uint32_t length_ = 0;
};

}  // namespace detail

// A text view over `Range` (detail::SpaceRange or detail::AddressRange).
template <typename Range>
class BasicText {
 public:
  constexpr BasicText() = default;
  explicit BasicText(std::string_view s) { range_.set(s.data(), s.size()); }
  BasicText& operator=(std::string_view s) {
    range_.set(s.data(), s.size());
    return *this;
  }

  std::string_view view() const { return {data(), size()}; }
  operator std::string_view() const { return view(); }
  std::string str() const { return std::string(view()); }  // an owned copy

  const char* data() const { return static_cast<const char*>(range_.address()); }
  std::size_t size() const { return range_.length(); }
  bool empty() const { return size() == 0; }
  const char* begin() const { return data(); }
  const char* end() const { return data() + size(); }
  char front() const { return data()[0]; }
  char back() const { return data()[size() - 1]; }
  char operator[](std::size_t i) const { return data()[i]; }

  std::string_view substr(std::size_t pos, std::size_t n = std::string_view::npos) const { return view().substr(pos, n); }
  std::size_t find(std::string_view s, std::size_t pos = 0) const { return view().find(s, pos); }
  std::size_t find(char c, std::size_t pos = 0) const { return view().find(c, pos); }
  std::size_t rfind(char c, std::size_t pos = std::string_view::npos) const { return view().rfind(c, pos); }
  std::size_t find_first_of(std::string_view s, std::size_t pos = 0) const { return view().find_first_of(s, pos); }
  std::size_t find_first_not_of(std::string_view s, std::size_t pos = 0) const { return view().find_first_not_of(s, pos); }
  bool starts_with(std::string_view s) const { return view().starts_with(s); }
  bool starts_with(char c) const { return view().starts_with(c); }
  bool ends_with(std::string_view s) const { return view().ends_with(s); }
  int compare(std::string_view s) const { return view().compare(s); }
  int compare(std::size_t pos, std::size_t n, std::string_view s) const { return view().compare(pos, n, s); }

  friend bool operator==(const BasicText& a, const BasicText& b) { return a.view() == b.view(); }
  friend bool operator==(const BasicText& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const BasicText& a, const char* b) { return a.view() == std::string_view(b); }
  friend auto operator<=>(const BasicText& a, const BasicText& b) { return a.view() <=> b.view(); }
  friend auto operator<=>(const BasicText& a, std::string_view b) { return a.view() <=> b; }
  friend std::ostream& operator<<(std::ostream& os, const BasicText& t) { return os << t.view(); }

 private:
  Range range_;
};

using ArenaText = BasicText<detail::SpaceRange>;
using PackedText = BasicText<detail::AddressRange>;

template <typename T>
class ArenaList {
 public:
  constexpr ArenaList() = default;
  explicit ArenaList(std::span<const T> s) { set(s); }
  ArenaList& operator=(std::span<const T> s) {
    set(s);
    return *this;
  }

  std::span<const T> view() const { return {data(), size()}; }
  operator std::span<const T>() const { return view(); }

  const T* data() const { return static_cast<const T*>(offset_.get()); }
  std::size_t size() const { return count_; }
  bool empty() const { return size() == 0; }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size(); }
  const T& front() const { return data()[0]; }
  const T& back() const { return data()[size() - 1]; }
  const T& operator[](std::size_t i) const { return data()[i]; }
  std::span<const T> subspan(std::size_t offset, std::size_t count = std::dynamic_extent) const {
    return view().subspan(offset, count);
  }
  std::span<const T> first(std::size_t count) const { return view().first(count); }
  std::span<const T> last(std::size_t count) const { return view().last(count); }

 private:
  void set(std::span<const T> s) {
    offset_.set(s.empty() ? nullptr : s.data(), s.size_bytes());
    count_ = detail::clamp_length(s.size());
  }

  detail::SpaceOffset offset_;
  std::uint32_t count_ = 0;
};

// A pointer to a node in the arena (Stmt::extra), as an offset the same way.
template <typename T>
class ArenaPtr {
 public:
  constexpr ArenaPtr() = default;
  constexpr ArenaPtr(std::nullptr_t) {}
  ArenaPtr& operator=(const T* p) {
    offset_.set(p, sizeof(T));
    return *this;
  }
  const T* get() const { return static_cast<const T*>(offset_.get()); }
  const T* operator->() const { return get(); }
  const T& operator*() const { return *get(); }
  explicit operator bool() const { return get() != nullptr; }
  friend bool operator==(const ArenaPtr& a, std::nullptr_t) { return a.get() == nullptr; }

 private:
  detail::SpaceOffset offset_;
};

static_assert(sizeof(ArenaText) == 8 && sizeof(ArenaList<int>) == 8 && sizeof(ArenaPtr<int>) == 4 &&
              sizeof(PackedText) == 12 && alignof(ArenaText) == 4 && alignof(PackedText) == 4);

}  // namespace archverify::model
