// Typed reads from document tree nodes for the genome loader: each read either
// returns the value or records one positioned ConfigError ("what is wrong;
// expected …") and returns nullopt, so one pass collects every error of a file.
// Mappings are opened through MapView, which rejects unknown keys (with a
// "did you mean" from edit distance) and duplicate keys against the section's
// entry in genome_keys.h. Internal to av_genome.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/document/document.h"
#include "analyzer/genome/genome.h"
#include "analyzer/genome/genome_enums.h"

namespace archverify::genome::detail {

using document::Node;

// Closest candidate within a small edit distance, if any.
std::optional<std::string_view> closest(std::string_view word, std::span<const std::string_view> candidates);
std::string join(std::span<const std::string_view> words, std::string_view sep = ", ");

// Describes a node for "got …": "a list", "a mapping", "a number", "true/false", "nothing", "a string".
std::string describe(Node n);
// Plain scalars that YAML/JSON read as a number, boolean or null are not strings.
bool is_plain_non_string(Node n);

struct Entry {
  std::string key;
  Node key_node;
  Node value;
};

class MapView {
 public:
  const Entry* find(std::string_view key) const;
  Node node() const { return node_; }
  std::vector<Entry> entries;
  Node node_;
};

class Reader {
 public:
  Reader(const document::Document& doc, std::vector<Diagnostic>& out) : doc_(doc), out_(out) {}

  SourceRange where(Node n) const { return doc_.range_of(n); }
  // The value's position, or its key's when the value has none (an empty value).
  SourceRange where(const Entry& e) const;
  void error(const SourceRange& at, std::string message);
  std::size_t error_count() const { return out_.size(); }

  // Opens a mapping; `section` names its row in genome_keys (e.g. "auth.cookie_flags").
  std::optional<MapView> map(Node n, const SourceRange& at, std::string_view key_path,
                             std::string_view section, std::string_view expected);
  // Opens a free-form mapping (keys chosen by the user) — duplicates still rejected.
  std::optional<MapView> free_map(Node n, const SourceRange& at, std::string_view key_path,
                                  std::string_view expected);
  // A sequence's elements, or nullopt (error recorded).
  std::optional<std::vector<Node>> list(const Entry& e, std::string_view key_path, std::string_view expected);

  std::optional<std::string> string(Node n, const SourceRange& at, std::string_view key_path,
                                    std::string_view expected = "a string");
  std::optional<bool> boolean(const Entry& e, std::string_view key_path);
  std::optional<double> number(const Entry& e, std::string_view key_path, std::string_view expected);
  std::optional<long long> integer(const Entry& e, std::string_view key_path, std::string_view expected);

  template <typename E, std::size_t N>
  std::optional<E> enumeration(Node n, const SourceRange& at, std::string_view key_path,
                               const std::array<EnumName<E>, N>& table) {
    if (n.is_scalar() && !is_plain_non_string(n))  // the common case, before building any message text
      for (const auto& e : table)
        if (e.name == n.scalar()) return e.value;
    std::vector<std::string_view> names;
    for (const auto& e : table) names.push_back(e.name);
    auto text = string(n, at, key_path, "one of: " + join(names));
    if (!text) return std::nullopt;
    for (const auto& e : table)
      if (e.name == *text) return e.value;
    bad_value(at, *text, key_path, names);
    return std::nullopt;
  }

  // Lists of strings / globs / route patterns; bad elements are reported and skipped.
  std::vector<NameRef> names(const Entry& e, std::string_view key_path, std::string_view expected);
  std::vector<GlobPattern> globs(const Entry& e, std::string_view key_path);
  // Globs over dotted names (`app.admin.**`): compiled with `.` as the separator.
  std::vector<GlobPattern> dotted_globs(const Entry& e, std::string_view key_path);
  std::vector<RoutePattern> routes(const Entry& e, std::string_view key_path);

  void bad_value(const SourceRange& at, std::string_view value, std::string_view key_path,
                 std::span<const std::string_view> allowed);
  void wrong_type(Node n, const SourceRange& at, std::string_view key_path, std::string_view expected);

 private:
  std::optional<MapView> open(Node n, const SourceRange& at, std::string_view key_path,
                              std::string_view expected, const std::vector<std::string_view>* known);
  const document::Document& doc_;
  std::vector<Diagnostic>& out_;
};


}  // namespace archverify::genome::detail
