// Document loading: read → size cap → UTF-8 → (strict JSON) → libyaml tree → guards.
#include "analyzer/document/document.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace archverify::document {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string human_size(std::size_t bytes) {
  if (bytes >= (std::size_t{1} << 20) && bytes % (std::size_t{1} << 20) == 0)
    return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

Diagnostic error_at(const std::string& path, Position pos, std::string message) {
  return Diagnostic{DiagnosticKind::ConfigError, SourceRange{path, pos, pos}, std::move(message)};
}

// Byte offset of the first invalid UTF-8 sequence (or NUL byte), or npos.
std::size_t first_bad_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return i;
    if (c < 0x80) { ++i; continue; }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > s.size()) return i;
    for (std::size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::uint32_t code_points(std::string_view bytes) {
  std::uint32_t n = 0;
  for (char c : bytes)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

// First tab used for indentation, at or before `max_line0` (0-based), as (line0, col0).
std::optional<std::pair<std::size_t, std::size_t>> indentation_tab(std::string_view text,
                                                                   std::size_t max_line0) {
  std::size_t line = 0;
  std::size_t i = 0;
  while (i < text.size() && line <= max_line0) {
    std::size_t col = 0;
    while (i + col < text.size() && (text[i + col] == ' ' || text[i + col] == '\t')) {
      if (text[i + col] == '\t') return std::make_pair(line, col);
      ++col;
    }
    std::size_t nl = text.find('\n', i);
    if (nl == std::string_view::npos) break;
    i = nl + 1;
    ++line;
  }
  return std::nullopt;
}

// Strips nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 9: " prefix.
std::string json_reason(std::string_view what) {
  auto colon = what.find(": ");
  auto at_line = what.find("at line");
  if (at_line != std::string_view::npos && colon != std::string_view::npos && colon > at_line)
    what.remove_prefix(colon + 2);
  else if (auto br = what.find("] "); br != std::string_view::npos)
    what.remove_prefix(br + 2);
  return std::string(what);
}

// Walks the tree as a reader would, aliases expanded, until a limit trips.
struct Guard {
  explicit Guard(const Limits& l) : limits(l) {}
  const Limits& limits;
  std::size_t visited = 0;
  bool too_deep = false;
  Node offending;

  bool walk(Node node, std::size_t depth) {
    if (++visited > limits.max_nodes) { offending = node; return false; }
    if (!node.is_mapping() && !node.is_sequence()) return true;
    if (depth >= limits.max_depth) { offending = node; too_deep = true; return false; }
    if (node.is_mapping()) {
      for (const KeyValue& kv : node.pairs())
        if (!walk(kv.key, depth + 1) || !walk(kv.value, depth + 1)) return false;
    } else {
      for (Node child : node.items())
        if (!walk(child, depth + 1)) return false;
    }
    return true;
  }
};

// libyaml's problem, with where the construct it was reading began when that is elsewhere.
std::string describe_problem(const YamlProblem& p) {
  std::string out = p.problem;
  bool elsewhere = p.context_at && (!p.at || p.context_at->line != p.at->line || p.context_at->column != p.at->column);
  if (!p.context.empty() && elsewhere)
    out += " (" + p.context + " that starts at line " + std::to_string(p.context_at->line + 1) + ", column " +
           std::to_string(p.context_at->column + 1) + ")";
  return out;
}

bool only_blank_or_comments(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    if (line.compare(first, 3, "---") == 0 && line.find_first_not_of(" \t\r", first + 3) == std::string::npos)
      continue;
    return false;
  }
  return true;
}

// JSON writes a character outside the BMP as a UTF-16 surrogate pair of
// escapes (backslash-u D83C backslash-u DFC4); libyaml rejects each half.
// Rewrites every such pair as YAML's 8-digit escape (backslash-U 0001F3C4) for
// the YAML parse only (line numbers are unchanged; later columns on that line
// shift by two).
std::string yaml_compatible_json(const std::string& text) {
  auto hex4 = [&](std::size_t at, std::uint32_t& value) {
    if (at + 4 > text.size()) return false;
    value = 0;
    for (std::size_t k = at; k < at + 4; ++k) {
      char c = text[k];
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) return false;
      value = value * 16 + static_cast<std::uint32_t>(d);
    }
    return true;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 >= text.size()) { out += text[i]; continue; }
    std::uint32_t high = 0, low = 0;
    if (text[i + 1] == 'u' && hex4(i + 2, high) && high >= 0xD800 && high <= 0xDBFF && i + 11 < text.size() &&
        text[i + 6] == '\\' && text[i + 7] == 'u' && hex4(i + 8, low) && low >= 0xDC00 && low <= 0xDFFF) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\U%08x", 0x10000u + ((high - 0xD800u) << 10) + (low - 0xDC00u));
      out += buf;
      i += 11;
      continue;
    }
    out += text[i];  // any other escape is copied whole, so an escaped backslash before 'u' is not misread
    out += text[++i];
  }
  return out;
}

}  // namespace

