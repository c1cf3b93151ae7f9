// Glob → RE2 translation and matching.
#include "analyzer/discover/glob.h"

#include <re2/re2.h>

#include "analyzer/core/ascii.h"

namespace archverify::discover {

namespace {
void append_literal(std::string& re, char c) {
  if (std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos) re += '\\';
  re += c;
}
// No glob syntax at all: the text matches itself only.
bool is_literal(std::string_view text) {
  return !text.empty() && text.find_first_of("*?[]{}\\,") == std::string_view::npos;
}

// A pattern wild_match() decides exactly as RE2 decides its glob_to_regex
// program on ASCII paths: ASCII, no `**`, no braces or escapes, and only
// positive classes without '/' or '[' (each atom but a literal '/' then
// matches one byte or a run of bytes other than '/').
bool is_simple_wildcard(std::string_view p) {
  if (!ascii::is_ascii(p) || p.find("**") != std::string_view::npos || p.find_first_of("{}\\,") != std::string_view::npos)
    return false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == ']') return false;  // a stray ']' (a class's own is skipped below)
    if (p[i] != '[') continue;
    std::size_t j = i + 1;
    if (j < p.size() && (p[j] == '!' || p[j] == '^')) return false;
    if (j < p.size() && p[j] == ']') ++j;  // a leading ']' is a member
    for (; j < p.size() && p[j] != ']'; ++j)
      if (p[j] == '/' || p[j] == '[') return false;
    if (j == p.size() || j == i + 1) return false;
    i = j;
  }
  return true;
}

// Does byte `c` match the class whose members start at p[at] (after '[')? `end` gets the index after its ']'.
bool class_has(std::string_view p, std::size_t at, char c, std::size_t& end) {
  std::size_t close = p.find(']', at + 1);  // a leading ']' is a member, so search from the next byte
  std::string_view members = p.substr(at, close - at);
  end = close + 1;
  for (std::size_t i = 0; i < members.size();) {
    if (i + 2 < members.size() && members[i + 1] == '-') {
      if (members[i] <= c && c <= members[i + 2]) return true;
      i += 3;
    } else {
      if (members[i] == c) return true;
      ++i;
    }
  }
  return false;
}

