// .gitignore semantics for the repository walk: per-directory rule lists,
// negation with '!', directory-only rules ending in '/', anchoring when the
// pattern has a '/' before its end, last matching rule wins, and an ignored
// directory is never entered (so its contents cannot be re-included).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/discover/glob.h"

namespace archverify::discover {

struct IgnoreRule {
  Glob glob;           // matched against the path relative to `base`
  std::string base;    // directory of the .gitignore, repo-relative ("" = root)
  bool negated = false;
  bool dir_only = false;
};

class IgnoreMatcher {
 public:
  // Adds the rules of a .gitignore found in directory `base` (repo-relative).
  void add_gitignore(std::string_view base, std::string_view content);
  // Adds one pattern in gitignore syntax relative to the root (used for --exclude too).
  void add_pattern(std::string_view base, std::string_view line);
  // Is `path` (repo-relative) ignored? Rules from every directory above it apply.
  bool ignored(std::string_view path, bool is_dir) const;

 private:
  std::vector<IgnoreRule> rules_;
};

}  // namespace archverify::discover
