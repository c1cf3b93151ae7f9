// Reading the members of ORM classes and Table objects into Entity facts:
// column attributes (Column / mapped_column / Mapped annotations / SQLModel
// fields / declared_attr methods), relationships, constraints, module-level
// Table(...) and Index(...) objects, and ForeignKey(Model.id) targets resolved
// to table names. Used by build_entities (sqlalchemy_models.cpp).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "analyzer/model/orm.h"
#include "analyzer/resolve/sqlalchemy_classes.h"
#include "analyzer/resolve/sqlalchemy_columns.h"

namespace archverify::resolve {

class MemberReader {
 public:
  MemberReader(const SymbolResolver& symbols, const OrmClasses& classes) : symbols_(symbols), classes_(classes) {}

  // Table names of the mapped classes, for ForeignKey(Model.id) and relationship secondaries.
  void set_entity_tables(const std::vector<ClassRef>& refs, const std::vector<model::Entity>& entities);
  // Finds module-level `x = Table("name", metadata, …)` objects (read by take_tables).
  void collect_tables();
  std::vector<model::Entity> take_tables() { return std::move(tables_); }

  // Adds the columns/relationships declared in class k's body to e (a later call overrides an
  // attribute of an earlier one). Returns true when 2.0-style Mapped/mapped_column was used.
  bool read_members(ClassRef k, OrmRoot root, const std::string& inherited_from, model::Entity& e) const;
  // Columns and constraints of a Table(...) call.
  void read_table_call(std::uint32_t file, const model::Expr& call, model::Entity& e) const;
  // Index / UniqueConstraint / PrimaryKeyConstraint / ForeignKeyConstraint call → e.
  void apply_constraint(std::uint32_t file, const model::Expr& call, model::Entity& e, model::IndexOrigin index_origin,
                        const std::string& inherited_from) const;
  // Module-level Index("ix", Model.col) / Index("ix", table.c.col).
  void apply_module_indexes(std::vector<model::Entity>& entities) const;

 private:
  std::optional<model::ForeignKeyTarget> resolve_fk(std::uint32_t file, const ForeignKeyRef& ref) const;
  std::string table_of_expr(std::uint32_t file, const model::Expr& e) const;  // Model / table variable → table name
  model::Column make_column(std::uint32_t file, const std::string& attribute, const model::Expr* call, const ConstructRef& ctor,
                            const model::Expr& annotation, OrmRoot root, const model::Span& span) const;
  model::Relationship make_relationship(std::uint32_t file, const std::string& attribute, const model::Expr& call,
                                        const ConstructRef& ctor, const model::Expr& annotation, const model::Span& span) const;

  const SymbolResolver& symbols_;
  const OrmClasses& classes_;
  std::map<ClassRef, std::string> class_tables_;
  std::map<const model::Stmt*, std::string> table_vars_;  // module-level Table assignment → table name
  std::vector<model::Entity> tables_;
};

}  // namespace archverify::resolve
