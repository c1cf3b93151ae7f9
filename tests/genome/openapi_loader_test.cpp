// The committed OpenAPI document → operations with parameters and response codes.
#include <catch2/catch.hpp>

#include "analyzer/openapi/openapi_loader.h"

using namespace archverify;
using archverify::model::HttpMethod;
using archverify::model::ParameterLocation;
using archverify::openapi::parse_openapi;

TEST_CASE("OpenAPI 3.0 YAML operations, parameters and responses", "[openapi]") {
  auto load = parse_openapi(R"(openapi: 3.0.3
info: {title: t, version: "1"}
servers:
  - url: https://api.example.com/v1/
paths:
  /projects/{project_id}:
    parameters:
      - $ref: "#/components/parameters/ProjectId"
      - {name: X-Trace, in: header}
    summary: one project
    get:
      operationId: getProject
      parameters:
        - {name: expand, in: query, required: true}
        - {name: X-Trace, in: header, required: true}
      responses:
        "200": {description: ok}
        404: {description: missing}
        default: {description: error}
        x-note: ignored
    delete:
      responses:
        2XX: {description: gone}
    x-internal: true
  /health:
    get: {responses: {"200": {description: ok}}}
components:
  parameters:
    ProjectId: {name: project_id, in: path, required: true, schema: {type: integer}}
)", "openapi.yaml");
  REQUIRE(load.diagnostics.empty());
  REQUIRE(load.spec);
  const auto& spec = *load.spec;
  CHECK(spec.version == model::OpenApiVersion::V3_0);
  CHECK(spec.version_text == "3.0.3");
  CHECK(spec.base_path == "/v1");
  REQUIRE(spec.operations.size() == 3);
  const auto& get = spec.operations[0];
  CHECK(get.method == HttpMethod::Get);
  CHECK(get.path == "/projects/{project_id}");
  CHECK(get.operation_id == "getProject");
  CHECK(get.where.begin.line == 11);
  CHECK(get.where.begin.column == 5);
  CHECK(get.path_where.begin.line == 6);
  CHECK(get.path_where.begin.column == 3);
  REQUIRE(get.parameters.size() == 3);  // path-level X-Trace overridden by the operation's
  CHECK(get.parameters[0].name == "project_id");
  CHECK(get.parameters[0].location == ParameterLocation::Path);
  CHECK(get.parameters[0].from_path_item);
  CHECK(get.parameters[0].where.begin.line == 8);  // where the $ref is written
  CHECK(get.parameters[1].name == "expand");
  CHECK(get.parameters[1].required);
  CHECK(get.parameters[2].name == "X-Trace");
  CHECK(get.parameters[2].required);
  CHECK_FALSE(get.parameters[2].from_path_item);
  CHECK(get.path_parameter_names() == std::vector<std::string>{"project_id"});
  REQUIRE(get.responses.size() == 3);
  CHECK(get.responses[0].status == "200");
  CHECK(get.responses[1].status == "404");
  CHECK(get.responses[2].status == "default");
  const auto& del = spec.operations[1];
  CHECK(del.method == HttpMethod::Delete);
  CHECK(del.operation_id.empty());
  CHECK(del.parameters.size() == 2);  // inherited from the path item
  CHECK(del.responses[0].status == "2XX");
  CHECK(spec.operations[2].path == "/health");
  CHECK(spec.operations[2].parameters.empty());
}

TEST_CASE("OpenAPI 3.1 JSON has the same facts with line positions", "[openapi]") {
  auto load = parse_openapi(R"({
  "openapi": "3.1.0",
  "servers": [{"url": "/"}],
  "paths": {
    "/items/{id}": {
      "put": {
        "operationId": "putItem",
        "parameters": [{"name": "id", "in": "path", "required": true}],
        "responses": {"204": {"description": "saved"}}
      }
    }
  }
})", "openapi.json");
  REQUIRE(load.diagnostics.empty());
  REQUIRE(load.spec);
  CHECK(load.spec->version == model::OpenApiVersion::V3_1);
  CHECK(load.spec->base_path.empty());
  REQUIRE(load.spec->operations.size() == 1);
  const auto& op = load.spec->operations[0];
  CHECK(op.method == HttpMethod::Put);
  CHECK(op.where.begin.line == 6);
  CHECK(op.where.begin.column == 7);
  CHECK(op.path_where.begin.line == 5);
  CHECK(op.responses[0].status == "204");
}

TEST_CASE("Swagger 2.0 is listed with an unsupported warning", "[openapi]") {
  auto load = parse_openapi(R"(swagger: "2.0"
basePath: /api
paths:
  /pets/{petId}:
    get:
      parameters: [{$ref: "#/parameters/PetId"}]
      responses: {"200": {description: ok}}
parameters:
  PetId: {name: petId, in: path, required: true, type: string}
)", "swagger.yaml");
  REQUIRE(load.spec);
  CHECK(load.spec->version == model::OpenApiVersion::Swagger2);
  CHECK(load.spec->base_path == "/api");
  REQUIRE(load.diagnostics.size() == 1);
  CHECK(load.diagnostics[0].kind == DiagnosticKind::ConfigWarning);
  CHECK(load.diagnostics[0].message.find("unsupported") != std::string::npos);
  REQUIRE(load.spec->operations.size() == 1);
  CHECK(load.spec->operations[0].path_parameter_names() == std::vector<std::string>{"petId"});
}

