// The storage behind one file's lowered expressions: a bump allocator that
// owns every Expr child list and every Expr text of a FileFacts, in a few
// large chunks instead of one heap block per list and per string. Lowering
// and the cache decoder write into it; everything else only reads through the
// spans and string views an Expr holds. Chunks never move, so those views stay
// valid for the life of the FileFacts that owns the arena (moving the
// FileFacts moves the arena's ownership, not its chunks). Nothing stored here
// is ever destroyed one by one: only trivially destructible values go in.
// Chunks come from the process's syntax space (syntax_space.h), which is what
// lets an Expr's views be 32-bit offsets (syntax_refs.h); the first may be
// borrowed from a larger block another object owns (syntax_slabs.h), and the
// arena then shares ownership of that block. An arena of texts that no syntax
// views (a NamePool's, a resolver's) takes heap chunks instead.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include "analyzer/model/syntax_space.h"

namespace archverify::model {

// Where an arena's chunks come from: the syntax space, for anything an
// ArenaText, ArenaList or ArenaPtr will view, or the heap, for texts only
// standard and PackedText views read.
enum class ChunkSource : std::uint8_t { SyntaxSpace, Heap };

class SyntaxArena {
 public:
  // `first_chunk` sizes the first block; later ones double, up to kMaxChunk.
  // Allocating from the syntax space may throw syntax_space::SyntaxSpaceExhausted.
  explicit SyntaxArena(std::size_t first_chunk = 1024, ChunkSource source = ChunkSource::SyntaxSpace)
      : next_chunk_(first_chunk), source_(source) {}
  // An arena whose first chunk is `size` bytes at `chunk` (16-byte aligned,
  // in the syntax space), memory that `owner` keeps alive; later chunks come
  // from the syntax space.
  SyntaxArena(std::byte* chunk, std::size_t size, std::shared_ptr<const void> owner)
      : borrowed_(std::move(owner)), first_(chunk), cur_(chunk), end_(chunk + size), next_chunk_(size), reserved_(size) {}
  SyntaxArena(const SyntaxArena&) = delete;
  SyntaxArena& operator=(const SyntaxArena&) = delete;
  ~SyntaxArena() { release_chunks(); }

  // A copy of `text` owned by the arena ("" needs no storage).
  std::string_view store(std::string_view text) {
    if (text.empty()) return {};
    char* p = static_cast<char*>(allocate(text.size(), 1));
    std::memcpy(p, text.data(), text.size());
    return {p, text.size()};
  }

  // A copy of `items` owned by the arena (T trivially copyable and destructible).
  template <typename T>
  std::span<const T> store(std::span<const T> items) {
    if (items.empty()) return {};
    T* p = allocate_array<T>(items.size());
    std::memcpy(static_cast<void*>(p), items.data(), items.size() * sizeof(T));
    return {p, items.size()};
  }

  // Room for `n` value-initialised T (T trivially copyable and destructible).
  template <typename T>
  T* allocate_array(std::size_t n) {
    T* p = allocate_uninitialized<T>(n);
    for (std::size_t i = 0; i < n; ++i) new (p + i) T();
    return p;
  }
  // Room for `n` T whose every element the caller assigns before reading it.
  template <typename T>
  T* allocate_uninitialized(std::size_t n) {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                  "the arena never runs destructors");
    return static_cast<T*>(allocate(n * sizeof(T), alignof(T)));
  }

  // Room for `bytes` bytes at `align` (a power of two, at most 16) for a
  // caller that lays out nodes itself: the cache decoder copies a whole
  // encoded image in and turns it into nodes in place.
  std::byte* allocate_bytes(std::size_t bytes, std::size_t align) {
    return static_cast<std::byte*>(allocate(bytes, align));
  }

