// The cached form of a loaded OpenAPI document: decoding what was encoded gives
// back every operation, parameter, response, range and diagnostic; anything
// that is not exactly a payload of this version is refused (a cache miss).
#include <catch2/catch.hpp>

#include "analyzer/openapi/spec_codec.h"

using namespace archverify;
using archverify::openapi::decode_spec_load;
using archverify::openapi::encode_spec_load;
using archverify::openapi::parse_openapi;

namespace {

void require_same(const SourceRange& a, const SourceRange& b) {
  CHECK(a.path == b.path);
  CHECK(a.begin == b.begin);
  CHECK(a.end == b.end);
}

void require_same(const openapi::SpecLoad& a, const openapi::SpecLoad& b) {
  REQUIRE(a.diagnostics == b.diagnostics);
  REQUIRE(a.spec.has_value() == b.spec.has_value());
  if (!a.spec) return;
  const model::OpenApiSpec& x = *a.spec;
  const model::OpenApiSpec& y = *b.spec;
  CHECK(x.path == y.path);
  CHECK(x.version == y.version);
  CHECK(x.version_text == y.version_text);
  CHECK(x.base_path == y.base_path);
  REQUIRE(x.operations.size() == y.operations.size());
  for (std::size_t i = 0; i < x.operations.size(); ++i) {
    const auto& o = x.operations[i];
    const auto& p = y.operations[i];
    CHECK(o.method == p.method);
    CHECK(o.path == p.path);
    CHECK(o.operation_id == p.operation_id);
    require_same(o.where, p.where);
    require_same(o.path_where, p.path_where);
    REQUIRE(o.parameters.size() == p.parameters.size());
    for (std::size_t k = 0; k < o.parameters.size(); ++k) {
      CHECK(o.parameters[k].name == p.parameters[k].name);
      CHECK(o.parameters[k].location == p.parameters[k].location);
      CHECK(o.parameters[k].required == p.parameters[k].required);
      CHECK(o.parameters[k].from_path_item == p.parameters[k].from_path_item);
      CHECK(o.parameters[k].unresolved_ref == p.parameters[k].unresolved_ref);
      require_same(o.parameters[k].where, p.parameters[k].where);
    }
    REQUIRE(o.responses.size() == p.responses.size());
    for (std::size_t k = 0; k < o.responses.size(); ++k) {
      CHECK(o.responses[k].status == p.responses[k].status);
      require_same(o.responses[k].where, p.responses[k].where);
    }
  }
}

constexpr const char* kSpec = R"(openapi: 3.1.0
info: {title: t, version: "1"}
servers:
  - url: /api/v2
paths:
  /projects/{project_id}:
    parameters:
      - $ref: "#/components/parameters/Missing"
      - {name: project_id, in: path, required: true}
    get:
      operationId: getProject
      parameters:
        - {name: expand, in: query}
      responses:
        "200": {description: ok}
        default: {description: error}
    delete:
      responses: {2XX: {description: gone}}
  /health:
    get: {responses: {"200": {description: ok}}}
)";

}  // namespace

TEST_CASE("an OpenAPI load survives the cache codec unchanged", "[openapi][cache]") {
  openapi::SpecLoad original = parse_openapi(kSpec, "docs/openapi.yaml");
  REQUIRE(original.spec);
  REQUIRE(original.spec->operations.size() == 3);
  REQUIRE_FALSE(original.diagnostics.empty());  // the unresolved $ref is reported
  auto decoded = decode_spec_load(encode_spec_load(original));
  REQUIRE(decoded);
  require_same(original, *decoded);
}

TEST_CASE("a load that found no paths survives the codec too", "[openapi][cache]") {
  openapi::SpecLoad original = parse_openapi("openapi: [unclosed\n", "openapi.yaml");
  REQUIRE_FALSE(original.spec);
  REQUIRE_FALSE(original.diagnostics.empty());
  auto decoded = decode_spec_load(encode_spec_load(original));
  REQUIRE(decoded);
  require_same(original, *decoded);
}

TEST_CASE("payloads that are not this codec's are refused", "[openapi][cache]") {
  const std::string good = encode_spec_load(parse_openapi(kSpec, "openapi.yaml"));
  CHECK(decode_spec_load(good));
  CHECK_FALSE(decode_spec_load(""));
  CHECK_FALSE(decode_spec_load("not a payload"));
  CHECK_FALSE(decode_spec_load(good + '\0'));  // trailing bytes
  // Every truncation is refused, wherever it cuts.
  for (std::size_t n = 0; n < good.size(); ++n) CHECK_FALSE(decode_spec_load(good.substr(0, n)));
  std::string other_version = good;
  other_version[0] = static_cast<char>(openapi::kSpecCodecVersion + 1);
  CHECK_FALSE(decode_spec_load(other_version));
  std::string json_version = good;
  json_version[0] = 1;  // the old JSON payloads' version
  CHECK_FALSE(decode_spec_load(json_version));
}

TEST_CASE("a diagnostic kind out of range is refused", "[openapi][cache]") {
  openapi::SpecLoad load;
  load.diagnostics.push_back(Diagnostic{DiagnosticKind::ConfigError, SourceRange{"openapi.yaml", {1, 1}, {1, 2}}, "m"});
  std::string payload = encode_spec_load(load);
  REQUIRE(decode_spec_load(payload));
  // version, diagnostic count, then the kind byte.
  REQUIRE(payload[2] == static_cast<char>(DiagnosticKind::ConfigError));
  payload[2] = 99;
  CHECK_FALSE(decode_spec_load(payload));
}

TEST_CASE("a corrupted byte is refused or read as another well-formed load", "[openapi][cache]") {
  const std::string good = encode_spec_load(parse_openapi(kSpec, "openapi.yaml"));
  for (std::size_t i = 0; i < good.size(); ++i)
    for (unsigned char flip : {0x01, 0x80, 0xff}) {
      std::string bad = good;
      bad[i] = static_cast<char>(static_cast<unsigned char>(bad[i]) ^ flip);
      auto decoded = decode_spec_load(bad);  // refused, or read as another valid payload...
      if (!decoded) continue;
      auto again = decode_spec_load(encode_spec_load(*decoded));  // ...which round-trips like any other
      REQUIRE(again);
      require_same(*decoded, *again);
    }
}
