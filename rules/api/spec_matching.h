// The comparison the three OpenAPI rules (API001–API003) share: which code
// routes correspond to which operations of the committed spec, by method and
// path shape. A route matches an operation when the methods are equal (a spec
// HEAD is also served by a GET route) and the path shapes are equal — literal
// text equal, parameters in the same places, parameter names ignored (names
// are API003's business). When the spec has a server base path
// (`servers[0].url` / `basePath`), spec paths are compared either as written
// (code mounted as a sub-application, like dispatch, has routes relative to
// it) or with the base path in front (a monolith whose routes carry it): both
// are tried and the one under which more routes match is used for the whole
// spec (a tie goes to the base path in front, the literal reading of the
// spec). One reading for all operations, so a stray `/tasks` next to
// `/api/v1/tasks` is still reported.
//
// Routes whose path holds a piece that is not a literal (`prefix=
// settings.API_V1_STR`, rendered "{settings.API_V1_STR}") are matched by
// treating each such expression as one unknown text: every route using it
// votes for the literal text that would make it match some spec operation, and
// the most voted text is taken for all routes using that expression (the same
// constant has the same value everywhere). An expression no route could match
// leaves its routes "unresolved": they are not compared (API001 says so once)
// and spec operations they might implement are not reported by API002.
//
// A repository may hold several applications (keep's CLI starts a one-route
// FastAPI app for its OAuth callback). The application of a route is the
// outermost object of its prefix chain; when some application has routes
// matching the spec, routes of applications with none are taken as another
// program's and are not expected in the spec.
//
// A router or blueprint routes.h never saw attached (`mounted == false`) may
// still be attached in a way the analyzer does not follow (dispatch adds its
// plugins' routers in a loop over a plugin registry): a spec operation whose
// path ends with the path of such a route (same method, at a segment boundary,
// with some literal text) is marked `maybe_unmounted`, and API002 stays quiet.
//
// Deliberately left out: request bodies and query parameters, servers other
// than the first, and `app.mount()` sub-applications (routes.h does not follow
// them). The comparison is recomputed by each rule (cheap: linear in routes ×
// operations), so the rules stay independent.
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "analyzer/engine/rule.h"
#include "analyzer/genome/genome.h"
#include "analyzer/model/path_template.h"
#include "analyzer/model/repo_model.h"

namespace archverify::rules::api {

struct SpecOperation {
  const model::OpenApiOperation* op = nullptr;
  model::PathTemplate path;       // the key under `paths`, parsed
  model::PathTemplate full;       // base path + key (== path when there is no base path)
  model::PathTemplate matched;    // the one of the two the code is compared with
  bool ignored = false;           // matched by the genome's openapi.ignore
  bool maybe_unresolved = false;  // an unresolved route could implement it
  bool maybe_unmounted = false;   // ends like a route of a router we never saw attached
};

struct CodeRoute {
  const model::Route* route = nullptr;
  model::PathTemplate path;     // route.path with unknown pieces replaced by their voted text
  bool substituted = false;     // some unknown piece was replaced
  bool unresolved = false;      // an unknown piece is left: not compared
  bool ignored = false;         // matched by the genome's openapi.ignore
  // API001 looks at it: mounted, in the schema, not a Flask HEAD/OPTIONS,
  // and served by the application the spec documents.
  bool documentable = false;
  std::string application;      // qualified name of the outermost app/router of its chain
};

struct Pairing {
  std::size_t route = 0;  // index into SpecComparison::routes
  std::size_t op = 0;     // index into SpecComparison::ops
  bool same_names = true; // parameter names equal too
};

struct UnresolvedPrefix {
  std::string expression;          // "settings.API_V1_STR"
  std::vector<std::size_t> routes; // indices into SpecComparison::routes
};

struct SpecComparison {
  const model::OpenApiSpec* spec = nullptr;  // null: nothing to compare
  std::vector<CodeRoute> routes;             // model order
  std::vector<SpecOperation> ops;            // document order
  std::vector<Pairing> pairs;                // by route, then op
  std::vector<std::vector<std::size_t>> ops_of_route;  // pair indices
  std::vector<std::vector<std::size_t>> routes_of_op;  // pair indices
  std::map<std::string, std::string> substitutions;    // unknown expression → voted text
  bool with_base_path = false;                         // spec paths compared with the base path in front
  std::vector<UnresolvedPrefix> unresolved;            // sorted by expression
};

SpecComparison compare_with_spec(const model::RepoModel& model, const genome::Genome* genome);
// compare_with_spec for the run's model and genome, computed once and shared by API001-API003.
const SpecComparison& shared_spec_comparison(const engine::RuleInput& input);

genome::SpecMode spec_mode(const genome::Genome* genome);

// "GET /items/{id}"
std::string describe(model::HttpMethod method, const std::string& path);
// The spec file name for messages ("openapi.yaml").
std::string spec_name(const model::OpenApiSpec& spec);

}  // namespace archverify::rules::api
