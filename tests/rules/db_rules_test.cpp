// DB001 beyond the annotated fixtures: it is off under a MySQL genome, a
// genome-only switch the fixture harness cannot express (every fixture needs a
// `ruleid`). The example apps' DB rows are checked by example_violations_test.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <tuple>

#include "analyzer/engine/runner.h"
#include "analyzer/pipeline/analyze_repo.h"
#include "rules/all_rules.h"
#include "tests/support/fixture_harness.h"
#include "tests/support/run_genome.h"

namespace fs = std::filesystem;
using namespace archverify;

namespace {

using Row = std::tuple<std::string, std::string, std::uint32_t>;  // code, path, line

std::set<Row> run_codes(const fs::path& dir, const std::vector<std::string>& codes) {
  pipeline::AnalyzeOptions options;
  options.jobs = 1;
  auto analysis = pipeline::analyze_repository(dir, options);
  REQUIRE(analysis);
  auto all = rules::make_all_rules();
  engine::SelectionRequest request;
  request.select = codes;
  auto selected = engine::select_rules(all, request);
  REQUIRE(selected);
  testing::GenomeForTest genome = testing::load_fixture_genome(dir, *analysis->model);
  REQUIRE(genome.errors.empty());
  engine::RuleInput input{*analysis->model, genome.get()};
  engine::RuleRun run = engine::run_rules(all, *selected, input);
  std::set<Row> out;
  for (const Finding& f : run.findings) out.insert({f.rule_id, f.where.path, f.where.begin.line});
  return out;
}

}  // namespace

TEST_CASE("DB001 is off when the genome's database engine is MySQL", "[rules][db]") {
  const fs::path dir = fs::temp_directory_path() / "archverify_db001_mysql";
  fs::remove_all(dir);
  fs::create_directories(dir / "app");
  std::ofstream(dir / "app" / "models.py") << "from sqlalchemy import Column, ForeignKey, Integer\n"
                                              "from sqlalchemy.orm import declarative_base\n"
                                              "Base = declarative_base()\n"
                                              "class User(Base):\n"
                                              "    __tablename__ = 'users'\n"
                                              "    id = Column(Integer, primary_key=True)\n"
                                              "class Post(Base):\n"
                                              "    __tablename__ = 'posts'\n"
                                              "    id = Column(Integer, primary_key=True)\n"
                                              "    author_id = Column(Integer, ForeignKey('users.id'))\n";
  SECTION("no genome: PostgreSQL, one finding") { CHECK(run_codes(dir, {"DB001"}).size() == 1); }
  SECTION("postgresql genome: one finding") {
    std::ofstream(dir / "archverify.yaml") << "version: 1\ndatabase:\n  engine: postgresql\n";
    CHECK(run_codes(dir, {"DB001"}).size() == 1);
  }
  SECTION("mysql genome: none") {
    std::ofstream(dir / "archverify.yaml") << "version: 1\ndatabase:\n  engine: mysql\n";
    CHECK(run_codes(dir, {"DB001"}).empty());
  }
  fs::remove_all(dir);
}