  // Forgets everything stored and keeps one chunk as large as all the current
  // ones together (capped), so a reused scratch arena stops allocating.
  void reset() {
    if (chunks_.size() + (borrowed_ ? 1 : 0) > 1) {
      std::size_t size = reserved_ < kMaxReusedChunk ? reserved_ : kMaxReusedChunk;
      release_chunks();
      borrowed_.reset();
      first_ = cur_ = end_ = nullptr;
      reserved_ = 0;
      used_ = 0;
      grow(size);
    } else {
      cur_ = first_;
    }
    used_ = 0;
  }

  // Bytes handed out, alignment padding included, and bytes the chunks hold (heap or borrowed).
  std::size_t bytes_used() const { return used_; }
  std::size_t bytes_reserved() const { return reserved_; }

  // What storing a text and then an array of n T adds to bytes_used() at offset
  // `used` (chunks start aligned): lets a caller size an arena exactly.
  static constexpr std::size_t after_text(std::size_t used, std::size_t length) { return used + length; }
  template <typename T>
  static constexpr std::size_t after_array(std::size_t used, std::size_t n) {
    return n == 0 ? used : (used + alignof(T) - 1) / alignof(T) * alignof(T) + n * sizeof(T);
  }

 private:
  static constexpr std::size_t kMaxChunk = std::size_t{256} << 10;
  static constexpr std::size_t kMaxReusedChunk = std::size_t{8} << 20;
  // What a chunk's start is aligned to: operator new[]'s default alignment
  // (an allocator may give a small block less: allocate() checks), and what
  // a borrowed chunk is given at.
  static constexpr std::size_t kChunkAlign = __STDCPP_DEFAULT_NEW_ALIGNMENT__;

  // `align` is a power of two.
  void* allocate(std::size_t bytes, std::size_t align) {
    std::size_t pad = (0 - reinterpret_cast<std::uintptr_t>(cur_)) & (align - 1);
    if (cur_ == nullptr || bytes + pad > static_cast<std::size_t>(end_ - cur_)) {
      grow(align <= kChunkAlign ? bytes : bytes + align);  // a new chunk starts aligned…
      pad = (0 - reinterpret_cast<std::uintptr_t>(cur_)) & (align - 1);
      if (bytes + pad > static_cast<std::size_t>(end_ - cur_)) {  // …unless the allocator gave less
        grow(bytes + align);
        pad = (0 - reinterpret_cast<std::uintptr_t>(cur_)) & (align - 1);
      }
    }
    std::byte* p = cur_ + pad;
    cur_ = p + bytes;
    used_ += pad + bytes;
    return p;
  }
  [[gnu::noinline]] void grow(std::size_t at_least) {
    std::size_t size = next_chunk_ < at_least ? at_least : next_chunk_;
    chunks_.reserve(chunks_.size() + 1);  // so the push below cannot throw and lose the chunk
    std::byte* chunk = source_ == ChunkSource::Heap ? static_cast<std::byte*>(::operator new(size))
                                                    : syntax_space::allocate(size, kChunkAlign);
    chunks_.push_back(Chunk{chunk, size});
    cur_ = chunk;
    if (first_ == nullptr) first_ = cur_;
    end_ = cur_ + size;
    reserved_ += size;
    if (next_chunk_ < kMaxChunk) next_chunk_ *= 2;
  }

  void release_chunks() {
    for (const Chunk& c : chunks_) {
      if (source_ == ChunkSource::Heap) ::operator delete(c.start);
      else syntax_space::release(c.start, c.size, kChunkAlign);
    }
    chunks_.clear();
  }

  struct Chunk {
    std::byte* start;
    std::size_t size;
  };
  std::vector<Chunk> chunks_;                         // owned, in order (after the borrowed one)
  std::shared_ptr<const void> borrowed_;              // owner of a borrowed first chunk
  std::byte* first_ = nullptr;                        // start of the first chunk
  std::byte* cur_ = nullptr;
  std::byte* end_ = nullptr;
  std::size_t next_chunk_;
  std::size_t used_ = 0;
  std::size_t reserved_ = 0;
  ChunkSource source_ = ChunkSource::SyntaxSpace;
};

}  // namespace archverify::model
