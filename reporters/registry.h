// Reporter registry: the one explicit name → factory table the CLI uses for
// `--format NAME` (Catch2-style reporter table, no static self-registration).
#pragma once
#include <memory>
#include <span>
#include <string_view>

#include "reporters/reporter.h"

namespace archverify::reporters {

using ReporterFactory = std::unique_ptr<Reporter> (*)(const ReporterOptions&);

struct ReporterEntry {
  std::string_view name;         // value of --format
  std::string_view description;  // one line for --help
  ReporterFactory make;
};

// All reporters, in a fixed order: text, json, sarif, github, github-summary.
std::span<const ReporterEntry> reporter_entries();

// The reporter called `name`, or nullptr when there is none.
std::unique_ptr<Reporter> make_reporter(std::string_view name, const ReporterOptions& options);

}  // namespace archverify::reporters