Position position_of_offset(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line_start = 0;
  std::uint32_t line = 1;
  for (std::size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') { ++line; line_start = i + 1; }
  return Position{line, code_points(text.substr(line_start, offset - line_start)) + 1};
}

SourceRange Document::range_at(std::size_t line0, std::size_t byte_col0) const {
  // Only error paths ask, so the line is found by scanning rather than kept in a table.
  std::size_t start = 0;
  for (std::size_t i = 0, line = 0; i < text.size() && line < line0; ++i)
    if (text[i] == '\n') { start = i + 1; ++line; }
  std::size_t end = std::min(start + byte_col0, text.size());
  Position pos{static_cast<std::uint32_t>(line0 + 1),
               code_points(std::string_view(text).substr(start, end - start)) + 1};
  return SourceRange{path, pos, pos};
}

SourceRange Document::range_of(Node node) const {
  if (!node.exists()) return SourceRange{path, {}, {}};
  NodeMark m = node.mark();
  Position pos{m.line + 1, m.column + 1};
  return SourceRange{path, pos, pos};
}

Syntax detect_syntax(std::string_view display_path, std::string_view text) {
  if (display_path.size() >= 5 && display_path.substr(display_path.size() - 5) == ".json")
    return Syntax::Json;
  auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{' ? Syntax::Json : Syntax::Yaml;
}

DocumentLoad parse_document(std::string text, std::string display_path, std::string_view what,
                            const Limits& limits, const TreeMemo* memo) {
  DocumentLoad out;
  const std::string subject(what);
  if (text.size() > limits.max_bytes) {
    out.diagnostics.push_back(error_at(display_path, {},
        "the " + subject + " is " + std::to_string(text.size()) + " bytes; expected at most " +
        human_size(limits.max_bytes)));
    return out;
  }
  if (std::string_view(text).substr(0, kBom.size()) == kBom) text.erase(0, kBom.size());
  if (auto bad = first_bad_utf8(text); bad != std::string_view::npos) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned>(static_cast<unsigned char>(text[bad])));
    out.diagnostics.push_back(error_at(display_path, position_of_offset(text, bad),
        text[bad] == 0 ? "NUL byte in the " + subject + "; expected UTF-8 text"
                       : std::string("invalid UTF-8 byte ") + hex + "; expected UTF-8 text"));
    return out;
  }
  if (only_blank_or_comments(text)) {
    out.diagnostics.push_back(error_at(display_path, {1, 1},
        "the " + subject + " is empty; expected a mapping of keys to values"));
    return out;
  }

  Document doc;
  doc.path = display_path;
  doc.syntax = detect_syntax(display_path, text);

  if (doc.syntax == Syntax::Json) {
    try {
      // Strictness check only: the callback discards every value, so nothing is kept.
      nlohmann::json parsed = nlohmann::json::parse(
          text, [](int, nlohmann::json::parse_event_t, nlohmann::json&) { return false; });
      (void)parsed;
    } catch (const nlohmann::json::parse_error& e) {
      std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
      if (offset < text.size() && (text[offset] == '}' || text[offset] == ']')) {
        std::size_t prev = text.find_last_not_of(" \t\r\n", offset == 0 ? 0 : offset - 1);
        if (prev != std::string::npos && prev < offset && text[prev] == ',') {
          out.diagnostics.push_back(error_at(display_path, position_of_offset(text, prev),
              std::string("invalid JSON: trailing comma before '") + text[offset] +
              "'; expected another value after ',' or no comma (JSON allows no trailing commas)"));
          return out;
        }
      }
      out.diagnostics.push_back(error_at(display_path, position_of_offset(text, offset),
          "invalid JSON: " + json_reason(e.what())));
      return out;
    }
  }

  std::optional<YamlProblem> problem;
  const std::string json_as_yaml = doc.syntax == Syntax::Json ? yaml_compatible_json(text) : std::string();
  const std::string_view yaml_text = doc.syntax == Syntax::Json ? std::string_view(json_as_yaml) : std::string_view(text);
  std::shared_ptr<const YamlTree> tree = memo ? memo->find(yaml_text, limits.max_depth) : nullptr;
  if (!tree) {
    tree = YamlTree::parse(yaml_text, limits.max_depth, problem);
    if (tree && memo) memo->keep(yaml_text, limits.max_depth, *tree);
  }
  if (!tree) {
    Position at = problem->at ? Position{problem->at->line + 1, problem->at->column + 1}
                              : position_of_offset(text, problem->byte_offset.value_or(0));
    if (doc.syntax == Syntax::Yaml) {
      if (auto tab = indentation_tab(text, at.line > 0 ? at.line - 1 : 0)) {
        doc.text = text;
        out.diagnostics.push_back(Diagnostic{DiagnosticKind::ConfigError,
            doc.range_at(tab->first, tab->second),
            "tab character used for indentation; expected spaces (YAML forbids tabs in indentation)"});
        return out;
      }
    }
    const std::string syntax = doc.syntax == Syntax::Json ? "JSON" : "YAML";
    out.diagnostics.push_back(error_at(display_path, at,
        "invalid " + syntax + ": " + describe_problem(*problem) + "; expected well-formed " + syntax));
    return out;
  }
  doc.text = std::move(text);
  doc.root = tree->root();
  doc.tree = std::move(tree);

  // Without aliases every node is visited once, and the builder stopped at any
  // too-deep collection: the walk is only needed when one of those could trip.
  bool may_trip = doc.tree->has_aliases() || doc.tree->stopped_at_depth() || doc.tree->node_count() > limits.max_nodes;
  Guard guard(limits);
  if (may_trip && !guard.walk(doc.root, 0)) {
    out.diagnostics.push_back(Diagnostic{DiagnosticKind::ConfigError, doc.range_of(guard.offending),
        guard.too_deep
            ? "the " + subject + " is nested deeper than " + std::to_string(limits.max_depth) +
                  " levels; expected a shallower document"
            : "the " + subject + " expands to more than " + std::to_string(limits.max_nodes) +
                  " nodes (anchors and aliases are expanded); expected a smaller document without alias chains"});
    return out;
  }
  out.document = std::move(doc);
  return out;
}

