// Scoring: turns per-rule check counts and the findings of a run into the
// Score of PRODUCT.md §4 (category scores, weighted overall score, gate). This
// is the only place severity and category weights live; reporters only render
// the Score it returns. Pure functions, no I/O.
#pragma once
#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analyzer/core/category.h"
#include "analyzer/core/finding.h"
#include "analyzer/core/report.h"
#include "analyzer/core/rule_meta.h"
#include "analyzer/core/score.h"
#include "analyzer/core/severity.h"

namespace archverify::engine {

// Weight of one check or one failure of the given severity (critical 10,
// high 5, medium 2, low 1).
double severity_weight(Severity s);

// Per-category weights of the overall mean, indexed by Category.
class CategoryWeights {
 public:
  CategoryWeights();  // the defaults: tenancy 25, auth 20, data 15, api 15, performance 10, drift 10, hygiene 5
  double operator[](Category c) const { return values_[static_cast<std::size_t>(c)]; }
  void set(Category c, double weight) { values_[static_cast<std::size_t>(c)] = weight; }

 private:
  std::array<double, kAllCategories.size()> values_{};
};

// What scoring needs to know about one rule that ran.
struct RuleTally {
  std::string rule_id;
  Category category = Category::Hygiene;
  Severity severity = Severity::Medium;  // effective severity (after config overrides)
  long checks = 0;                       // opportunities the rule examined
  bool preview = false;                  // preview rules never affect score or gate
};

RuleTally make_tally(const RuleMeta& meta, long checks, std::optional<Severity> severity_override = {});

struct ScoringConfig {
  CategoryWeights weights;
  double threshold = 80;
  std::optional<Severity> fail_on;
};

// Computes the score. Failures are the findings that counts_for_score() and
// whose rule_id names a non-preview rule in `rules`; each weighs by its own
// severity. A rule reporting more failures than checks is treated as having
// examined at least as many opportunities as it failed (a rule bug must not
// divide by zero or go below 0). Scores are rounded to one decimal, and the
// gate compares the rounded overall score, so what is shown is what is gated.
Score compute_score(std::span<const RuleTally> rules, std::span<const Finding> findings,
                    const ScoringConfig& config);

// Report.rule_stats: per rule (in `rules` order) its checks and the number of
// its findings that count for the score.
std::vector<RuleStats> rule_stats(std::span<const RuleTally> rules, std::span<const Finding> findings);

}  // namespace archverify::engine
