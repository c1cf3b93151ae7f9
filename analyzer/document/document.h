// Safe loading of the YAML/JSON documents the user hands us (the genome, the
// committed OpenAPI spec): size cap, UTF-8 check, strict JSON when the file is
// JSON, libyaml parse errors and tab indentation turned into positioned
// Diagnostics, and a guard against alias "bombs" and absurd nesting. Callers
// then walk the read-only YamlTree (yaml_tree.h; JSON is parsed by libyaml
// too, after nlohmann has checked it is strict JSON, so both syntaxes give the
// same node marks). It deliberately does not interpret the document: no
// schema, no keys.
#pragma once
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/document/yaml_tree.h"

namespace archverify::document {

enum class Syntax { Yaml, Json };

struct Limits {
  std::size_t max_bytes = std::size_t{1} << 20;  // file size cap
  std::size_t max_nodes = 200'000;                // nodes visited with aliases expanded
  std::size_t max_depth = 64;                     // nesting of mappings/sequences
};

// A parsed document. `text` is the UTF-8 source (BOM removed) the marks refer to.
struct Document {
  std::string path;  // as given (repo-relative for display)
  Syntax syntax = Syntax::Yaml;
  std::string text;
  std::shared_ptr<const YamlTree> tree;  // owns the nodes `root` points into
  Node root;

  // The 1-based line and code-point column of a node (its first character).
  SourceRange range_of(Node node) const;  // empty range for an absent node
  SourceRange range_at(std::size_t line0, std::size_t byte_col0) const;
};

struct DocumentLoad {
  std::optional<Document> document;      // absent when the text could not be parsed
  std::vector<Diagnostic> diagnostics;   // ConfigError, positioned when possible
};

// Parsed trees kept between runs, keyed by the text libyaml would read and
// the depth limit (pipeline/ keeps them in the facts cache): parse_document
// asks for a tree before parsing and hands over each tree it had to parse.
// Only trees of texts that parsed cleanly are handed over, and every check
// after the parse (depth, alias expansion) runs on a remembered tree too.
class TreeMemo {
 public:
  virtual ~TreeMemo() = default;
  virtual std::unique_ptr<YamlTree> find(std::string_view text, std::size_t max_depth) const = 0;
  virtual void keep(std::string_view text, std::size_t max_depth, const YamlTree& tree) const = 0;
};

// JSON when the name ends in ".json" or the first non-blank character is '{'.
Syntax detect_syntax(std::string_view display_path, std::string_view text);

// Parses in-memory text; `what` names the document in messages ("genome", "OpenAPI spec").
// With `memo`, the tree comes from it when it has the text's.
DocumentLoad parse_document(std::string text, std::string display_path, std::string_view what,
                            const Limits& limits, const TreeMemo* memo = nullptr);

// Reads then parses a file; a missing/unreadable/oversized file is a diagnostic at line 0.
DocumentLoad load_document(const std::filesystem::path& file, std::string display_path,
                           std::string_view what, const Limits& limits, const TreeMemo* memo = nullptr);

// 1-based line and code-point column of a byte offset in `text`.
Position position_of_offset(std::string_view text, std::size_t offset);

}  // namespace archverify::document
