// Runs the selected rules over the model, applies in-source suppressions, and
// returns findings in a deterministic order with per-rule check/failure counts.
// Fingerprints, snippets, baselines and the score are applied afterwards by
// the finishing steps (engine/finish.h), which need the file system.
#pragma once
#include <memory>
#include <vector>

#include "analyzer/core/report.h"
#include "analyzer/engine/rule.h"
#include "analyzer/engine/rule_selection.h"

namespace archverify::engine {

struct RuleRun {
  std::vector<Finding> findings;    // sorted by (path, line, column, rule id, message)
  std::vector<RuleStats> stats;     // one per rule that ran, by id; failures = counted findings
  std::vector<RuleMeta> metas;      // rules that ran, by id
  std::vector<Severity> severities; // effective severity, parallel to metas
};

// `jobs` threads check rules concurrently (rules only read the model and the
// genome); the result is the same as with one thread, byte for byte.
RuleRun run_rules(const std::vector<std::unique_ptr<Rule>>& all_rules, const std::vector<SelectedRule>& selected,
                  const RuleInput& input, unsigned jobs = 1);

// The total order findings are reported in.
bool finding_order(const Finding& a, const Finding& b);

}  // namespace archverify::engine
