// RuleContext: stamping findings with rule metadata.
#include "analyzer/engine/rule_context.h"

namespace archverify::engine {

Finding& RuleContext::report(SourceRange where, std::string message, std::string fix_hint) {
  return report_at(severity_, std::move(where), std::move(message), std::move(fix_hint));
}

Finding& RuleContext::report_at(Severity severity, SourceRange where, std::string message, std::string fix_hint) {
  Finding f;
  f.rule_id = std::string(meta_.id);
  f.rule_name = std::string(meta_.name);
  f.severity = severity;
  f.where = std::move(where);
  f.message = std::move(message);
  f.fix_hint = std::move(fix_hint);
  findings_.push_back(std::move(f));
  return findings_.back();
}

}  // namespace archverify::engine
