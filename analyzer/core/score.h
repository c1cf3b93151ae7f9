// Score: the result of engine/scoring, rendered by reporters. Holds enough to
// explain itself (per-category checks, failures and weights).
#pragma once
#include <string>
#include <vector>

#include "category.h"
#include "severity.h"

namespace archverify {

struct CategoryScore {
  Category category = Category::Hygiene;
  double weight = 0;              // category weight in the overall mean
  long checks = 0;                // opportunities examined
  long failures = 0;              // findings that count (not suppressed/baselined)
  double weighted_checks = 0;     // checks × severity weight of the rule
  double weighted_failures = 0;   // failures × severity weight
  double score = 100;             // 100 × (1 − weighted_failures / weighted_checks)
};

struct RuleLoss {
  std::string rule_id;
  long failures = 0;
  double points_lost = 0;         // contribution to (100 − overall)
};

struct Score {
  double overall = 100;
  double threshold = 80;
  std::vector<CategoryScore> categories;  // only categories with checks, in kAllCategories order
  std::vector<RuleLoss> top_losses;       // by points lost, descending
  bool has_fail_on = false;
  Severity fail_on = Severity::Critical;
  bool fail_on_triggered = false;
  bool passed = true;
};

}  // namespace archverify
