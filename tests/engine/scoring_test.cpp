// Table-driven tests of engine/scoring: rule tallies and findings in, Score out.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analyzer/engine/scoring.h"

using namespace archverify;
using archverify::engine::compute_score;
using archverify::engine::RuleTally;
using archverify::engine::ScoringConfig;

namespace {

Finding finding(std::string rule, Severity sev, SuppressionKind sup = SuppressionKind::None,
                BaselineState base = BaselineState::Unknown) {
  Finding f;
  f.rule_id = std::move(rule);
  f.severity = sev;
  f.suppression = sup;
  f.baseline = base;
  return f;
}

const CategoryScore* find_category(const Score& s, Category c) {
  for (const auto& cs : s.categories)
    if (cs.category == c) return &cs;
  return nullptr;
}

}  // namespace

TEST_CASE("severity weights are 10/5/2/1", "[engine][scoring]") {
  CHECK(engine::severity_weight(Severity::Critical) == 10);
  CHECK(engine::severity_weight(Severity::High) == 5);
  CHECK(engine::severity_weight(Severity::Medium) == 2);
  CHECK(engine::severity_weight(Severity::Low) == 1);
}

TEST_CASE("default category weights", "[engine][scoring]") {
  const engine::CategoryWeights w;
  CHECK(w[Category::Tenancy] == 25);
  CHECK(w[Category::Auth] == 20);
  CHECK(w[Category::Data] == 15);
  CHECK(w[Category::Api] == 15);
  CHECK(w[Category::Performance] == 10);
  CHECK(w[Category::Drift] == 10);
  CHECK(w[Category::Hygiene] == 5);
}

TEST_CASE("score table", "[engine][scoring]") {
  struct Row {
    const char* name;
    std::vector<RuleTally> rules;
    std::vector<Finding> findings;
    double threshold;
    std::optional<Severity> fail_on;
    double overall;
    bool passed;
    std::size_t categories;
  };
  const RuleTally ten{"TEN001", Category::Tenancy, Severity::Critical, 10};
  const RuleTally db{"DB001", Category::Data, Severity::Medium, 4};
  const RuleTally auth{"AUTH001", Category::Auth, Severity::High, 0};
  const std::vector<Row> rows = {
      {"no rules at all", {}, {}, 80, {}, 100, true, 0},
      {"rules without checks", {auth}, {}, 80, {}, 100, true, 0},
      {"clean run", {ten, db}, {}, 80, {}, 100, true, 2},
      // tenancy: 1 of 10 critical checks fails → 90; data clean → 100;
      // overall (25×90 + 15×100) / 40 = 93.75 → 93.8
      {"one critical failure", {ten, db}, {finding("TEN001", Severity::Critical)}, 80, {}, 93.8, true, 2},
      // tenancy 50 → (25×50 + 15×100)/40 = 68.75 → 68.8
      {"half of tenancy fails",
       {ten, db},
       std::vector<Finding>(5, finding("TEN001", Severity::Critical)),
       80, {}, 68.8, false, 2},
      {"all suppressed or baselined",
       {ten, db},
       {finding("TEN001", Severity::Critical, SuppressionKind::InSource),
        finding("TEN001", Severity::Critical, SuppressionKind::Config),
        finding("DB001", Severity::Medium, SuppressionKind::None, BaselineState::Existing)},
       100, Severity::Low, 100, true, 2},
      {"threshold 0 always passes", {ten}, std::vector<Finding>(10, finding("TEN001", Severity::Critical)),
       0, {}, 0, true, 1},
      {"threshold 100 needs a perfect score", {ten, db}, {finding("DB001", Severity::Medium)}, 100, {}, 90.6,
       false, 2},
      {"fail_on triggers on a counted finding at that severity", {ten, db},
       {finding("DB001", Severity::Medium)}, 0, Severity::Medium, 90.6, false, 2},
      {"fail_on ignores lower severities", {ten, db}, {finding("DB001", Severity::Medium)}, 0,
       Severity::High, 90.6, true, 2},
      {"fail_on ignores suppressed findings", {ten, db},
       {finding("TEN001", Severity::Critical, SuppressionKind::InSource)}, 0, Severity::Low, 100, true, 2},
      // more failures than checks: checks are raised to the failures, score clamps at 0
      {"failures beyond checks clamp at zero", {auth},
       std::vector<Finding>(3, finding("AUTH001", Severity::High)), 80, {}, 0, false, 1},
      {"findings of unknown rules do not score", {ten}, {finding("XYZ999", Severity::Critical)}, 80, {},
       100, true, 1},
  };
  for (const Row& row : rows) {
    DYNAMIC_SECTION(row.name) {
      ScoringConfig cfg;
      cfg.threshold = row.threshold;
      cfg.fail_on = row.fail_on;
      const Score s = compute_score(row.rules, row.findings, cfg);
      CHECK(s.overall == Approx(row.overall));
      CHECK(s.passed == row.passed);
      CHECK(s.categories.size() == row.categories);
      CHECK(s.threshold == row.threshold);
      CHECK(s.has_fail_on == row.fail_on.has_value());
    }
  }
}

