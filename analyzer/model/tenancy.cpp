// Tenant-like names (see tenancy.h).
#include "analyzer/model/tenancy.h"

#include "analyzer/core/ascii.h"

#include <array>
#include <cctype>
#include <string>

namespace archverify::model {

bool is_tenant_like_name(std::string_view name) {
  std::string lower = ascii::lowered(name);
  // Strip a schema prefix and an "_id" suffix.
  if (auto dot = lower.rfind('.'); dot != std::string::npos) lower = lower.substr(dot + 1);
  if (lower.ends_with("_id")) lower.resize(lower.size() - 3);
  // Singular form; the name must be the stem or end with "_<stem>" ("tenant_groups"),
  // so "team_contact" or "group_meal_plan_rules" do not count.
  if (lower.ends_with("ies")) lower = lower.substr(0, lower.size() - 3) + "y";
  else if (lower.ends_with("s")) lower.pop_back();
  static constexpr std::array<std::string_view, 9> kStems = {"workspace", "organization", "organisation", "tenant",
                                                             "group", "team", "account", "company", "org"};
  for (std::string_view stem : kStems) {
    if (lower == stem) return true;
    if (lower.size() > stem.size() + 1 && lower.ends_with(stem) && lower[lower.size() - stem.size() - 1] == '_') return true;
  }
  return false;
}

}  // namespace archverify::model
