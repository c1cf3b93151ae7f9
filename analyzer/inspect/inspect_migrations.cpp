// inspect: Alembic revisions (sorted by path) with their upgrade() operations in order.
#include <algorithm>

#include "analyzer/inspect/inspect_json.h"

namespace archverify::inspect {

Json migrations_to_json(const model::RepoModel& m) {
  std::vector<const model::Migration*> sorted;
  for (const auto& mig : m.migrations) sorted.push_back(&mig);
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->path < b->path; });
  Json out = Json::array();
  for (const model::Migration* mig : sorted) {
    Json j;
    j["path"] = mig->path;
    j["revision"] = mig->revision;
    j["down_revisions"] = mig->down_revisions;
    if (mig->down_revision_unknown) j["down_revision_unknown"] = true;
    if (!mig->branch_labels.empty()) j["branch_labels"] = mig->branch_labels;
    if (!mig->depends_on.empty()) j["depends_on"] = mig->depends_on;
    Json ops = Json::array();
    for (const model::SchemaOp& op : mig->ops) {
      Json o;
      o["kind"] = std::string(model::to_string(op.kind));
      o["op"] = op.op_name;
      o["line"] = op.where.begin.line;
      if (op.in_batch) o["batch"] = true;
      if (op.from_sql) o["from_sql"] = true;
      if (op.conditional) o["conditional"] = true;
      if (!op.table.empty()) o["table"] = op.table;
      if (!op.new_name.empty()) o["new_name"] = op.new_name;
      if (!op.column.empty()) o["column"] = op.column;
      if (!op.name.empty()) o["name"] = op.name;
      if (!op.columns.empty()) {
        Json cols = Json::array();
        for (const auto& c : op.columns) {
          Json cj;
          cj["name"] = c.name;
          cj["type"] = column_type_to_json(c.type);
          cj["nullable"] = c.nullable;
          if (c.primary_key) cj["primary_key"] = true;
          if (c.unique) cj["unique"] = true;
          if (c.index) cj["index"] = true;
          if (c.server_default) cj["server_default"] = true;
          if (c.foreign_key) cj["foreign_key"] = c.foreign_key->table + "." + c.foreign_key->column;
          cols.push_back(cj);
        }
        o["columns"] = cols;
      }
      if (!op.indexes.empty()) {
        Json idx = Json::array();
        for (const auto& ix : op.indexes) {
          Json ij;
          ij["name"] = ix.name;
          ij["columns"] = ix.columns;
          ij["unique"] = ix.unique;
          if (ix.primary_key) ij["primary_key"] = true;
          idx.push_back(ij);
        }
        o["indexes"] = idx;
      }
      if (!op.foreign_keys.empty()) {
        Json fks = Json::array();
        for (const auto& fk : op.foreign_keys) {
          Json fj;
          fj["name"] = fk.name;
          fj["columns"] = fk.columns;
          fj["target_table"] = fk.target_table;
          fj["target_columns"] = fk.target_columns;
          fks.push_back(fj);
        }
        o["foreign_keys"] = fks;
      }
      if (op.new_type) o["new_type"] = column_type_to_json(*op.new_type);
      if (op.new_nullable) o["new_nullable"] = *op.new_nullable;
      if (!op.sql.empty() && (op.kind == model::SchemaOpKind::ExecuteSql)) o["sql"] = op.sql;
      ops.push_back(o);
    }
    j["ops"] = ops;
    out.push_back(j);
  }
  return out;
}

}  // namespace archverify::inspect
