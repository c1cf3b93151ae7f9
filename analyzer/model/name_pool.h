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
  std::size_t size() const { return names_.size(); }

  // Takes over `other`'s names without copying them, so the views it handed
  // out stay valid: its arenas move here, and each of its names not yet in
  // this pool is indexed where it already lies.
  void adopt(NamePool&& other) {
    other.names_.for_each([&](std::string_view name, const char* data) {
      if (!names_.find(name)) names_.insert(name, data);
    });
    for (auto& arena : other.arenas_) arenas_.push_back(std::move(arena));
    other.arenas_.clear();
    other.names_ = {};
    other.own_ = nullptr;
  }

 private:
  SyntaxArena& own() {
    if (!own_) {
      arenas_.push_back(std::make_unique<SyntaxArena>(4096));
      own_ = arenas_.back().get();
    }
    return *own_;
  }

  FlatMap<std::string_view, const char*, StringHash> names_;  // text → its stored copy
  std::vector<std::unique_ptr<SyntaxArena>> arenas_;         // this pool's texts and adopted pools'
  SyntaxArena* own_ = nullptr;                                // where intern() stores (in arenas_)
};

}  // namespace archverify::model
