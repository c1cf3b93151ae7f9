// NamePool: interned names for facts that would otherwise each carry a copy of
// a dotted name (a call's callee and resolved origin): each distinct text is
// stored once, and the views intern() returns stay valid for the pool's life
// (the elements of an unordered_set never move). Not thread-safe: one builder
// fills it, everyone else reads the views.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace archverify::model {

class NamePool {
 public:
  std::string_view intern(std::string_view text) {
    if (text.empty()) return {};
    if (auto it = names_.find(text); it != names_.end()) return *it;
    return *names_.emplace(text).first;
  }
  std::size_t size() const { return names_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_set<std::string, Hash, std::equal_to<>> names_;
};

}  // namespace archverify::model
