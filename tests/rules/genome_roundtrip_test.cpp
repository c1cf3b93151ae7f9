// `archverify init` round trip: the genome inferred from a repository loads
// back without errors, and DRIFT001/DRIFT002 run with it on the same
// repository find nothing (the genome describes the code as it is). Run on
// both example apps and on rule fixtures with varied model shapes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>

#include "analyzer/engine/rule_context.h"
#include "analyzer/genome/genome_inference.h"
#include "analyzer/genome/genome_loader.h"
#include "analyzer/genome/genome_writer.h"
#include "analyzer/pipeline/analyze_repo.h"
#include "rules/all_rules.h"

namespace fs = std::filesystem;
using namespace archverify;

namespace {

std::string run_drift(const model::RepoModel& m, const genome::Genome& g) {
  std::string out;
  for (auto* make : {&rules::make_genome_entity_drift, &rules::make_undeclared_entity}) {
    auto rule = (*make)();
    engine::RuleContext ctx(rule->meta(), rule->meta().default_severity);
    rule->check(engine::RuleInput{m, &g}, ctx);
    for (const Finding& f : ctx.findings())
      out += f.rule_id + " " + f.where.path + ":" + std::to_string(f.where.begin.line) + " " + f.message + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("init: the inferred genome loads back and shows no drift", "[rules][init]") {
  const std::string dir = GENERATE(as<std::string>{}, "repos/fastapi_multitenant", "repos/flask_multitenant", "rules/DRIFT001",
                                   "rules/DRIFT002", "rules/ORM001_fastapi", "rules/DB005_sqlmodel", "rules/DB001_sqlmodel");
  DYNAMIC_SECTION(dir) {
    pipeline::AnalyzeOptions options;
    options.jobs = 1;
    auto analysis = pipeline::analyze_repository(fs::path(AV_FIXTURES_DIR) / dir, options);
    REQUIRE(analysis);
    const model::RepoModel& m = *analysis->model;
    const std::string text = genome::write_genome_yaml(genome::infer_genome(m));
    INFO("genome:\n" << text);
    genome::GenomeLoad load = genome::parse_genome(text, "archverify.yaml");
    std::string errors;
    for (const Diagnostic& d : load.diagnostics) errors += genome::format_diagnostic(d) + "\n";
    INFO("load errors:\n" << errors);
    REQUIRE(load.genome);
    CHECK(load.diagnostics.empty());
    CHECK_FALSE(load.genome->entities.empty());
    CHECK(run_drift(m, *load.genome) == "");
  }
}

TEST_CASE("init: tenant key, exemptions, endpoints and public routes of the FastAPI example", "[rules][init]") {
  pipeline::AnalyzeOptions options;
  options.jobs = 1;
  auto analysis = pipeline::analyze_repository(fs::path(AV_FIXTURES_DIR) / "repos/fastapi_multitenant", options);
  REQUIRE(analysis);
  const genome::InferredGenome g = genome::infer_genome(*analysis->model);
  REQUIRE(g.tenancy);
  CHECK(g.tenancy->key.column == "workspace_id");
  CHECK(g.tenancy->exempt == std::vector<std::string>{"Comment", "Workspace"});
  CHECK(g.stack == genome::Stack::FastApi);
  CHECK(g.token_transport == genome::TokenTransport::Cookie);
  CHECK(g.spec_path == std::optional<std::string>("openapi.yaml"));
  CHECK(g.layout.models == std::vector<std::string>{"app/models/**/*.py"});
  // The routes nothing protects: the genome's own public list plus the AUTH003 findings and the docs redirect.
  CHECK(std::find(g.public_routes.begin(), g.public_routes.end(), "POST /auth/login") != g.public_routes.end());
  CHECK(std::find(g.public_routes.begin(), g.public_routes.end(), "GET /auth/me") == g.public_routes.end());
  const auto project = std::find_if(g.entities.begin(), g.entities.end(), [](const auto& e) { return e.name == "Project"; });
  REQUIRE(project != g.entities.end());
  CHECK(project->endpoints.size() == 5);
  const std::string text = genome::write_genome_yaml(g);
  CHECK(text.find("# guessed: ") != std::string::npos);
  CHECK(text.find("key: workspace_id") != std::string::npos);
}

TEST_CASE("DRIFT002 is off when the genome lists no entities", "[rules][init]") {
  pipeline::AnalyzeOptions options;
  options.jobs = 1;
  auto analysis = pipeline::analyze_repository(fs::path(AV_FIXTURES_DIR) / "rules/DRIFT002", options);
  REQUIRE(analysis);
  genome::GenomeLoad load = genome::parse_genome("version: 1\ntenancy:\n  key: org_id\n", "archverify.yaml");
  REQUIRE(load.genome);
  CHECK(run_drift(*analysis->model, *load.genome) == "");
}
