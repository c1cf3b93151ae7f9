// Which classes of the repository are ORM classes: follows each class's bases
// through the SymbolResolver (across files) to a declarative root —
// `declarative_base()` (with its `cls=` class), `registry().generate_base()`,
// `class Base(DeclarativeBase)`, Flask-SQLAlchemy `db.Model`, `SQLModel` — and
// classifies classes as mapped entities, abstract bases, root bases or plain
// classes (mixins when an entity inherits them). Also evaluates table names
// (literal, declared_attr transforms of the class name, framework defaults).
#pragma once
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/model/orm.h"
#include "analyzer/resolve/symbols.h"

namespace archverify::resolve {

struct ClassRef {
  std::uint32_t file = model::kNoIndex;
  std::uint32_t index = model::kNoIndex;
  auto operator<=>(const ClassRef&) const = default;
};

enum class OrmRoot : std::uint8_t { None, Declarative, Flask, SqlModel };

struct OrmClassInfo {
  OrmRoot root = OrmRoot::None;
  bool is_entity = false;
  bool is_abstract = false;            // __abstract__ = True
  bool is_root_base = false;           // class Base(DeclarativeBase) / a SQLModel without table=True
  std::vector<ClassRef> parents;       // repository classes among the bases (and a declarative_base(cls=X) class)
};

class OrmClasses {
 public:
  explicit OrmClasses(const SymbolResolver& symbols);

  const OrmClassInfo& info(ClassRef c) const;
  // All ancestors (approximate MRO, the class first).
  std::vector<ClassRef> chain(ClassRef c) const;
  // Ancestors that contribute columns: the class, then bases reached without passing through a mapped entity.
  std::vector<ClassRef> unmapped_chain(ClassRef c) const;
  // Nearest mapped ancestor (not the class itself).
  std::optional<ClassRef> mapped_parent(ClassRef c) const;
  std::string qualified(ClassRef c) const;
  const model::Class& cls(ClassRef c) const { return symbols_.files()[c.file].classes[c.index]; }
  // Every entity class in file/class order.
  std::vector<ClassRef> entities() const;
  // The table name of an entity class and how it was found.
  struct TableName {
    std::string table;
    model::TableNameSource source = model::TableNameSource::Unknown;
    std::optional<ClassRef> sti_parent;
  };
  TableName table_name(ClassRef c) const;

  const SymbolResolver& symbols() const { return symbols_; }

 private:
  struct BaseKind {
    OrmRoot root = OrmRoot::None;
    bool root_is_class = false;          // DeclarativeBase / SQLModel class itself (its direct subclass is a root base)
    std::optional<ClassRef> repo_class;
    std::optional<ClassRef> cls_arg;     // declarative_base(cls=X)
  };
  BaseKind classify_base(std::uint32_t file, const model::Expr& e, int depth) const;
  const OrmClassInfo& compute(ClassRef c, int depth) const;
  void chain_into(ClassRef c, std::vector<ClassRef>& out, bool stop_at_mapped, bool first, int depth) const;
  std::optional<std::string> eval_declared_tablename(ClassRef owner, std::uint32_t fn, const std::string& class_name) const;
  std::optional<std::string> eval_name(std::uint32_t file, const model::Expr& e, const std::string& cls_param,
                                       const std::map<std::string, std::string>& env, const std::string& class_name, int depth) const;

  const SymbolResolver& symbols_;
  mutable std::map<ClassRef, OrmClassInfo> memo_;
  mutable std::map<ClassRef, bool> in_progress_;
};

// Helpers on class bodies shared by the builders.
const model::Stmt* class_assignment(const model::Class& c, std::string_view name);  // `name = …` / `name: T = …`
std::optional<std::uint32_t> declared_attr_method(const SymbolResolver& symbols, std::uint32_t file, const model::Class& c,
                                                  std::string_view name);
bool is_declared_attr(const SymbolResolver& symbols, std::uint32_t file, const model::Function& fn);
const model::Expr* single_return_value(const model::Function& fn);  // the last `return <value>` that is not None
std::string snake_case_split(std::string_view name);   // IncidentType → incident_type, APIKey → a_p_i_key
std::string flask_default_table(std::string_view name); // APIKey → api_key, CamelCase → camel_case

}  // namespace archverify::resolve
