// Scoring: PRODUCT.md §4 as code. See scoring.h for the contract.
#include "analyzer/engine/scoring.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace archverify::engine {
namespace {

double round1(double v) { return std::round(v * 10.0) / 10.0; }

struct RuleAccum {
  const RuleTally* tally = nullptr;
  long failures = 0;
  double weighted_failures = 0;
};

}  // namespace

double severity_weight(Severity s) {
  switch (s) {
    case Severity::Critical: return 10;
    case Severity::High: return 5;
    case Severity::Medium: return 2;
    case Severity::Low: return 1;
  }
  return 1;
}

CategoryWeights::CategoryWeights() {
  set(Category::Tenancy, 25);
  set(Category::Auth, 20);
  set(Category::Data, 15);
  set(Category::Api, 15);
  set(Category::Performance, 10);
  set(Category::Drift, 10);
  set(Category::Hygiene, 5);
}

RuleTally make_tally(const RuleMeta& meta, long checks, std::optional<Severity> severity_override) {
  return RuleTally{std::string(meta.id), meta.category,
                   severity_override.value_or(meta.default_severity), checks,
                   meta.maturity == Maturity::Preview};
}

Score compute_score(std::span<const RuleTally> rules, std::span<const Finding> findings,
                    const ScoringConfig& config) {
  Score score;
  score.threshold = config.threshold;
  score.has_fail_on = config.fail_on.has_value();
  if (config.fail_on) score.fail_on = *config.fail_on;

  // Ordered by rule id so every tie below breaks the same way on every run.
  std::map<std::string, RuleAccum, std::less<>> by_rule;
  for (const RuleTally& t : rules)
    if (!t.preview) by_rule[t.rule_id].tally = &t;

  for (const Finding& f : findings) {
    if (!f.counts_for_score()) continue;
    auto it = by_rule.find(f.rule_id);
    const bool from_preview = it == by_rule.end() &&
        std::any_of(rules.begin(), rules.end(),
                    [&](const RuleTally& t) { return t.preview && t.rule_id == f.rule_id; });
    if (from_preview) continue;
    if (config.fail_on && f.severity >= *config.fail_on) score.fail_on_triggered = true;
    if (it == by_rule.end()) continue;  // not a scored rule (e.g. tool findings)
    it->second.failures += 1;
    it->second.weighted_failures += severity_weight(f.severity);
  }

  // Per category: weighted checks and failures.
  std::array<CategoryScore, kAllCategories.size()> cats{};
  for (Category c : kAllCategories) {
    auto& cs = cats[static_cast<std::size_t>(c)];
    cs.category = c;
    cs.weight = config.weights[c];
  }
  for (const auto& [id, acc] : by_rule) {
    if (acc.tally == nullptr) continue;
    auto& cs = cats[static_cast<std::size_t>(acc.tally->category)];
    const long checks = std::max(acc.tally->checks, acc.failures);
    cs.checks += checks;
    cs.failures += acc.failures;
    cs.weighted_checks += static_cast<double>(checks) * severity_weight(acc.tally->severity);
    cs.weighted_failures += acc.weighted_failures;
  }

  // Unrounded category losses (0..100) and the overall weighted mean.
  std::array<double, kAllCategories.size()> loss{};
  double weight_sum = 0;
  for (Category c : kAllCategories) {
    const auto i = static_cast<std::size_t>(c);
    if (cats[i].weighted_checks <= 0) continue;
    loss[i] = 100.0 * std::min(1.0, cats[i].weighted_failures / cats[i].weighted_checks);
    weight_sum += cats[i].weight;
  }
  double overall_loss = 0;
  for (Category c : kAllCategories) {
    const auto i = static_cast<std::size_t>(c);
    if (cats[i].weighted_checks <= 0) continue;
    if (weight_sum > 0) overall_loss += loss[i] * cats[i].weight / weight_sum;
    cats[i].score = round1(100.0 - loss[i]);
    score.categories.push_back(cats[i]);
  }
  score.overall = round1(std::max(0.0, 100.0 - overall_loss));

  // Each rule's share of its category's contribution to the overall loss.
  for (const auto& [id, acc] : by_rule) {
    if (acc.tally == nullptr || acc.failures == 0) continue;
    const auto i = static_cast<std::size_t>(acc.tally->category);
    double points = 0;
    if (weight_sum > 0 && cats[i].weighted_failures > 0)
      points = loss[i] * cats[i].weight / weight_sum * acc.weighted_failures /
               cats[i].weighted_failures;
    score.top_losses.push_back(RuleLoss{id, acc.failures, round1(points)});
  }
  std::stable_sort(score.top_losses.begin(), score.top_losses.end(),
                   [](const RuleLoss& a, const RuleLoss& b) { return a.points_lost > b.points_lost; });

  score.passed = score.overall >= config.threshold && !score.fail_on_triggered;
  return score;
}

std::vector<RuleStats> rule_stats(std::span<const RuleTally> rules, std::span<const Finding> findings) {
  std::vector<RuleStats> out;
  out.reserve(rules.size());
  for (const RuleTally& t : rules) {
    long failures = 0;
    for (const Finding& f : findings)
      if (f.rule_id == t.rule_id && f.counts_for_score()) ++failures;
    out.push_back(RuleStats{t.rule_id, t.checks, failures});
  }
  return out;
}

}  // namespace archverify::engine
