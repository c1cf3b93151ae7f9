// build_tenant_guess: infers the tenant key from the entities (see model/tenancy.h).
#include <algorithm>
#include <map>
#include <set>

#include "analyzer/resolve/build_model.h"

namespace archverify::resolve {

void build_tenant_guess(ResolveContext& ctx) {
  struct Tally {
    std::set<std::string> entities;
    std::map<std::string, int> targets;  // FK target table → count
  };
  std::map<std::string, Tally> by_column;
  std::uint32_t total = 0;
  for (const model::Entity& e : ctx.model.entities) {
    ++total;
    for (const model::Column& c : e.columns) {
      bool fk_tenant = c.foreign_key && model::is_tenant_like_name(c.foreign_key->table);
      bool named_tenant = c.name.ends_with("_id") && model::is_tenant_like_name(c.name);
      if (!fk_tenant && !named_tenant) continue;
      if (c.primary_key && !c.foreign_key) continue;  // the tenant table's own id
      Tally& t = by_column[c.name];
      t.entities.insert(e.name);
      if (c.foreign_key) ++t.targets[c.foreign_key->table];
    }
  }
  std::vector<model::TenantKeyCandidate> candidates;
  for (const auto& [column, t] : by_column) {
    if (t.entities.size() < 2 || t.entities.size() * 5 < total) continue;
    model::TenantKeyCandidate c;
    c.column = column;
    c.entities = static_cast<std::uint32_t>(t.entities.size());
    c.entities_total = total;
    int best = 0;
    for (const auto& [table, n] : t.targets)
      if (n > best) { best = n; c.target_table = table; }
    candidates.push_back(std::move(c));
  }
  // Rank: more entities first; a foreign key to a tenant-like table before a bare name; then by name.
  std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    bool fa = !a.target_table.empty() && model::is_tenant_like_name(a.target_table);
    bool fb = !b.target_table.empty() && model::is_tenant_like_name(b.target_table);
    if (a.entities != b.entities) return a.entities > b.entities;
    if (fa != fb) return fa;
    return a.column < b.column;
  });
  if (candidates.empty()) return;
  model::TenantKeyGuess guess;
  guess.key = candidates[0];
  if (candidates.size() > 1) guess.runner_up = candidates[1];
  const Tally& t = by_column[guess.key.column];
  guess.scoped_entities.assign(t.entities.begin(), t.entities.end());
  ctx.model.tenant_guess = std::move(guess);
}

}  // namespace archverify::resolve