DocumentLoad load_document(const std::filesystem::path& file, std::string display_path,
                           std::string_view what, const Limits& limits, const TreeMemo* memo) {
  DocumentLoad out;
  std::error_code ec;
  auto status = std::filesystem::status(file, ec);
  if (ec || !std::filesystem::exists(status)) {
    out.diagnostics.push_back(error_at(display_path, {},
        "cannot read the " + std::string(what) + ": file not found; expected an existing file"));
    return out;
  }
  if (!std::filesystem::is_regular_file(status)) {
    out.diagnostics.push_back(error_at(display_path, {},
        "cannot read the " + std::string(what) + ": not a regular file; expected a file"));
    return out;
  }
  auto size = std::filesystem::file_size(file, ec);
  if (!ec && size > limits.max_bytes) {
    out.diagnostics.push_back(error_at(display_path, {},
        "the " + std::string(what) + " is " + std::to_string(size) + " bytes; expected at most " +
        human_size(limits.max_bytes)));
    return out;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    out.diagnostics.push_back(error_at(display_path, {},
        "cannot read the " + std::string(what) + ": permission denied or I/O error; expected a readable file"));
    return out;
  }
  std::string text;
  text.resize(static_cast<std::size_t>(std::min<std::uintmax_t>(size, limits.max_bytes + 1)));
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return parse_document(std::move(text), std::move(display_path), what, limits, memo);
}

}  // namespace archverify::document
