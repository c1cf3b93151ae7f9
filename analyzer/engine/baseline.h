// Baselines: a versioned JSON file recording the findings a team accepted on
// a given day, by archverify fingerprint, so later runs can score and gate on
// new findings only (PRODUCT.md §5, SonarQube's "new code" idea). This file
// creates, reads and writes that file and matches a run's findings against
// it; it never touches the filesystem except in load/save.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/expected.h"
#include "analyzer/core/finding.h"

namespace archverify::engine {

inline constexpr int kBaselineVersion = 1;

struct BaselineEntry {
  std::string fingerprint;  // the match key
  // Informational, to render "fixed" entries and to make diffs readable:
  std::string rule_id;
  std::string rule_name;
  Severity severity = Severity::Medium;
  std::string path;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;
  auto operator<=>(const BaselineEntry&) const = default;
};

struct Baseline {
  std::vector<BaselineEntry> entries;  // sorted by (path, line, column, rule, fingerprint)
};

// Records every finding not suppressed (in source or by config); findings must
// already carry their fingerprint.
Baseline make_baseline(const std::vector<Finding>& findings);

// Deterministic JSON text (fixed key order, two-space indent, final newline).
std::string to_json_text(const Baseline& baseline);

// Parses baseline JSON; any problem (not JSON, wrong kind or version, missing
// or mistyped field) is an Error naming what is wrong, never an exception.
Expected<Baseline> parse_baseline(std::string_view text);
Expected<Baseline> load_baseline(const std::filesystem::path& file);
// Writes to_json_text(baseline); an Error when the file cannot be written.
std::optional<Error> save_baseline(const Baseline& baseline, const std::filesystem::path& file);

// Marks each finding Existing when an unused baseline entry has its
// fingerprint, else New (multiset matching: n entries absorb at most n equal
// fingerprints, in order). Returns the baseline entries no finding used, as
// findings marked Existing (the "fixed" list of the report), in baseline order.
std::vector<Finding> apply_baseline(std::vector<Finding>& findings, const Baseline& baseline);

}  // namespace archverify::engine
