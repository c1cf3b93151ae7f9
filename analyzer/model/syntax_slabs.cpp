// SyntaxSlabs (syntax_slabs.h): blocks come from the syntax space
// (syntax_space.h) aligned to 2 MiB, so the kernel can back them with
// transparent huge pages when it allows them (madvise mode included);
// elsewhere they are ordinary pages.
#include "analyzer/model/syntax_slabs.h"

#include <sys/mman.h>

#include <cstdint>

#include "analyzer/model/syntax_space.h"

namespace archverify::model {

namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kMaxBlock = std::size_t{32} << 20;
constexpr std::size_t kChunkAlign = 16;

}  // namespace

// A block of the syntax space, given back when the last arena cut from it (or
// the SyntaxSlabs) lets go.
struct SyntaxSlabs::Block {
  std::byte* start = nullptr;
  std::size_t size = 0;

  Block() = default;
  Block(const Block&) = delete;
  Block& operator=(const Block&) = delete;
  ~Block() { syntax_space::release(start, size, kHugePage); }
};

SyntaxSlabs::~SyntaxSlabs() = default;

bool SyntaxSlabs::map_block(std::size_t at_least) {
  std::size_t size = next_block_size_;
  while (size < at_least) size *= 2;
  std::byte* start;
  try {
    start = syntax_space::allocate(size, kHugePage);
  } catch (const syntax_space::SyntaxSpaceExhausted&) {
    return false;  // this file's arena falls back to a chunk of its own size
  }
  block_ = std::make_shared<Block>();
  block_->start = start;
  block_->size = size;
  next_ = start;
  left_ = size;
#ifdef MADV_HUGEPAGE
  madvise(next_, size, MADV_HUGEPAGE);  // advice only: without it the block still works
#endif
  ++blocks_mapped_;
  if (next_block_size_ < kMaxBlock) next_block_size_ *= 2;
  return true;
}

std::unique_ptr<SyntaxArena> SyntaxSlabs::arena(std::size_t bytes) {
  const std::size_t rounded = (bytes + kChunkAlign - 1) & ~(kChunkAlign - 1);
  if (!kEnabled || bytes == 0 || bytes > kMaxSlabRequest ||
      (rounded > left_ && !map_block(rounded)))
    return std::make_unique<SyntaxArena>(bytes == 0 ? 1024 : bytes);
  std::byte* chunk = next_;
  next_ += rounded;
  left_ -= rounded;
  // Aliasing pointer: shares the block's ownership, points at this chunk.
  return std::make_unique<SyntaxArena>(chunk, bytes, std::shared_ptr<const void>(block_, chunk));
}

}  // namespace archverify::model
