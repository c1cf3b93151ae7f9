// Alembic revisions and the schema operations their `upgrade()` performs, in
// source order: tables, columns, indexes, foreign keys and renames from
// `op.*` calls (including `batch_alter_table` blocks and same-file helper
// functions called from `upgrade()`, followed three levels deep) and from
// literal DDL in `op.execute(...)` (CREATE INDEX and ALTER TABLE … ADD COLUMN
// are parsed; other SQL is kept as opaque text).
//
// Deliberately left out: `downgrade()` (replaying the history forward only needs
// upgrades), data migrations (`bulk_insert`, UPDATEs — kept as Other/opaque),
// operations inside loops or with non-literal table names (recorded as
// SchemaOpKind::Unknown, never guessed), and ops in helper functions of other
// modules. A revision file is recognised by content — module-level `revision`
// and `down_revision` assignments and an `upgrade` function — not by path.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/source_range.h"
#include "analyzer/model/schema_types.h"
#include "analyzer/model/syntax.h"

namespace archverify::model {

enum class SchemaOpKind : std::uint8_t {
  CreateTable, DropTable, RenameTable,
  AddColumn, DropColumn, AlterColumn,
  CreateIndex, DropIndex,
  CreateForeignKey, CreateUniqueConstraint, CreatePrimaryKey, DropConstraint,
  ExecuteSql,   // op.execute with literal SQL that is none of the parsed forms (sql holds it)
  Other,        // a recognised op.* call that changes no tracked schema (bulk_insert, create_check_constraint…)
  Unknown,      // an op whose table/name is not a literal (f-string, variable, loop): not guessed
};
std::string_view to_string(SchemaOpKind k);

struct MigrationColumn {
  std::string name;
  ColumnType type;
  bool nullable = true;
  bool nullable_explicit = false;
  bool primary_key = false;
  bool unique = false;
  bool index = false;
  bool server_default = false;
  std::optional<ForeignKeyTarget> foreign_key;
};

struct MigrationIndex {
  std::string name;                  // op.f("ix_x") → "ix_x"; "" when unnamed
  std::vector<std::string> columns;  // expressions kept as "(text)"
  bool unique = false;
  bool primary_key = false;          // PrimaryKeyConstraint
};

struct MigrationForeignKey {
  std::string name;
  std::vector<std::string> columns;        // local columns
  std::string target_table;
  std::vector<std::string> target_columns;
};

struct SchemaOp {
  SchemaOpKind kind = SchemaOpKind::Unknown;
  SourceRange where;
  std::string op_name;        // "create_table", "execute", "batch_op.add_column" is recorded as "add_column"
  bool in_batch = false;      // from a batch_alter_table block
  bool from_sql = false;      // parsed from op.execute DDL
  bool conditional = false;   // inside an if/else, a loop or an except handler (e.g. a dialect check): may not run
  std::string table;          // create/drop/rename(old)/column ops/index/fk source table; "" when unknown
  std::string new_name;       // rename_table new name; alter_column new_column_name
  std::string column;         // drop_column / alter_column column
  std::string name;           // index / constraint name
  std::vector<MigrationColumn> columns;         // create_table, add_column (one)
  std::vector<MigrationIndex> indexes;          // create_table: constraints, then index=/unique= column flags and the
                                                // primary_key=True columns; create_index / unique / pk: one
  std::vector<MigrationForeignKey> foreign_keys;// create_table ForeignKeyConstraint, create_foreign_key (one)
  std::optional<ColumnType> new_type;           // alter_column type_=
  std::optional<bool> new_nullable;             // alter_column nullable=
  std::string sql;            // execute: the literal SQL ("" for f-strings)
};

struct Migration {
  std::uint32_t file = kNoIndex;
  std::string path;
  SourceRange where;                        // the `revision = …` assignment
  std::string revision;
  std::vector<std::string> down_revisions;  // empty: a root (None); several: a merge
  bool down_revision_unknown = false;       // not a literal
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::vector<SchemaOp> ops;                // upgrade() only, in execution order
};

}  // namespace archverify::model