// Glob matching of a simple wildcard (is_simple_wildcard) against a whole
// ASCII text: `*` any run without '/', `?` one byte but '/', `[…]` one member.
// The usual one-star backtracking: linear unless stars repeat.
bool wild_match(std::string_view p, std::string_view t) {
  std::size_t pi = 0, ti = 0, star = std::string_view::npos, resume = 0;
  while (ti < t.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      resume = ti;
      continue;
    }
    if (pi < p.size()) {
      std::size_t next = pi + 1;
      bool one = false;
      if (p[pi] == '?') one = t[ti] != '/';
      else if (p[pi] == '[') one = class_has(p, pi + 1, t[ti], next);
      else one = p[pi] == t[ti];
      if (one) {
        pi = next;
        ++ti;
        continue;
      }
    }
    if (star == std::string_view::npos || t[resume] == '/') return false;  // `*` cannot cross '/'
    pi = star + 1;
    ti = ++resume;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

std::string_view last_segment(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

Expected<std::string> glob_to_regex(std::string_view p) {
  std::string re;
  int brace_depth = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    switch (c) {
      case '*': {
        bool dbl = i + 1 < p.size() && p[i + 1] == '*';
        if (!dbl) { re += "[^/]*"; break; }
        bool seg_start = i == 0 || p[i - 1] == '/';
        std::size_t after = i + 2;
        if (seg_start && after < p.size() && p[after] == '/') {
          re += "(?:.*/)?";  // "**/" : zero or more directories
          i = after;
        } else if (seg_start && after == p.size()) {
          re += ".*";  // trailing "**": everything below
          i = after - 1;
        } else {
          re += ".*";
          i = after - 1;
        }
        break;
      }
      case '?': re += "[^/]"; break;
      case '[': {
        std::size_t j = i + 1;
        std::string cls = "[";
        if (j < p.size() && (p[j] == '!' || p[j] == '^')) { cls += '^'; ++j; }
        if (j < p.size() && p[j] == ']') { cls += "\\]"; ++j; }
        bool closed = false;
        for (; j < p.size(); ++j) {
          if (p[j] == ']') { closed = true; break; }
          if (p[j] == '\\' && j + 1 < p.size()) { cls += '\\'; cls += p[++j]; continue; }
          if (p[j] == '[' ) { cls += "\\["; continue; }
          cls += p[j];
        }
        if (!closed) return Error{"unclosed '[' at position " + std::to_string(i + 1)};
        re += cls + "]";
        i = j;
        break;
      }
      case '{': re += "(?:"; ++brace_depth; break;
      case '}':
        if (brace_depth == 0) { re += "\\}"; break; }
        re += ')';
        --brace_depth;
        break;
      case ',':
        if (brace_depth > 0) re += '|';
        else re += ',';
        break;
      case '\\':
        if (i + 1 < p.size()) append_literal(re, p[++i]);
        else return Error{"pattern ends with a lone '\\'"};
        break;
      default: append_literal(re, c);
    }
  }
  if (brace_depth != 0) return Error{"unclosed '{'"};
  return re;
}

Expected<Glob> Glob::compile(std::string_view pattern) {
  if (pattern.empty()) return Error{"empty pattern"};
  auto re = glob_to_regex(pattern);
  if (!re) return re.error();
  Glob g;
  g.pattern_ = std::string(pattern);
  // The string-comparison shapes; each decides exactly as the RE2 program
  // glob_to_regex builds for it would (discover_test checks them against it).
  auto shape = [&](Shape s, std::string_view literal) {
    g.shape_ = s;
    g.literal_ = std::string(literal);
  };
  constexpr std::string_view kAnyDepth = "**/", kBelow = "/**";
  std::string_view p = pattern;
  const bool any_depth = p.starts_with(kAnyDepth) && p.size() > kAnyDepth.size();
  if (any_depth) p.remove_prefix(kAnyDepth.size());
  if (is_literal(p)) {
    shape(any_depth ? Shape::AnyDepth : Shape::Exact, p);
  } else if (any_depth && p.front() == '*' && is_literal(p.substr(1)) && p.find('/') == std::string_view::npos) {
    shape(Shape::NameSuffix, p.substr(1));
  } else if (any_depth && p.back() == '*' && p.size() >= 2 && p[p.size() - 2] != '*' &&
             is_literal(p.substr(0, p.size() - 1)) && p.find('/') == std::string_view::npos) {
    shape(Shape::NamePrefix, p.substr(0, p.size() - 1));
  } else if (p.ends_with(kBelow) && is_literal(p.substr(0, p.size() - kBelow.size()))) {
    shape(any_depth ? Shape::BelowAnyDepth : Shape::Below, p.substr(0, p.size() - kBelow.size()));
  } else if (pattern == "**/*") {
    shape(Shape::Everything, "");
  } else if (is_simple_wildcard(p)) {
    shape(any_depth ? Shape::WildcardAnyDepth : Shape::Wildcard, p);
  }
  // Shapes of literals and stars alone need no program (nor can they be
  // invalid); a wildcard keeps one for paths that are not ASCII, and it is
  // what reports an invalid class range.
  const bool ends_with_literal = g.shape_ == Shape::Exact || g.shape_ == Shape::AnyDepth || g.shape_ == Shape::NameSuffix;
  if (ends_with_literal && !g.literal_.empty()) g.last_byte_ = g.literal_.back();
  const bool string_only = g.shape_ != Shape::Regex && g.shape_ != Shape::Wildcard && g.shape_ != Shape::WildcardAnyDepth;
  if (string_only) return g;
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_dot_nl(true);
  auto compiled = std::make_shared<const re2::RE2>(*re, opts);
  if (!compiled->ok()) return Error{"invalid pattern: " + compiled->error()};
  g.re_ = std::move(compiled);
  return g;
}

bool Glob::matches(std::string_view path) const {
  const std::string_view lit = literal_;
  switch (shape_) {
    case Shape::Exact: return path == lit;
    case Shape::AnyDepth:
      return path.ends_with(lit) && (path.size() == lit.size() || path[path.size() - lit.size() - 1] == '/');
    case Shape::NameSuffix: return last_segment(path).ends_with(lit);
    case Shape::NamePrefix: return last_segment(path).starts_with(lit);
    case Shape::Below:
      return path.size() > lit.size() && path.starts_with(lit) && path[lit.size()] == '/';
    case Shape::BelowAnyDepth:
      for (std::size_t at = 0; (at = path.find(lit, at)) != std::string_view::npos; ++at)
        if ((at == 0 || path[at - 1] == '/') && at + lit.size() < path.size() && path[at + lit.size()] == '/')
          return true;
      return false;
    case Shape::Everything: return true;
    case Shape::Wildcard:
      if (!ascii::is_ascii(path)) break;
      return wild_match(lit, path);
    case Shape::WildcardAnyDepth:
      if (!ascii::is_ascii(path)) break;
      if (lit.find('/') == std::string_view::npos) return wild_match(lit, last_segment(path));
      for (std::size_t at = 0;; ++at) {  // the text after the start or after any '/'
        if (wild_match(lit, path.substr(at))) return true;
        at = path.find('/', at);
        if (at == std::string_view::npos) return false;
      }
    case Shape::Regex: break;
  }
  return re_ && RE2::FullMatch(re2::StringPiece(path.data(), path.size()), *re_);
}

}  // namespace archverify::discover
