// The AUTH rules on the bundled example apps find exactly the AUTH rows of
// their VIOLATIONS.md (and so none of the near misses), and stay silent on the
// quiet fixtures (fixtures/quiet/AUTH*: header transport, no genome).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <tuple>

#include "analyzer/engine/runner.h"
#include "analyzer/pipeline/analyze_repo.h"
#include "rules/all_rules.h"
#include "tests/support/fixture_harness.h"
#include "tests/support/run_genome.h"

using namespace archverify;
namespace fs = std::filesystem;

namespace {

using Row = std::tuple<std::string, std::string, int>;  // rule, path, line

std::set<Row> violation_rows(const fs::path& repo) {
  std::set<Row> rows;
  std::ifstream in(repo / "VIOLATIONS.md");
  const std::regex row(R"(^\|\s*(AUTH[0-9]{3})\s*\|\s*`?([^|`]+?)`?\s*\|\s*([0-9]+)\s*\|)");
  std::string line;
  std::smatch m;
  while (std::getline(in, line))
    if (std::regex_search(line, m, row)) rows.emplace(m[1].str(), m[2].str(), std::stoi(m[3].str()));
  return rows;
}

std::set<Row> auth_findings(const fs::path& repo) {
  pipeline::AnalyzeOptions options;
  options.jobs = 1;
  auto analysis = pipeline::analyze_repository(repo, options);
  REQUIRE(analysis);
  auto all = rules::make_all_rules();
  engine::SelectionRequest request;
  request.select = {"AUTH001", "AUTH002", "AUTH003"};
  auto selected = engine::select_rules(all, request);
  REQUIRE(selected);
  testing::GenomeForTest genome = testing::load_fixture_genome(repo, *analysis->model);
  REQUIRE(genome.errors.empty());
  REQUIRE(genome.get() != nullptr);
  engine::RuleRun run = engine::run_rules(all, *selected, engine::RuleInput{*analysis->model, genome.get()});
  std::set<Row> out;
  for (const Finding& f : run.findings) out.emplace(f.rule_id, f.where.path, static_cast<int>(f.where.begin.line));
  return out;
}

}  // namespace

TEST_CASE("AUTH rules find the AUTH rows of the example apps' VIOLATIONS.md", "[rules][auth][examples]") {
  for (const char* app : {"fastapi_multitenant", "flask_multitenant"}) {
    DYNAMIC_SECTION(app) {
      const fs::path repo = fs::path(AV_FIXTURES_DIR) / "repos" / app;
      const std::set<Row> expected = violation_rows(repo);
      REQUIRE(expected.size() >= 6);
      const std::set<Row> found = auth_findings(repo);
      for (const Row& r : expected) {
        INFO("missing: " << std::get<0>(r) << " " << std::get<1>(r) << ":" << std::get<2>(r));
        CHECK(found.count(r) == 1);
      }
      for (const Row& r : found) {
        INFO("not in VIOLATIONS.md: " << std::get<0>(r) << " " << std::get<1>(r) << ":" << std::get<2>(r));
        CHECK(expected.count(r) == 1);
      }
    }
  }
}

TEST_CASE("AUTH rules stay silent on the quiet fixtures", "[rules][auth][fixtures]") {
  for (const auto& dir : testing::fixture_dirs(AV_FIXTURES_DIR "/quiet")) {
    if (testing::rule_code_of(dir).rfind("AUTH", 0) != 0) continue;
    DYNAMIC_SECTION(dir.filename().string()) {
      const auto outcome = testing::run_fixture(dir);
      INFO(outcome.describe());
      CHECK(outcome.errors.empty());
      CHECK(outcome.unexpected_findings.empty());
      CHECK(outcome.missing_findings.empty());
      CHECK(outcome.ok_count > 0);
    }
  }
}
