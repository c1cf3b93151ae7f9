// The genome's key table (see genome_keys.h); keep in sync with genome.schema.json.
#include "analyzer/genome/genome_keys.h"

namespace archverify::genome {

const std::vector<SectionKeys>& genome_key_table() {
  static const std::vector<SectionKeys> table = {
      {"", {"version", "stack", "layout", "tenancy", "auth", "database", "openapi", "entities", "layers", "quality"}},
      {"layout", {"models", "routers", "services", "schemas", "migrations", "tests", "spec"}},
      {"tenancy",
       {"key", "scoped", "exempt", "through_parent", "helpers", "enforcement", "allow_global_rows",
        "path_params_checked", "cross_tenant"}},
      {"auth",
       {"token_transport", "cookie_flags", "password_hashers", "public_routes", "protection", "rate_limited"}},
      {"auth.cookie_flags", {"httponly", "secure", "samesite"}},
      {"database", {"engine", "async"}},
      {"openapi", {"path", "mode", "ignore"}},
      {"entities[]", {"name", "table", "fields", "relationships", "endpoints"}},
      {"entities[].fields[]", {"name", "type", "nullable", "unique", "references"}},
      {"entities[].relationships[]", {"name", "target"}},
      {"layers[]", {"name", "paths", "may_import"}},
      {"quality", {"threshold", "weights", "rules", "fail_on", "exclude"}},
      {"quality.weights", {"tenancy", "auth", "data", "api", "performance", "drift", "hygiene"}},
  };
  return table;
}

const std::vector<std::string_view>* genome_keys(std::string_view section) {
  for (const auto& s : genome_key_table())
    if (s.section == section) return &s.keys;
  return nullptr;
}

}  // namespace archverify::genome
