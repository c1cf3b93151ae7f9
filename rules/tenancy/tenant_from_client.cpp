// TEN003 tenant-from-client: the tenant key used in a filter or written to a
// row comes from client-controlled request input instead of the authenticated
// principal — directly in the handler, or passed one level down into a
// service whose query filters by (or whose row is written with) that parameter.
#include <array>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>

#include "rules/all_rules.h"
#include "rules/tenancy/client_values.h"
#include "rules/tenancy/tenancy_policy.h"

namespace archverify::rules {
namespace {

using model::Expr;
using model::ExprKind;

constexpr std::string_view kDocs = R"md(
## What it does
Reports a tenant key value that the client chose, used where it decides whose
data is read or written:
- in a filter (`where(X.key == v)`, `filter_by(key=v)`), in an UPDATE's
  `.values(key=v)`, or in a new row (`X(key=v)`);
- passed to a repository/service function whose query filters by, or whose
  row is written with, the receiving parameter (one call level).

Client input is: a FastAPI handler parameter that is a plain query parameter
(`workspace_id: int`), `Query(...)`, `Header(...)`, `Body(...)`, `Form(...)`,
`Cookie(...)`, an attribute of a Pydantic body parameter
(`payload.workspace_id`); in Flask `request.args / json / form / values /
headers / get_json()` reads (`[...]` or `.get(...)`), also through a local
variable. A path parameter counts as client input unless the genome sets
`tenancy.path_params_checked: true`. Values from the authenticated principal
(`current_user.workspace_id`, `g.user.workspace_id`, a `Depends(...)`
parameter) are fine. The finding points where the value is taken from the
request (the parameter, the assignment or the read).

## Why is this bad?
If the tenant comes from the request, any logged-in user reads or writes
another tenant's data by changing one number: the tenant filter is present but
means nothing. High severity: an authenticated cross-tenant access.

## Example
    @router.get("/feed")
    def feed(workspace_id: int = Query(...), db: Session = Depends(get_db)):
        return db.query(Event).filter(Event.workspace_id == workspace_id).all()

## Use instead
    @router.get("/feed")
    def feed(user: User = Depends(get_current_user), db: Session = Depends(get_db)):
        return db.query(Event).filter(Event.workspace_id == user.workspace_id).all()

## Options
`tenancy.key` names the column (inferred from the entities without a genome);
`tenancy.path_params_checked: true` accepts a tenant taken from a path
parameter that a dependency checks against the caller's memberships;
`tenancy.cross_tenant` (globs over `module.qualname`) names functions where
choosing the tenant is the point (a staff back-office): their uses are not
judged.
)md";

constexpr std::string_view kTags[] = {"security", "cwe-639", "cwe-807", "multi-tenancy"};

constexpr RuleMeta kMeta{"TEN003", "tenant-from-client", Category::Tenancy, Severity::High,
                         "Tenant key taken from the request instead of the authenticated principal", kDocs,
                         Maturity::Stable, kTags};

// One place a tenant key value is used: the value expression and the function it is read in.
struct Sink {
  std::uint32_t file = model::kNoIndex;
  std::uint32_t function = model::kNoIndex;
  const Expr* value = nullptr;
  std::string what;  // "filter on Project.workspace_id"
};

void term_sinks(const model::FilterTerm& t, const std::string& key, const model::QuerySite& site,
                std::vector<Sink>& out) {
  if (t.kind == model::FilterTermKind::Compare && t.column == key && t.value)
    out.push_back({site.file, site.function, t.value,
                   "filter on " + (t.entity.empty() ? std::string() : t.entity + ".") + key});
  for (const model::FilterTerm& c : t.children) term_sinks(c, key, site, out);
}

class TenantFromClient final : public engine::Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  // One of the longest checks on large repositories: it traces client values through every route and the calls below it.
  engine::RuleCost cost() const override { return engine::RuleCost::Heavy; }

