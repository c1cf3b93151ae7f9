// TEN001 unscoped-tenant-query: a read of a tenant-scoped entity (select,
// session.query, Model.query, session.get / get_or_404, joins pulling one in)
// that is executed, returned or handed on without a filter on the tenant key.
#include <memory>
#include <string>

#include "rules/all_rules.h"
#include "rules/tenancy/tenancy_policy.h"
#include "rules/tenancy/tenant_scope.h"

namespace archverify::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Reports a query that reads a tenant-scoped entity — `select(X)`,
`session.query(X)`, `X.query`, `session.get(X, id)`, `X.query.get_or_404(id)`,
or a join that pulls `X` in — and reaches execution (or is returned / handed
on) without a filter on the tenant key for `X`. Every scoped entity of the
statement is judged on its own: a join on `fingerprint` alone pulls in other
tenants' rows of the joined table even when the first table is filtered.

Counted as scoped:
- `where(X.key == v)`, `filter(...)`, `filter_by(key=v)`, `X.key.in_(subquery)`,
  the comparison inside `and_(...)`, in a join's ON clause, in `filters = [...];
  .where(*filters)` or `filter_by(**d)` built in the same function;
- a join condition `Y.key == X.key` where `Y` is itself scoped;
- `or_(X.key == v, X.key.is_(None))` (shared rows) unless the genome says
  `allow_global_rows: false`;
- entities the genome scopes `through_parent` when the parent's key is filtered;
- a helper applied to the query (`q = helper(q, ...)`), a query factory, or a
  function the query is handed to, that is listed in `tenancy.helpers` or whose
  body filters the key; `filter_by(**self._filter_builder())` when the builder
  names the key (repository classes constructed with the tenant id);
- a post-fetch check in the same function: `if row.key != user.key: raise / return / abort(...)`.

- a join along a reference: `A.fk == B.id` (a sole primary key, or a foreign key
  to the other table) or `join(B)` with no ON clause ties B's rows to A's;
  a part of a composite key (`fingerprint` of a `(tenant_id, fingerprint)` key) does not;
- `X.id == row.id` where `row` was fetched in the same function with the
  tenant filter, or by a function taking the tenant key.

Not judged (counted, never reported): queries at module level or in a function
that has no parameter naming the key and that no route handler reaches within
two calls (scheduler jobs, API-key lookups, startup provisioning); functions the
genome declares `tenancy.cross_tenant`; tests and migrations.

Startup hooks, CLI commands and background tasks get no scope of their own:
when they take no tenant key and no request reaches them they already fall
under the rule above, and when they receive the key (`purge_old_rows(session,
workspace_id)`) they act for that tenant, so a missing filter there is the same
bug as in a request. Telling an intentionally global task from a forgetful one
takes the author's word, which is what `tenancy.cross_tenant` records.

A repository function whose filter compares the key with one of its parameters
is scoped here; where its callers take that value from is TEN003's question.

## Why is this bad?
A query that forgets the tenant filter returns (or lets a caller act on)
another customer's data: the classic multi-tenant breach (IDOR). Critical
severity: one missing filter is a cross-tenant data leak.

## Example
    @router.get("/search")
    def search(q: str, db: Session = Depends(get_db)):
        return db.query(Project).filter(Project.name.ilike(f"%{q}%")).all()

## Use instead
    @router.get("/search")
    def search(q: str, user: User = Depends(get_current_user), db: Session = Depends(get_db)):
        return (db.query(Project)
                .filter(Project.workspace_id == user.workspace_id, Project.name.ilike(f"%{q}%"))
                .all())

## Options
`tenancy.key` names the column; `tenancy.scoped` (`"*"`: every entity with the
column) and `tenancy.exempt` choose the entities; `tenancy.through_parent`
(`{Comment: Task}`) scopes a child through its parent; `tenancy.helpers` names
functions that apply the filter; `tenancy.enforcement: rls` (row-level security
in the database) lowers findings to low; `tenancy.allow_global_rows: false`
makes `key == v OR key IS NULL` a finding; `tenancy.cross_tenant` (globs over
`module.qualname`, e.g. `["app.admin.**", "app.status.instance_counts"]`) names
functions that read across tenants on purpose — staff back-office, instance-wide
counts, provisioning: they are not judged, and a call from one of them does not
make the callee reachable from a request. Without a genome the key inferred
from the entities is used (`archverify inspect` shows it); with none inferred
the rule examines nothing.
)md";

constexpr std::string_view kTags[] = {"security", "cwe-639", "cwe-284", "multi-tenancy"};

constexpr RuleMeta kMeta{"TEN001", "unscoped-tenant-query", Category::Tenancy, Severity::Critical,
                         "Query of a tenant-scoped entity without a tenant filter", kDocs, Maturity::Stable, kTags};

bool is_read(model::QueryKind k) {
  using K = model::QueryKind;
  return k == K::Select || k == K::LegacyQuery || k == K::ModelQuery || k == K::SessionGet;
}

class UnscopedTenantQuery final : public engine::Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const engine::RuleInput& in, engine::RuleContext& ctx) const override {
    const tenancy::TenancyFacts& facts = tenancy::shared_tenancy(in);
    if (!facts.policy) return;
    const tenancy::TenancyPolicy* policy = &*facts.policy;
    const tenancy::TenantScope& scope = *facts.scope;
    for (const model::QuerySite& site : in.model.queries) {
      if (!is_read(site.kind) || tenancy::is_exempt_path(in.model.files[site.file].path) || (!site.executed && site.flows.empty())) continue;
      std::vector<tenancy::EntityVerdict> verdicts = scope.judge(site);
      if (verdicts.empty()) continue;
      ctx.count_check();
      if (scope.system_context(site)) continue;
      std::string missing, global;
      for (const tenancy::EntityVerdict& v : verdicts) {
        std::string& list = v.scope == tenancy::EntityScope::GlobalRows ? global : missing;
        if (v.scope == tenancy::EntityScope::Scoped) continue;
        if (!list.empty()) list += ", ";
        list += v.entity;
        if (v.role == model::EntityRole::Joined) list += " (joined)";
        if (std::string_view parent = policy->parent_of(v.entity); !parent.empty())
          list += " (through " + std::string(parent) + ")";
      }
      if (missing.empty() && global.empty()) continue;
      std::string msg = std::string(model::to_string(site.kind)) + " of ";
      if (!missing.empty()) msg += missing + " without a filter on " + policy->key;
      if (!global.empty())
        msg += std::string(missing.empty() ? "" : "; ") + global + " filtered by `" + policy->key +
               " == x OR " + policy->key + " IS NULL` but the genome forbids global rows";
      std::string hint = "add `.where(<Entity>." + policy->key + " == <principal>." + policy->key +
                         ")` (or the join condition on " + policy->key + "), or apply a tenancy helper";
      if (policy->rls) ctx.report_at(Severity::Low, site.where, msg + " (row-level security enforces it)", hint);
      else ctx.report(site.where, msg, hint);
    }
  }
};

}  // namespace

std::unique_ptr<engine::Rule> make_unscoped_tenant_query() { return std::make_unique<UnscopedTenantQuery>(); }

}  // namespace archverify::rules
