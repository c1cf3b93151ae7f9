// `archverify init` round trip: the genome inferred from a repository loads
// back without errors, and DRIFT001/DRIFT002 run with it on the same
// repository find nothing (the genome describes the code as it is). Run on
// both example apps and on rule fixtures with varied model shapes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
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
                                   "rules/DRIFT002", "rules/ORM001_fastapi", "rules/DB005_sqlmodel", "rules/DB001_sqlmodel",
                                   "rules/DRIFT001_nested_endpoints", "rules/DRIFT001_flask_restful",
                                   "rules/DRIFT001_mapped_mixins");
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

TEST_CASE("DRIFT001 messages say precisely what differs", "[rules][drift]") {
  auto drift_of = [](const std::string& dir) {
    pipeline::AnalyzeOptions options;
    options.jobs = 1;
    const fs::path root = fs::path(AV_FIXTURES_DIR) / dir;
    auto analysis = pipeline::analyze_repository(root, options);
    REQUIRE(analysis);
    std::ifstream in(root / "archverify.yaml");
    std::stringstream text;
    text << in.rdbuf();
    genome::GenomeLoad load = genome::parse_genome(text.str(), "archverify.yaml");
    REQUIRE(load.genome);
    return run_drift(*analysis->model, *load.genome);
  };
  const std::string mixins = drift_of("rules/DRIFT001_mapped_mixins");
  INFO(mixins);
  // a composite unique constraint is named; the closest column is suggested; the type factory's storage type is shown
  CHECK(mixins.find("User.email is declared unique: true but the column is not unique on its own (only unique together "
                    "with tenant_id)") != std::string::npos);
  CHECK(mixins.find("User has no column password (closest: hashed_password)") != std::string::npos);
  CHECK(mixins.find("Tenant.discovery_url is declared as string but the model declares UrlString (text)") != std::string::npos);
  CHECK(mixins.find("User.provider is declared as enum but the model declares String (string)") != std::string::npos);
  const std::string nested = drift_of("rules/DRIFT001_nested_endpoints");
  INFO(nested);
  // the routes that were considered are listed, or the message says none names the entity
  CHECK(nested.find("create endpoint for AdminAPIKey but no route serves it (expected POST /admin_api_key; routes naming "
                    "admin_api_key: GET /api-keys/, DELETE /api-keys/{id}/delete)") != std::string::npos);
  CHECK(nested.find("list endpoint for AuditLog but no route serves it (expected GET /audit_logs; no route path names "
                    "audit_logs)") != std::string::npos);
}
