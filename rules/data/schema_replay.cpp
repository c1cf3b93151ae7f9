// Schema replay: revision ordering and the application of SchemaOps to a
// table/column/index state (see schema_replay.h).
#include "rules/data/schema_replay.h"

#include "analyzer/core/ascii.h"

#include <algorithm>
#include <cctype>

#include "analyzer/model/test_paths.h"

namespace archverify::rules::data {

using model::SchemaOp;
using model::SchemaOpKind;

using ascii::iequals;

std::string table_key(std::string_view name) {
  std::string out;
  for (char c : name)
    if (c != '"' && c != '`' && c != '[' && c != ']') out.push_back(c);
  if (auto dot = out.rfind('.'); dot != std::string::npos) out = out.substr(dot + 1);
  return ascii::lowered(out);
}

std::string index_column_key(std::string_view column) {
  std::string c = ascii::lowered(column);
  if (!c.starts_with("(") || !c.ends_with(")")) return c;
  std::string inner = c.substr(1, c.size() - 2);
  for (std::string_view fn : {"desc(", "asc("}) {
    auto at = inner.find(fn);
    if (at == std::string::npos || (at > 0 && inner[at - 1] != '.') || !inner.ends_with(")")) continue;
    std::string arg = inner.substr(at + fn.size(), inner.size() - at - fn.size() - 1);
    std::erase_if(arg, [](char ch) { return ch == '\'' || ch == '"' || ch == ' '; });
    if (auto dot = arg.rfind('.'); dot != std::string::npos) arg = arg.substr(dot + 1);
    bool ident = !arg.empty() && std::all_of(arg.begin(), arg.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; });
    if (ident) return arg;
  }
  for (std::string_view suffix : {" desc", " asc"})
    if (inner.ends_with(suffix)) return inner.substr(0, inner.size() - suffix.size());
  return c;
}

const ReplayedColumn* ReplayedTable::column(std::string_view name) const {
  for (const ReplayedColumn& c : columns)
    if (iequals(c.name, name)) return &c;
  return nullptr;
}

bool ReplayedTable::has_leading_index(std::string_view column) const {
  for (const ReplayedIndex& ix : indexes)  // index columns are kept lower-cased
    if (!ix.columns.empty() && iequals(ix.columns.front(), column)) return true;
  return false;
}

const ReplayedTable* ReplayedSchema::table(std::string_view name) const {
  auto it = tables.find(table_key(name));
  return it == tables.end() ? nullptr : &it->second;
}

bool ReplayedSchema::possibly_created(const std::vector<std::string>& column_names) const {
  for (const std::set<std::string>& cols : unknown_created_tables) {
    if (cols.empty()) return true;  // columns not readable either
    bool all = std::all_of(column_names.begin(), column_names.end(), [&](const std::string& c) {
      return cols.count(ascii::lowered(c)) || unknown_added_columns.count(ascii::lowered(c));
    });
    if (all) return true;
  }
  return false;
}

// ---------------------------------------------------------------- ordering

std::vector<const model::Migration*> revision_order(const std::vector<model::Migration>& migrations) {
  const std::size_t n = migrations.size();
  std::map<std::string, std::size_t> by_id;
  std::map<std::string, std::vector<std::size_t>> by_label;
  for (std::size_t i = 0; i < n; ++i) {
    by_id.emplace(migrations[i].revision, i);
    for (const std::string& l : migrations[i].branch_labels) by_label[l].push_back(i);
  }
  auto resolve = [&](const std::string& ref) -> std::vector<std::size_t> {
    if (auto it = by_id.find(ref); it != by_id.end()) return {it->second};
    if (auto it = by_label.find(ref); it != by_label.end()) return it->second;
    std::vector<std::size_t> prefixed;  // alembic accepts unique id prefixes
    for (auto it = by_id.lower_bound(ref); it != by_id.end() && it->first.starts_with(ref); ++it) prefixed.push_back(it->second);
    if (prefixed.size() == 1) return prefixed;
    return {};
  };
  std::vector<std::vector<std::size_t>> children(n);
  std::vector<int> indegree(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    std::set<std::size_t> parents;
    for (const std::string& d : migrations[i].down_revisions)
      for (std::size_t p : resolve(d)) parents.insert(p);
    for (const std::string& d : migrations[i].depends_on)
      for (std::size_t p : resolve(d)) parents.insert(p);
    parents.erase(i);
    for (std::size_t p : parents) {
      children[p].push_back(i);
      ++indegree[i];
    }
  }
  auto key = [&](std::size_t i) { return std::pair{migrations[i].path, i}; };
  std::set<std::pair<std::string, std::size_t>> ready;
  for (std::size_t i = 0; i < n; ++i)
    if (indegree[i] == 0) ready.insert(key(i));
  std::vector<const model::Migration*> order;
  std::vector<bool> done(n, false);
  while (order.size() < n) {
    if (ready.empty()) {  // a cycle: take the first remaining revision by path
      std::size_t pick = n;
      for (std::size_t i = 0; i < n; ++i)
        if (!done[i] && (pick == n || key(i) < key(pick))) pick = i;
      indegree[pick] = 0;
      ready.insert(key(pick));
    }
    std::size_t i = ready.begin()->second;
    ready.erase(ready.begin());
    if (done[i]) continue;
    done[i] = true;
    order.push_back(&migrations[i]);
    for (std::size_t c : children[i])
      if (!done[c] && --indegree[c] == 0) ready.insert(key(c));
  }
  return order;
}

