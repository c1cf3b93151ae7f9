// RuleContext: what a rule reports through. It stamps the rule id, name and
// effective severity on each finding and counts the rule's checks (the
// opportunities it examined) for the score.
#pragma once
#include <string>
#include <vector>

#include "analyzer/core/finding.h"
#include "analyzer/core/rule_meta.h"

namespace archverify::engine {

class RuleContext {
 public:
  RuleContext(const RuleMeta& meta, Severity effective_severity) : meta_(meta), severity_(effective_severity) {}

  // One opportunity examined (a query on a tenant entity, an FK column, a route…).
  void count_check(long n = 1) { checks_ += n; }

  // Reports a finding at the rule's effective severity.
  Finding& report(SourceRange where, std::string message, std::string fix_hint = {});
  // Reports at a specific severity (e.g. a conditional flag is one level lower).
  Finding& report_at(Severity severity, SourceRange where, std::string message, std::string fix_hint = {});

  Severity severity() const { return severity_; }
  long checks() const { return checks_; }
  std::vector<Finding>& findings() { return findings_; }

 private:
  const RuleMeta& meta_;
  Severity severity_;
  long checks_ = 0;
  std::vector<Finding> findings_;
};

}  // namespace archverify::engine
