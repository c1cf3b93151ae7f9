// Glob patterns over repo-relative POSIX paths, shared by --exclude, the
// genome's layout/exclude lists and .gitignore rules. Syntax: `*` (no '/'),
// `**` (any depth; `a/**/b` also matches `a/b`), `?`, `[abc]`, `[!a-z]`,
// `{x,y}` alternatives, `\` escapes. Compiled once to an RE2 program, except
// for the shapes most .gitignore lines and excludes have (a literal path, a
// name at any depth, `*.ext` or `name*` at any depth, everything below a
// directory, a wildcard without `**`, braces or negated classes), which are
// matched by comparing strings: a repository walk asks every rule about every
// entry, and RE2 spent ~400-900 instructions per question. They answer as the
// RE2 program does on valid UTF-8 paths; on a name with invalid UTF-8 bytes a
// `*` shape matches byte by byte, as git's own matching does.
#pragma once
#include <cstdint>
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
  // The byte every matching path ends with, or '\0' when paths may end in
  // several (a cheap test a caller can make before matches()).
  char last_byte() const { return last_byte_; }

 private:
  // How matches() decides; `literal_` is the pattern's one literal part.
  enum class Shape : std::uint8_t {
    Regex,            // anything else: the RE2 program
    Exact,            // `a/b.py`: the path is the literal
    AnyDepth,         // `**/a/b`: the path is the literal or ends with "/" + literal
    NameSuffix,       // `**/*.pyc`: the last segment ends with the literal (no '/')
    NamePrefix,       // `**/build*`: the last segment starts with the literal (no '/')
    Below,            // `a/b/**`: the path starts with literal + "/"
    BelowAnyDepth,    // `**/a/**`: the path starts with literal + "/" or contains "/" + literal + "/"
    Everything,       // `**/*`
    Wildcard,         // `dev/data/*`, `*.py[cod]`: the literal_ is a simple wildcard (ASCII paths; RE2 for others)
    WildcardAnyDepth, // `**/*.sw?`: the wildcard matches the path or the text after one of its '/'
  };
  std::string pattern_;
  std::shared_ptr<const re2::RE2> re_;
  Shape shape_ = Shape::Regex;
  std::string literal_;
  char last_byte_ = '\0';
};

// The regular expression (RE2 syntax, anchored) a glob compiles to, or an error.
Expected<std::string> glob_to_regex(std::string_view pattern);

}  // namespace archverify::discover
