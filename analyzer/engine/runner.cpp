// The rule runner (see runner.h).
#include "analyzer/engine/runner.h"

#include <algorithm>
#include <atomic>
#include <iterator>
#include <numeric>
#include <optional>
#include <tuple>

#include "analyzer/core/parallel_for.h"
#include "analyzer/core/phase_timings.h"
#include "analyzer/engine/suppressions.h"

namespace archverify::engine {

bool finding_order(const Finding& a, const Finding& b) {
  return std::tie(a.where.path, a.where.begin, a.rule_id, a.where.end, a.message) <
         std::tie(b.where.path, b.where.begin, b.rule_id, b.where.end, b.message);
}

namespace {

// Checks every selected rule into its context on `jobs` threads; each thread
// takes the next rule, Heavy ones first, then in selection order. A rule that
// asks for a shared fact another thread is still making runs the next rules
// meanwhile (SharedFacts's helper), so no thread idles while rules are left:
// the three rules of the spec pairing used to wait ~45 ms on the 1M-line
// corpus for the first to make it. A rule run that way is timed one level
// under the rule that waited.
void check_rules(const std::vector<SelectedRule>& selected, const RuleInput& input,
                 std::vector<std::optional<RuleContext>>& contexts, unsigned jobs) {
  std::vector<std::size_t> order(selected.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_partition(order.begin(), order.end(),
                        [&](std::size_t i) { return selected[i].rule->cost() == RuleCost::Heavy; });
  std::atomic<std::size_t> next{0};
  auto check_next = [&]() -> bool {
    thread_local int nesting = 0;  // rules run while a rule of this thread waits
    const std::size_t taken = next++;
    if (taken >= order.size()) return false;
    const std::size_t i = order[taken];
    ScopedPhase t(selected[i].rule->meta().id, 1 + nesting);
    ++nesting;
    struct Unnest {
      int& n;
      ~Unnest() { --n; }
    } unnest{nesting};
    selected[i].rule->check(input, *contexts[i]);
    return true;
  };
  // Each task takes the next rule left, if any: a helping thread may have
  // taken the rule this task was counted for.
  input.shared.set_helper(check_next);
  for_each_index(order.size(), jobs, [&](std::size_t) { check_next(); });
  input.shared.set_helper(nullptr);
}

}  // namespace

RuleRun run_rules(const std::vector<std::unique_ptr<Rule>>& all_rules, const std::vector<SelectedRule>& selected,
                  const RuleInput& input, unsigned jobs) {
  RuleRun run;
  std::vector<std::string> ran;
  std::vector<long> checks;
  // Each rule reports into its own context; they are merged in selection order,
  // so the thread count cannot change the result.
  std::vector<std::optional<RuleContext>> contexts(selected.size());
  for (std::size_t i = 0; i < selected.size(); ++i) contexts[i].emplace(selected[i].rule->meta(), selected[i].severity);
  check_rules(selected, input, contexts, jobs);
  // One array for all findings, each rule's freed once moved: the merge is
  // the rules phase's peak (28k findings on the 1M-line corpus).
  std::size_t total = 0;
  for (auto& ctx : contexts) total += ctx->findings().size();
  run.findings.reserve(total);
  for (std::size_t i = 0; i < selected.size(); ++i) {
    const SelectedRule& s = selected[i];
    RuleContext& ctx = *contexts[i];
    ran.emplace_back(s.rule->meta().id);
    run.metas.push_back(s.rule->meta());
    run.severities.push_back(s.severity);
    checks.push_back(ctx.checks());
    std::move(ctx.findings().begin(), ctx.findings().end(), std::back_inserter(run.findings));
    std::vector<Finding>().swap(ctx.findings());
  }
  std::vector<const RuleMeta*> known;
  for (const auto& r : all_rules) known.push_back(&r->meta());
  ScopedPhase ordering("suppressions and order", 1);  // until the run is returned
  SuppressionOutcome sup = apply_suppressions(input.model.files, run.findings, known, ran);
  for (Finding& f : sup.problems) {
    // SUP findings take the effective severity of their rule.
    for (std::size_t i = 0; i < run.metas.size(); ++i)
      if (run.metas[i].id == f.rule_id) f.severity = run.severities[i];
    run.findings.push_back(std::move(f));
  }
  for (std::size_t i = 0; i < run.metas.size(); ++i)
    if (std::string_view(run.metas[i].id).rfind("SUP", 0) == 0) checks[i] = sup.directives;

  // Sorted by index, then moved into place once: a Finding is a dozen
  // strings, and std::sort would move each one about log2(n) times. The same
  // comparisons in the same algorithm give the same permutation.
  std::vector<std::uint32_t> order(run.findings.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return finding_order(run.findings[a], run.findings[b]); });
  std::vector<Finding> sorted;
  sorted.reserve(run.findings.size());
  for (std::uint32_t i : order) sorted.push_back(std::move(run.findings[i]));
  run.findings = std::move(sorted);
  std::vector<long> failures(run.metas.size(), 0);
  for (const Finding& f : run.findings) {
    if (!f.counts_for_score()) continue;
    for (std::size_t i = 0; i < run.metas.size(); ++i)
      if (f.rule_id == run.metas[i].id) {
        ++failures[i];
        break;
      }
  }
  for (std::size_t i = 0; i < run.metas.size(); ++i) {
    RuleStats st;
    st.rule_id = std::string(run.metas[i].id);
    st.failures = failures[i];
    // A rule cannot fail more often than it checked; findings without a counted check count one each.
    st.checks = std::max(checks[i], st.failures);
    run.stats.push_back(std::move(st));
  }
  return run;
}

}  // namespace archverify::engine
