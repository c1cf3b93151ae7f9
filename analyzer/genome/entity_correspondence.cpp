// Genome entities ↔ ORM entities, column types ↔ genome types, entity ↔ routes
// (see entity_correspondence.h).
#include "analyzer/genome/entity_correspondence.h"

#include "analyzer/core/ascii.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <set>
#include <unordered_map>

namespace archverify::genome {

namespace {


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
      out += ascii::to_lower(static_cast<char>(c));
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
  return ascii::lowered(dot == std::string_view::npos ? table : table.substr(dot + 1));
}

void add_forms(std::set<std::string>& names, const std::string& n) {
  if (n.empty()) return;
  for (const std::string& form : {n, plural(n)}) {
    names.insert(form);
    std::string kebab = form;
    for (char& c : kebab)
      if (c == '_') c = '-';
    names.insert(kebab);
  }
}

std::string flat(const std::string& snake_name) {
  std::string out;
  for (char c : snake_name)
    if (c != '_') out += c;
  return out;
}

// The snake name without a trailing "_model" (mealie's RecipeModel, GroupWebhooksModel); "" when there is none.
std::string model_stem(std::string_view entity_name) {
  const std::string s = snake(entity_name);
  return s.ends_with("_model") && s.size() > 6 ? s.substr(0, s.size() - 6) : std::string();
}

// Collection names an entity's routes may use, lower-cased.
std::set<std::string> collection_names(std::string_view entity_name, std::string_view table) {
  std::set<std::string> names;
  if (!table.empty()) {
    const std::string t = unqualified_table(table);
    names.insert(t);
    std::string kebab = t;
    for (char& c : kebab)
      if (c == '_') c = '-';
    names.insert(kebab);
  }
  add_forms(names, snake(entity_name));
  add_forms(names, ascii::lowered(entity_name));  // "projectmembers"
  if (const std::string base = model_stem(entity_name); !base.empty()) {
    add_forms(names, base);
    add_forms(names, flat(base));
  }
  return names;
}

std::vector<std::string> words(const std::string& snake_name) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : snake_name) {
    if (c == '_') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string join(const std::vector<std::string>& w, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) out += (out.empty() ? "" : "_") + w[i];
  return out;
}

// How a path segment can name a compound entity (`WebhookLog`, `UserPermission`,
// `NotificationDestination`) by its trailing words alone: `/webhooks/{id}/logs`
// (the leading words are an earlier segment) or `/destinations` (no other model
// ends in those words).
struct TrailingName {
  std::set<std::string> segment;  // forms of the trailing words
  std::set<std::string> parent;   // forms of the leading words
  bool unique = false;            // no other model's name ends in these trailing words
};

// Path parameter names that identify one row of the entity: `{workflow_execution_id}`.
std::set<std::string> id_param_names(std::string_view entity_name) {
  std::set<std::string> out;
  const std::string stem = model_stem(entity_name);
  for (const std::string& base : {snake(entity_name), stem, ascii::lowered(entity_name), flat(stem)})
    if (!base.empty()) out.insert(base + "_id");
  return out;
}

std::vector<TrailingName> trailing_names(const RouteIndex& index, std::string_view entity_name) {
  std::vector<TrailingName> out;
  const std::string own = snake(entity_name);
  const std::string stem = model_stem(entity_name);
  const std::vector<std::string> w = words(stem.empty() ? own : stem);
  const std::string link_suffix = "_" + join(w, 0, w.size());
  for (std::size_t k = 1; k < w.size(); ++k) {
    TrailingName t;
    const std::string tail = join(w, k, w.size());
    add_forms(t.segment, tail);
    add_forms(t.segment, flat(tail));  // "mealplans" for GroupMealPlan
    add_forms(t.parent, join(w, 0, k));
    t.unique = true;
    const std::string tail_suffix = "_" + tail;
    for (const RouteIndex::ModelName& m : index.model_names) {
      if (m.snake == own) continue;
      // A model named after this one (ShoppingListMultiPurposeLabel for MultiPurposeLabel) is its link table,
      // not a rival for the trailing words.
      if (m.stem.ends_with(link_suffix)) continue;
      if (m.stem == tail || m.stem.ends_with(tail_suffix)) { t.unique = false; break; }
    }
    out.push_back(std::move(t));
  }
  return out;
}

using Segment = PathSegment;

