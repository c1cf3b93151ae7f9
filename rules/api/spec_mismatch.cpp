// API003 spec-mismatch: a route and the spec operation it implements disagree
// on path parameter names, on which path parameters exist, or on the declared
// success status code (see spec_matching.h for the pairing).
#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "analyzer/engine/rule.h"
#include "rules/all_rules.h"
#include "rules/api/handler_params.h"
#include "rules/api/spec_matching.h"

namespace archverify::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
For each route paired with a spec operation (same method, same path shape),
flags:
- **path parameter names** that differ by position (`/comments/{comment_id}`
  in the code, `/comments/{id}` in the spec);
- a path parameter the spec declares (`in: path`) that the handler cannot
  receive — neither the handler nor any of its dependencies (route, router,
  include or app level) has a parameter of that name (FastAPI), or the view
  function lacks the converter's name (Flask);
- a path parameter of the path that the handler takes but the spec operation
  does not declare;
- a spec `in: path` parameter that is not in the spec's own path;
- a **success status code** the route declares (`status_code=201`) that is
  not among the spec's responses for the operation (`"2XX"` ranges count).

Where code and spec each say something different (names, status code,
undeclared parameter) the finding is reported twice: at the route's decorator
(with the spec operation as related location) and at the spec line (the path
key for names, the success response for status codes), so that a review of
either file shows it. The two operations of one spec path that share a
misnamed parameter give one spec-side finding. A spec-only defect (a declared
parameter missing from the spec path) is reported in the spec only; a
code-only one (the handler does not take a parameter of its own path) at the
route only.

A route that declares no `status_code` is not compared: FastAPI answers 200
then, but handlers that return `JSONResponse(status_code=201)` or set
`response.status_code` are common and the spec usually follows them. Routes
without a spec operation are API001's, operations without a route API002's.

## Why is this bad?
Generated clients build URLs and check status codes from the spec: a renamed
parameter breaks keyword-based SDK calls and documentation links, a 201 where
the spec promises 200 (or 204 where it promises a body) breaks strict
clients and contract tests.

## Example
    @router.get("/comments/{comment_id}")   # openapi.yaml: /comments/{id}
    @router.post("/logout", status_code=204)  # openapi.yaml: responses: "200"

## Use instead
Use the spec's names and codes in the code, or regenerate the spec from the
application.

## Options
The genome's `openapi` section: `path` and `ignore` (URL path globs left out
of the comparison). The `mode` does not change this rule.

Default severity low: a mismatch breaks clients in a visible way (an error in
the first integration test), unlike a silently missing route.
)md";

constexpr std::array<std::string_view, 2> kTags = {"api-contract", "openapi"};

constexpr RuleMeta kMeta{
    .id = "API003",
    .name = "spec-mismatch",
    .category = Category::Api,
    .default_severity = Severity::Low,
    .summary = "Route and OpenAPI operation disagree on path parameters or status code",
    .docs = kDocs,
    .tags = kTags,
};

std::string braces(const std::string& name) { return "{" + name + "}"; }

// Whether the spec's responses include `code` ("201" or a "2XX" range).
bool spec_has_status(const model::OpenApiOperation& op, int code) {
  std::string text = std::to_string(code);
  for (const model::OpenApiResponse& r : op.responses) {
    if (r.status == text) return true;
    if (r.status.size() == 3 && r.status[0] == text[0] && (r.status[1] == 'X' || r.status[1] == 'x')) return true;
  }
  return false;
}

// The spec's success (2xx/3xx) responses; the first one locates spec-side findings.
std::vector<const model::OpenApiResponse*> success_responses(const model::OpenApiOperation& op) {
  std::vector<const model::OpenApiResponse*> out;
  for (const model::OpenApiResponse& r : op.responses)
    if (!r.status.empty() && (r.status[0] == '2' || r.status[0] == '3')) out.push_back(&r);
  return out;
}

