// .gitignore rule parsing and matching (see ignore_matcher.h for the semantics).
#include "analyzer/discover/ignore_matcher.h"

namespace archverify::discover {

void IgnoreMatcher::add_gitignore(std::string_view base, std::string_view content) {
  std::size_t start = 0;
  while (start <= content.size()) {
    std::size_t nl = content.find('\n', start);
    std::string_view line = content.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    add_pattern(base, line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
}

void IgnoreMatcher::add_pattern(std::string_view base, std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // Trailing spaces are dropped unless escaped.
  while (!line.empty() && line.back() == ' ' && !(line.size() >= 2 && line[line.size() - 2] == '\\'))
    line.remove_suffix(1);
  if (line.empty() || line.front() == '#') return;
  IgnoreRule rule;
  rule.base = std::string(base);
  std::string pat(line);
  if (pat.front() == '!') { rule.negated = true; pat.erase(0, 1); }
  else if (pat.size() > 1 && pat[0] == '\\' && (pat[1] == '#' || pat[1] == '!')) pat.erase(0, 1);
  if (!pat.empty() && pat.back() == '/') { rule.dir_only = true; pat.pop_back(); }
  if (pat.empty()) return;
  bool anchored = pat.find('/') != std::string::npos;
  if (pat.front() == '/') pat.erase(0, 1);
  if (!anchored) pat = "**/" + pat;
  auto glob = Glob::compile(pat);
  if (!glob) return;  // an unparsable line is ignored, as git does
  rule.glob = std::move(*glob);
  rules_.push_back(std::move(rule));
}

bool IgnoreMatcher::ignored(std::string_view path, bool is_dir) const {
  bool result = false;
  for (const IgnoreRule& r : rules_) {
    const char last = r.glob.last_byte();  // a path ending otherwise cannot match
    if ((r.dir_only && !is_dir) || (last != '\0' && (path.empty() || path.back() != last))) continue;
    std::string_view rel = path;
    if (!r.base.empty()) {
      if (path.size() <= r.base.size() || path.substr(0, r.base.size()) != r.base || path[r.base.size()] != '/')
        continue;
      rel = path.substr(r.base.size() + 1);
    }
    if (r.glob.matches(rel)) result = !r.negated;
  }
  return result;
}

}  // namespace archverify::discover
