// Precedence: command line > pyproject.toml > genome quality > defaults, each value with its source.
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "analyzer/genome/effective_config.h"
#include "analyzer/genome/genome_loader.h"

using namespace archverify;
using namespace archverify::genome;

namespace {
Genome genome_with_quality() {
  auto load = parse_genome(R"(version: 1
quality:
  threshold: 70
  fail_on: high
  exclude: ["scripts/**"]
  weights: {tenancy: 40}
  rules: {TEN001: critical, DRIFT002: off}
)", "archverify.yaml");
  REQUIRE(load.genome);
  return *load.genome;
}
PyprojectConfig pyproject() {
  auto load = parse_pyproject("[tool.archverify]\nthreshold = 85\njobs = 3\n", "pyproject.toml");
  REQUIRE(load.config);
  return *load.config;
}
}  // namespace

TEST_CASE("defaults apply when nobody says anything", "[config]") {
  auto c = resolve_config({}, nullptr, nullptr);
  CHECK(c.genome.value == "archverify.yaml");
  CHECK(c.genome.source.describe() == "default");
  CHECK(c.threshold.value == 80);
  CHECK_FALSE(c.fail_on.value.has_value());
  CHECK(c.weights[0].value == 25);
  CHECK(c.rules.empty());
}

TEST_CASE("each layer overrides the one below it", "[config]") {
  Genome g = genome_with_quality();
  PyprojectConfig py = pyproject();
  auto genome_only = resolve_config({}, nullptr, &g);
  CHECK(genome_only.threshold.value == 70);
  CHECK(genome_only.threshold.source.describe() == "archverify.yaml:3");
  CHECK(genome_only.fail_on.value == Severity::High);
  CHECK(genome_only.exclude.value == std::vector<std::string>{"scripts/**"});
  CHECK(genome_only.exclude.source.describe() == "archverify.yaml:5");

  auto with_py = resolve_config({}, &py, &g);
  CHECK(with_py.threshold.value == 85);
  CHECK(with_py.threshold.source.describe() == "pyproject.toml:2");
  CHECK(with_py.jobs.value == 3);
  CHECK(with_py.fail_on.source.describe() == "archverify.yaml:4");  // pyproject says nothing about it

  CliConfig cli;
  cli.threshold = 90;
  cli.fail_on = std::optional<Severity>{};  // --fail-on none
  auto with_cli = resolve_config(cli, &py, &g);
  CHECK(with_cli.threshold.value == 90);
  CHECK(with_cli.threshold.source.describe() == "cli");
  CHECK_FALSE(with_cli.fail_on.value.has_value());
  CHECK(with_cli.fail_on.source.describe() == "cli");
  CHECK(with_cli.jobs.source.describe() == "pyproject.toml:3");
}

TEST_CASE("weights and rule overrides come from the genome", "[config]") {
  Genome g = genome_with_quality();
  auto c = resolve_config({}, nullptr, &g);
  CHECK(c.weights[0].value == 40);
  CHECK(c.weights[0].source.describe() == "archverify.yaml:6");
  CHECK(c.weights[1].source.describe() == "default");
  REQUIRE(c.rules.size() == 2);
  CHECK(c.rules[0].rule_id == "DRIFT002");  // sorted
  CHECK_FALSE(c.rules[0].severity.has_value());
}

TEST_CASE("config renders as aligned text and as JSON", "[config]") {
  Genome g = genome_with_quality();
  PyprojectConfig py = pyproject();
  auto c = resolve_config({}, &py, &g);
  std::ostringstream text;
  render_config_text(c, text);
  CHECK(text.str().find("threshold           = 85                 # pyproject.toml:2\n") != std::string::npos);
  CHECK(text.str().find("rules.DRIFT002      = off                # archverify.yaml:7\n") != std::string::npos);
  auto j = nlohmann::json::parse(render_config_json(c));
  CHECK(j["threshold"]["value"] == 85);
  CHECK(j["threshold"]["source"] == "pyproject.toml:2");
  CHECK(j["fail_on"]["value"] == "high");
  CHECK(j["weights"]["tenancy"]["value"] == 40);
  CHECK(j["rules"]["TEN001"]["value"] == "critical");
  CHECK(j["genome"]["source"] == "default");
}
