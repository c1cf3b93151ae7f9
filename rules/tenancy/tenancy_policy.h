// TenancyPolicy: the tenancy rules' one reading of "which column is the
// tenant key and which entities must be filtered by it". From the genome's
// `tenancy` section when there is one (key; `scoped: "*"` = every ORM entity
// having the key column, declared or inherited from a mixin, minus `exempt`;
// or the explicit list; through_parent links; helper names; rls;
// allow_global_rows; path_params_checked; cross_tenant), otherwise from the key the model
// inferred from the entities (RepoModel::tenant_guess) with its entities. No
// genome tenancy key and no inferred key means no policy: the TEN rules then
// examine nothing (a single-tenant or schema-per-tenant application).
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/genome/genome.h"
#include "analyzer/model/repo_model.h"

namespace archverify::rules::tenancy {

struct TenancyPolicy {
  std::string key;                                        // "workspace_id"
  bool from_genome = false;                               // false: inferred from the entities
  std::set<std::string, std::less<>> scoped;              // entity simple names that must be filtered directly
  std::map<std::string, std::string, std::less<>> parent; // through_parent: child → parent entity name
  std::set<std::string, std::less<>> helpers;             // genome helper names (last component)
  bool rls = false;
  bool allow_global_rows = true;                          // only an explicit `allow_global_rows: false` forbids
  bool path_params_checked = false;
  const genome::Tenancy* declared = nullptr;              // the genome's section (cross_tenant globs), or null

  // Must a read of `entity` be filtered (directly, or through its parent)?
  bool is_scoped(std::string_view entity) const { return scoped.count(entity) || parent.count(entity); }
  // The parent a child entity is scoped through, or "".
  std::string_view parent_of(std::string_view entity) const;
  bool is_helper(std::string_view dotted_name) const;
  // The genome declares the function cross-tenant (`tenancy.cross_tenant`): not a tenant context.
  bool is_cross_tenant(const model::RepoModel& m, std::uint32_t file, std::uint32_t function) const;
};

// Test code, fixtures and migrations: cross-tenant by design (seeding, data migrations), not judged.
bool is_exempt_path(std::string_view path);

// The policy for this repository and genome, or nullopt when nothing says what the tenant key is.
std::optional<TenancyPolicy> make_tenancy_policy(const model::RepoModel& m, const genome::Genome* g);

}  // namespace archverify::rules::tenancy