  void check(const engine::RuleInput& in, engine::RuleContext& ctx) const override {
    auto policy = tenancy::make_tenancy_policy(in.model, in.genome);
    if (!policy) return;
    const model::RepoModel& m = in.model;
    const std::string& key = policy->key;
    std::unordered_set<std::string_view> entity_names;  // hashed: probed for the call sites that pass the first-byte test
    std::array<bool, 256> entity_first_byte{};
    for (const model::Entity& e : m.entities)
      if (!e.name.empty()) {
        entity_names.insert(e.name);
        entity_first_byte[static_cast<unsigned char>(e.name[0])] = true;
      }

    std::vector<Sink> sinks;
    for (const model::QuerySite& site : m.queries) {
      if (site.function == model::kNoIndex) continue;
      for (const model::FilterTerm& t : site.filters) term_sinks(t, key, site, sinks);
      for (const model::ValueWrite& w : site.values)
        if (w.column == key && w.value) sinks.push_back({site.file, site.function, w.value, "written " + key});
    }
    for (const model::CallSite& c : m.calls) {
      if (c.in_function == model::kNoIndex) continue;
      const std::string_view last = model::last_dotted_part(c.callee);
      if (last.empty() || !entity_first_byte[static_cast<unsigned char>(last[0])] || !entity_names.count(last)) continue;
      if (const Expr* v = c.call->keyword(key))
        sinks.push_back({c.file, c.in_function, v, "new " + std::string(model::last_dotted_part(c.callee)) + " row's " + key});
    }
    // Parameters that reach a tenant sink in their own function (for one call level).
    std::map<model::FunctionRef, std::set<std::string, std::less<>>> sink_params;
    std::vector<bool> file_has_sink_params(m.files.size());  // skips most call sites before the map lookup
    for (const Sink& s : sinks)
      if (s.value->kind == ExprKind::Name) {
        const model::Function& fn = m.files[s.file].functions[s.function];
        for (const model::Param& p : fn.params)
          if (p.name == s.value->text) {
            sink_params[model::FunctionRef{s.file, s.function}].emplace(p.name);
            file_has_sink_params[s.file] = true;
          }
      }
    for (const model::CallSite& c : m.calls) {
      if (c.in_function == model::kNoIndex || !c.target.valid() || c.target.file >= file_has_sink_params.size() ||
          !file_has_sink_params[c.target.file])
        continue;
      auto it = sink_params.find(c.target);
      if (it == sink_params.end()) continue;
      const model::Function& callee = m.files[c.target.file].functions[c.target.function];
      std::size_t offset = !callee.params.empty() && (callee.params[0].name == "self" || callee.params[0].name == "cls");
      const std::string where = std::string(model::last_dotted_part(c.callee)) + "(), whose query uses it as " + key;
      std::size_t i = 0;
      for (const Expr* a : c.call->positional()) {
        if (a->kind == ExprKind::Starred) break;
        std::size_t pi = i++ + offset;
        if (pi < callee.params.size() && it->second.count(callee.params[pi].name))
          sinks.push_back({c.file, c.in_function, a, "argument `" + callee.params[pi].name.str() + "` of " + where});
      }
      for (std::size_t k = 1; k < c.call->children.size(); ++k) {
        const Expr& a = c.call->children[k];
        if (a.kind == ExprKind::Keyword && it->second.count(a.text) && !a.children.empty())
          sinks.push_back({c.file, c.in_function, &a.children[0], "argument `" + std::string(a.text) + "` of " + where});
      }
    }

    tenancy::ClientValues client(m, *policy);
    std::set<std::pair<std::string, std::uint32_t>> seen;
    for (const Sink& s : sinks) {
      if (tenancy::is_exempt_path(m.files[s.file].path)) continue;
      ctx.count_check();
      if (policy->is_cross_tenant(m, s.file, s.function)) continue;  // an admin choosing the tenant on purpose
      auto src = client.source(s.file, s.function, *s.value);
      if (!src || !seen.insert({src->where.path, src->where.begin.line}).second) continue;
      ctx.report(src->where,
                 "tenant key " + key + " (" + s.what + ") comes from the client: " + src->what +
                     ", not from the authenticated principal",
                 "take " + key + " from the authenticated user (e.g. `current_user." + key + "`)");
    }
  }
};

}  // namespace

std::unique_ptr<engine::Rule> make_tenant_from_client() { return std::make_unique<TenantFromClient>(); }

}  // namespace archverify::rules
