// SyntaxSlabs and the borrowed first chunk of a SyntaxArena: arenas cut from
// one block do not overlap and keep their bytes after the SyntaxSlabs and the
// other arenas are gone; an arena grows past its borrowed chunk into the heap
// and reset() reuses what it has; large requests and empty ones get heap
// arenas; blocks are mapped only when the current one is full.
#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/syntax_slabs.h"

using archverify::model::SyntaxArena;
using archverify::model::SyntaxSlabs;

namespace {

// A text of `n` bytes that differs from arena to arena.
std::string pattern(std::size_t n, int seed) {
  std::string s(n, ' ');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + static_cast<std::size_t>(seed)) % 26);
  return s;
}

}  // namespace

TEST_CASE("arenas cut from one block are disjoint and outlive their SyntaxSlabs", "[syntax_slabs]") {
  std::vector<std::unique_ptr<SyntaxArena>> arenas;
  std::vector<std::string_view> stored;
  {
    SyntaxSlabs slabs;
    for (int i = 0; i < 200; ++i) {
      const std::size_t n = 100 + static_cast<std::size_t>(i) * 13;
      arenas.push_back(slabs.arena(n));
      stored.push_back(arenas.back()->store(pattern(n, i)));
      // Exactly sized: the text fills the borrowed chunk, nothing more is
      // reserved. (A heap arena's first chunk has room for alignment too.)
      CHECK(arenas.back()->bytes_used() == n);
      if (SyntaxSlabs::kEnabled) CHECK(arenas.back()->bytes_reserved() == n);
      else CHECK(arenas.back()->bytes_reserved() >= n);
    }
    if (SyntaxSlabs::kEnabled) CHECK(slabs.blocks_mapped() == 1);  // 280 KB fit the first 2 MiB block
  }
  // Free every other arena: the rest still read their own bytes.
  for (std::size_t i = 0; i < arenas.size(); i += 2) arenas[i].reset();
  for (std::size_t i = 1; i < arenas.size(); i += 2)
    CHECK(stored[i] == pattern(stored[i].size(), static_cast<int>(i)));
  // Chunks are 16-byte aligned and do not overlap.
  for (std::size_t i = 1; i < stored.size(); i += 2) {
    CHECK(reinterpret_cast<std::uintptr_t>(stored[i].data()) % 16 == 0);
    for (std::size_t j = i + 2; j < stored.size(); j += 2) {
      const char* a = stored[i].data();
      const char* b = stored[j].data();
      CHECK((a + stored[i].size() <= b || b + stored[j].size() <= a));
    }
  }
}

TEST_CASE("an arena grows past its borrowed chunk and reset() keeps one chunk", "[syntax_slabs]") {
  SyntaxSlabs slabs;
  std::unique_ptr<SyntaxArena> arena = slabs.arena(64);
  std::string_view first = arena->store(pattern(64, 1));
  std::string_view second = arena->store(pattern(5000, 2));  // no room left: a heap chunk
  CHECK(first == pattern(64, 1));
  CHECK(second == pattern(5000, 2));
  CHECK(arena->bytes_used() == 5064);
  CHECK(arena->bytes_reserved() >= 5064);
  // Two chunks: reset() replaces them with one heap chunk as large as both.
  const std::size_t reserved = arena->bytes_reserved();
  arena->reset();
  CHECK(arena->bytes_used() == 0);
  CHECK(arena->bytes_reserved() == reserved);
  std::string_view again = arena->store(pattern(5064, 3));
  CHECK(again == pattern(5064, 3));
  CHECK(arena->bytes_reserved() == reserved);  // it fitted: nothing new was reserved

  // A single borrowed chunk is reused in place.
  std::unique_ptr<SyntaxArena> small = slabs.arena(256);
  const char* at = small->store(pattern(256, 4)).data();
  small->reset();
  CHECK(small->store(pattern(200, 5)).data() == at);
}

TEST_CASE("large and empty requests get heap arenas; full blocks are replaced", "[syntax_slabs]") {
  SyntaxSlabs slabs;
  std::unique_ptr<SyntaxArena> empty = slabs.arena(0);
  CHECK(empty->bytes_reserved() == 0);
  CHECK(empty->store(pattern(10, 0)) == pattern(10, 0));  // grows on first use like any arena
  std::unique_ptr<SyntaxArena> large = slabs.arena(SyntaxSlabs::kMaxSlabRequest + 1);
  CHECK(large->bytes_reserved() == 0);  // a heap arena reserves on first use, its first chunk as asked
  CHECK(large->store(pattern(1, 0)) == "a");
  CHECK(large->bytes_reserved() == SyntaxSlabs::kMaxSlabRequest + 1);
  CHECK(slabs.blocks_mapped() == 0);  // neither took a block

  // 1 MiB requests: two fill the 2 MiB first block, the third maps a second.
  std::vector<std::unique_ptr<SyntaxArena>> arenas;
  for (int i = 0; i < 3; ++i) {
    arenas.push_back(slabs.arena(SyntaxSlabs::kMaxSlabRequest));
    std::string_view s = arenas.back()->store(pattern(SyntaxSlabs::kMaxSlabRequest, i));
    CHECK(s.size() == SyntaxSlabs::kMaxSlabRequest);
  }
  if (SyntaxSlabs::kEnabled) CHECK(slabs.blocks_mapped() == 2);
  else CHECK(slabs.blocks_mapped() == 0);
  for (int i = 0; i < 3; ++i) CHECK(arenas[static_cast<std::size_t>(i)]->bytes_used() == SyntaxSlabs::kMaxSlabRequest);
}
