// TenantScope: does one query site keep each tenant-scoped entity it reads
// inside the caller's tenant? Shared by TEN001 (reads) and TEN002 (writes).
// An entity is scoped by a Compare on the key column with a value (where /
// filter / filter_by / join ON / having, inside and_, `*filters` and `**d`
// built in the function, `.in_(subquery)`), by a join condition equating its
// key with the key of an entity that is itself scoped, through its parent
// (`through_parent`) when the parent is scoped in the same statement, by an
// `or_` whose every branch scopes it (`key == x OR key IS NULL` is the
// global-rows idiom: scoped unless the genome forbids global rows), by a
// helper (genome-declared, or a repository function whose body filters the
// key) applied to the query, called on the result, or acting as the query's
// factory, and by a post-fetch check in the same function (`if row.key !=
// user.key: raise/return/abort`). A `**self._filter_builder()` splat counts
// when the called method's body names the key. `X.id.in_(sub)` (the sole
// primary key or a foreign key of X) scopes X when `sub` is a tenant-filtered
// statement of the same function or comes from a key-filtering function. A
// subquery is scoped by the statement using it when it is correlated through
// an entity that statement scopes, or joined back on the entity's primary key.
#pragma once
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analyzer/engine/rule.h"
#include "analyzer/model/repo_model.h"
#include "rules/tenancy/tenancy_policy.h"

namespace archverify::rules::tenancy {

enum class EntityScope : std::uint8_t { Scoped, Unscoped, GlobalRows };

struct EntityVerdict {
  std::string entity;
  EntityScope scope = EntityScope::Unscoped;
  model::EntityRole role = model::EntityRole::Selected;
};

class TenantScope {
 public:
  TenantScope(const model::RepoModel& m, const TenancyPolicy& p);

  // One verdict per tenant-scoped entity the site reads or writes (empty: nothing to check).
  std::vector<EntityVerdict> judge(const model::QuerySite& site, bool row_derived = true) const;

  // The query runs where no tenant exists: module level, a function the genome declares cross-tenant, or a
  // function with no parameter naming the key that no route handler reaches within two calls (a scheduler job,
  // an API-key lookup, an admin report); cross-tenant handlers and callers do not count as reaching.
  bool system_context(const model::QuerySite& site) const;

  const model::Function* function_of(std::uint32_t file, std::uint32_t fn) const;
  // The function's body names the tenant key in a filter, a dict key or a keyword (cached).
  bool function_filters_key(const model::FunctionRef& f) const;
  const model::CallSite* call_site(const model::Expr* call) const;
  // `X.id.in_(ids)` / `X.fk == sub` of `site` (X's sole primary key or a foreign key): the values come from a
  // tenant-filtered statement — a subquery built in the same function (inline or in a local), or a local
  // assigned from a function whose body filters the key (`readable = readable_orders_statement(subject)`).
  bool reference_from_scoped_statement(const model::QuerySite& site, const model::FilterTerm& t) const;

 private:
  bool helper_scopes(const model::QuerySite& site) const;
  bool post_fetch_check(const model::QuerySite& site, const std::string& entity) const;
  bool row_derived_id(const model::QuerySite& site, const std::string& entity) const;
  bool scoped_by_consumer(const model::QuerySite& site, const std::string& entity,
                          const std::set<std::string>& correlated) const;

  const model::RepoModel& m_;
  const TenancyPolicy& p_;
  mutable std::mutex filters_key_mutex_;  // rules on several threads share one scope
  mutable std::map<model::FunctionRef, bool> filters_key_;
  std::map<model::FunctionRef, std::set<model::FunctionRef>> callers_;
  std::set<model::FunctionRef> handlers_;
  std::map<model::FunctionRef, std::vector<const model::QuerySite*>> by_function_;
};

// The run's tenancy policy and, when there is one, its TenantScope: made once
// (engine::SharedFacts) and read by TEN001 and TEN003 on whichever threads.
struct TenancyFacts {
  explicit TenancyFacts(const engine::RuleInput& in);
  TenancyFacts(const TenancyFacts&) = delete;
  TenancyFacts& operator=(const TenancyFacts&) = delete;

  std::optional<TenancyPolicy> policy;
  std::optional<TenantScope> scope;  // judges by `policy` (a reference into this object: never moved)
};

const TenancyFacts& shared_tenancy(const engine::RuleInput& in);

}  // namespace archverify::rules::tenancy