// ---------------------------------------------------------------- replay

namespace {

// Table names after a TABLE keyword in SQL we could not parse (CREATE TABLE, ALTER TABLE … we do not model).
std::vector<std::string> tables_in_opaque_sql(const std::string& sql) {
  std::vector<std::string> tokens;
  std::string cur;
  for (char c : sql) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '"') {
      cur.push_back(c);
    } else if (!cur.empty()) {
      tokens.push_back(ascii::lowered(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) tokens.push_back(ascii::lowered(cur));
  std::vector<std::string> out;
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i] != "table") continue;
    std::size_t j = i + 1;
    while (j < tokens.size() && (tokens[j] == "if" || tokens[j] == "not" || tokens[j] == "exists" || tokens[j] == "only")) ++j;
    if (j < tokens.size()) out.push_back(table_key(tokens[j]));
  }
  return out;
}

ReplayedIndex index_of(const model::MigrationIndex& ix) {
  ReplayedIndex out{ix.name, {}, ix.unique, ix.primary_key};
  for (const std::string& c : ix.columns) out.columns.push_back(index_column_key(c));
  return out;
}

class Replayer {
 public:
  explicit Replayer(ReplayedSchema& schema) : s_(schema) {}

  void apply(const SchemaOp& op) {
    switch (op.kind) {
      case SchemaOpKind::CreateTable: create_table(op); break;
      case SchemaOpKind::DropTable:
        if (op.conditional) touch(op.table, op).opaque = true;
        else s_.tables.erase(table_key(op.table));
        break;
      case SchemaOpKind::RenameTable: rename_table(op); break;
      case SchemaOpKind::AddColumn:
        for (const model::MigrationColumn& c : op.columns) put_column(touch(op.table, op), c, op);
        break;
      case SchemaOpKind::DropColumn: drop_column(op); break;
      case SchemaOpKind::AlterColumn: alter_column(op); break;
      case SchemaOpKind::CreateIndex:
      case SchemaOpKind::CreateUniqueConstraint:
      case SchemaOpKind::CreatePrimaryKey:
        for (const model::MigrationIndex& ix : op.indexes) add_index(touch(op.table, op), ix);
        break;
      case SchemaOpKind::DropIndex:
      case SchemaOpKind::DropConstraint:
        if (!op.conditional) drop_named_index(op);
        break;
      case SchemaOpKind::ExecuteSql:
        for (const std::string& t : tables_in_opaque_sql(op.sql)) touch(t, op).opaque = true;
        break;
      case SchemaOpKind::Unknown: unknown(op); break;
      case SchemaOpKind::CreateForeignKey:
      case SchemaOpKind::Other: break;
    }
  }

 private:
  ReplayedTable& touch(const std::string& name, const SchemaOp& op) {
    auto [it, inserted] = s_.tables.try_emplace(table_key(name));
    if (inserted) {
      it->second.name = name;
      it->second.origin = &op;
    }
    return it->second;
  }

  static void put_column(ReplayedTable& t, const model::MigrationColumn& c, const SchemaOp& op) {
    ReplayedColumn col{c.name, c.type, c.nullable && !c.primary_key, !op.conditional, &op, &op};
    for (ReplayedColumn& existing : t.columns)
      if (iequals(existing.name, c.name)) {
        existing = col;
        return;
      }
    t.columns.push_back(col);
  }

  static void add_index(ReplayedTable& t, const model::MigrationIndex& ix) {
    ReplayedIndex r = index_of(ix);
    if (r.primary_key)
      for (ReplayedColumn& c : t.columns)
        if (std::find(r.columns.begin(), r.columns.end(), ascii::lowered(c.name)) != r.columns.end()) c.nullable = false;
    t.indexes.push_back(std::move(r));
  }

  void create_table(const SchemaOp& op) {
    const std::string key = table_key(op.table);
    if (op.conditional && s_.tables.count(key)) return;  // keep what an unconditional op made
    ReplayedTable t;
    t.name = op.table;
    t.created = true;
    t.origin = &op;
    for (const model::MigrationColumn& c : op.columns) put_column(t, c, op);
    for (const model::MigrationIndex& ix : op.indexes) add_index(t, ix);
    s_.tables[key] = std::move(t);
  }

