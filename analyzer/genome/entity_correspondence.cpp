// Genome entities ↔ ORM entities, column types ↔ genome types, entity ↔ routes
// (see entity_correspondence.h).
#include "analyzer/genome/entity_correspondence.h"

#include <cctype>
#include <set>

namespace archverify::genome {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "ProjectMember" → "project_member"; "HTTPLog" → "http_log".
std::string snake(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (std::isupper(c)) {
      bool prev_lower = i > 0 && (std::islower(static_cast<unsigned char>(name[i - 1])) ||
                                  std::isdigit(static_cast<unsigned char>(name[i - 1])));
      bool next_lower = i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1]));
      bool prev_upper = i > 0 && std::isupper(static_cast<unsigned char>(name[i - 1]));
      if (!out.empty() && out.back() != '_' && (prev_lower || (prev_upper && next_lower))) out += '_';
      out += static_cast<char>(std::tolower(c));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string plural(const std::string& s) {
  if (s.empty()) return s;
  auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
  if (s.back() == 'y' && s.size() > 1 && !vowel(s[s.size() - 2])) return s.substr(0, s.size() - 1) + "ies";
  if (s.back() == 's' || s.back() == 'x' || s.back() == 'z' || s.ends_with("ch") || s.ends_with("sh")) return s + "es";
  return s + "s";
}

std::string unqualified_table(std::string_view table) {
  auto dot = table.rfind('.');
  return lower(dot == std::string_view::npos ? table : table.substr(dot + 1));
}

// Collection names an entity's routes may use, lower-cased.
std::set<std::string> collection_names(std::string_view entity_name, std::string_view table) {
  std::set<std::string> names;
  auto add = [&](const std::string& n) {
    if (n.empty()) return;
    names.insert(n);
    std::string kebab = n;
    for (char& c : kebab)
      if (c == '_') c = '-';
    names.insert(kebab);
  };
  if (!table.empty()) add(unqualified_table(table));
  const std::string s = snake(entity_name);
  add(s);
  add(plural(s));
  std::string flat = lower(entity_name);  // "projectmembers"
  add(flat);
  add(plural(flat));
  return names;
}

struct Segment {
  enum class Kind { Literal, Param, Unknown } kind = Kind::Literal;
  std::string text;
};

std::vector<Segment> segments(const model::PathTemplate& path) {
  std::vector<Segment> out;
  std::string current;
  bool open = false;  // a literal segment is being built
  auto flush = [&] {
    if (open && !current.empty()) out.push_back({Segment::Kind::Literal, lower(current)});
    current.clear();
    open = false;
  };
  for (const model::PathPiece& p : path.pieces()) {
    switch (p.kind) {
      case model::PathPiece::Kind::Literal:
        for (char c : p.text) {
          if (c == '/') flush();
          else { current += c; open = true; }
        }
        break;
      case model::PathPiece::Kind::Param:
        flush();
        out.push_back({Segment::Kind::Param, p.param.name});
        break;
      case model::PathPiece::Kind::Unknown:
        flush();
        out.push_back({Segment::Kind::Unknown, p.text});
        break;
    }
  }
  flush();
  return out;
}

}  // namespace

std::optional<FieldType> field_type_of(const model::ColumnType& type) {
  using K = model::ColumnTypeKind;
  switch (type.kind) {
    case K::Integer:
    case K::SmallInteger: return FieldType::Int;
    case K::BigInteger: return FieldType::BigInt;
    case K::String: return FieldType::String;
    case K::Text: return FieldType::Text;
    case K::Boolean: return FieldType::Bool;
    case K::Float: return FieldType::Float;
    case K::Numeric: return FieldType::Decimal;
    case K::DateTime: return FieldType::DateTime;
    case K::Date: return FieldType::Date;
    case K::Uuid: return FieldType::Uuid;
    case K::Json: return FieldType::Json;
    case K::Enum: return FieldType::Enum;
    case K::Other: {
      const std::string n = lower(type.name);
      if (n.find("uuid") != std::string::npos || n.find("guid") != std::string::npos) return FieldType::Uuid;
      if (n.find("json") != std::string::npos) return FieldType::Json;
      return std::nullopt;
    }
    case K::Unknown:
    case K::Time:
    case K::Interval:
    case K::LargeBinary: return std::nullopt;
  }
  return std::nullopt;
}

bool is_declarable(const model::RepoModel& repo, const model::Entity& e) {
  if (e.flavor == model::OrmFlavor::Table || e.class_index == model::kNoIndex) return false;
  return !(e.file < repo.files.size() && model::is_test_path(repo.files[e.file].path));
}

bool same_table(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return false;
  const std::string la = lower(a), lb = lower(b);
  if (la == lb) return true;
  const bool qa = la.find('.') != std::string::npos, qb = lb.find('.') != std::string::npos;
  return qa != qb && unqualified_table(la) == unqualified_table(lb);
}

bool declares(const Entity& declared, const model::Entity& e) {
  if (declared.name == e.name) return true;
  return declared.table && same_table(*declared.table, e.table);
}

const model::Entity* model_entity_for(const model::RepoModel& repo, const Entity& declared) {
  const model::Entity* by_table = nullptr;
  for (const model::Entity& e : repo.entities) {
    if (!is_declarable(repo, e)) continue;
    if (e.name == declared.name) return &e;
    if (!by_table && declared.table && e.single_table_parent.empty() && same_table(*declared.table, e.table)) by_table = &e;
  }
  return by_table;
}

bool column_is_unique(const model::Entity& e, const model::Column& c) {
  if (c.unique) return true;
  if (c.primary_key) {
    int pks = 0;
    for (const model::Column& o : e.columns) pks += o.primary_key ? 1 : 0;
    if (pks == 1) return true;
  }
  for (const model::Index& ix : e.indexes)
    if (ix.unique && ix.columns.size() == 1 && (ix.columns[0] == c.name || ix.columns[0] == c.attribute)) return true;
  return false;
}

EntityEndpoints endpoints_of(const model::RepoModel& repo, std::string_view entity_name, std::string_view table) {
  EntityEndpoints found{};
  const std::set<std::string> names = collection_names(entity_name, table);
  auto named = [&](const Segment& s) { return s.kind == Segment::Kind::Literal && names.count(s.text) > 0; };
  auto set = [&](EndpointKind k, const model::Route& r) {
    auto& slot = found[static_cast<std::size_t>(k)];
    if (!slot) slot = &r;
  };
  for (const model::Route& r : repo.routes) {
    const std::vector<Segment> segs = segments(r.path);
    if (segs.empty()) continue;
    const Segment& last = segs.back();
    if (named(last)) {
      if (r.method == model::HttpMethod::Get) set(EndpointKind::List, r);
      else if (r.method == model::HttpMethod::Post) set(EndpointKind::Create, r);
    } else if (last.kind == Segment::Kind::Param && segs.size() >= 2 && named(segs[segs.size() - 2])) {
      if (r.method == model::HttpMethod::Get) set(EndpointKind::Get, r);
      else if (r.method == model::HttpMethod::Put || r.method == model::HttpMethod::Patch) set(EndpointKind::Update, r);
      else if (r.method == model::HttpMethod::Delete) set(EndpointKind::Delete, r);
    }
  }
  return found;
}

EntityEndpoints endpoints_of(const model::RepoModel& repo, const model::Entity& e) {
  return endpoints_of(repo, e.name, e.table);
}

}  // namespace archverify::genome