std::vector<Segment> segments(const model::PathTemplate& path) {
  std::vector<Segment> out;
  std::string current;
  bool open = false;  // a literal segment is being built
  auto flush = [&] {
    if (open && !current.empty()) out.push_back({Segment::Kind::Literal, ascii::lowered(current)});
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

// The leading words alone (`/maintenance` for MaintenanceWindowRule) when no
// other model's name starts with them and some route follows that segment with
// a parameter named for the remaining words (`/maintenance/{rule_id}`): a page
// like `/login` is not LoginSession's collection.
std::set<std::string> leading_names(const RouteIndex& index, std::string_view entity_name) {
  std::set<std::string> out;
  const std::string own = snake(entity_name);
  const std::string stem = model_stem(entity_name);
  const std::vector<std::string> w = words(stem.empty() ? own : stem);
  for (std::size_t k = 1; k < w.size(); ++k) {
    const std::string head = join(w, 0, k);
    const std::string head_prefix = head + "_";
    bool unique = true;
    for (const RouteIndex::ModelName& m : index.model_names)
      if (m.snake != own && (m.stem == head || m.stem.starts_with(head_prefix))) { unique = false; break; }
    if (!unique) continue;
    std::set<std::string> heads, ids;
    add_forms(heads, head);
    for (std::size_t j = k; j < w.size(); ++j) ids.insert(join(w, j, w.size()) + "_id");  // rule_id, window_rule_id
    bool confirmed = false;
    for (const std::string& h : heads)
      for (const std::string& id : ids) confirmed = confirmed || index.literal_then_param.count({h, id});
    if (confirmed) out.insert(heads.begin(), heads.end());
  }
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
      const std::string n = ascii::lowered(type.name);
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
  const std::string la = ascii::lowered(a), lb = ascii::lowered(b);
  if (la == lb) return true;
  const bool qa = la.find('.') != std::string::npos, qb = lb.find('.') != std::string::npos;
  return qa != qb && unqualified_table(la) == unqualified_table(lb);
}

DeclaredTables::DeclaredTables(const std::vector<Entity>& declared) {
  for (const Entity& d : declared) {
    if (!d.table || d.table->empty()) continue;
    std::string t = ascii::lowered(*d.table);
    if (t.find('.') != std::string::npos) qualified_tails_.insert(unqualified_table(t));
    else plain_.insert(t);
    exact_.insert(std::move(t));
  }
}

bool DeclaredTables::contains(std::string_view table) const {
  if (table.empty()) return false;
  const std::string t = ascii::lowered(table);
  if (exact_.count(t)) return true;
  // A schema on one side only: compare the table parts (see same_table).
  return t.find('.') != std::string::npos ? plain_.count(unqualified_table(t)) > 0 : qualified_tails_.count(t) > 0;
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

namespace {

// Which segments of a route's path name the entity's collection.
struct EntityNames {
  std::set<std::string> collection;       // full names
  std::vector<TrailingName> trailing;
  std::set<std::string> leading;
  std::set<std::string> id_params;

  EntityNames(const RouteIndex& index, std::string_view entity_name, std::string_view table)
      : collection(collection_names(entity_name, table)),
        trailing(trailing_names(index, entity_name)),
        leading(leading_names(index, entity_name)),
        id_params(id_param_names(entity_name)) {}

  // The routes that can name the entity: a literal segment among its names, or a final parameter named for it
  // (ascending route index, so "the first route found" is the same as in a full scan).
  std::vector<std::uint32_t> candidate_routes(const RouteIndex& index) const {
    std::vector<std::uint32_t> out;
    auto add = [&](const std::unordered_map<std::string, std::vector<std::uint32_t>>& by, const std::string& key) {
      if (auto it = by.find(key); it != by.end()) out.insert(out.end(), it->second.begin(), it->second.end());
    };
    for (const std::string& n : collection) add(index.by_literal, n);
    for (const std::string& n : leading) add(index.by_literal, n);
    for (const TrailingName& t : trailing)
      for (const std::string& n : t.segment) add(index.by_literal, n);
    for (const std::string& n : id_params) add(index.by_last_param, n);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
};

std::vector<bool> naming_segments(const std::vector<Segment>& segs, const EntityNames& n) {
  const std::set<std::string>& names = n.collection;
  const std::vector<TrailingName>& trailing = n.trailing;
  std::vector<bool> named(segs.size(), false);
  for (std::size_t i = 0; i < segs.size(); ++i) {
    if (segs[i].kind != Segment::Kind::Literal) continue;
    if (names.count(segs[i].text) || n.leading.count(segs[i].text)) { named[i] = true; continue; }
    for (const TrailingName& t : trailing) {
      if (!t.segment.count(segs[i].text)) continue;
      bool parent_before = false;
      for (std::size_t j = 0; j < i; ++j)
        if (segs[j].kind == Segment::Kind::Literal && t.parent.count(segs[j].text)) parent_before = true;
      if (parent_before || t.unique) named[i] = true;
    }
  }
  return named;
}

bool is_word(const Segment& s, std::initializer_list<std::string_view> ws) {
  if (s.kind != Segment::Kind::Literal) return false;
  for (std::string_view w : ws)
    if (s.text == w) return true;
  return false;
}

// The endpoint kind a route serves for the entity whose collection is named at
// segs[c]: the collection itself, its item (`/{id}`), or a form action after
// either (`/create`, `/{id}/edit`, `/{id}/delete`, as server-rendered dashboards do).
std::optional<EndpointKind> kind_at(const std::vector<Segment>& segs, std::size_t c, model::HttpMethod m) {
  using model::HttpMethod;
  const std::size_t rest = segs.size() - 1 - c;
  const bool write = m == HttpMethod::Post || m == HttpMethod::Put || m == HttpMethod::Patch;
  if (rest == 0) {
    if (m == HttpMethod::Get) return EndpointKind::List;
    if (m == HttpMethod::Post) return EndpointKind::Create;
    return std::nullopt;
  }
  if (rest == 1 && is_word(segs[c + 1], {"create", "new", "add"}) && m == HttpMethod::Post) return EndpointKind::Create;
  if (segs[c + 1].kind != Segment::Kind::Param) return std::nullopt;
  if (rest == 1) {
    if (m == HttpMethod::Get) return EndpointKind::Get;
    // POST on an item is an update (flask-restful resources: redash's `post(self, query_id)`).
    if (write) return EndpointKind::Update;
    if (m == HttpMethod::Delete) return EndpointKind::Delete;
    return std::nullopt;
  }
  if (rest == 2 && is_word(segs[c + 2], {"edit", "update"}) && write) return EndpointKind::Update;
  if (rest == 2 && is_word(segs[c + 2], {"delete", "remove", "destroy"}) && (m == HttpMethod::Post || m == HttpMethod::Delete))
    return EndpointKind::Delete;
  return std::nullopt;
}

}  // namespace

RouteIndex::RouteIndex(const model::RepoModel& repo) : repo_(repo) {
  using Segment = PathSegment;
  segments_.reserve(repo.routes.size());
  for (std::uint32_t i = 0; i < repo.routes.size(); ++i) {
    std::vector<Segment> segs = segments(repo.routes[i].path);
    for (std::size_t k = 0; k < segs.size(); ++k) {
      if (segs[k].kind != Segment::Kind::Literal) continue;
      auto& ids = by_literal[segs[k].text];
      if (ids.empty() || ids.back() != i) ids.push_back(i);
      if (k + 1 < segs.size() && segs[k + 1].kind == Segment::Kind::Param)
        literal_then_param.insert({segs[k].text, ascii::lowered(segs[k + 1].text)});
    }
    if (!segs.empty() && segs.back().kind == Segment::Kind::Param) by_last_param[ascii::lowered(segs.back().text)].push_back(i);
    segments_.push_back(std::move(segs));
  }
  for (const model::Entity& e : repo.entities) {
    if (!is_declarable(repo, e)) continue;
    std::string own = snake(e.name);
    std::string stem = model_stem(e.name);
    model_names.push_back({own, stem.empty() ? own : stem});
  }
}

RouteIndex::~RouteIndex() = default;

EntityEndpoints endpoints_of(const RouteIndex& index, std::string_view entity_name, std::string_view table) {
  EntityEndpoints found{};
  const EntityNames names(index, entity_name, table);
  for (std::uint32_t i : names.candidate_routes(index)) {
    const model::Route& r = index.repo().routes[i];
    const std::vector<Segment>& segs = index.segments_of(i);
    if (segs.empty()) continue;
    const std::vector<bool> named = naming_segments(segs, names);
    std::optional<EndpointKind> kind;
    // The innermost collection the path names decides (`/projects/{id}/tasks` is about tasks).
    for (std::size_t c = segs.size(); c-- > 0;) {
      if (!named[c]) continue;
      kind = kind_at(segs, c, r.method);
      break;
    }
    // An item addressed by a parameter named for the entity (`/workflows/runs/{workflow_execution_id}`,
    // `/providers/{provider_type}/{provider_id}`), whatever the segments before it say.
    if (!kind && segs.back().kind == Segment::Kind::Param && names.id_params.count(ascii::lowered(segs.back().text))) {
      if (r.method == model::HttpMethod::Get) kind = EndpointKind::Get;
      else if (r.method == model::HttpMethod::Put || r.method == model::HttpMethod::Patch) kind = EndpointKind::Update;
      else if (r.method == model::HttpMethod::Delete) kind = EndpointKind::Delete;
    }
    if (kind) {
      auto& slot = found[static_cast<std::size_t>(*kind)];
      if (!slot) slot = &r;
    }
  }
  return found;
}

std::vector<const model::Route*> routes_naming(const RouteIndex& index, std::string_view entity_name,
                                               std::string_view table) {
  std::vector<const model::Route*> out;
  const EntityNames names(index, entity_name, table);
  for (std::uint32_t i : names.candidate_routes(index)) {
    const std::vector<Segment>& segs = index.segments_of(i);
    const std::vector<bool> named = naming_segments(segs, names);
    const bool by_param = !segs.empty() && segs.back().kind == Segment::Kind::Param &&
                          names.id_params.count(ascii::lowered(segs.back().text));
    if (by_param || std::find(named.begin(), named.end(), true) != named.end()) out.push_back(&index.repo().routes[i]);
  }
  return out;
}

}  // namespace archverify::genome
