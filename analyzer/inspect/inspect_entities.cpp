// inspect: ORM entities with columns, indexes and relationships (sorted by table, then name).
#include <algorithm>

#include "analyzer/inspect/inspect_json.h"

namespace archverify::inspect {

namespace {

Json type_to_json(const model::ColumnType& t) {
  Json j;
  j["kind"] = std::string(model::to_string(t.kind));
  j["name"] = t.name;
  if (t.length) j["length"] = *t.length;
  return j;
}

Json fk_to_json(const std::optional<model::ForeignKeyTarget>& fk) {
  if (!fk) return nullptr;
  return fk->table + "." + fk->column;
}

}  // namespace

Json column_type_to_json(const model::ColumnType& t) { return type_to_json(t); }

Json entities_to_json(const model::RepoModel& m) {
  std::vector<const model::Entity*> sorted;
  for (const auto& e : m.entities) sorted.push_back(&e);
  std::stable_sort(sorted.begin(), sorted.end(), [](const model::Entity* a, const model::Entity* b) {
    return std::tie(a->table, a->qualified) < std::tie(b->table, b->qualified);
  });
  Json out = Json::array();
  for (const model::Entity* e : sorted) {
    Json j;
    j["name"] = e->name;
    j["qualified"] = e->qualified;
    j["flavor"] = std::string(model::to_string(e->flavor));
    j["table"] = e->table;
    j["table_source"] = std::string(model::to_string(e->table_source));
    if (!e->schema.empty()) j["schema"] = e->schema;
    if (!e->single_table_parent.empty()) j["single_table_parent"] = e->single_table_parent;
    j["where"] = range_to_json(e->where);
    j["bases"] = e->bases;
    Json cols = Json::array();
    for (const auto& c : e->columns) {
      Json cj;
      cj["name"] = c.name;
      if (c.attribute != c.name) cj["attribute"] = c.attribute;
      cj["type"] = type_to_json(c.type);
      cj["nullable"] = c.nullable;
      cj["nullable_explicit"] = c.nullable_explicit;
      cj["primary_key"] = c.primary_key;
      cj["unique"] = c.unique;
      cj["index"] = c.index;
      cj["server_default"] = c.server_default;
      cj["foreign_key"] = fk_to_json(c.foreign_key);
      if (c.foreign_key) cj["indexed"] = model::is_leading_index_column(m.entities, e->table, c.name);
      if (!c.inherited_from.empty()) cj["inherited_from"] = c.inherited_from;
      cj["line"] = c.where.begin.line;
      cols.push_back(cj);
    }
    j["columns"] = cols;
    Json idx = Json::array();
    for (const auto& ix : e->indexes) {
      Json ij;
      ij["name"] = ix.name;
      ij["columns"] = ix.columns;
      ij["unique"] = ix.unique;
      ij["origin"] = std::string(model::to_string(ix.origin));
      if (!ix.inherited_from.empty()) ij["inherited_from"] = ix.inherited_from;
      idx.push_back(ij);
    }
    j["indexes"] = idx;
    Json rels = Json::array();
    for (const auto& r : e->relationships) {
      Json rj;
      rj["attribute"] = r.attribute;
      rj["target"] = r.target;
      rj["lazy"] = std::string(model::to_string(r.lazy));
      if (!r.back_populates.empty()) rj["back_populates"] = r.back_populates;
      if (!r.backref.empty()) rj["backref"] = r.backref;
      if (r.uselist) rj["uselist"] = *r.uselist;
      if (!r.secondary.empty()) rj["secondary"] = r.secondary;
      if (!r.inherited_from.empty()) rj["inherited_from"] = r.inherited_from;
      rj["line"] = r.where.begin.line;
      rels.push_back(rj);
    }
    j["relationships"] = rels;
    out.push_back(j);
  }
  return out;
}

}  // namespace archverify::inspect
