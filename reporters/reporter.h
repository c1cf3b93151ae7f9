// The reporter interface: a reporter is a pure function of a Report value,
// written to a stream. It never filters, sorts, scores or decides exit codes
// (STYLE.md §15); the CLI picks reporters by name from registry.h and fills
// ReporterOptions (colour from TTY/--color/NO_COLOR, GitHub link base, ...).
#pragma once
#include <cstddef>
#include <ostream>
#include <string>

#include "analyzer/core/report.h"

namespace archverify::reporters {

struct ReporterOptions {
  bool color = false;                   // ANSI colour in text output
  std::size_t max_top_rules = 5;        // "top rules by lost points" rows (text, summary)
  std::size_t max_summary_findings = 20;  // findings listed in the GitHub job summary
  // SARIF: tool.driver.informationUri and the prefix of each rule's helpUri
  // (helpUri = help_uri_base + rule id; empty base omits helpUri).
  std::string information_uri = "urn:archverify";
  std::string help_uri_base = "urn:archverify:rule:";
  // SARIF automationDetails.id, read by GitHub as "category/run-id".
  std::string automation_id = "archverify/";
  // GitHub summary: prefix of finding links, e.g. the blob URL of the
  // analysed commit; empty keeps links repo-relative ("path#Lline").
  std::string source_link_base;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void write(const Report& report, std::ostream& out) const = 0;
};

}  // namespace archverify::reporters
