// [tool.archverify] in pyproject.toml: typed values with lines, positioned errors.
#include <catch2/catch.hpp>

#include "analyzer/genome/genome_loader.h"
#include "analyzer/genome/pyproject_config.h"

using namespace archverify;
using namespace archverify::genome;

TEST_CASE("[tool.archverify] values are read with their lines", "[pyproject]") {
  auto load = parse_pyproject(R"([project]
name = "x"

[tool.archverify]
genome = "config/archverify.yaml"
threshold = 75
exclude = ["scripts/**", "legacy/*.py"]
select = ["TEN", "AUTH001"]
ignore = ["PERF001"]
jobs = 4
fail_on = "high"
)", "pyproject.toml");
  REQUIRE(load.diagnostics.empty());
  REQUIRE(load.config);
  const PyprojectConfig& c = *load.config;
  CHECK(c.has_table);
  CHECK(c.genome->value == "config/archverify.yaml");
  CHECK(c.genome->where.begin.line == 5);
  CHECK(c.threshold->value == 75);
  CHECK(c.threshold->where.begin.line == 6);
  REQUIRE(c.exclude->value.size() == 2);
  CHECK(c.exclude->value[1].glob.matches("legacy/old.py"));
  CHECK(c.select->value == std::vector<std::string>{"TEN", "AUTH001"});
  CHECK(c.ignore->value == std::vector<std::string>{"PERF001"});
  CHECK(c.jobs->value == 4);
  CHECK(c.fail_on->value == Severity::High);
}

TEST_CASE("a pyproject.toml without the table is an empty config", "[pyproject]") {
  auto load = parse_pyproject("[tool.ruff]\nline-length = 100\n", "pyproject.toml");
  REQUIRE(load.config);
  CHECK_FALSE(load.config->has_table);
  CHECK_FALSE(load.config->threshold);
}

TEST_CASE("pyproject errors are positioned like the genome's", "[pyproject]") {
  auto load = parse_pyproject(R"([tool.archverify]
treshold = 70
jobs = "four"
fail_on = "hihg"
select = ["ten001"]
exclude = ["app/[x"]
threshold = 170
)", "pyproject.toml");
  CHECK_FALSE(load.config);
  std::vector<std::string> got;
  for (const auto& d : load.diagnostics) got.push_back(format_diagnostic(d));
  std::sort(got.begin(), got.end());
  REQUIRE(got.size() == 6);
  CHECK(got[0] == "pyproject.toml:2:1: unknown key 'treshold' in 'tool.archverify' (did you mean 'threshold'?); expected one of: genome, threshold, exclude, select, ignore, jobs, fail_on");
  CHECK(got[1] == "pyproject.toml:3:8: wrong type for 'tool.archverify.jobs': got a string; expected a positive integer");
  CHECK(got[2] == "pyproject.toml:4:11: invalid value 'hihg' for 'tool.archverify.fail_on' (did you mean 'high'?); expected one of: low, medium, high, critical, none");
  CHECK(got[3] == "pyproject.toml:5:11: invalid rule selector 'ten001' in 'tool.archverify.select'; expected a rule code or prefix such as 'TEN001', 'TEN' or 'ALL'");
  CHECK(got[4].rfind("pyproject.toml:6:12: invalid glob 'app/[x' in 'tool.archverify.exclude': unclosed '['", 0) == 0);
  CHECK(got[5] == "pyproject.toml:7:13: threshold out of range for 'tool.archverify.threshold'; expected a number from 0 to 100");
}

TEST_CASE("malformed TOML is one positioned error", "[pyproject]") {
  auto load = parse_pyproject("[tool.archverify]\nthreshold = = 3\n", "pyproject.toml");
  REQUIRE(load.diagnostics.size() == 1);
  CHECK(load.diagnostics[0].where.begin.line == 2);
  CHECK(load.diagnostics[0].message.rfind("invalid TOML: ", 0) == 0);
  auto bad_utf8 = parse_pyproject("[tool.archverify]\ngenome = \"\xff\"\n", "pyproject.toml");
  REQUIRE(bad_utf8.diagnostics.size() == 1);
  CHECK(bad_utf8.diagnostics[0].where.begin.line == 2);
  auto not_table = parse_pyproject("[tool]\narchverify = 3\n", "pyproject.toml");
  REQUIRE(not_table.diagnostics.size() == 1);
  CHECK(format_diagnostic(not_table.diagnostics[0]) == "pyproject.toml:2:14: wrong type for 'tool.archverify': got an integer; expected a table");
}
