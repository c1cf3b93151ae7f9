// [tool.archverify] reader on toml++.
#include "analyzer/genome/pyproject_config.h"

#include <algorithm>
#include <fstream>

#include <toml++/toml.h>

#include "analyzer/genome/genome_enums.h"
#include "analyzer/genome/genome_reader.h"

namespace archverify::genome {

namespace {

Diagnostic error_at(const std::string& path, Position pos, std::string message) {
  return Diagnostic{DiagnosticKind::ConfigError, SourceRange{path, pos, pos}, std::move(message)};
}

Position pos_of(const toml::source_region& s) {
  return Position{static_cast<std::uint32_t>(s.begin.line), static_cast<std::uint32_t>(s.begin.column)};
}

std::string toml_type(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "true/false";
    default: return "a date/time";
  }
}

bool is_rule_selector(std::string_view s) {
  if (s == "ALL") return true;
  std::size_t letters = 0;
  while (letters < s.size() && s[letters] >= 'A' && s[letters] <= 'Z') ++letters;
  if (letters == 0 || s.size() > letters + 3) return false;
  for (std::size_t i = letters; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

class TomlReader {
 public:
  TomlReader(std::string path, std::vector<Diagnostic>& out) : path_(std::move(path)), out_(out) {}

  SourceRange where(const toml::node& n) const {
    Position p = pos_of(n.source());
    return SourceRange{path_, p, p};
  }
  void error(const toml::node& n, std::string msg) { out_.push_back(error_at(path_, pos_of(n.source()), std::move(msg))); }
  void wrong_type(const toml::node& n, std::string_view key, std::string_view expected) {
    error(n, "wrong type for 'tool.archverify." + std::string(key) + "': got " + toml_type(n) + "; expected " +
                 std::string(expected));
  }

  std::optional<std::vector<Located<std::string>>> strings(const toml::node& n, std::string_view key,
                                                           std::string_view expected) {
    const toml::array* arr = n.as_array();
    if (!arr) {
      wrong_type(n, key, "an array of " + std::string(expected));
      return std::nullopt;
    }
    std::vector<Located<std::string>> out;
    bool ok = true;
    for (const toml::node& item : *arr) {
      if (const auto* s = item.as_string()) out.push_back({s->get(), where(item)});
      else { wrong_type(item, key, "an array of " + std::string(expected)); ok = false; }
    }
    if (!ok) return std::nullopt;
    return out;
  }

 private:
  std::string path_;
  std::vector<Diagnostic>& out_;
};

}  // namespace

const std::vector<std::string_view>& pyproject_keys() {
  static const std::vector<std::string_view> keys = {"genome", "threshold", "exclude", "select",
                                                     "ignore", "jobs",      "fail_on"};
  return keys;
}

PyprojectLoad parse_pyproject(std::string_view text, std::string display_path) {
  PyprojectLoad out;
  toml::table doc;
  try {
    doc = toml::parse(text, std::string_view(display_path));
  } catch (const toml::parse_error& e) {
    out.diagnostics.push_back(error_at(display_path, pos_of(e.source()),
                                       "invalid TOML: " + std::string(e.description()) + "; expected well-formed TOML"));
    return out;
  }
  PyprojectConfig cfg;
  cfg.path = display_path;
  const toml::node* tool = doc.get("tool");
  const toml::node* section = tool && tool->is_table() ? tool->as_table()->get("archverify") : nullptr;
  if (!section) {
    out.config = std::move(cfg);
    return out;
  }
  TomlReader r(display_path, out.diagnostics);
  const toml::table* table = section->as_table();
  if (!table) {
    r.error(*section, "wrong type for 'tool.archverify': got " + toml_type(*section) + "; expected a table");
    return out;
  }
  cfg.has_table = true;
  for (const auto& [key, value] : *table) {
    std::string_view k = key.str();
    if (std::find(pyproject_keys().begin(), pyproject_keys().end(), k) == pyproject_keys().end()) {
      std::string msg = "unknown key '" + std::string(k) + "' in 'tool.archverify'";
      if (auto guess = detail::closest(k, pyproject_keys())) msg += " (did you mean '" + std::string(*guess) + "'?)";
      out.diagnostics.push_back(error_at(display_path, pos_of(key.source()),
                                         msg + "; expected one of: " + detail::join(pyproject_keys())));
      continue;
    }
    SourceRange at = r.where(value);
    if (k == "genome") {
      if (const auto* s = value.as_string()) cfg.genome = Located<std::string>{s->get(), at};
      else r.wrong_type(value, k, "the path of the genome file");
    } else if (k == "threshold") {
      std::optional<double> n;
      if (const auto* i = value.as_integer()) n = static_cast<double>(i->get());
      else if (const auto* f = value.as_floating_point()) n = f->get();
      if (!n) { r.wrong_type(value, k, "a number from 0 to 100"); continue; }
      if (!(*n >= 0 && *n <= 100)) { r.error(value, "threshold out of range for 'tool.archverify.threshold'; expected a number from 0 to 100"); continue; }
      cfg.threshold = Located<double>{*n, at};
    } else if (k == "jobs") {
      const auto* i = value.as_integer();
      if (!i) { r.wrong_type(value, k, "a positive integer"); continue; }
      if (i->get() < 1 || i->get() > 1024) { r.error(value, "jobs " + std::to_string(i->get()) + " out of range for 'tool.archverify.jobs'; expected an integer from 1 to 1024"); continue; }
      cfg.jobs = Located<int>{static_cast<int>(i->get()), at};
    } else if (k == "fail_on") {
      const auto* s = value.as_string();
      if (!s) { r.wrong_type(value, k, "one of: low, medium, high, critical, none"); continue; }
      bool found = false;
      for (const auto& e : detail::kFailOn)
        if (e.name == s->get()) { cfg.fail_on = Located<std::optional<Severity>>{e.value, at}; found = true; }
      if (!found) {
        std::vector<std::string_view> names;
        for (const auto& e : detail::kFailOn) names.push_back(e.name);
        std::string msg = "invalid value '" + s->get() + "' for 'tool.archverify.fail_on'";
        if (auto guess = detail::closest(s->get(), names)) msg += " (did you mean '" + std::string(*guess) + "'?)";
        r.error(value, msg + "; expected one of: " + detail::join(names));
      }
    } else if (k == "exclude") {
      auto items = r.strings(value, k, "glob patterns");
      if (!items) continue;
      std::vector<GlobPattern> globs;
      for (const auto& item : *items) {
        auto g = discover::Glob::compile(item.value);
        if (!g) {
          out.diagnostics.push_back(Diagnostic{DiagnosticKind::ConfigError, item.where,
              "invalid glob '" + item.value + "' in 'tool.archverify.exclude': " + g.error().message +
              "; expected a glob such as 'scripts/**'"});
          continue;
        }
        globs.push_back(GlobPattern{*g, item.where});
      }
      cfg.exclude = Located<std::vector<GlobPattern>>{std::move(globs), at};
    } else if (k == "select" || k == "ignore") {
      auto items = r.strings(value, k, "rule codes");
      if (!items) continue;
      std::vector<std::string> codes;
      for (const auto& item : *items) {
        if (!is_rule_selector(item.value)) {
          out.diagnostics.push_back(Diagnostic{DiagnosticKind::ConfigError, item.where,
              "invalid rule selector '" + item.value + "' in 'tool.archverify." + std::string(k) +
              "'; expected a rule code or prefix such as 'TEN001', 'TEN' or 'ALL'"});
          continue;
        }
        codes.push_back(item.value);
      }
      (k == "select" ? cfg.select : cfg.ignore) = Located<std::vector<std::string>>{std::move(codes), at};
    }
  }
  if (out.diagnostics.empty()) out.config = std::move(cfg);
  return out;
}

PyprojectLoad load_pyproject(const std::filesystem::path& file, std::string display_path) {
  if (display_path.empty()) display_path = file.generic_string();
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  PyprojectLoad out;
  if (ec) {
    out.diagnostics.push_back(error_at(display_path, {}, "cannot read pyproject.toml: " + ec.message() + "; expected a readable file"));
    return out;
  }
  if (size > kMaxPyprojectBytes) {
    out.diagnostics.push_back(error_at(display_path, {}, "pyproject.toml is " + std::to_string(size) +
                                                           " bytes; expected at most 4 MiB"));
    return out;
  }
  std::ifstream in(file, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (!in) {
    out.diagnostics.push_back(error_at(display_path, {}, "cannot read pyproject.toml: I/O error; expected a readable file"));
    return out;
  }
  return parse_pyproject(text, std::move(display_path));
}

}  // namespace archverify::genome
