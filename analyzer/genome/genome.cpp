// Genome helpers: enum spellings and the small lookups rules use.
#include "analyzer/genome/genome.h"

#include "analyzer/genome/genome_enums.h"

namespace archverify::genome {

using detail::name_of;

std::string_view to_string(Stack v) { return name_of(detail::kStacks, v); }
std::string_view to_string(TenantEnforcement v) { return name_of(detail::kEnforcements, v); }
std::string_view to_string(TokenTransport v) { return name_of(detail::kTransports, v); }
std::string_view to_string(SameSite v) { return name_of(detail::kSameSites, v); }
std::string_view to_string(PasswordHasher v) { return name_of(detail::kHashers, v); }
std::string_view to_string(DbEngine v) { return name_of(detail::kEngines, v); }
std::string_view to_string(SpecMode v) { return name_of(detail::kSpecModes, v); }
std::string_view to_string(FieldType v) { return name_of(detail::kFieldTypes, v); }
std::string_view to_string(EndpointKind v) { return name_of(detail::kEndpoints, v); }

bool Tenancy::is_scoped(std::string_view entity) const {
  for (const auto& e : exempt)
    if (e.value == entity) return false;
  if (scoped_all) return true;
  for (const auto& s : scoped)
    if (s.value == entity) return true;
  return false;
}

bool Tenancy::is_cross_tenant(std::string_view module, std::string_view qualname) const {
  if (cross_tenant.empty()) return false;
  std::string path(module);
  if (!path.empty() && !qualname.empty()) path += '.';
  path += qualname;
  for (char& c : path)
    if (c == '.') c = '/';
  for (const GlobPattern& g : cross_tenant)
    if (g.glob.matches(path)) return true;
  return false;
}

const NameRef* Tenancy::parent_of(std::string_view entity) const {
  for (const auto& link : through_parent)
    if (link.child.value == entity) return &link.parent;
  return nullptr;
}

bool Auth::is_public(model::HttpMethod method, std::string_view path) const {
  for (const auto& p : public_routes)
    if (p.matches(method, path)) return true;
  return false;
}

const Field* Entity::field(std::string_view n) const {
  for (const auto& f : fields)
    if (f.name == n) return &f;
  return nullptr;
}

const Entity* Genome::entity(std::string_view n) const {
  for (const auto& e : entities)
    if (e.name == n) return &e;
  return nullptr;
}

const Layer* Genome::layer(std::string_view n) const {
  for (const auto& l : layers)
    if (l.name == n) return &l;
  return nullptr;
}

}  // namespace archverify::genome
