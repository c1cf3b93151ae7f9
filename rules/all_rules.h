// The one explicit list of rules (no static self-registration): order is
// deterministic and `grep make_` finds every rule.
#pragma once
#include <memory>
#include <vector>

#include "analyzer/engine/rule.h"

namespace archverify::rules {

std::vector<std::unique_ptr<engine::Rule>> make_all_rules();

// One factory per rule, sorted by code.
std::unique_ptr<engine::Rule> make_route_not_in_spec();     // API001
std::unique_ptr<engine::Rule> make_spec_not_implemented();  // API002
std::unique_ptr<engine::Rule> make_spec_mismatch();         // API003
std::unique_ptr<engine::Rule> make_insecure_auth_cookie();    // AUTH001
std::unique_ptr<engine::Rule> make_token_in_response_body();  // AUTH002
std::unique_ptr<engine::Rule> make_unprotected_route();       // AUTH003
std::unique_ptr<engine::Rule> make_n_plus_one_load();  // ORM001
std::unique_ptr<engine::Rule> make_unindexed_foreign_key();   // DB001
std::unique_ptr<engine::Rule> make_model_migration_drift();   // DB005
std::unique_ptr<engine::Rule> make_genome_entity_drift();     // DRIFT001
std::unique_ptr<engine::Rule> make_undeclared_entity();       // DRIFT002
std::unique_ptr<engine::Rule> make_unscoped_tenant_query();   // TEN001
std::unique_ptr<engine::Rule> make_unscoped_tenant_write();   // TEN002
std::unique_ptr<engine::Rule> make_tenant_from_client();      // TEN003

}  // namespace archverify::rules
