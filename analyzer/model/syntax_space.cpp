// syntax_space (syntax_space.h): one PROT_NONE mapping reserved on first use,
// a bump pointer through it with power-of-two size classes, and a free list
// per class. The range is made readable and writable 64 MiB at a time, ahead
// of the bump pointer, so a strict-overcommit kernel charges only what is
// used. Under AddressSanitizer every byte not handed out is poisoned, so a
// read past a chunk's end is still caught as it was with heap chunks, and a
// released block is never reused.
#include "analyzer/model/syntax_space.h"

#include <sys/mman.h>
#include <sys/resource.h>

#include <bit>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string_view>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define ARCHVERIFY_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define ARCHVERIFY_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
// Released blocks stay poisoned and are never handed out again, so any read
// of freed syntax is caught, however late (AddressSanitizer's own quarantine
// only delays the reuse of heap blocks).
constexpr bool kRecycle = false;
#else
#define ARCHVERIFY_POISON(p, n) ((void)(p), (void)(n))
#define ARCHVERIFY_UNPOISON(p, n) ((void)(p), (void)(n))
constexpr bool kRecycle = true;
#endif

namespace archverify::model::syntax_space {

std::byte* g_base = nullptr;

namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::uint64_t kCommitStep = std::uint64_t{64} << 20;
constexpr unsigned kMinClass = 8;   // 256-byte blocks at least
constexpr unsigned kClasses = 33;   // up to 2^32
// Released blocks at least this large give their pages back (the slabs' blocks,
// which used to be unmapped).
constexpr std::size_t kDiscardAt = kHugePage;

struct Space {
  std::mutex mutex;
  std::once_flag reserved;
  std::uint64_t span = 0;       // bytes usable from g_base
  std::uint64_t bump = 0;       // next free offset
  std::uint64_t committed = 0;  // offsets below this are readable and writable
  std::vector<std::uint64_t> free[kClasses];
  char full_message[256] = "no room left for this file's syntax: no address range could be reserved for it";
};

// Never destroyed: an arena a static object holds may give its chunks back
// during exit, after function-local statics are gone.
Space& space() {
  static Space& s = *new Space;
  return s;
}

// 4 GiB, or less: what ARCHVERIFY_SYNTAX_SPACE_MIB asks for, and a quarter of
// the address-space limit when there is one (`ulimit -v`), which counts
// reserved address space, not only memory in use.
std::uint64_t requested_span() {
  std::uint64_t span = kMaxSpan;
  if (const char* cap = std::getenv("ARCHVERIFY_SYNTAX_SPACE_MIB")) {
    const unsigned long long mib = std::strtoull(cap, nullptr, 10);
    if (mib > 0 && mib < (kMaxSpan >> 20)) span = std::uint64_t{mib} << 20;
  }
  rlimit limit{};
  if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    const std::uint64_t quarter = (static_cast<std::uint64_t>(limit.rlim_cur) / 4) & ~std::uint64_t{kHugePage - 1};
    if (quarter < span) span = quarter < kHugePage ? kHugePage : quarter;
  }
  return span;
}

// Reserves the largest range it can, from the requested span down to 64 MiB,
// with its base aligned to a huge page.
void reserve(Space& s) {
  for (std::uint64_t span = requested_span();; span /= 2) {
    const std::size_t mapped = static_cast<std::size_t>(span) + kHugePage;
    void* m = mmap(nullptr, mapped, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m != MAP_FAILED) {
      const auto start = (reinterpret_cast<std::uintptr_t>(m) + kHugePage - 1) & ~(kHugePage - 1);
      g_base = reinterpret_cast<std::byte*>(start);
      s.span = span;
      s.bump = 1;  // offset 0 means null
      std::snprintf(s.full_message, sizeof s.full_message,
                    "no room left for this file's syntax: archverify holds at most %llu MiB of lowered syntax at once "
                    "(exclude generated or vendored code, or analyse the repository in parts)",
                    static_cast<unsigned long long>(span >> 20));
      return;
    }
    if (span <= (std::uint64_t{64} << 20)) return;  // allocate() then reports the space exhausted
  }
}

unsigned size_class(std::size_t bytes) {
  const unsigned c = static_cast<unsigned>(std::bit_width(bytes <= 1 ? std::size_t{1} : bytes - 1));
  return c < kMinClass ? kMinClass : c;
}

}  // namespace

const char* SyntaxSpaceExhausted::what() const noexcept { return space().full_message; }

std::byte* allocate(std::size_t bytes, std::size_t align) {
  Space& s = space();
  std::call_once(s.reserved, [&s] { reserve(s); });
  const unsigned c = size_class(bytes < align ? align : bytes);
  if (c >= kClasses) throw SyntaxSpaceExhausted();
  const std::uint64_t block = std::uint64_t{1} << c;
  std::lock_guard lock(s.mutex);
  std::uint64_t offset;
  if (!s.free[c].empty()) {
    offset = s.free[c].back();
    s.free[c].pop_back();
  } else {
    const std::uint64_t natural = block < kHugePage ? block : kHugePage;
    offset = (s.bump + natural - 1) & ~(natural - 1);
    if (g_base == nullptr || offset + block > s.span) throw SyntaxSpaceExhausted();
    s.bump = offset + block;
    if (s.bump > s.committed) {
      std::uint64_t to = (s.bump + kCommitStep - 1) & ~(kCommitStep - 1);
      if (to > s.span) to = s.span;
      if (mprotect(g_base + s.committed, static_cast<std::size_t>(to - s.committed), PROT_READ | PROT_WRITE) != 0) {
        s.bump = offset;
        throw SyntaxSpaceExhausted();
      }
      ARCHVERIFY_POISON(g_base + s.committed, static_cast<std::size_t>(to - s.committed));
      s.committed = to;
    }
  }
  std::byte* p = g_base + offset;
  ARCHVERIFY_UNPOISON(p, bytes);
  return p;
}

void release(std::byte* block, std::size_t bytes, std::size_t align) noexcept {
  if (block == nullptr) return;
  Space& s = space();
  const unsigned c = size_class(bytes < align ? align : bytes);
  const std::size_t size = std::size_t{1} << c;
  if (size >= kDiscardAt) madvise(block, size, MADV_DONTNEED);  // advice: the block stays usable either way
  ARCHVERIFY_POISON(block, size);
  if (!kRecycle) return;
  std::lock_guard lock(s.mutex);
  try {
    s.free[c].push_back(static_cast<std::uint64_t>(block - g_base));
  } catch (...) {
    // Out of heap for the free list: the block is lost to reuse, nothing else.
  }
}

}  // namespace archverify::model::syntax_space

namespace archverify::model::detail {

void outside_syntax_space(const void* p, std::size_t n) {
  std::fprintf(stderr,
               "archverify: internal error: a syntax view of %zu bytes at %p lies outside the syntax space; "
               "please report this\n",
               n, p);
  std::abort();
}

}  // namespace archverify::model::detail

namespace archverify::model::syntax_space {

std::uint64_t reserved_bytes() {
  Space& s = space();
  std::lock_guard lock(s.mutex);
  return s.span;
}

std::uint64_t high_water() {
  Space& s = space();
  std::lock_guard lock(s.mutex);
  return s.bump;
}

}  // namespace archverify::model::syntax_space