class SpecMismatch final : public engine::Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  // One of the longest checks on large repositories: it compares every paired operation's parameters and bodies.
  engine::RuleCost cost() const override { return engine::RuleCost::Heavy; }

  void check(const engine::RuleInput& input, engine::RuleContext& ctx) const override {
    const api::SpecComparison& cmp = api::shared_spec_comparison(input);
    if (!cmp.spec) return;
    Reporter out{ctx, api::spec_name(*cmp.spec), {}, {}};
    for (std::size_t r = 0; r < cmp.routes.size(); ++r) {
      const api::CodeRoute& c = cmp.routes[r];
      if (c.ignored || cmp.ops_of_route[r].empty()) continue;
      bool any_same = false;
      for (std::size_t p : cmp.ops_of_route[r]) any_same = any_same || cmp.pairs[p].same_names;
      for (std::size_t p : cmp.ops_of_route[r]) {
        const api::Pairing& pair = cmp.pairs[p];
        const api::SpecOperation& s = cmp.ops[pair.op];
        if (s.ignored || (any_same && !pair.same_names)) continue;
        ctx.count_check();
        if (!pair.same_names) check_names(c, s, out);
        else check_declared(input.model, c, s, out);
        check_status(c, s, out);
      }
    }
    out.flush();
  }

 private:
  // Collects findings, merging spec-side ones that share a location and text
  // (two operations of one path with the same misnamed parameter).
  struct Reporter {
    engine::RuleContext& ctx;
    std::string spec;
    std::set<std::tuple<SourceRange, std::string>> code_seen;
    std::map<std::tuple<SourceRange, std::string>, std::pair<std::set<std::string>, std::vector<RelatedLocation>>> spec_side;

    void code(const api::CodeRoute& c, const api::SpecOperation& s, std::string message) {
      if (!code_seen.insert({c.route->where, message}).second) return;
      Finding& f = ctx.report(c.route->where, std::move(message), "make the code and " + spec + " agree");
      f.related.push_back(RelatedLocation{s.op->where, "spec operation " + api::describe(s.op->method, s.op->path)});
    }
    void spec_at(SourceRange where, const api::CodeRoute& c, const api::SpecOperation& s, std::string message) {
      auto& entry = spec_side[{std::move(where), std::move(message)}];
      entry.first.insert(std::string(model::to_string(s.op->method)));
      RelatedLocation rel{c.route->where, "route " + api::describe(c.route->method, c.path.render())};
      bool seen = std::any_of(entry.second.begin(), entry.second.end(),
                              [&](const RelatedLocation& x) { return x.where == rel.where && x.message == rel.message; });
      if (!seen) entry.second.push_back(std::move(rel));
    }
    void flush() {
      for (auto& [key, value] : spec_side) {
        std::string methods;
        for (const std::string& m : value.first) methods += (methods.empty() ? "" : ", ") + m;
        Finding& f = ctx.report(std::get<0>(key), std::get<1>(key) + " (operations: " + methods + ")",
                                "make the code and " + spec + " agree");
        f.related = value.second;
      }
    }
  };

  static void check_names(const api::CodeRoute& c, const api::SpecOperation& s, Reporter& out) {
    std::vector<model::PathParam> code = c.path.params();
    std::vector<model::PathParam> spec = s.matched.params();
    for (std::size_t i = 0; i < code.size() && i < spec.size(); ++i) {
      if (code[i].name == spec[i].name) continue;
      out.code(c, s,
               "path parameter is " + braces(code[i].name) + " here, " + braces(spec[i].name) + " in " + out.spec +
                   " for " + api::describe(s.op->method, s.op->path));
      out.spec_at(s.op->path_where, c, s,
                  "path parameter " + braces(spec[i].name) + " of " + s.op->path + " is named " +
                      braces(code[i].name) + " in the code");
    }
  }

  static void check_declared(const model::RepoModel& model, const api::CodeRoute& c, const api::SpecOperation& s,
                             Reporter& out) {
    for (const model::OpenApiParameter& p : s.op->parameters)
      if (!p.unresolved_ref.empty()) return;  // we do not see every declared parameter
    std::set<std::string> in_path;
    for (const model::PathParam& p : c.path.params()) in_path.insert(p.name);
    std::set<std::string> declared;
    for (const model::OpenApiParameter& p : s.op->parameters) {
      if (p.location != model::ParameterLocation::Path || p.name.empty()) continue;
      declared.insert(p.name);
      if (!in_path.count(p.name))  // the spec contradicts its own path
        out.spec_at(p.where, c, s, "path parameter " + braces(p.name) + " is declared but " + s.op->path + " has no such segment");
    }
    api::HandlerInputs inputs = api::handler_inputs(model, *c.route);
    for (const std::string& name : in_path) {
      bool takes = inputs.known && inputs.names.count(name);
      if (!declared.count(name)) {
        if (!takes) continue;  // neither side uses it as a parameter: nothing to compare
        out.code(c, s,
                 "handler " + c.route->handler_name + " takes path parameter " + braces(name) + " that " + out.spec +
                     " does not declare for " + api::describe(s.op->method, s.op->path));
        out.spec_at(s.op->where, c, s, "does not declare path parameter " + braces(name) + ", which the handler takes");
      } else if (inputs.known && !takes) {
        out.code(c, s,
                 out.spec + " declares path parameter " + braces(name) + " but handler " + c.route->handler_name +
                     " (and its dependencies) does not take it");
      }
    }
  }

  static void check_status(const api::CodeRoute& c, const api::SpecOperation& s, Reporter& out) {
    const model::StatusCode& status = c.route->status_code;
    if (status.state != model::StatusCode::State::Known) return;
    std::vector<const model::OpenApiResponse*> success = success_responses(*s.op);
    if (success.empty() || spec_has_status(*s.op, status.value)) return;
    std::string declared;
    for (const model::OpenApiResponse* r : success) declared += (declared.empty() ? "" : "/") + r->status;
    std::string code = std::to_string(status.value);
    out.code(c, s,
             "answers " + code + " (status_code=" + code + "), " + out.spec + " declares " + declared + " for " +
                 api::describe(s.op->method, s.op->path));
    out.spec_at(success.front()->where, c, s,
                "the code answers " + code + " (status_code=" + code + ") for " + s.op->path + ", the spec says " + declared);
  }
};

}  // namespace

std::unique_ptr<engine::Rule> make_spec_mismatch() { return std::make_unique<SpecMismatch>(); }

}  // namespace archverify::rules
