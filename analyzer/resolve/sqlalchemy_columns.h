// Recognising SQLAlchemy / Flask-SQLAlchemy / SQLModel constructs and reading
// their arguments, shared by the entity builder (sqlalchemy_models.cpp) and the
// Alembic builder (alembic_migrations.cpp): which construct a callee denotes
// (through imports, aliases, `db.Column`, `functools.partial(db.Column, …)`),
// column types, Column/mapped_column/Field arguments, ForeignKey targets and
// Index/UniqueConstraint/PrimaryKeyConstraint column lists.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/model/schema_types.h"
#include "analyzer/model/syntax.h"
#include "analyzer/resolve/symbols.h"

namespace archverify::resolve {

enum class SaConstruct : std::uint8_t {
  None,
  Column,               // sqlalchemy Column / db.Column
  MappedColumn,         // mapped_column
  SqlModelField,        // sqlmodel.Field
  Relationship,         // relationship / relation / db.relationship
  SqlModelRelationship, // sqlmodel.Relationship
  Backref,
  ForeignKey,
  ForeignKeyConstraint,
  Index,
  UniqueConstraint,
  PrimaryKeyConstraint,
  Table,
  DeclarativeBaseFn,    // declarative_base()
  Registry,             // registry()
  FlaskSqlAlchemy,      // flask_sqlalchemy.SQLAlchemy()
  DeclarativeBaseClass, // class Base(DeclarativeBase / DeclarativeBaseNoMeta)
  SqlModelClass,        // SQLModel
  DeclaredAttr,
  Text,                 // sa.text("…")
};

struct ConstructRef {
  SaConstruct kind = SaConstruct::None;
  const model::Expr* partial = nullptr;  // functools.partial(db.Column, nullable=False): default keywords
  explicit operator bool() const { return kind != SaConstruct::None; }
};

// What a callee (or a base-class / decorator expression) denotes.
ConstructRef classify_construct(const SymbolResolver& symbols, std::uint32_t file, const model::Expr& e);
// True when `e` is (an alias of) a Flask-SQLAlchemy `SQLAlchemy()` instance.
bool is_flask_db(const SymbolResolver& symbols, std::uint32_t file, const model::Expr& e);

// A string literal, also through op.f("…") / conv("…") / sa.text("…"); nullopt otherwise (f-strings included).
std::optional<std::string> literal_string(const model::Expr& e);
// Decoded integer literal.
std::optional<std::uint32_t> literal_uint(const model::Expr& e);
// True/False literal; nullopt for anything else.
std::optional<bool> literal_bool(const model::Expr& e);

// A type expression (`Integer`, `sa.String(40)`, `postgresql.UUID(as_uuid=True)`).
model::ColumnType classify_type(const model::Expr& e);
// A Python annotation type for Mapped[...] / SQLModel (`int`, `str`, `datetime`, `uuid.UUID`).
model::ColumnType type_from_python_annotation(const model::Expr& e);

// The target of ForeignKey(x) / Field(foreign_key=x): a literal "t.c" or a class attribute.
struct ForeignKeyRef {
  std::optional<model::ForeignKeyTarget> literal;
  const model::Expr* class_expr = nullptr;  // `User` in ForeignKey(User.id) / ForeignKey(User.__table__.c.id)
  std::string attribute;                    // "id"
  bool present() const { return literal.has_value() || class_expr != nullptr; }
};
std::optional<model::ForeignKeyTarget> split_fk_target(std::string_view dotted);
ForeignKeyRef foreign_key_ref(const model::Expr& target);

// The arguments of Column(...) / mapped_column(...) / Field(...).
struct ColumnSpec {
  std::string name;                   // explicit database name ("" when not given)
  model::ColumnType type;
  std::optional<bool> nullable;       // explicit nullable=
  bool primary_key = false;
  bool unique = false;
  bool index = false;
  bool server_default = false;
  ForeignKeyRef foreign_key;
  bool used_sa_column = false;        // SQLModel Field(sa_column=Column(...))
};
ColumnSpec parse_column_call(const SymbolResolver& symbols, std::uint32_t file, const model::Expr& call, const ConstructRef& ctor);

// Columns of Index / UniqueConstraint / PrimaryKeyConstraint (Index skips its name).
struct ConstraintSpec {
  std::string name;
  std::vector<std::string> columns;   // strings as written; `Model.col` → "col"; expressions → "(…)"
  bool unique = false;
};
ConstraintSpec parse_constraint_call(const model::Expr& call, SaConstruct kind);

// A short readable rendering of an expression (for "(lower(email))" index expressions).
std::string render_expr(const model::Expr& e);

}  // namespace archverify::resolve
