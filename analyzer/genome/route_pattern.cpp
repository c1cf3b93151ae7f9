// `METHOD path` pattern parsing and matching.
#include "analyzer/genome/route_pattern.h"

#include <vector>

namespace archverify::genome {

namespace {

// "/a/{x}/b" → "/a/{}/b": parameter names do not matter for matching.
std::string erase_param_names(std::string_view path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    out += path[i];
    if (path[i] == '{') {
      auto close = path.find('}', i);
      if (close == std::string_view::npos) continue;
      out += '}';
      i = close;
    }
  }
  return out;
}

// Iterative wildcard match, '*' = any run (including '/'). Linear-ish, no recursion.
bool wildcard_match(std::string_view pat, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pat.size() && pat[p] == '*') { star = p++; mark = t; continue; }
    if (p < pat.size() && pat[p] == text[t]) { ++p; ++t; continue; }
    if (star == std::string_view::npos) return false;
    p = star + 1;
    t = ++mark;
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

bool RoutePattern::matches(model::HttpMethod route_method, std::string_view route_path) const {
  if (method && *method != route_method) return false;
  return wildcard_match(erase_param_names(path), erase_param_names(route_path));
}

std::string RoutePattern::to_string() const {
  return std::string(method ? model::to_string(*method) : "*") + " " + path;
}

Expected<RoutePattern> parse_route_pattern(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_blank(text[i])) ++i;
    std::size_t start = i;
    while (i < text.size() && !is_blank(text[i])) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  if (words.size() != 2)
    return Error{words.size() < 2 ? "missing the method or the path" : "more than two words"};
  RoutePattern out;
  std::string_view m = words[0];
  if (m == "*" || m == "ANY" || m == "any") {
    out.method = std::nullopt;
  } else if (auto parsed = model::parse_http_method(m)) {
    out.method = parsed;
  } else {
    return Error{"'" + std::string(m) + "' is not an HTTP method"};
  }
  std::string_view path = words[1];
  if (path.front() != '/' && path != "*") return Error{"the path '" + std::string(path) + "' does not start with '/'"};
  int depth = 0;
  for (char c : path) {
    if (c == '{') ++depth;
    if (c == '}') --depth;
    if (depth < 0 || depth > 1) return Error{"unbalanced '{' '}' in the path"};
  }
  if (depth != 0) return Error{"unbalanced '{' '}' in the path"};
  out.path = std::string(path);
  return out;
}

}  // namespace archverify::genome
