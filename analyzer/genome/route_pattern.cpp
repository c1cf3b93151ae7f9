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

// An expression compared as written, spaces and quote style aside.
std::string normalise_expression(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (is_blank(c) || c == '\n') continue;
    out += c == '"' ? '\'' : c;
  }
  return out;
}

// Unknown pieces are fenced by two bytes no URL path holds, so that neither a
// literal nor a `{}` parameter of the other side can stand for them.
constexpr char kUnknownOpen = '\x01';
constexpr char kUnknownClose = '\x02';

std::string encode_route(const model::PathTemplate& path) {
  std::string out;
  for (const model::PathPiece& p : path.pieces()) {
    switch (p.kind) {
      case model::PathPiece::Kind::Literal: out += p.text; break;
      case model::PathPiece::Kind::Param: out += "{}"; break;
      case model::PathPiece::Kind::Unknown:
        out += kUnknownOpen + normalise_expression(p.text) + kUnknownClose;
        break;
    }
  }
  return out;
}

// The pattern with each `{...}` either naming one of the route's unknown
// pieces (fenced like encode_route does) or standing for a parameter ("{}").
std::string encode_pattern(std::string_view pattern, const model::PathTemplate& route) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out += pattern[i];
      continue;
    }
    auto close = pattern.find('}', i);
    if (close == std::string_view::npos) {
      out += pattern.substr(i);
      break;
    }
    std::string inner = normalise_expression(pattern.substr(i + 1, close - i - 1));
    bool unknown = false;
    for (const model::PathPiece& p : route.pieces())
      if (p.kind == model::PathPiece::Kind::Unknown && normalise_expression(p.text) == inner) unknown = true;
    out += unknown ? kUnknownOpen + inner + kUnknownClose : std::string("{}");
    i = close;
  }
  return out;
}

}  // namespace

bool RoutePattern::matches(model::HttpMethod route_method, std::string_view route_path) const {
  if (method && *method != route_method) return false;
  return wildcard_match(erase_param_names(path), erase_param_names(route_path));
}

bool RoutePattern::matches(model::HttpMethod route_method, const model::PathTemplate& route_path) const {
  if (method && *method != route_method) return false;
  return wildcard_match(encode_pattern(path, route_path), encode_route(route_path));
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
  if (path.front() != '/' && path.front() != '{' && path != "*")
    return Error{"the path '" + std::string(path) + "' does not start with '/' (or a `{...}` unknown prefix)"};
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
