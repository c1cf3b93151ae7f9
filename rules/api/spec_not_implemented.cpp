// API002 spec-not-implemented: an operation of the committed OpenAPI document
// that no code route implements (see spec_matching.h for the pairing).
#include <array>
#include <set>
#include <string>

#include "analyzer/engine/rule.h"
#include "rules/all_rules.h"
#include "rules/api/spec_matching.h"

namespace archverify::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Flags an operation (`METHOD path`) of the committed OpenAPI document that no
route of the code implements: no route with that method and the same path
shape (parameters compared by position; a different parameter name is API003).
The finding is on the operation's line in the spec file. When the code serves
the path with other methods, the message names them.

Any route counts as an implementation, including `include_in_schema=False`
routes and routers the analyzer could not see attached to the app (an
unreachable router is more often one attached in a way we do not follow than
dead code — dispatch includes its plugins' routers in a loop over a plugin
registry): an operation whose path *ends* with the path of such a router's
route is not reported either. Operations that a route with a non-literal,
unresolvable prefix might implement are not reported.

## Why is this bad?
Clients and generated SDKs call what the spec promises; an operation with no
implementation answers 404 or 405 in production. It is usually a route that
was removed or renamed without updating the spec, or a spec written ahead of
the code and never finished.

## Example
    # openapi.yaml
    /projects/{project_id}/members:
      get: ...          # no route serves GET /projects/{project_id}/members

## Use instead
Implement the operation, or remove it from the spec (regenerate the spec from
the application when it is generated).

## Options
The genome's `openapi` section: `path`, `mode: code_subset_of_spec` (the code
implements part of a larger contract, e.g. a plugin API: this rule is off),
`ignore` (URL path globs left out of the comparison).

Default severity medium: a broken promise to clients, not a vulnerability.
)md";

constexpr std::array<std::string_view, 2> kTags = {"api-contract", "openapi"};

constexpr RuleMeta kMeta{
    .id = "API002",
    .name = "spec-not-implemented",
    .category = Category::Api,
    .default_severity = Severity::Medium,
    .summary = "OpenAPI operation with no route implementing it",
    .docs = kDocs,
    .tags = kTags,
};

class SpecNotImplemented final : public engine::Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const engine::RuleInput& input, engine::RuleContext& ctx) const override {
    if (api::spec_mode(input.genome) == genome::SpecMode::CodeSubsetOfSpec) return;
    const api::SpecComparison& cmp = api::shared_spec_comparison(input);
    if (!cmp.spec) return;
    for (std::size_t o = 0; o < cmp.ops.size(); ++o) {
      const api::SpecOperation& s = cmp.ops[o];
      if (s.ignored) continue;
      ctx.count_check();
      if (!cmp.routes_of_op[o].empty() || s.maybe_unresolved || s.maybe_unmounted) continue;
      std::string message = "no route implements " + api::describe(s.op->method, s.op->path);
      std::string others = other_methods(cmp, s);
      if (!others.empty()) message += " (the code serves " + others + " on this path)";
      ctx.report(s.op->where, message, "implement the operation or remove it from " + api::spec_name(*cmp.spec));
    }
  }

 private:
  // Methods the code serves on the same path shape ("GET, PATCH"), or "".
  static std::string other_methods(const api::SpecComparison& cmp, const api::SpecOperation& s) {
    std::set<model::HttpMethod> methods;
    for (const api::CodeRoute& c : cmp.routes)
      if (!c.unresolved && c.path.same_shape(s.matched)) methods.insert(c.route->method);
    std::string out;
    for (model::HttpMethod m : methods) out += (out.empty() ? "" : ", ") + std::string(model::to_string(m));
    return out;
  }
};

}  // namespace

std::unique_ptr<engine::Rule> make_spec_not_implemented() { return std::make_unique<SpecNotImplemented>(); }

}  // namespace archverify::rules
