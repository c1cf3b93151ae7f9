// The genome loader produces typed values with positions, and reports every
// error of a file at once.
#include <catch2/catch.hpp>

#include "analyzer/genome/genome_loader.h"
#include "genome_test_support.h"

using namespace archverify;
using namespace archverify::genome;

TEST_CASE("the full example loads into typed values", "[genome][loader]") {
  auto load = load_genome(testing::source_dir() / "genome_schema/examples/fastapi_multitenant.yaml", "archverify.yaml");
  REQUIRE(load.diagnostics.empty());
  REQUIRE(load.genome);
  const Genome& g = *load.genome;
  CHECK(g.version == 1);
  REQUIRE(g.stack);
  CHECK(g.stack->value == Stack::FastApi);
  CHECK(g.stack->where.path == "archverify.yaml");
  CHECK(g.stack->where.begin.line == 3);
  CHECK(g.stack->where.begin.column == 8);
  REQUIRE(g.layout.models.size() == 1);
  CHECK(g.layout.models[0].glob.matches("app/models/project.py"));
  CHECK_FALSE(g.layout.models[0].glob.matches("app/routers/project.py"));
  REQUIRE(g.layout.spec);
  CHECK(g.layout.spec->value == "openapi.yaml");

  REQUIRE(g.tenancy);
  CHECK(g.tenancy->key->value == "workspace_id");
  CHECK(g.tenancy->scoped_all);
  CHECK(g.tenancy->is_scoped("Project"));
  CHECK_FALSE(g.tenancy->is_scoped("Workspace"));
  REQUIRE(g.tenancy->parent_of("Comment"));
  CHECK(g.tenancy->parent_of("Comment")->value == "Task");
  CHECK(g.tenancy->parent_of("Task") == nullptr);
  CHECK(g.tenancy->helpers.size() == 2);
  CHECK(g.tenancy->enforcement == TenantEnforcement::App);
  REQUIRE(g.tenancy->cross_tenant.size() == 1);
  CHECK(g.tenancy->is_cross_tenant("app.admin", "purge_workspace"));
  CHECK(g.tenancy->is_cross_tenant("app.admin.reports", "Reports.totals"));
  CHECK_FALSE(g.tenancy->is_cross_tenant("app.administration", "list"));
  CHECK_FALSE(g.tenancy->is_cross_tenant("app.routers.projects", "list_projects"));

  REQUIRE(g.auth);
  CHECK(g.auth->token_transport->value == TokenTransport::Cookie);
  CHECK(g.auth->cookie_flags.httponly->value);
  CHECK(g.auth->cookie_flags.samesite->value == SameSite::Lax);
  CHECK(g.auth->password_hashers.size() == 2);
  CHECK(g.auth->is_public(model::HttpMethod::Post, "/auth/login"));
  CHECK_FALSE(g.auth->is_public(model::HttpMethod::Get, "/auth/login"));
  CHECK(g.auth->is_public(model::HttpMethod::Get, "/docs/oauth2-redirect"));
  CHECK(g.auth->is_public(model::HttpMethod::Head, "/openapi.json"));
  CHECK_FALSE(g.auth->is_public(model::HttpMethod::Get, "/projects"));

  REQUIRE(g.database);
  CHECK(g.database->engine->value == DbEngine::Postgresql);
  CHECK_FALSE(g.database->is_async->value);
  REQUIRE(g.openapi);
  CHECK(g.openapi->mode == SpecMode::Exact);
  CHECK(g.openapi->ignore[0].glob.matches("/internal/jobs/run"));

  REQUIRE(g.entities.size() == 5);
  const Entity* task = g.entity("Task");
  REQUIRE(task);
  CHECK(task->table == "tasks");
  const Field* project_id = task->field("project_id");
  REQUIRE(project_id);
  CHECK(project_id->type == FieldType::Int);
  CHECK(project_id->references_table == "projects");
  CHECK(project_id->references_column == "id");
  CHECK(project_id->nullable == false);
  CHECK_FALSE(project_id->unique.has_value());
  CHECK(task->field("status")->type == FieldType::Enum);
  CHECK(task->relationships.size() == 2);
  CHECK(task->endpoints.size() == 4);
  CHECK(g.entity("Label") == nullptr);

  REQUIRE(g.layers.size() == 4);
  CHECK(g.layer("routers")->may_import.size() == 2);
  CHECK(g.quality.threshold->value == 80);
  CHECK(g.quality.weights.size() == 7);
  REQUIRE(g.quality.rules.size() == 2);
  CHECK(g.quality.rules[0].rule_id == "TEN001");
  CHECK(g.quality.rules[0].severity == Severity::Critical);
  CHECK(g.quality.rules[1].rule_id == "DRIFT002");
  CHECK_FALSE(g.quality.rules[1].severity.has_value());
  CHECK(g.quality.fail_on->value == Severity::Critical);
}

