// Glob → RE2 translation and matching.
#include "analyzer/discover/glob.h"

#include <re2/re2.h>

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
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_dot_nl(true);
  auto compiled = std::make_shared<const re2::RE2>(*re, opts);
  if (!compiled->ok()) return Error{"invalid pattern: " + compiled->error()};
  Glob g;
  g.pattern_ = std::string(pattern);
  g.re_ = std::move(compiled);
  // The string-comparison shapes; each decides exactly as the RE2 program
  // glob_to_regex builds for it would (glob_test checks them against it).
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
  }
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
    case Shape::Regex: break;
  }
  return re_ && RE2::FullMatch(re2::StringPiece(path.data(), path.size()), *re_);
}

}  // namespace archverify::discover
