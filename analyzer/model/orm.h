// ORM entities: the mapped classes of SQLAlchemy (2.0 `Mapped`/`mapped_column`
// and 1.x `Column`), Flask-SQLAlchemy (`db.Model`) and SQLModel (`table=True`),
// plus module-level `Table(...)` objects, each with the table it maps to, its
// columns (types, nullability, keys, FK targets, and which mixin or abstract
// base each inherited column came from), its indexes in column order (from
// column flags, primary keys, `__table_args__` and module-level `Index(...)`)
// and its relationships with their loading strategy.
//
// Deliberately left out: classes whose base chain cannot be followed to a
// declarative base (a class built by a factory we cannot see), imperative
// `registry.map_imperatively` mappings, column properties and hybrids,
// `__mapper_args__` (polymorphic identities), CheckConstraints, and table names
// computed by anything other than a literal or a simple transform of the class
// name (those are TableNameSource::Unknown, never guessed). Abstract classes and
// mixins are not entities; their columns appear on the entities that inherit them.
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

enum class OrmFlavor : std::uint8_t {
  Declarative,     // SQLAlchemy 2.0 style: Mapped[...] annotations / mapped_column
  Classic,         // declarative with 1.x Column(...)
  FlaskSqlAlchemy, // db.Model subclasses
  SqlModel,        // SQLModel with table=True
  Table,           // module-level Table("name", metadata, ...)
};
std::string_view to_string(OrmFlavor f);

enum class TableNameSource : std::uint8_t {
  Literal,          // __tablename__ = "users" (own or inherited from an unmapped mixin), Table("users"), __table__ = Table(...)
  DeclaredAttr,     // a declared_attr __tablename__ evaluated for this class (literal or transform of cls.__name__)
  SqlModelDefault,  // SQLModel: class name lower-cased
  FlaskDefault,     // Flask-SQLAlchemy: class name in snake_case
  SingleTable,      // single-table inheritance: the mapped parent's table
  Unknown,          // could not be determined statically (table is empty)
};
std::string_view to_string(TableNameSource s);

enum class LazyStrategy : std::uint8_t {
  Unspecified, Select, Selectin, Joined, Subquery, Immediate, Raise, RaiseOnSql, Noload, Dynamic, WriteOnly,
  Other,  // a non-literal or unrecognised value
};
std::string_view to_string(LazyStrategy s);

struct Column {
  std::string attribute;      // Python attribute name ("owner_id"); equals name unless Column("db_name", …)
  std::string name;           // database column name
  SourceRange where;
  ColumnType type;
  bool nullable = true;
  bool nullable_explicit = false;  // nullable= was written; otherwise `nullable` is the default (primary key →
                                   // NOT NULL; Mapped[...] / SQLModel: Optional or `| None` → NULL; Column → NULL)
  bool primary_key = false;
  bool unique = false;
  bool index = false;              // index=True
  bool server_default = false;
  std::optional<ForeignKeyTarget> foreign_key;
  std::string inherited_from;      // qualified name of the mixin/abstract base that declared it; "" if declared here
  bool sqlmodel_default_none = false;  // SQLModel `x: T = None` / Field(default=None), T not Optional, nullable not
                                       // written: NULL under pydantic v1, NOT NULL under v2 (`nullable` says v2)
};

enum class IndexOrigin : std::uint8_t {
  ColumnIndex,           // Column(index=True)
  ColumnUnique,          // Column(unique=True)
  PrimaryKey,            // primary_key=True columns, in declaration order
  IndexConstruct,        // Index(...) in __table_args__ or Table(...)
  UniqueConstraint,      // UniqueConstraint(...)
  PrimaryKeyConstraint,  // PrimaryKeyConstraint(...)
  ModuleLevelIndex,      // Index("ix", Model.col) at module level
};
std::string_view to_string(IndexOrigin o);

struct Index {
  std::string name;                  // "" when unnamed (column flags, unnamed constraints)
  std::vector<std::string> columns;  // database column names in order; an expression is kept as "(text)"
  bool unique = false;
  IndexOrigin origin = IndexOrigin::IndexConstruct;
  SourceRange where;
  std::string inherited_from;        // a mixin's __table_args__ / index=True column
};

struct Relationship {
  std::string attribute;
  std::string target;              // entity class name as written ("Project"; "app.models.Project" kept dotted), "" unknown
  LazyStrategy lazy = LazyStrategy::Unspecified;
  std::string back_populates;
  std::string backref;
  LazyStrategy backref_lazy = LazyStrategy::Unspecified;  // backref("name", lazy="…") on the reverse side
  std::optional<bool> uselist;     // literal uselist=, or implied by Mapped[list[...]]; unset otherwise
  std::string secondary;           // association table name (literal, or resolved Table variable), "" none
  SourceRange where;
  std::string inherited_from;
};

struct Entity {
  std::string name;                // class name (Table flavour: the variable name)
  std::string qualified;           // "app.models.task.Task"
  std::uint32_t file = kNoIndex;
  std::uint32_t class_index = kNoIndex;  // kNoIndex for Table objects
  SourceRange where;
  OrmFlavor flavor = OrmFlavor::Classic;
  std::string table;               // "" when unknown
  std::string schema;              // __table_args__ {"schema": …} / Table(schema=…); "" when default
  TableNameSource table_source = TableNameSource::Unknown;
  std::string single_table_parent; // qualified name of the mapped parent for single-table inheritance
  std::vector<std::string> bases;  // qualified names of ancestors (approximate MRO order), mixins and abstract bases included
  std::vector<Column> columns;     // inherited (mixins/abstract bases) first, then own, in declaration order
  std::vector<Index> indexes;
  std::vector<Relationship> relationships;

  const Column* column(std::string_view name) const;  // by database name or attribute
};

// Lookups over RepoModel::entities.
const Entity* entity_by_name(const std::vector<Entity>& entities, std::string_view name);  // class or qualified name
std::vector<const Entity*> entities_by_table(const std::vector<Entity>& entities, std::string_view table);
const Entity* entity_by_table(const std::vector<Entity>& entities, std::string_view table);  // the non-STI owner first
// True when some index (any origin) of any entity mapped to `table` leads with `column`.
bool is_leading_index_column(const std::vector<Entity>& entities, std::string_view table, std::string_view column);

}  // namespace archverify::model
