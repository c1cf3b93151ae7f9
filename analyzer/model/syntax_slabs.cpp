// SyntaxSlabs (syntax_slabs.h): blocks are anonymous private mappings aligned
// to 2 MiB, so the kernel can back them with transparent huge pages when it
// allows them (madvise mode included); elsewhere they are ordinary pages.
#include "analyzer/model/syntax_slabs.h"

#include <sys/mman.h>

#include <cstdint>

namespace archverify::model {

namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kMaxBlock = std::size_t{32} << 20;
constexpr std::size_t kChunkAlign = 16;

}  // namespace

// A mapping, unmapped when the last arena cut from it (or the SyntaxSlabs) lets go.
struct SyntaxSlabs::Block {
  void* mapping = nullptr;
  std::size_t mapped = 0;

  Block() = default;
  Block(const Block&) = delete;
  Block& operator=(const Block&) = delete;
  ~Block() {
    if (mapping) munmap(mapping, mapped);
  }
};

SyntaxSlabs::~SyntaxSlabs() = default;

bool SyntaxSlabs::map_block(std::size_t at_least) {
  std::size_t size = next_block_size_;
  while (size < at_least) size *= 2;
  // Over-map by one huge page so an aligned start fits; the slack is never touched.
  const std::size_t mapped = size + kHugePage;
  void* m = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) {
    mapping_failed_ = true;
    return false;
  }
  block_ = std::make_shared<Block>();
  block_->mapping = m;
  block_->mapped = mapped;
  const auto start = (reinterpret_cast<std::uintptr_t>(m) + kHugePage - 1) & ~(kHugePage - 1);
  next_ = reinterpret_cast<std::byte*>(start);
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
  if (!kEnabled || bytes == 0 || bytes > kMaxSlabRequest || mapping_failed_ ||
      (rounded > left_ && !map_block(rounded)))
    return std::make_unique<SyntaxArena>(bytes == 0 ? 1024 : bytes);
  std::byte* chunk = next_;
  next_ += rounded;
  left_ -= rounded;
  // Aliasing pointer: shares the block's ownership, points at this chunk.
  return std::make_unique<SyntaxArena>(chunk, bytes, std::shared_ptr<const void>(block_, chunk));
}

}  // namespace archverify::model
