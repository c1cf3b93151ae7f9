// TEN002 unscoped-tenant-write: an UPDATE or DELETE statement (`update(X)`,
// `delete(X)`, `session.query(X).filter(...).update/delete(...)`,
// `X.query...delete()`) or a bulk primary-key update (`bulk_update_mappings(X,
// rows)`) on a tenant-scoped entity without the tenant filter.
#include <memory>
#include <string>

#include "rules/all_rules.h"
#include "rules/tenancy/tenancy_policy.h"
#include "rules/tenancy/tenant_scope.h"

namespace archverify::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Reports `update(X)` / `delete(X)` statements, legacy bulk
`session.query(X).filter(...).update({...})` / `.delete()` (also through
`X.query`), and `session.bulk_update_mappings(X, rows)` on a tenant-scoped
entity when the statement does not filter on the tenant key. What counts as a
tenant filter is the same as for TEN001 (comparisons, `and_`, `*filters`,
`**d`, `.in_(subquery)`, helpers, through_parent). `bulk_update_mappings`
matches rows by primary key only, so it is reported whenever the entity is
scoped: check that the ids came from a tenant-filtered query and suppress it.

## Why is this bad?
A bulk write filtered only by ids or by a parent id that came from the client
modifies or deletes other tenants' rows — silently, because bulk statements
bypass the ORM's per-object checks. Critical: data loss across tenants.

## Example
    db.execute(update(Task).where(Task.id.in_(ids)).values(status=status))

## Use instead
    db.execute(update(Task)
               .where(Task.id.in_(ids), Task.workspace_id == user.workspace_id)
               .values(status=status))

## Options
The same `tenancy` settings as TEN001 (`key`, `scoped`, `exempt`,
`through_parent`, `helpers`; `enforcement: rls` lowers findings to low;
functions matching `tenancy.cross_tenant` globs are not judged).
)md";

constexpr std::string_view kTags[] = {"security", "cwe-639", "cwe-284", "multi-tenancy"};

constexpr RuleMeta kMeta{"TEN002", "unscoped-tenant-write", Category::Tenancy, Severity::Critical,
                         "Bulk update or delete of a tenant-scoped entity without a tenant filter", kDocs,
                         Maturity::Stable, kTags};

bool is_write(model::QueryKind k) {
  using K = model::QueryKind;
  return k == K::Update || k == K::Delete || k == K::BulkUpdate || k == K::BulkDelete;
}

class UnscopedTenantWrite final : public engine::Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const engine::RuleInput& in, engine::RuleContext& ctx) const override {
    const tenancy::TenancyFacts& facts = tenancy::shared_tenancy(in);
    if (!facts.policy) return;
    const tenancy::TenancyPolicy* policy = &*facts.policy;
    auto report = [&](const SourceRange& where, std::string msg) {
      std::string hint = "add `" + policy->key + " == <principal>." + policy->key + "` to the statement's filter";
      if (policy->rls) ctx.report_at(Severity::Low, where, msg + " (row-level security enforces it)", hint);
      else ctx.report(where, std::move(msg), hint);
    };
    const tenancy::TenantScope& scope = *facts.scope;
    for (const model::QuerySite& site : in.model.queries) {
      if (!is_write(site.kind) || tenancy::is_exempt_path(in.model.files[site.file].path) || (!site.executed && site.flows.empty())) continue;
      std::vector<tenancy::EntityVerdict> verdicts = scope.judge(site);
      if (verdicts.empty()) continue;
      ctx.count_check();
      if (scope.system_context(site)) continue;
      std::string missing;
      for (const tenancy::EntityVerdict& v : verdicts) {
        if (v.scope == tenancy::EntityScope::Scoped) continue;
        if (!missing.empty()) missing += ", ";
        missing += v.entity;
      }
      if (!missing.empty())
        report(site.where, std::string(model::to_string(site.kind)) + " of " + missing + " without a filter on " +
                               policy->key);
    }
    for (const model::CallSite& c : in.model.calls) {
      if (!model::last_dotted_part_is(c.callee, "bulk_update_mappings") || tenancy::is_exempt_path(in.model.files[c.file].path))
        continue;
      const model::Expr* arg = c.call->arg(0, "mapper");
      if (!arg) continue;
      std::string name(model::last_dotted_part(arg->dotted()));
      if (!policy->is_scoped(name)) continue;
      ctx.count_check();
      report(in.model.files[c.file].range(c.call->span()),
             "bulk_update_mappings of " + name + " matches rows by primary key only, without " + policy->key);
    }
  }
};

}  // namespace

std::unique_ptr<engine::Rule> make_unscoped_tenant_write() { return std::make_unique<UnscopedTenantWrite>(); }

}  // namespace archverify::rules
