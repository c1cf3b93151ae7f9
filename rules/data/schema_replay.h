// Schema replay for the data rules (DB001, DB005): orders a repository's
// Alembic revisions by their graph (down_revision, merges, depends_on, branch
// labels; several roots and heads allowed) and applies each upgrade()'s
// SchemaOps to a table → columns/indexes state. It also keeps what it could not
// place: ops with computed table names (f-strings, loops) and literal DDL it
// could not parse only make the affected tables or columns "possibly" present,
// so rules stay quiet instead of guessing. Tables that migrations alter but
// never create (a create_all baseline, another tool) are kept as partial.
#pragma once
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/engine/rule.h"
#include "analyzer/model/migrations.h"
#include "analyzer/model/repo_model.h"

namespace archverify::rules::data {

struct ReplayedColumn {
  std::string name;
  model::ColumnType type;
  bool nullable = true;
  bool certain = true;                      // false: a conditional op created or changed it
  const model::SchemaOp* origin = nullptr;  // the op that created it
  const model::SchemaOp* last = nullptr;    // the last op that created or altered it
};

struct ReplayedIndex {
  std::string name;
  std::vector<std::string> columns;  // lower-cased; expressions kept as "(text)"
  bool unique = false;
  bool primary_key = false;
};

struct ReplayedTable {
  std::string name;                         // as the last op spelled it
  bool created = false;                     // a create_table we read made it (false: only altered: partial)
  bool opaque = false;                      // touched by DDL we could not read, or dropped conditionally
  const model::SchemaOp* origin = nullptr;  // create_table, or the first op that touched it
  std::vector<ReplayedColumn> columns;      // creation order
  std::vector<ReplayedIndex> indexes;

  const ReplayedColumn* column(std::string_view name) const;  // case-insensitive
  bool has_leading_index(std::string_view column) const;
};

struct ReplayedSchema {
  std::map<std::string, ReplayedTable> tables;  // key: lower-cased table name without schema
  // What ops with computed table names may have done somewhere.
  std::vector<std::set<std::string>> unknown_created_tables;  // their column names (lower-cased)
  std::set<std::string> unknown_added_columns;                 // lower-cased column names
  std::set<std::string> unknown_index_leads;                   // leading columns of indexes on unknown tables
  std::vector<const model::Migration*> order;                  // revisions in replay order

  const ReplayedTable* table(std::string_view name) const;  // case-insensitive, schema prefix ignored
  // True when an op with a computed table name could have created a table with these columns.
  bool possibly_created(const std::vector<std::string>& column_names) const;
};

// Revisions in an order where every revision follows its down_revisions and
// depends_on (revision ids, unique id prefixes or branch labels); ties and
// revisions outside the graph (cycles, unknown parents) go by path.
std::vector<const model::Migration*> revision_order(const std::vector<model::Migration>& migrations);

// Revisions in test directories (alembic's own test fixtures, sample envs) are left out.
ReplayedSchema replay_migrations(const model::RepoModel& model);
// replay_migrations for the run's model, computed once and shared by DB001 and DB005.
const ReplayedSchema& shared_replayed_schema(const engine::RuleInput& input);

// "core.users" → "users", lower-cased; also strips SQL identifier quotes.
std::string table_key(std::string_view name);

// An index column as compared: lower-cased; `sa.desc("x")` / `x DESC` → "x"; other expressions stay "(text)".
std::string index_column_key(std::string_view column);

}  // namespace archverify::rules::data
