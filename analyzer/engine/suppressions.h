// In-source suppressions: `# archverify: ignore[TEN001] reason` (several codes
// separated by commas; rule names work too) on the flagged line, or alone on
// the line above it. Handled here, never in rules. A suppression without a
// reason, naming an unknown rule, or suppressing nothing is itself reported
// under the hygiene rules SUP001–SUP003 defined in this file.
#pragma once
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "analyzer/core/finding.h"
#include "analyzer/core/rule_meta.h"
#include "analyzer/model/syntax.h"

namespace archverify::engine {

struct Suppression {
  std::string path;
  std::uint32_t line = 0;          // line of the comment
  bool own_line = false;           // applies to the next line too
  std::vector<std::string> codes;  // as written
  std::string reason;
  model::Span span;
};

// Parses one directive comment ("archverify: ignore[A,B] why"); false if it is not an ignore directive.
bool parse_suppression(const model::DirectiveComment& c, const std::string& path, Suppression& out);

const RuleMeta& suppression_without_reason_meta();   // SUP001
const RuleMeta& suppression_unknown_rule_meta();     // SUP002
const RuleMeta& suppression_unused_meta();           // SUP003
std::vector<const RuleMeta*> suppression_rule_metas();

struct SuppressionOutcome {
  std::vector<Finding> problems;  // SUP00x findings
  long directives = 0;            // checks for the SUP rules
};

// Marks findings covered by a suppression (Finding::suppression/reason) and
// returns the problems with the suppressions themselves. `known` holds every
// registered rule (to tell unknown codes), `ran` the ids of rules that ran (an
// unused suppression is only reported when its rule ran). A rule named by a
// SUP00x code is reported only if that SUP rule is among `ran`.
SuppressionOutcome apply_suppressions(const std::vector<model::FileFacts>& files, std::vector<Finding>& findings,
                                      const std::vector<const RuleMeta*>& known, const std::vector<std::string>& ran);

}  // namespace archverify::engine

namespace archverify::engine {
class Rule;
// SUP001–SUP003 as registrable rules (their check() does nothing: the runner
// produces their findings while applying suppressions), so that selection,
// severity overrides, `archverify rules` and SARIF treat them like any rule.
std::vector<std::unique_ptr<Rule>> make_suppression_rules();
}  // namespace archverify::engine
