// Reporter registry: the table itself. Add a reporter here and nowhere else.
#include "reporters/registry.h"

#include <array>

#include "reporters/github_reporter.h"
#include "reporters/github_summary.h"
#include "reporters/json_reporter.h"
#include "reporters/sarif_reporter.h"
#include "reporters/text_reporter.h"

namespace archverify::reporters {
namespace {

template <typename R>
std::unique_ptr<Reporter> make(const ReporterOptions& options) {
  return std::make_unique<R>(options);
}

constexpr std::array<ReporterEntry, 5> kReporters = {{
    {"text", "human-readable findings with source snippets and a score card", &make<TextReporter>},
    {"json", "versioned JSON (reporters/report.schema.json)", &make<JsonReporter>},
    {"sarif", "SARIF 2.1.0 for GitHub code scanning and other SARIF viewers", &make<SarifReporter>},
    {"github", "GitHub Actions workflow-command annotations", &make<GithubReporter>},
    {"github-summary", "Markdown job summary for $GITHUB_STEP_SUMMARY", &make<GithubSummaryReporter>},
}};

}  // namespace

std::span<const ReporterEntry> reporter_entries() { return kReporters; }

std::unique_ptr<Reporter> make_reporter(std::string_view name, const ReporterOptions& options) {
  for (const ReporterEntry& e : kReporters)
    if (e.name == name) return e.make(options);
  return nullptr;
}

}  // namespace archverify::reporters
