// GitHub job summary: the Markdown the CLI appends to $GITHUB_STEP_SUMMARY —
// verdict and score, a category table, top rules by lost points and the most
// severe counted findings with links to their lines ("path#Lline", prefixed
// by options.source_link_base when set). Also registered as the
// "github-summary" reporter.
#pragma once
#include <ostream>
#include <string>
#include <utility>

#include "reporters/reporter.h"

namespace archverify::reporters {

void write_github_summary(const Report& report, const ReporterOptions& options, std::ostream& out);

class GithubSummaryReporter final : public Reporter {
 public:
  explicit GithubSummaryReporter(ReporterOptions options) : options_(std::move(options)) {}
  void write(const Report& report, std::ostream& out) const override {
    write_github_summary(report, options_, out);
  }

 private:
  ReporterOptions options_;
};

namespace detail {
// Text safe inside a Markdown table cell: '|' escaped, line breaks flattened,
// '<' and '>' as entities so nothing is read as HTML.
std::string markdown_cell(std::string_view text);
// A repo-relative path made safe for a Markdown link destination (percent-encoded).
std::string link_path(std::string_view path);
}  // namespace detail

}  // namespace archverify::reporters
