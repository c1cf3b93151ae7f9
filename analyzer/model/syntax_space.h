// The one address range every SyntaxArena chunk of syntax comes from, so that
// the views an Expr or a Stmt holds (syntax_refs.h) can be 32-bit offsets from
// its base instead of 64-bit addresses: a text or a list takes 8 bytes, not
// 12, and a pointer 4, not 8. The range is reserved once per process (4 GiB
// of address space, inaccessible; a quarter of the limit under `ulimit -v`),
// and made accessible as it is used. Chunks are power-of-two blocks aligned
// to their size (up to 2 MiB, for huge pages); a released block waits on a
// free list of its size for the next request, and a large one hands its
// pages back to the kernel first. Thread-safe. When the range is exhausted
// (4 GiB holds the syntax of about 19 million lines of Python), allocate()
// throws SyntaxSpaceExhausted and the file being lowered or decoded is
// skipped with that message; the run goes on. ARCHVERIFY_SYNTAX_SPACE_MIB
// caps the reservation (tests use it to reach the exhausted path).
#pragma once
#include <cstddef>
#include <cstdint>
#include <new>

namespace archverify::model::syntax_space {

// The base of the range, null until the first chunk is allocated. Offset 0 is
// never handed out: a zero offset is a null or empty view.
extern std::byte* g_base;

// Offsets are 32 bits, so the range spans at most this many bytes.
inline constexpr std::uint64_t kMaxSpan = std::uint64_t{1} << 32;

class SyntaxSpaceExhausted : public std::bad_alloc {
 public:
  const char* what() const noexcept override;
};

// A block of at least `bytes` bytes in the range, aligned to `align` (a power
// of two, at most 2 MiB). Throws SyntaxSpaceExhausted.
std::byte* allocate(std::size_t bytes, std::size_t align);
// Gives back a block allocate() returned for the same `bytes` and `align`.
void release(std::byte* block, std::size_t bytes, std::size_t align) noexcept;

// Whether [p, p + n) lies inside the range (n may be 0).
inline bool contains(const void* p, std::size_t n) {
  const auto* b = static_cast<const std::byte*>(p);
  return g_base != nullptr && b > g_base && static_cast<std::uint64_t>(b - g_base) + n <= kMaxSpan;
}

// Bytes of the range reserved, and the end of what has been handed out so far
// (for tests and diagnostics).
std::uint64_t reserved_bytes();
std::uint64_t high_water();

}  // namespace archverify::model::syntax_space
