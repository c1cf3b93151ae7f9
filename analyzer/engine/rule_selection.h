// Which rules run and at what severity: --select/--ignore (codes, code
// prefixes such as "TEN", or kebab-case names), pyproject select/ignore, and
// the genome's per-rule `off` or severity overrides. Unknown codes are errors
// with a "did you mean" suggestion.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/expected.h"
#include "analyzer/core/rule_meta.h"

namespace archverify::engine {

class Rule;

struct SelectionRequest {
  std::vector<std::string> select;   // empty = all
  std::vector<std::string> ignore;
  std::map<std::string, std::string> overrides;  // code → "off" | severity
};

struct SelectedRule {
  const Rule* rule = nullptr;
  Severity severity = Severity::Medium;
};

// The closest known code or name to `word`, or "" when nothing is close.
std::string suggest_rule(const std::vector<const RuleMeta*>& known, const std::string& word);

// Resolves the request against the registered rules (sorted by id in the result).
Expected<std::vector<SelectedRule>> select_rules(const std::vector<std::unique_ptr<Rule>>& rules,
                                                 const SelectionRequest& request);

}  // namespace archverify::engine
