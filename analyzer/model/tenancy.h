// TenantKeyGuess: what the code itself says the tenant key is, for repositories
// without a genome (and for `archverify init`). The key is the column name
// shared by the most entities whose foreign key points at a tenant-like table
// (workspace, organization/organisation/org, tenant, group, team, account,
// company — the table's singular name is the word or ends with "_<word>"),
// counting inherited mixin columns once per entity; a column so named without
// a foreign key counts too but ranks below one with it. Records the evidence
// and the runner-up so a human can check the guess. Deliberately not a guess:
// a column on fewer than two entities or fewer than a fifth of them (a
// single-tenant app with a few group-owned tables has no tenant key).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace archverify::model {

struct TenantKeyCandidate {
  std::string column;          // "workspace_id"
  std::string target_table;    // "workspaces" ("" when the column has no foreign key)
  std::uint32_t entities = 0;  // entities that have the column
  std::uint32_t entities_total = 0;
};

struct TenantKeyGuess {
  TenantKeyCandidate key;
  std::optional<TenantKeyCandidate> runner_up;
  std::vector<std::string> scoped_entities;  // entity names having the key column, sorted
};

// Does a table or column stem name a tenant-like thing ("workspaces", "org", "tenant_groups")?
bool is_tenant_like_name(std::string_view name);

}  // namespace archverify::model