TEST_CASE("odd pieces of a spec are warnings and skipped, not crashes", "[openapi]") {
  auto load = parse_openapi(R"(openapi: 3.0.0
paths:
  items:
    get: {}
  /a:
    GET: {}
    post: "not an object"
    get:
      parameters:
        - $ref: "#/components/parameters/Missing"
        - $ref: "other.yaml#/Param"
        - 42
      responses: [200]
  /b: ~
  /c: [1, 2]
  x-extension: {}
)", "openapi.yaml");
  REQUIRE(load.spec);
  std::vector<std::string> messages;
  for (const auto& d : load.diagnostics) {
    CHECK(d.kind == DiagnosticKind::ConfigWarning);
    messages.push_back(std::to_string(d.where.begin.line) + ": " + d.message);
  }
  REQUIRE(messages.size() == 8);
  CHECK(messages[0] == "3: path 'items' does not start with '/'; expected a path such as '/items/{id}'");
  CHECK(messages[1].rfind("6: unknown key 'GET' in path item '/a'", 0) == 0);
  CHECK(messages[2] == "7: operation POST /a is not a mapping; expected an operation object");
  CHECK(messages[3].rfind("10: cannot resolve parameter $ref '#/components/parameters/Missing'", 0) == 0);
  CHECK(messages[4].rfind("11: cannot resolve parameter $ref 'other.yaml#/Param'", 0) == 0);
  CHECK(messages[5].rfind("12: a parameter of GET /a is not a mapping", 0) == 0);
  CHECK(messages[6].rfind("13: 'responses' of GET /a is not a mapping", 0) == 0);
  CHECK(messages[7] == "15: path item '/c' is not a mapping; expected operations by method");
  REQUIRE(load.spec->operations.size() == 2);
  const auto& get = load.spec->operations[1];
  REQUIRE(get.parameters.size() == 2);
  CHECK(get.parameters[0].unresolved_ref == "#/components/parameters/Missing");
}

TEST_CASE("a document that is not a spec is an error", "[openapi]") {
  auto no_version = parse_openapi("paths: {}\n", "openapi.yaml");
  REQUIRE(no_version.diagnostics.size() == 1);
  CHECK(no_version.diagnostics[0].kind == DiagnosticKind::ConfigError);
  CHECK(no_version.diagnostics[0].message == "missing 'openapi' version key; expected 'openapi: 3.0.x' or 'openapi: 3.1.x'");
  auto list = parse_openapi("[1, 2]\n", "openapi.yaml");
  CHECK_FALSE(list.spec);
  auto bad_paths = parse_openapi("openapi: 3.0.0\npaths: [1]\n", "openapi.yaml");
  CHECK_FALSE(bad_paths.spec);
  REQUIRE(bad_paths.diagnostics.size() == 1);
  CHECK(bad_paths.diagnostics[0].where.begin.line == 2);
  auto trailing = parse_openapi("{\"openapi\": \"3.1.0\", \"paths\": {},}", "openapi.json");
  CHECK_FALSE(trailing.spec);
  REQUIRE(trailing.diagnostics.size() == 1);
  CHECK(trailing.diagnostics[0].message.rfind("invalid JSON: trailing comma", 0) == 0);
  auto future = parse_openapi("openapi: 4.0.0\npaths: {}\n", "openapi.yaml");
  REQUIRE(future.spec);
  CHECK(future.spec->version == model::OpenApiVersion::Unknown);
  REQUIRE(future.diagnostics.size() == 1);
}

TEST_CASE("$ref cycles between parameters terminate", "[openapi]") {
  auto load = parse_openapi(R"(openapi: 3.0.0
paths:
  /x:
    get:
      parameters: [{$ref: "#/components/parameters/A"}]
components:
  parameters:
    A: {$ref: "#/components/parameters/B"}
    B: {$ref: "#/components/parameters/A"}
)", "openapi.yaml");
  REQUIRE(load.spec);
  REQUIRE(load.spec->operations.size() == 1);
}

TEST_CASE("server base paths", "[openapi]") {
  using archverify::openapi::server_base_path;
  CHECK(server_base_path("https://api.example.com") == "");
  CHECK(server_base_path("https://api.example.com/v2/") == "/v2");
  CHECK(server_base_path("/api/v1") == "/api/v1");
  CHECK(server_base_path("/") == "");
  CHECK(server_base_path("{scheme}://{host}/base?x=1") == "/base");
  CHECK(server_base_path("api") == "/api");
}

// keep's docs/openapi.json: emoji written as JSON surrogate-pair escapes, which
// libyaml rejects unless the document loader rewrites them.
TEST_CASE("JSON surrogate-pair escapes load (characters outside the BMP)", "[openapi]") {
  auto load = parse_openapi(R"({
  "openapi": "3.0.2",
  "info": {"title": "t \ud83c\udfc4\u200d", "version": "1", "description": "a \\ud83c literal backslash"},
  "paths": {
    "/alerts": {
      "get": {"summary": "\ud83d\udd14 alerts", "responses": {"200": {"description": "ok"}}}
    }
  }
})", "openapi.json");
  CHECK(load.diagnostics.empty());
  REQUIRE(load.spec);
  REQUIRE(load.spec->operations.size() == 1);
  CHECK(load.spec->operations[0].where.begin.line == 6);
}
