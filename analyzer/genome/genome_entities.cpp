// Section readers for entities and layers, and the cross-reference checks
// (tenancy and relationships name entities; may_import names layers).
#include "analyzer/genome/genome_sections.h"

#include <algorithm>
#include <map>

namespace archverify::genome::detail {

namespace {

std::string item(std::string_view base, std::size_t i) { return std::string(base) + "[" + std::to_string(i) + "]"; }
std::string sub(std::string_view base, std::string_view key) { return std::string(base) + "." + std::string(key); }

bool is_identifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

std::optional<std::string> required_name(Reader& r, const MapView& m, const SourceRange& at, std::string_view path,
                                         std::string_view what) {
  const Entry* e = m.find("name");
  if (!e) {
    r.error(at, "missing required key 'name' in '" + std::string(path) + "'; expected " + std::string(what));
    return std::nullopt;
  }
  auto s = r.string(e->value, r.where(*e), sub(path, "name"), what);
  if (s && !is_identifier(*s)) {
    r.error(r.where(*e), "invalid name '" + *s + "' for '" + sub(path, "name") + "'; expected " + std::string(what) +
                             " (letters, digits and '_')");
    return std::nullopt;
  }
  return s;
}

void read_field(Reader& r, Node node, const std::string& path, Entity& entity) {
  auto m = r.map(node, r.where(node), path, "entities[].fields[]", "a mapping with name and type");
  if (!m) return;
  Field f;
  f.where = r.where(node);
  auto name = required_name(r, *m, f.where, path, "a column name");
  bool ok = name.has_value();
  if (name) f.name = *name;
  if (const Entry* t = m->find("type")) {
    auto v = r.enumeration(t->value, r.where(*t), sub(path, "type"), kFieldTypes);
    if (v) f.type = *v; else ok = false;
  } else {
    r.error(f.where, "missing required key 'type' in '" + path + "'; expected one of: " +
                         [] { std::vector<std::string_view> n; for (auto& e : kFieldTypes) n.push_back(e.name); return join(n); }());
    ok = false;
  }
  for (const Entry& x : m->entries) {
    std::string xpath = sub(path, x.key);
    if (x.key == "nullable") { if (auto b = r.boolean(x, xpath)) f.nullable = *b; }
    else if (x.key == "unique") { if (auto b = r.boolean(x, xpath)) f.unique = *b; }
    else if (x.key == "references") {
      auto s = r.string(x.value, r.where(x), xpath, "'table.column' such as 'workspaces.id'");
      if (!s) continue;
      auto dot = s->rfind('.');
      if (dot == std::string::npos || dot == 0 || dot + 1 == s->size()) {
        r.error(r.where(x), "invalid reference '" + *s + "' for '" + xpath + "'; expected 'table.column' such as 'workspaces.id'");
        continue;
      }
      f.references_table = s->substr(0, dot);
      f.references_column = s->substr(dot + 1);
    }
  }
  if (!ok) return;
  if (const Field* dup = entity.field(f.name)) {
    r.error(f.where, "duplicate field '" + f.name + "' in entity '" + entity.name + "' (first at line " +
                         std::to_string(dup->where.begin.line) + "); expected unique field names");
    return;
  }
  entity.fields.push_back(std::move(f));
}

void read_entity(Reader& r, Node node, const std::string& path, std::vector<Entity>& out) {
  auto m = r.map(node, r.where(node), path, "entities[]", "a mapping with at least a name");
  if (!m) return;
  Entity entity;
  entity.where = r.where(node);
  auto name = required_name(r, *m, entity.where, path, "the entity's class name");
  if (name) entity.name = *name;
  for (const Entry& x : m->entries) {
    std::string xpath = sub(path, x.key);
    if (x.key == "table") {
      if (auto s = r.string(x.value, r.where(x), xpath, "the table name")) entity.table = *s;
    } else if (x.key == "fields") {
      auto items = r.list(x, xpath, "a list of fields");
      if (!items) continue;
      for (std::size_t i = 0; i < items->size(); ++i) read_field(r, (*items)[i], item(xpath, i), entity);
    } else if (x.key == "relationships") {
      auto items = r.list(x, xpath, "a list of relationships");
      if (!items) continue;
      for (std::size_t i = 0; i < items->size(); ++i) {
        std::string ipath = item(xpath, i);
        Node rel_node = (*items)[i];
        auto rm = r.map(rel_node, r.where(rel_node), ipath, "entities[].relationships[]", "a mapping with name and target");
        if (!rm) continue;
        Relationship rel;
        rel.where = r.where(rel_node);
        auto rel_name = required_name(r, *rm, rel.where, ipath, "the relationship attribute name");
        const Entry* target = rm->find("target");
        std::optional<std::string> target_name;
        if (!target)
          r.error(rel.where, "missing required key 'target' in '" + ipath + "'; expected the target entity's name");
        else
          target_name = r.string(target->value, r.where(*target), sub(ipath, "target"), "the target entity's name");
        if (!rel_name || !target_name) continue;
        rel.name = *rel_name;
        rel.target = NameRef{*target_name, r.where(*target)};
        entity.relationships.push_back(std::move(rel));
      }
    } else if (x.key == "endpoints") {
      auto items = r.list(x, xpath, "a list of endpoint kinds");
      if (!items) continue;
      for (std::size_t i = 0; i < items->size(); ++i) {
        Node n = (*items)[i];
        if (auto v = r.enumeration(n, r.where(n), item(xpath, i), kEndpoints))
          entity.endpoints.push_back(Located<EndpointKind>{*v, r.where(n)});
      }
    }
  }
  if (!name) return;
  for (const Entity& other : out) {
    if (other.name == entity.name) {
      r.error(r.where(m->find("name")->value), "duplicate entity '" + entity.name + "' (first declared at line " +
                                                 std::to_string(other.where.begin.line) + "); expected unique entity names");
      return;
    }
  }
  out.push_back(std::move(entity));
}

void check_names(Reader& r, const std::vector<NameRef>& refs, std::string_view path, std::string_view kind,
                 std::string_view section, const std::vector<std::string_view>& known) {
  for (const NameRef& ref : refs) {
    if (std::find(known.begin(), known.end(), ref.value) != known.end()) continue;
    std::string msg = "unknown " + std::string(kind) + " '" + ref.value + "' in '" + std::string(path) + "'";
    if (auto guess = closest(ref.value, known)) msg += " (did you mean '" + std::string(*guess) + "'?)";
    // A long list helps nobody: the first few names, then how many more.
    constexpr std::size_t kListed = 12;
    std::string listed;
    if (known.size() <= kListed) {
      listed = join(known);
    } else {
      listed = join(std::vector<std::string_view>(known.begin(), known.begin() + kListed)) + ", … (" +
               std::to_string(known.size() - kListed) + " more)";
    }
    r.error(ref.where, msg + "; expected one of the " + std::string(kind) + " names under '" + std::string(section) +
                           "': " + listed);
  }
}

}  // namespace

void read_entities(Reader& r, const Entry& e, std::vector<Entity>& out) {
  auto items = r.list(e, "entities", "a list of entities");
  if (!items) return;
  for (std::size_t i = 0; i < items->size(); ++i) read_entity(r, (*items)[i], item("entities", i), out);
}

void read_layers(Reader& r, const Entry& e, std::vector<Layer>& out) {
  auto items = r.list(e, "layers", "a list of layers");
  if (!items) return;
  for (std::size_t i = 0; i < items->size(); ++i) {
    std::string path = item("layers", i);
    Node node = (*items)[i];
    auto m = r.map(node, r.where(node), path, "layers[]", "a mapping with name, paths and may_import");
    if (!m) continue;
    Layer layer;
    layer.where = r.where(node);
    auto name = required_name(r, *m, layer.where, path, "the layer's name");
    for (const Entry& x : m->entries) {
      if (x.key == "paths") layer.paths = r.globs(x, sub(path, "paths"));
      else if (x.key == "may_import") layer.may_import = r.names(x, sub(path, "may_import"), "layer names");
    }
    if (!name) continue;
    layer.name = *name;
    if (const Layer* dup = [&]() -> const Layer* { for (const auto& l : out) if (l.name == layer.name) return &l; return nullptr; }()) {
      r.error(r.where(m->find("name")->value), "duplicate layer '" + layer.name + "' (first declared at line " +
                                                 std::to_string(dup->where.begin.line) + "); expected unique layer names");
      continue;
    }
    out.push_back(std::move(layer));
  }
}

void check_references(Reader& r, const Genome& g) {
  if (!g.entities.empty()) {
    std::vector<std::string_view> entities;
    for (const Entity& e : g.entities) entities.push_back(e.name);
    if (g.tenancy) {
      const Tenancy& t = *g.tenancy;
      check_names(r, t.scoped, "tenancy.scoped", "entity", "entities", entities);
      check_names(r, t.exempt, "tenancy.exempt", "entity", "entities", entities);
      std::vector<NameRef> children, parents;
      for (const ParentLink& link : t.through_parent) {
        children.push_back(link.child);
        parents.push_back(link.parent);
      }
      check_names(r, children, "tenancy.through_parent", "entity", "entities", entities);
      check_names(r, parents, "tenancy.through_parent", "entity", "entities", entities);
    }
    for (std::size_t i = 0; i < g.entities.size(); ++i) {
      std::vector<NameRef> targets;
      for (const Relationship& rel : g.entities[i].relationships) targets.push_back(rel.target);
      check_names(r, targets, "entities[" + std::to_string(i) + "].relationships", "entity", "entities", entities);
    }
  }
  std::vector<std::string_view> layers;
  for (const Layer& l : g.layers) layers.push_back(l.name);
  for (std::size_t i = 0; i < g.layers.size(); ++i)
    check_names(r, g.layers[i].may_import, "layers[" + std::to_string(i) + "].may_import", "layer", "layers", layers);
}

}  // namespace archverify::genome::detail
