// NamePool: interned names for facts that would otherwise each carry a copy of
// a dotted name (a call's callee and resolved origin): each distinct text is
// stored once, in a bump arena whose chunks never move, so the views intern()
// returns stay valid for the pool's life. The index is a flat hash table of
// views (a node-based set of std::string cost a heap node and a string per
// name). Not thread-safe: one builder fills it, everyone else reads the views.
// Builders on other threads fill pools of their own, which the model's pool
// then adopts.
#pragma once
#include <memory>
#include <string_view>
#include <vector>

#include "analyzer/core/flat_map.h"
#include "analyzer/core/string_hash.h"
#include "analyzer/model/syntax_arena.h"

namespace archverify::model {

class NamePool {
 public:
  std::string_view intern(std::string_view text) {
    if (text.empty()) return {};
    if (const char* const* stored = names_.find(text)) return {*stored, text.size()};
    const std::string_view copy = own().store(text);
    names_.insert(copy, copy.data());
    return copy;
  }

  // Takes over `other`'s texts without copying them, so the views it handed
  // out stay valid: its arenas move here. Its index is dropped, not merged
  // (merging cost a probe per name on the model's critical path): a later
  // intern() of one of its names stores a second copy, which no reader can
  // tell from the first, as views are compared by content. The model adopts
  // its builders' pools once they are done, so in a run that never happens.
  void adopt(NamePool&& other) {
    for (auto& arena : other.arenas_) arenas_.push_back(std::move(arena));
    other.arenas_.clear();
    other.names_ = {};
    other.own_ = nullptr;
  }

 private:
  SyntaxArena& own() {
    if (!own_) {
      arenas_.push_back(std::make_unique<SyntaxArena>(4096, ChunkSource::Heap));
      own_ = arenas_.back().get();
    }
    return *own_;
  }

  FlatMap<std::string_view, const char*, StringHash> names_;  // text → its stored copy
  std::vector<std::unique_ptr<SyntaxArena>> arenas_;         // this pool's texts and adopted pools'
  SyntaxArena* own_ = nullptr;                                // where intern() stores (in arenas_)
};

}  // namespace archverify::model