  void rename_table(const SchemaOp& op) {
    auto it = s_.tables.find(table_key(op.table));
    if (it == s_.tables.end()) {
      touch(op.new_name, op).opaque = op.conditional;
      return;
    }
    ReplayedTable t = std::move(it->second);
    s_.tables.erase(it);
    t.name = op.new_name;
    t.opaque = t.opaque || op.conditional;
    s_.tables[table_key(op.new_name)] = std::move(t);
  }

  void drop_column(const SchemaOp& op) {
    auto it = s_.tables.find(table_key(op.table));
    if (it == s_.tables.end()) return;
    ReplayedTable& t = it->second;
    const std::string col = ascii::lowered(op.column);
    for (auto c = t.columns.begin(); c != t.columns.end(); ++c) {
      if (!iequals(c->name, col)) continue;
      if (op.conditional) c->certain = false;
      else t.columns.erase(c);
      break;
    }
    if (op.conditional) return;
    std::erase_if(t.indexes, [&](const ReplayedIndex& ix) { return std::find(ix.columns.begin(), ix.columns.end(), col) != ix.columns.end(); });
  }

  void alter_column(const SchemaOp& op) {
    auto it = s_.tables.find(table_key(op.table));
    if (it == s_.tables.end()) return;
    ReplayedTable& t = it->second;
    const std::string col = ascii::lowered(op.column);
    for (ReplayedColumn& c : t.columns) {
      if (!iequals(c.name, col)) continue;
      if (op.new_type && op.new_type->kind != model::ColumnTypeKind::Unknown) c.type = *op.new_type;
      if (op.new_nullable) c.nullable = *op.new_nullable;
      if (op.conditional) c.certain = false;
      c.last = &op;
      if (!op.new_name.empty()) {
        c.name = op.new_name;
        for (ReplayedIndex& ix : t.indexes) std::replace(ix.columns.begin(), ix.columns.end(), col, ascii::lowered(op.new_name));
      }
      return;
    }
    // A column created outside the migrations we read: remember the rename, nothing else is known.
    if (!op.new_name.empty()) t.opaque = t.opaque || t.created;
  }

  void drop_named_index(const SchemaOp& op) {
    if (op.name.empty()) return;
    auto drop_in = [&](ReplayedTable& t) {
      std::erase_if(t.indexes, [&](const ReplayedIndex& ix) { return !ix.name.empty() && iequals(ix.name, op.name); });
    };
    if (!op.table.empty()) {
      if (auto it = s_.tables.find(table_key(op.table)); it != s_.tables.end()) drop_in(it->second);
      return;
    }
    for (auto& [_, t] : s_.tables) drop_in(t);
  }

  void unknown(const SchemaOp& op) {
    if (op.op_name == "create_table") {
      std::set<std::string> cols;
      for (const model::MigrationColumn& c : op.columns) cols.insert(ascii::lowered(c.name));
      s_.unknown_created_tables.push_back(std::move(cols));
      return;
    }
    if (op.op_name == "create_index") {
      // A computed index name on a known table is still an index on it.
      for (const model::MigrationIndex& ix : op.indexes) {
        if (ix.columns.empty()) continue;
        if (!op.table.empty()) add_index(touch(op.table, op), ix);
        else s_.unknown_index_leads.insert(ascii::lowered(ix.columns.front()));
      }
      return;
    }
    if (op.table.empty()) {
      for (const model::MigrationColumn& c : op.columns) s_.unknown_added_columns.insert(ascii::lowered(c.name));
      return;
    }
    // A known table changed in a way we cannot read (computed column name, non-Column argument…).
    if (op.op_name == "add_column" || op.op_name == "alter_column" || op.op_name == "drop_column" ||
        op.op_name == "drop_table" || op.op_name == "rename_table" || op.op_name == "create_unique_constraint" ||
        op.op_name == "create_primary_key")
      touch(op.table, op).opaque = true;
  }

  ReplayedSchema& s_;
};

}  // namespace

ReplayedSchema replay_migrations(const model::RepoModel& model) {
  ReplayedSchema schema;
  schema.order = revision_order(model.migrations);
  Replayer replayer(schema);
  for (const model::Migration* m : schema.order) {
    if (model::is_test_path(m->path)) continue;
    for (const SchemaOp& op : m->ops) replayer.apply(op);
  }
  return schema;
}

const ReplayedSchema& shared_replayed_schema(const engine::RuleInput& input) {
  return input.shared.get<ReplayedSchema>([&] { return replay_migrations(input.model); });
}

}  // namespace archverify::rules::data
