// SARIF reporter: SARIF 2.1.0 shaped for GitHub code scanning. The rules
// table is built mechanically from RuleMeta (STYLE.md §14); results point
// into it by ruleIndex, carry repo-relative locations under %SRCROOT%,
// GitHub's primaryLocationLineHash and our own fingerprint, and in-source
// suppressions. The score goes to run.properties, tool diagnostics to
// invocations[0].toolExecutionNotifications. Output must pass
// shared/tools/check-sarif (OASIS schema + Microsoft's multitool, GitHub rules).
#pragma once
#include <utility>

#include "reporters/reporter.h"

namespace archverify::reporters {

class SarifReporter final : public Reporter {
 public:
  explicit SarifReporter(ReporterOptions options) : options_(std::move(options)) {}
  void write(const Report& report, std::ostream& out) const override;

 private:
  ReporterOptions options_;
};

}  // namespace archverify::reporters
