// Typed, error-collecting reads from document tree nodes (see genome_reader.h).
#include "analyzer/genome/genome_reader.h"

#include "analyzer/core/ascii.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "analyzer/genome/genome_keys.h"

namespace archverify::genome::detail {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t sub = prev[j - 1] + (ascii::to_lower(a[i - 1]) == ascii::to_lower(b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

bool is_bool_word(std::string_view s) {
  return s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE";
}

bool is_int_text(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_number_text(std::string_view s) {
  if (is_int_text(s)) return true;
  std::string_view t = s;
  if (!t.empty() && (t[0] == '-' || t[0] == '+')) t.remove_prefix(1);
  if (t == ".inf" || t == ".Inf" || t == ".INF" || s == ".nan" || s == ".NaN" || s == ".NAN") return true;
  bool digit = false;
  for (char c : t) {
    if (c >= '0' && c <= '9') digit = true;
    else if (c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+') return false;
  }
  if (!digit) return false;
  std::string copy(s);
  char* end = nullptr;
  (void)std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size();
}

bool is_quoted(Node n) { return n.style() == document::ScalarStyle::Quoted; }

std::string quoted_path(std::string_view key_path) {
  return key_path.empty() ? std::string("the top level") : "'" + std::string(key_path) + "'";
}

}  // namespace

std::optional<std::string_view> closest(std::string_view word, std::span<const std::string_view> candidates) {
  std::optional<std::string_view> best;
  std::size_t best_d = 0;
  std::size_t limit = std::max<std::size_t>(1, std::min<std::size_t>(3, (word.size() + 2) / 3));
  for (std::string_view c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d <= limit && (!best || d < best_d)) { best = c; best_d = d; }
  }
  return best;
}

std::string join(std::span<const std::string_view> words, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i) out += sep;
    out += words[i];
  }
  return out;
}

bool is_plain_non_string(Node n) {
  if (!n.is_scalar() || is_quoted(n)) return false;
  std::string_view s = n.scalar();
  return is_bool_word(s) || is_number_text(s);
}

std::string describe(Node n) {
  if (!n.exists() || n.is_null()) return "nothing";
  if (n.is_sequence()) return "a list";
  if (n.is_mapping()) return "a mapping";
  if (!is_quoted(n) && is_bool_word(n.scalar())) return "true/false";
  if (!is_quoted(n) && is_number_text(n.scalar())) return "a number";
  return "a string";
}

const Entry* MapView::find(std::string_view key) const {
  for (const auto& e : entries)
    if (e.key == key) return &e;
  return nullptr;
}

SourceRange Reader::where(const Entry& e) const {
  SourceRange r = doc_.range_of(e.value);
  if (r.begin.line == 0 || e.value.is_null()) return doc_.range_of(e.key_node);
  return r;
}

void Reader::error(const SourceRange& at, std::string message) {
  out_.push_back(Diagnostic{DiagnosticKind::ConfigError, at, std::move(message)});
}

void Reader::wrong_type(Node n, const SourceRange& at, std::string_view key_path,
                        std::string_view expected) {
  error(at, "wrong type for " + quoted_path(key_path) + ": got " + describe(n) + "; expected " +
                std::string(expected));
}

void Reader::bad_value(const SourceRange& at, std::string_view value, std::string_view key_path,
                       std::span<const std::string_view> allowed) {
  std::string msg = "invalid value '" + std::string(value) + "' for " + quoted_path(key_path);
  if (auto guess = closest(value, allowed)) msg += " (did you mean '" + std::string(*guess) + "'?)";
  error(at, msg + "; expected one of: " + join(allowed));
}

std::optional<MapView> Reader::open(Node n, const SourceRange& at, std::string_view key_path,
                                    std::string_view expected, const std::vector<std::string_view>* known) {
  if (!n.is_mapping()) {
    wrong_type(n, at, key_path, expected);
    return std::nullopt;
  }
  MapView view;
  view.node_ = n;
  std::map<std::string, std::uint32_t> first_line;
  for (const document::KeyValue& kv : n.pairs()) {
    SourceRange key_at = where(kv.key);
    if (!kv.key.is_scalar()) {
      error(key_at, "a key " + (key_path.empty() ? std::string("at the top level") : "in " + quoted_path(key_path)) + " is " + describe(kv.key) + "; expected a plain name");
      continue;
    }
    std::string key(kv.key.scalar());
    if (auto [it, fresh] = first_line.emplace(key, key_at.begin.line); !fresh) {
      error(key_at, "duplicate key '" + key + "'" + (key_path.empty() ? "" : " in " + quoted_path(key_path)) + " (first at line " +
                        std::to_string(it->second) + "); expected each key once");
      continue;
    }
    if (known && std::find(known->begin(), known->end(), key) == known->end()) {
      std::string msg = "unknown key '" + key + "'";
      if (!key_path.empty()) msg += " in " + quoted_path(key_path);
      if (auto guess = closest(key, *known)) msg += " (did you mean '" + std::string(*guess) + "'?)";
      error(key_at, msg + "; expected one of: " + join(*known));
      continue;
    }
    view.entries.push_back(Entry{key, kv.key, kv.value});
  }
  return view;
}

std::optional<MapView> Reader::map(Node n, const SourceRange& at, std::string_view key_path,
                                   std::string_view section, std::string_view expected) {
  return open(n, at, key_path, expected, genome_keys(section));
}

std::optional<MapView> Reader::free_map(Node n, const SourceRange& at, std::string_view key_path,
                                        std::string_view expected) {
  return open(n, at, key_path, expected, nullptr);
}

std::optional<std::vector<Node>> Reader::list(const Entry& e, std::string_view key_path,
                                                    std::string_view expected) {
  if (!e.value.is_sequence()) {
    wrong_type(e.value, where(e), key_path, expected);
    return std::nullopt;
  }
  std::vector<Node> items;
  items.reserve(e.value.size());
  for (Node item : e.value.items()) items.push_back(item);
  return items;
}

std::optional<std::string> Reader::string(Node n, const SourceRange& at, std::string_view key_path,
                                          std::string_view expected) {
  if (!n.is_scalar() || is_plain_non_string(n)) {
    wrong_type(n, at, key_path, expected);
    return std::nullopt;
  }
  return std::string(n.scalar());
}

std::optional<bool> Reader::boolean(const Entry& e, std::string_view key_path) {
  Node n = e.value;
  if (n.is_scalar() && !is_quoted(n) && is_bool_word(n.scalar()))
    return n.scalar()[0] == 't' || n.scalar()[0] == 'T';
  wrong_type(n, where(e), key_path, "true or false");
  return std::nullopt;
}

std::optional<double> Reader::number(const Entry& e, std::string_view key_path, std::string_view expected) {
  Node n = e.value;
  const std::string text(n.scalar());
  if (n.is_scalar() && !is_quoted(n) && is_number_text(text) && text.find("inf") == std::string::npos &&
      text.find("nan") == std::string::npos && text.find("Inf") == std::string::npos &&
      text.find("NaN") == std::string::npos && text.find("INF") == std::string::npos &&
      text.find("NAN") == std::string::npos)
    return std::strtod(text.c_str(), nullptr);
  wrong_type(n, where(e), key_path, expected);
  return std::nullopt;
}

std::optional<long long> Reader::integer(const Entry& e, std::string_view key_path, std::string_view expected) {
  Node n = e.value;
  const std::string text(n.scalar());
  if (n.is_scalar() && !is_quoted(n) && is_int_text(text) && text.size() < 12)
    return std::strtoll(text.c_str(), nullptr, 10);
  wrong_type(n, where(e), key_path, expected);
  return std::nullopt;
}

std::vector<NameRef> Reader::names(const Entry& e, std::string_view key_path, std::string_view expected) {
  std::vector<NameRef> out;
  auto items = list(e, key_path, "a list of " + std::string(expected));
  if (!items) return out;
  for (std::size_t i = 0; i < items->size(); ++i) {
    Node item = (*items)[i];
    std::string item_path = std::string(key_path) + "[" + std::to_string(i) + "]";
    if (auto s = string(item, where(item), item_path, expected)) out.push_back(NameRef{*s, where(item)});
  }
  return out;
}

std::vector<GlobPattern> Reader::globs(const Entry& e, std::string_view key_path) {
  std::vector<GlobPattern> out;
  for (const NameRef& text : names(e, key_path, "glob patterns")) {
    auto glob = text.value.empty() ? Expected<discover::Glob>(Error{"the pattern is empty"})
                                   : discover::Glob::compile(text.value);
    if (!glob) {
      error(text.where, "invalid glob '" + text.value + "' in " + quoted_path(key_path) + ": " +
                            glob.error().message + "; expected a glob such as 'app/models/**/*.py'");
      continue;
    }
    out.push_back(GlobPattern{*glob, text.where});
  }
  return out;
}

std::vector<GlobPattern> Reader::dotted_globs(const Entry& e, std::string_view key_path) {
  std::vector<GlobPattern> out;
  for (const NameRef& text : names(e, key_path, "dotted name globs")) {
    std::string slashed = text.value;
    bool has_slash = slashed.find('/') != std::string::npos;
    for (char& c : slashed)
      if (c == '.') c = '/';
    auto glob = text.value.empty() ? Expected<discover::Glob>(Error{"the pattern is empty"})
                : has_slash        ? Expected<discover::Glob>(Error{"'/' is not part of a dotted name"})
                                   : discover::Glob::compile(slashed);
    if (!glob) {
      error(text.where, "invalid pattern '" + text.value + "' in " + quoted_path(key_path) + ": " +
                            glob.error().message + "; expected a dotted name glob such as 'app.admin.**'");
      continue;
    }
    out.push_back(GlobPattern{*glob, text.where});
  }
  return out;
}

std::vector<RoutePattern> Reader::routes(const Entry& e, std::string_view key_path) {
  std::vector<RoutePattern> out;
  for (const NameRef& text : names(e, key_path, "'METHOD /path' patterns")) {
    auto pattern = parse_route_pattern(text.value);
    if (!pattern) {
      error(text.where, "invalid route pattern '" + text.value + "' in " + quoted_path(key_path) + ": " +
                            pattern.error().message +
                            "; expected 'METHOD /path' such as 'POST /auth/login' (METHOD: an HTTP method, * or ANY)");
      continue;
    }
    pattern->where = text.where;
    out.push_back(*pattern);
  }
  return out;
}

}  // namespace archverify::genome::detail