TEST_CASE("absent sections stay absent", "[genome][loader]") {
  auto load = parse_genome("version: 1\n", "g.yaml");
  REQUIRE(load.genome);
  CHECK_FALSE(load.genome->stack);
  CHECK_FALSE(load.genome->tenancy);
  CHECK_FALSE(load.genome->auth);
  CHECK_FALSE(load.genome->quality.threshold);
  CHECK(load.genome->entities.empty());
}

TEST_CASE("JSON genomes load like YAML ones, with positions", "[genome][loader]") {
  auto load = parse_genome("{\n  \"version\": 1,\n  \"stack\": \"flask\"\n}\n", "archverify.json");
  REQUIRE(load.genome);
  CHECK(load.genome->stack->value == Stack::Flask);
  CHECK(load.genome->stack->where.begin.line == 3);
  CHECK(load.genome->stack->where.begin.column == 12);
}

TEST_CASE("all errors of a file are reported at once, in file order", "[genome][loader]") {
  auto load = parse_genome(R"(version: 1
stack: fastapy
tenancy:
  key: workspace_id
  exempt: [Wrkspace]
  enforcment: app
database: {engine: mongo, async: maybe}
entities:
  - name: Workspace
  - name: Workspace
)", "g.yaml");
  CHECK_FALSE(load.genome);
  std::vector<std::string> got;
  for (const auto& d : load.diagnostics) got.push_back(format_diagnostic(d));
  REQUIRE(got.size() == 6);
  CHECK(got[0] == "g.yaml:2:8: invalid value 'fastapy' for 'stack' (did you mean 'fastapi'?); expected one of: fastapi, flask");
  CHECK(got[1].rfind("g.yaml:5:12: unknown entity 'Wrkspace'", 0) == 0);
  CHECK(got[2].rfind("g.yaml:6:3: unknown key 'enforcment' in 'tenancy' (did you mean 'enforcement'?)", 0) == 0);
  CHECK(got[3].rfind("g.yaml:7:20: invalid value 'mongo' for 'database.engine'", 0) == 0);
  CHECK(got[4] == "g.yaml:7:34: wrong type for 'database.async': got a string; expected true or false");
  CHECK(got[5] == "g.yaml:10:11: duplicate entity 'Workspace' (first declared at line 9); expected unique entity names");
}

TEST_CASE("entity names are checked against entities only when entities are declared", "[genome][loader]") {
  auto load = parse_genome("version: 1\ntenancy: {exempt: [Anything], through_parent: {A: B}}\n", "g.yaml");
  CHECK(load.diagnostics.empty());
}

TEST_CASE("YAML 1.1 booleans and quoted scalars are strings", "[genome][loader]") {
  auto off = parse_genome("version: 1\nquality: {rules: {TEN001: off}}\n", "g.yaml");
  REQUIRE(off.genome);
  CHECK_FALSE(off.genome->quality.rules[0].severity.has_value());
  auto yes = parse_genome("version: 1\ndatabase: {async: yes}\n", "g.yaml");
  CHECK_FALSE(yes.genome);
  auto quoted = parse_genome("version: 1\ndatabase: {async: \"true\"}\n", "g.yaml");
  CHECK_FALSE(quoted.genome);
  auto number_as_name = parse_genome("version: 1\ntenancy: {key: 42}\n", "g.yaml");
  REQUIRE(number_as_name.diagnostics.size() == 1);
  CHECK(number_as_name.diagnostics[0].message == "wrong type for 'tenancy.key': got a number; expected the tenant column name, e.g. workspace_id");
}

TEST_CASE("columns count code points, not bytes", "[genome][loader]") {
  auto load = parse_genome("version: 1\nlayout: {spec: \"é/ü.yaml\", tests: [1]}\n", "g.yaml");
  REQUIRE(load.diagnostics.size() == 1);
  CHECK(load.diagnostics[0].where.begin.line == 2);
  CHECK(load.diagnostics[0].where.begin.column == 36);  // 38 if bytes were counted
}

TEST_CASE("an unknown name among many lists the first few, then how many more", "[genome][loader]") {
  std::string text = "version: 1\ntenancy:\n  key: workspace_id\n  exempt: [Entity99]\nentities:\n";
  for (int i = 0; i < 15; ++i) text += "  - name: Entity" + std::to_string(i) + "\n";
  auto load = parse_genome(text, "g.yaml");
  REQUIRE(load.diagnostics.size() == 1);
  const std::string got = format_diagnostic(load.diagnostics[0]);
  CHECK(got ==
        "g.yaml:4:12: unknown entity 'Entity99' in 'tenancy.exempt' (did you mean 'Entity9'?); expected one of the "
        "entity names under 'entities': Entity0, Entity1, Entity2, Entity3, Entity4, Entity5, Entity6, Entity7, "
        "Entity8, Entity9, Entity10, Entity11, … (3 more)");
}
