// Where the exactly sized arenas of kept FileFacts get their memory: large
// blocks of the syntax space (syntax_space.h) taken once and cut into one
// chunk per file, instead of one block per file. A block asks the kernel for
// transparent huge pages, so the syntax of a whole repository (most of a
// run's memory) costs a few hundred page faults instead of one per 4 KiB
// page, and the model builders that walk it miss the TLB less. Each arena
// keeps its block alive (shared ownership): the last FileFacts cut from a
// block gives it back. One SyntaxSlabs per thread; it is not shared. Sanitizer builds hand out no slab chunks, so every arena
// stays a chunk of its own, which AddressSanitizer checks on its own.
#pragma once
#include <cstddef>
#include <memory>

#include "analyzer/model/syntax_arena.h"

namespace archverify::model {

class SyntaxSlabs {
 public:
  SyntaxSlabs() = default;
  SyntaxSlabs(const SyntaxSlabs&) = delete;
  SyntaxSlabs& operator=(const SyntaxSlabs&) = delete;
  ~SyntaxSlabs();

  // An arena whose first chunk holds exactly `bytes` (what a file's syntax
  // was measured to need). Cut from the current block when the request is
  // small beside a block; a chunk of its own otherwise, or when no block fits
  // in the syntax space any more.
  std::unique_ptr<SyntaxArena> arena(std::size_t bytes);

  // Blocks mapped so far (for tests).
  std::size_t blocks_mapped() const { return blocks_mapped_; }

  // False in AddressSanitizer builds: every arena is then a chunk of its own.
#if defined(__SANITIZE_ADDRESS__)
  static constexpr bool kEnabled = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  static constexpr bool kEnabled = false;
#else
  static constexpr bool kEnabled = true;
#endif
#else
  static constexpr bool kEnabled = true;
#endif

  // The largest request cut from a block; larger syntax gets a chunk of its own.
  static constexpr std::size_t kMaxSlabRequest = std::size_t{1} << 20;

 private:
  struct Block;
  bool map_block(std::size_t at_least);

  std::shared_ptr<Block> block_;  // the block chunks are cut from now
  std::byte* next_ = nullptr;
  std::size_t left_ = 0;
  std::size_t next_block_size_ = std::size_t{2} << 20;  // doubles up to 32 MiB
  std::size_t blocks_mapped_ = 0;
};

}  // namespace archverify::model
