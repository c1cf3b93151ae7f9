// ArenaText, ArenaList and ArenaPtr: the views an Expr or a Stmt holds into
// its file's SyntaxArena, packed at 4-byte alignment. A text or list is an
// address and a 32-bit length in 12 bytes, where a std::string_view or
// std::span takes 16 at 8-byte alignment; a pointer is 8 bytes at 4. The
// syntax of a repository is most of a run's memory and every page of it is
// touched once, so this takes an Expr from 56 to 44 bytes and a Stmt from 152
// to 124. The views read like the standard ones: ArenaText converts
// to std::string_view (and compares with strings), ArenaList iterates and
// converts to std::span. Building one from a standard view is explicit, so a
// conditional expression mixing the two picks the standard view.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace archverify::model {

namespace detail {

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

// An address and a 32-bit length: what ArenaText and ArenaList hold. Lengths
// above 4 Gi cannot occur (a file is read whole and is far smaller); clamping
// keeps a view in bounds if one ever did.
class PackedRange {
 public:
  void set(const void* p, std::size_t n) {
    address_.set(p);
    length_ = n > std::numeric_limits<std::uint32_t>::max() ? std::numeric_limits<std::uint32_t>::max()
                                                            : static_cast<std::uint32_t>(n);
  }
  const void* address() const { return address_.get(); }
  std::size_t length() const { return length_; }

 private:
  PackedAddress address_;
  std::uint32_t length_ = 0;
};

}  // namespace detail

class ArenaText {
 public:
  constexpr ArenaText() = default;
  explicit ArenaText(std::string_view s) { range_.set(s.data(), s.size()); }
  ArenaText& operator=(std::string_view s) {
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

  friend bool operator==(const ArenaText& a, const ArenaText& b) { return a.view() == b.view(); }
  friend bool operator==(const ArenaText& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const ArenaText& a, const char* b) { return a.view() == std::string_view(b); }
  friend auto operator<=>(const ArenaText& a, const ArenaText& b) { return a.view() <=> b.view(); }
  friend auto operator<=>(const ArenaText& a, std::string_view b) { return a.view() <=> b; }
  friend std::ostream& operator<<(std::ostream& os, const ArenaText& t) { return os << t.view(); }

 private:
  detail::PackedRange range_;
};

template <typename T>
class ArenaList {
 public:
  constexpr ArenaList() = default;
  explicit ArenaList(std::span<const T> s) { range_.set(s.data(), s.size()); }
  ArenaList& operator=(std::span<const T> s) {
    range_.set(s.data(), s.size());
    return *this;
  }

  std::span<const T> view() const { return {data(), size()}; }
  operator std::span<const T>() const { return view(); }

  const T* data() const { return static_cast<const T*>(range_.address()); }
  std::size_t size() const { return range_.length(); }
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
  detail::PackedRange range_;
};

// A pointer to a node in the arena (Stmt::extra), packed the same way.
template <typename T>
class ArenaPtr {
 public:
  constexpr ArenaPtr() = default;
  constexpr ArenaPtr(std::nullptr_t) {}
  ArenaPtr& operator=(const T* p) {
    address_.set(p);
    return *this;
  }
  const T* get() const { return static_cast<const T*>(address_.get()); }
  const T* operator->() const { return get(); }
  const T& operator*() const { return *get(); }
  explicit operator bool() const { return get() != nullptr; }
  friend bool operator==(const ArenaPtr& a, std::nullptr_t) { return a.get() == nullptr; }

 private:
  detail::PackedAddress address_;
};

}  // namespace archverify::model
