// API001 route-not-in-spec: a route the code serves that the committed OpenAPI
// document does not describe (see spec_matching.h for how they are paired).
#include <array>
#include <set>
#include <tuple>
#include <string>

#include "analyzer/engine/rule.h"
#include "rules/all_rules.h"
#include "rules/api/spec_matching.h"

namespace archverify::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Flags a route the application serves (`@router.get(...)`, `@app.route(...)`,
`add_api_route`, class-based views…, with its full path after every router,
blueprint and include prefix) that has no operation of the same method and
path shape in the committed OpenAPI document. Path parameters are compared by
position, not by name: `/items/{id}` against `/items/{item_id}` is a name
mismatch (API003), not a missing route. Routes with `include_in_schema=False`,
routers never attached to an application, and the HEAD/OPTIONS Flask adds by
itself are not expected in the spec. Neither are the routes of another
application of the repository (a CLI's local OAuth callback server): when
some application's routes match the spec, applications with no matching route
are left out. A router included twice at the same path is reported once.

The spec's server base path (`servers[0].url`, or `basePath` in Swagger 2.0)
may or may not be part of the code's paths: `/users` in a spec served under
`/api/v1` is compared with `/users` (a sub-application mounted at `/api/v1`)
or with `/api/v1/users` (routes that carry the prefix), whichever reading
more routes match; the same reading applies to the whole spec. A prefix that is not a literal (`prefix=settings.API_V1_STR`)
takes the text that makes the most routes using it match the spec; when no
route using it matches anything, its routes are not compared and one low
finding says so instead of one finding per route.

## Why is this bad?
The spec is what clients, SDK generators, gateways and security reviews see.
An undocumented route is an endpoint nobody reviews, tests against the
contract or rate-limits — often a debug or internal route that shipped by
accident, or a new feature whose spec update was forgotten.

## Example
    @router.get("/projects/search")   # openapi.yaml has no /projects/search
    def search_projects(q: str): ...

## Use instead
Regenerate or update the committed spec so it lists the operation, or mark an
internal route `include_in_schema=False`.

## Options
The genome's `openapi` section: `path` (the spec file; default `openapi.yaml|yml|json`
or `docs/openapi.*`), `mode: spec_subset_of_code` (the spec is a public subset:
this rule is off), `ignore` (URL path globs, e.g. `/internal/**`, left out of the comparison).

Default severity medium: an undocumented route is a contract and review gap,
not a vulnerability by itself.
)md";

constexpr std::array<std::string_view, 2> kTags = {"api-contract", "openapi"};

constexpr RuleMeta kMeta{
    .id = "API001",
    .name = "route-not-in-spec",
    .category = Category::Api,
    .default_severity = Severity::Medium,
    .summary = "Route served by the code is missing from the committed OpenAPI document",
    .docs = kDocs,
    .tags = kTags,
};

class RouteNotInSpec final : public engine::Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const engine::RuleInput& input, engine::RuleContext& ctx) const override {
    if (api::spec_mode(input.genome) == genome::SpecMode::SpecSubsetOfCode) return;
    const api::SpecComparison& cmp = api::shared_spec_comparison(input);
    if (!cmp.spec) return;
    const std::string spec = api::spec_name(*cmp.spec);
    std::set<std::tuple<SourceRange, model::HttpMethod, std::string>> seen;  // a router included twice alike
    for (std::size_t r = 0; r < cmp.routes.size(); ++r) {
      const api::CodeRoute& c = cmp.routes[r];
      if (!c.documentable || c.ignored || c.unresolved) continue;
      if (!seen.insert({c.route->where, c.route->method, c.path.render()}).second) continue;
      ctx.count_check();
      if (!cmp.ops_of_route[r].empty()) continue;
      std::string message = api::describe(c.route->method, c.path.render()) + " (handler " + c.route->handler_name +
                            ") is not in " + spec;
      if (c.substituted) message += " (path as written: " + c.route->path_text + ")";
      ctx.report(c.route->where, message, "add the operation to " + spec + " or regenerate it from the app");
    }
    report_unresolved(cmp, ctx);
  }

 private:
  // One low finding for all routes whose non-literal prefix matched nothing.
  static void report_unresolved(const api::SpecComparison& cmp, engine::RuleContext& ctx) {
    if (cmp.unresolved.empty()) return;
    std::size_t count = 0;
    const model::Route* first = nullptr;
    std::string names;
    for (const api::UnresolvedPrefix& u : cmp.unresolved) {
      count += u.routes.size();
      if (!names.empty()) names += ", ";
      names += "{" + u.expression + "}";
      for (std::size_t i : u.routes) {
        const model::Route* r = cmp.routes[i].route;
        if (!first || r->where < first->where) first = r;
      }
    }
    ctx.count_check();
    Finding& f = ctx.report_at(Severity::Low, first->where,
                               std::to_string(count) + " route(s) under " + names +
                                   " were not compared with " + api::spec_name(*cmp.spec) +
                                   ": the prefix is not a literal and no spec path fits it",
                               "make the prefix a literal or list these paths in the genome's openapi.ignore");
    for (const api::UnresolvedPrefix& u : cmp.unresolved)
      for (std::size_t i = 0; i < u.routes.size() && i < 5; ++i) {
        const model::Route* r = cmp.routes[u.routes[i]].route;
        if (r != first) f.related.push_back(RelatedLocation{r->where, api::describe(r->method, r->path_text)});
      }
  }
};

}  // namespace

std::unique_ptr<engine::Rule> make_route_not_in_spec() { return std::make_unique<RouteNotInSpec>(); }

}  // namespace archverify::rules
