// Text reporter: the default terminal output. One block per counted finding
// (location, code, severity, message, the source line with a caret span, fix
// hint), one line per suppressed, baselined or fixed finding, a diagnostics
// summary, then the score card (overall vs threshold, PASS/FAIL, a bar per
// category, top rules by lost points). ANSI colour only when options.color.
#pragma once
#include <utility>

#include "reporters/reporter.h"

namespace archverify::reporters {

class TextReporter final : public Reporter {
 public:
  explicit TextReporter(ReporterOptions options) : options_(std::move(options)) {}
  void write(const Report& report, std::ostream& out) const override;

 private:
  ReporterOptions options_;
};

}  // namespace archverify::reporters
