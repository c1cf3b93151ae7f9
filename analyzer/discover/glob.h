// Glob patterns over repo-relative POSIX paths, shared by --exclude, the
// genome's layout/exclude lists and .gitignore rules. Syntax: `*` (no '/'),
// `**` (any depth; `a/**/b` also matches `a/b`), `?`, `[abc]`, `[!a-z]`,
// `{x,y}` alternatives, `\` escapes. Compiled once to an RE2 program.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "analyzer/core/expected.h"

namespace re2 { class RE2; }

namespace archverify::discover {

class Glob {
 public:
  // Compiles `pattern`; the error explains what is wrong (unclosed '[' or '{').
  static Expected<Glob> compile(std::string_view pattern);
  bool matches(std::string_view path) const;
  const std::string& pattern() const { return pattern_; }

 private:
  std::string pattern_;
  std::shared_ptr<const re2::RE2> re_;
};

// The regular expression (RE2 syntax, anchored) a glob compiles to, or an error.
Expected<std::string> glob_to_regex(std::string_view pattern);

}  // namespace archverify::discover
