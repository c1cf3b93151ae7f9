// NamePool: interned names for facts that would otherwise each carry a copy of
// a dotted name (a call's callee and resolved origin): each distinct text is
// stored once, and the views intern() returns stay valid for the pool's life
// (the elements of an unordered_set never move). Not thread-safe: one builder
// fills it, everyone else reads the views. Builders on other threads fill pools
// of their own, which the model's pool then adopts.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "analyzer/core/string_hash.h"

namespace archverify::model {

class NamePool {
 public:
  std::string_view intern(std::string_view text) {
    if (text.empty()) return {};
    if (auto it = names_.find(text); it != names_.end()) return *it;
    return *names_.emplace(text).first;
  }
  std::size_t size() const { return names_.size(); }

  // Takes over `other`'s names without copying them, so the views it handed
  // out stay valid: new texts move here as nodes, duplicates stay alive in
  // `other`'s set, kept aside.
  void adopt(NamePool&& other) {
    names_.merge(other.names_);
    if (!other.names_.empty()) kept_.push_back(std::move(other.names_));
    for (auto& set : other.kept_) kept_.push_back(std::move(set));
    other.kept_.clear();
  }

 private:
  using Hash = archverify::StringHash;
  using Set = std::unordered_set<std::string, Hash, std::equal_to<>>;
  Set names_;
  std::vector<Set> kept_;  // adopted names already present in names_ (their views are still in use)
};

}  // namespace archverify::model