TEST_CASE("category breakdown explains the score", "[engine][scoring]") {
  const std::vector<RuleTally> rules = {
      {"TEN001", Category::Tenancy, Severity::Critical, 8},
      {"TEN002", Category::Tenancy, Severity::High, 4},
      {"DB001", Category::Data, Severity::Medium, 5},
      {"API001", Category::Api, Severity::Low, 0},
  };
  const std::vector<Finding> findings = {
      finding("TEN001", Severity::Critical), finding("TEN002", Severity::High),
      finding("TEN002", Severity::High, SuppressionKind::InSource), finding("DB001", Severity::Medium),
      finding("DB001", Severity::Medium)};
  const Score s = compute_score(rules, findings, ScoringConfig{});
  REQUIRE(s.categories.size() == 2);  // api had no checks: excluded
  CHECK(s.categories[0].category == Category::Tenancy);
  CHECK(s.categories[1].category == Category::Data);
  const CategoryScore* ten = find_category(s, Category::Tenancy);
  REQUIRE(ten != nullptr);
  CHECK(ten->checks == 12);
  CHECK(ten->failures == 2);
  CHECK(ten->weighted_checks == 8 * 10 + 4 * 5);
  CHECK(ten->weighted_failures == 15);
  CHECK(ten->score == Approx(85.0));
  CHECK(ten->weight == 25);
  const CategoryScore* data = find_category(s, Category::Data);
  REQUIRE(data != nullptr);
  CHECK(data->score == Approx(60.0));
  // (25×85 + 15×60) / 40 = 75.625 → 75.6
  CHECK(s.overall == Approx(75.6));
  CHECK_FALSE(s.passed);
  // losses: tenancy 15 × 25/40 = 9.375 split 10:5 → TEN001 6.25, TEN002 3.125; data 40 × 15/40 = 15
  REQUIRE(s.top_losses.size() == 3);
  CHECK(s.top_losses[0].rule_id == "DB001");
  CHECK(s.top_losses[0].points_lost == Approx(15.0));
  CHECK(s.top_losses[0].failures == 2);
  CHECK(s.top_losses[1].rule_id == "TEN001");
  CHECK(s.top_losses[1].points_lost == Approx(6.3));
  CHECK(s.top_losses[2].rule_id == "TEN002");
  CHECK(s.top_losses[2].points_lost == Approx(3.1));
  CHECK(s.top_losses[2].failures == 1);
}

TEST_CASE("category weights are overridable", "[engine][scoring]") {
  const std::vector<RuleTally> rules = {{"TEN001", Category::Tenancy, Severity::Critical, 10},
                                        {"DB001", Category::Data, Severity::Medium, 10}};
  const std::vector<Finding> findings(10, finding("TEN001", Severity::Critical));
  ScoringConfig cfg;
  cfg.weights.set(Category::Tenancy, 1);
  cfg.weights.set(Category::Data, 3);
  CHECK(compute_score(rules, findings, cfg).overall == Approx(75.0));
  cfg.weights.set(Category::Tenancy, 0);
  cfg.weights.set(Category::Data, 0);
  CHECK(compute_score(rules, findings, cfg).overall == Approx(100.0));  // no weight anywhere
}

TEST_CASE("preview rules run but do not score or gate", "[engine][scoring]") {
  RuleMeta meta;
  meta.id = "TEN009";
  meta.category = Category::Tenancy;
  meta.default_severity = Severity::Critical;
  meta.maturity = Maturity::Preview;
  const std::vector<RuleTally> rules = {engine::make_tally(meta, 5)};
  ScoringConfig cfg;
  cfg.fail_on = Severity::Low;
  const Score s = compute_score(rules, std::vector<Finding>{finding("TEN009", Severity::Critical)}, cfg);
  CHECK(s.overall == 100);
  CHECK(s.categories.empty());
  CHECK(s.passed);
}

TEST_CASE("severity override changes the check weight", "[engine][scoring]") {
  RuleMeta meta;
  meta.id = "DB001";
  meta.category = Category::Data;
  meta.default_severity = Severity::Medium;
  const auto t = engine::make_tally(meta, 4, Severity::Critical);
  CHECK(t.severity == Severity::Critical);
  const Score s = compute_score(std::vector<RuleTally>{t}, std::vector<Finding>{finding("DB001", Severity::Critical)},
                                ScoringConfig{});
  REQUIRE(s.categories.size() == 1);
  CHECK(s.categories[0].weighted_checks == 40);
  CHECK(s.categories[0].score == Approx(75.0));
}

TEST_CASE("rule_stats counts only findings that count", "[engine][scoring]") {
  const std::vector<RuleTally> rules = {{"DB001", Category::Data, Severity::Medium, 4},
                                        {"TEN001", Category::Tenancy, Severity::Critical, 2}};
  const std::vector<Finding> findings = {finding("TEN001", Severity::Critical),
                                         finding("TEN001", Severity::Critical, SuppressionKind::InSource),
                                         finding("TEN001", Severity::Critical, SuppressionKind::None,
                                                 BaselineState::Existing)};
  const auto stats = engine::rule_stats(rules, findings);
  REQUIRE(stats.size() == 2);
  CHECK(stats[0].rule_id == "DB001");
  CHECK(stats[0].checks == 4);
  CHECK(stats[0].failures == 0);
  CHECK(stats[1].rule_id == "TEN001");
  CHECK(stats[1].failures == 1);
}
