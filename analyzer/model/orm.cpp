// Names of the ORM/migration enums and lookups over entities (see orm.h, migrations.h).
#include "analyzer/model/migrations.h"
#include "analyzer/model/orm.h"

namespace archverify::model {

std::string_view to_string(ColumnTypeKind kind) {
  switch (kind) {
    case ColumnTypeKind::Unknown: return "unknown";
    case ColumnTypeKind::Integer: return "integer";
    case ColumnTypeKind::SmallInteger: return "smallinteger";
    case ColumnTypeKind::BigInteger: return "biginteger";
    case ColumnTypeKind::String: return "string";
    case ColumnTypeKind::Text: return "text";
    case ColumnTypeKind::Boolean: return "boolean";
    case ColumnTypeKind::Float: return "float";
    case ColumnTypeKind::Numeric: return "numeric";
    case ColumnTypeKind::DateTime: return "datetime";
    case ColumnTypeKind::Date: return "date";
    case ColumnTypeKind::Time: return "time";
    case ColumnTypeKind::Interval: return "interval";
    case ColumnTypeKind::Uuid: return "uuid";
    case ColumnTypeKind::Json: return "json";
    case ColumnTypeKind::Enum: return "enum";
    case ColumnTypeKind::LargeBinary: return "largebinary";
    case ColumnTypeKind::Other: return "other";
  }
  return "unknown";
}

std::string_view to_string(OrmFlavor f) {
  switch (f) {
    case OrmFlavor::Declarative: return "declarative";
    case OrmFlavor::Classic: return "classic";
    case OrmFlavor::FlaskSqlAlchemy: return "flask-sqlalchemy";
    case OrmFlavor::SqlModel: return "sqlmodel";
    case OrmFlavor::Table: return "table";
  }
  return "classic";
}

std::string_view to_string(TableNameSource s) {
  switch (s) {
    case TableNameSource::Literal: return "literal";
    case TableNameSource::DeclaredAttr: return "declared_attr";
    case TableNameSource::SqlModelDefault: return "sqlmodel-default";
    case TableNameSource::FlaskDefault: return "flask-default";
    case TableNameSource::SingleTable: return "single-table";
    case TableNameSource::Unknown: return "unknown";
  }
  return "unknown";
}

std::string_view to_string(LazyStrategy s) {
  switch (s) {
    case LazyStrategy::Unspecified: return "unspecified";
    case LazyStrategy::Select: return "select";
    case LazyStrategy::Selectin: return "selectin";
    case LazyStrategy::Joined: return "joined";
    case LazyStrategy::Subquery: return "subquery";
    case LazyStrategy::Immediate: return "immediate";
    case LazyStrategy::Raise: return "raise";
    case LazyStrategy::RaiseOnSql: return "raise_on_sql";
    case LazyStrategy::Noload: return "noload";
    case LazyStrategy::Dynamic: return "dynamic";
    case LazyStrategy::WriteOnly: return "write_only";
    case LazyStrategy::Other: return "other";
  }
  return "other";
}

std::string_view to_string(IndexOrigin o) {
  switch (o) {
    case IndexOrigin::ColumnIndex: return "column-index";
    case IndexOrigin::ColumnUnique: return "column-unique";
    case IndexOrigin::PrimaryKey: return "primary-key";
    case IndexOrigin::IndexConstruct: return "index";
    case IndexOrigin::UniqueConstraint: return "unique-constraint";
    case IndexOrigin::PrimaryKeyConstraint: return "primary-key-constraint";
    case IndexOrigin::ModuleLevelIndex: return "module-index";
  }
  return "index";
}

std::string_view to_string(SchemaOpKind k) {
  switch (k) {
    case SchemaOpKind::CreateTable: return "create_table";
    case SchemaOpKind::DropTable: return "drop_table";
    case SchemaOpKind::RenameTable: return "rename_table";
    case SchemaOpKind::AddColumn: return "add_column";
    case SchemaOpKind::DropColumn: return "drop_column";
    case SchemaOpKind::AlterColumn: return "alter_column";
    case SchemaOpKind::CreateIndex: return "create_index";
    case SchemaOpKind::DropIndex: return "drop_index";
    case SchemaOpKind::CreateForeignKey: return "create_foreign_key";
    case SchemaOpKind::CreateUniqueConstraint: return "create_unique_constraint";
    case SchemaOpKind::CreatePrimaryKey: return "create_primary_key";
    case SchemaOpKind::DropConstraint: return "drop_constraint";
    case SchemaOpKind::ExecuteSql: return "execute";
    case SchemaOpKind::Other: return "other";
    case SchemaOpKind::Unknown: return "unknown";
  }
  return "unknown";
}

const Column* Entity::column(std::string_view n) const {
  for (const Column& c : columns)
    if (c.name == n) return &c;
  for (const Column& c : columns)
    if (c.attribute == n) return &c;
  return nullptr;
}

const Entity* entity_by_name(const std::vector<Entity>& entities, std::string_view name) {
  for (const Entity& e : entities)
    if (e.qualified == name) return &e;
  for (const Entity& e : entities)
    if (e.name == name) return &e;
  return nullptr;
}

std::vector<const Entity*> entities_by_table(const std::vector<Entity>& entities, std::string_view table) {
  std::vector<const Entity*> out;
  if (table.empty()) return out;
  for (const Entity& e : entities)
    if (e.table == table) out.push_back(&e);
  return out;
}

const Entity* entity_by_table(const std::vector<Entity>& entities, std::string_view table) {
  auto all = entities_by_table(entities, table);
  for (const Entity* e : all)
    if (e->single_table_parent.empty()) return e;
  return all.empty() ? nullptr : all.front();
}

bool is_leading_index_column(const std::vector<Entity>& entities, std::string_view table, std::string_view column) {
  for (const Entity* e : entities_by_table(entities, table))
    for (const Index& ix : e->indexes)
      if (!ix.columns.empty() && ix.columns.front() == column) return true;
  return false;
}

}  // namespace archverify::model
