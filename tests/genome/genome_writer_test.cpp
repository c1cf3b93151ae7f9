// genome_writer: hand-made InferredGenome values → YAML that load_genome reads
// back to the same values, with scalars YAML would misread quoted.
#include <catch2/catch.hpp>

#include "analyzer/genome/genome_loader.h"
#include "analyzer/genome/genome_writer.h"

using namespace archverify::genome;

TEST_CASE("genome writer: output loads back with the same values", "[genome][init]") {
  InferredGenome g;
  g.repo_name = "demo";
  g.stack = Stack::Flask;
  g.stack_evidence = "3 Flask routes";
  g.layout.models = {"app/models/**/*.py"};
  g.layout.tests = {"tests/**/*.py", "conftest.py"};
  g.tenancy = InferredTenancy{{"org_id", "orgs", 3, 4}, InferredTenantCandidate{"team_id", "teams", 2, 4}, {"Org"}};
  g.token_transport = TokenTransport::Cookie;
  g.transport_evidence = "app/auth.py:9 sets cookie session";
  g.public_routes = {"GET /health", "POST /login"};
  g.routes_total = 3;
  g.engine = DbEngine::Sqlite;
  g.engine_evidence = "a sqlite DSN literal at app/config.py:2";
  g.spec_path = "docs/openapi.yaml";
  InferredEntity org{"Org", "orgs", "app/models.py:4", {}, {}, {EndpointKind::List}, {"logo (LargeBinary: no genome type)"}};
  org.fields.push_back({"id", FieldType::Int, std::nullopt, false, true, ""});
  org.fields.push_back({"on", FieldType::Bool, false, false, false, ""});  // a YAML 1.1 boolean word as a name
  InferredEntity user{"User", "users", "app/models.py:9", {}, {{"org", "Org"}}, {}, {}};
  user.fields.push_back({"org_id", FieldType::Int, false, false, false, "orgs.id"});
  user.fields.push_back({"email", FieldType::String, false, true, false, ""});
  g.entities = {org, user};

  const std::string text = write_genome_yaml(g);
  INFO(text);
  GenomeLoad load = parse_genome(text, "archverify.yaml");
  std::string errors;
  for (const auto& d : load.diagnostics) errors += format_diagnostic(d) + "\n";
  INFO(errors);
  REQUIRE(load.genome);
  const Genome& back = *load.genome;
  CHECK(back.stack->value == Stack::Flask);
  REQUIRE(back.tenancy);
  CHECK(back.tenancy->key->value == "org_id");
  CHECK(back.tenancy->exempt.size() == 1);
  CHECK(back.auth->token_transport->value == TokenTransport::Cookie);
  CHECK(back.auth->public_routes.size() == 2);
  CHECK(back.database->engine->value == DbEngine::Sqlite);
  CHECK(back.openapi->path->value == "docs/openapi.yaml");
  REQUIRE(back.entities.size() == 2);
  CHECK(back.entities[0].field("on") != nullptr);
  CHECK(back.entities[0].field("id")->nullable == std::nullopt);
  const Field* email = back.entities[1].field("email");
  REQUIRE(email);
  CHECK(email->unique == std::optional<bool>(true));
  CHECK(back.entities[1].field("org_id")->references_table == std::optional<std::string>("orgs"));
  CHECK(back.entities[1].relationships.at(0).target.value == "Org");
  CHECK(back.quality.threshold->value == 80);
  CHECK(text.find("# runner-up: 2 of 4 entities have team_id → teams") != std::string::npos);
  CHECK(text.find("# not listed: logo (LargeBinary: no genome type)") != std::string::npos);
}
