// Rule registration: one line per rule, sorted by code.
#include "rules/all_rules.h"

#include <algorithm>

#include "analyzer/engine/suppressions.h"

namespace archverify::rules {

std::vector<std::unique_ptr<engine::Rule>> make_all_rules() {
  std::vector<std::unique_ptr<engine::Rule>> rules;
  rules.push_back(make_route_not_in_spec());     // API001
  rules.push_back(make_spec_not_implemented());  // API002
  rules.push_back(make_spec_mismatch());         // API003
  rules.push_back(make_insecure_auth_cookie());    // AUTH001
  rules.push_back(make_token_in_response_body());  // AUTH002
  rules.push_back(make_unprotected_route());       // AUTH003
  rules.push_back(make_n_plus_one_load());  // ORM001
  rules.push_back(make_unindexed_foreign_key());   // DB001
  rules.push_back(make_model_migration_drift());   // DB005
  rules.push_back(make_genome_entity_drift());     // DRIFT001
  rules.push_back(make_undeclared_entity());       // DRIFT002
  rules.push_back(make_unscoped_tenant_query());   // TEN001
  rules.push_back(make_unscoped_tenant_write());   // TEN002
  rules.push_back(make_tenant_from_client());      // TEN003
  for (auto& r : engine::make_suppression_rules()) rules.push_back(std::move(r));  // SUP001–SUP003
  std::sort(rules.begin(), rules.end(), [](const auto& a, const auto& b) { return a->meta().id < b->meta().id; });
  return rules;
}

}  // namespace archverify::rules
