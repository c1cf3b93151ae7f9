// TenancyPolicy construction (see tenancy_policy.h).
#include "rules/tenancy/tenancy_policy.h"

#include "analyzer/model/test_paths.h"

namespace archverify::rules::tenancy {

namespace {

bool has_key(const model::Entity& e, std::string_view key) {
  for (const model::Column& c : e.columns)
    if (c.attribute == key || c.name == key) return true;
  return false;
}

}  // namespace

std::string_view TenancyPolicy::parent_of(std::string_view entity) const {
  auto it = parent.find(entity);
  return it == parent.end() ? std::string_view{} : std::string_view{it->second};
}

bool TenancyPolicy::is_helper(std::string_view dotted_name) const {
  return !dotted_name.empty() && helpers.count(model::last_dotted_part(dotted_name)) > 0;
}

bool TenancyPolicy::is_cross_tenant(const model::RepoModel& m, std::uint32_t file, std::uint32_t function) const {
  if (!declared || declared->cross_tenant.empty() || file >= m.files.size() || file >= m.module_names.size() ||
      function >= m.files[file].functions.size())
    return false;
  return declared->is_cross_tenant(m.module_names[file], m.files[file].functions[function].qualname);
}

bool is_exempt_path(std::string_view path) {
  return model::is_test_path(path) || model::has_directory(path, {"migrations", "alembic"});
}

std::optional<TenancyPolicy> make_tenancy_policy(const model::RepoModel& m, const genome::Genome* g) {
  TenancyPolicy p;
  if (g && g->tenancy && g->tenancy->key) {
    const genome::Tenancy& t = *g->tenancy;
    p.from_genome = true;
    p.key = t.key->value;
    if (t.scoped_all) {
      for (const model::Entity& e : m.entities)
        if (has_key(e, p.key) && t.is_scoped(e.name)) p.scoped.insert(e.name);
    } else {
      for (const genome::NameRef& n : t.scoped)
        if (t.is_scoped(n.value)) p.scoped.insert(n.value);
    }
    for (const genome::ParentLink& l : t.through_parent) {
      p.parent[l.child.value] = l.parent.value;
      p.scoped.erase(l.child.value);  // judged through the parent
    }
    for (const genome::NameRef& h : t.helpers) p.helpers.insert(std::string(model::last_dotted_part(h.value)));
    p.rls = t.enforcement == genome::TenantEnforcement::Rls;
    p.allow_global_rows = !t.allow_global_rows_written || t.allow_global_rows;
    p.path_params_checked = t.path_params_checked;
    p.declared = &t;
    return p;
  }
  if (!m.tenant_guess) return std::nullopt;
  p.key = m.tenant_guess->key.column;
  for (const std::string& name : m.tenant_guess->scoped_entities) p.scoped.insert(name);
  if (p.key.empty()) return std::nullopt;
  return p;
}

}  // namespace archverify::rules::tenancy
