// build_entities: ORM entities from the classes OrmClasses recognises, with
// columns (own and inherited from mixins/abstract bases), indexes,
// relationships, module-level Tables and module-level Index(...) objects.
#include <algorithm>
#include <set>

#include "analyzer/resolve/build_model.h"
#include "analyzer/resolve/sqlalchemy_classes.h"
#include "analyzer/resolve/sqlalchemy_columns.h"
#include "analyzer/resolve/sqlalchemy_members.h"

namespace archverify::resolve {

using model::Entity;
using model::Expr;
using model::ExprKind;
using model::Stmt;
using model::StmtKind;

namespace {

// Applies __table_args__ constraints to an entity: indexes and single-column ForeignKeyConstraints.
void apply_table_args(const MemberReader& reader, std::uint32_t file, const Expr& args, Entity& e, const std::string& inherited_from) {
  std::vector<const Expr*> items;
  if (args.kind == ExprKind::Tuple || args.kind == ExprKind::List) {
    for (const Expr& c : args.children) items.push_back(&c);
  }
  // A dict (alone, or last in the tuple) carries table options: only the schema is kept.
  const Expr* options = args.kind == ExprKind::Dict ? &args : (!items.empty() && items.back()->kind == ExprKind::Dict ? items.back() : nullptr);
  if (options)
    for (const Expr& p : options->children)
      if (p.kind == ExprKind::Pair && p.children.size() == 2 && p.children[0].is_string_literal() && p.children[0].text == "schema")
        if (auto v = literal_string(p.children[1])) e.schema = *v;
  for (const Expr* item : items) {
    if (item->kind != ExprKind::Call) continue;
    reader.apply_constraint(file, *item, e, model::IndexOrigin::IndexConstruct, inherited_from);
  }
}

const Expr* table_args_expr(const OrmClasses& classes, ClassRef k, std::uint32_t& file_out) {
  const model::Class& kc = classes.cls(k);
  file_out = k.file;
  if (const Stmt* a = class_assignment(kc, "__table_args__")) return &a->value;
  if (auto m = declared_attr_method(classes.symbols(), k.file, kc, "__table_args__"))
    return single_return_value(classes.symbols().files()[k.file].functions[*m]);
  return nullptr;
}

void add_column_indexes(Entity& e) {
  std::vector<std::string> pk;
  for (const model::Column& c : e.columns) {
    if (c.primary_key) pk.push_back(c.name);
    if (c.index) e.indexes.push_back(model::Index{"", {c.name}, c.unique, model::IndexOrigin::ColumnIndex, c.where, c.inherited_from});
    else if (c.unique) e.indexes.push_back(model::Index{"", {c.name}, true, model::IndexOrigin::ColumnUnique, c.where, c.inherited_from});
  }
  bool has_pk_constraint = std::any_of(e.indexes.begin(), e.indexes.end(), [](const model::Index& i) {
    return i.origin == model::IndexOrigin::PrimaryKeyConstraint;
  });
  if (!pk.empty() && !has_pk_constraint)
    e.indexes.insert(e.indexes.begin(), model::Index{"", pk, true, model::IndexOrigin::PrimaryKey, e.where, ""});
}

}  // namespace

void build_entities(ResolveContext& ctx) {
  const auto& files = ctx.model.files;
  OrmClasses classes(ctx.symbols);
  MemberReader reader(ctx.symbols, classes);

  // Classes first: table names of all entities are needed to resolve ForeignKey(Model.id).
  std::vector<ClassRef> refs = classes.entities();
  std::vector<Entity> entities;
  for (ClassRef c : refs) {
    const model::Class& k = classes.cls(c);
    Entity e;
    e.name = k.name;
    e.qualified = classes.qualified(c);
    e.file = c.file;
    e.class_index = c.index;
    e.where = files[c.file].range(k.name_span);
    OrmClassInfo info = classes.info(c);
    auto tn = classes.table_name(c);
    e.table = tn.table;
    e.table_source = tn.source;
    if (tn.sti_parent) e.single_table_parent = classes.qualified(*tn.sti_parent);
    auto full = classes.chain(c);
    for (std::size_t i = 1; i < full.size(); ++i) e.bases.push_back(classes.qualified(full[i]));
    switch (info.root) {
      case OrmRoot::SqlModel: e.flavor = model::OrmFlavor::SqlModel; break;
      case OrmRoot::Flask: e.flavor = model::OrmFlavor::FlaskSqlAlchemy; break;
      default: e.flavor = model::OrmFlavor::Classic; break;
    }
    entities.push_back(std::move(e));
  }
  reader.set_entity_tables(refs, entities);
  reader.collect_tables();

  for (std::size_t i = 0; i < refs.size(); ++i) {
    ClassRef c = refs[i];
    Entity& e = entities[i];
    // Columns and relationships: furthest unmapped ancestor first; nearer definitions override.
    auto contributors = classes.unmapped_chain(c);
    bool uses_mapped = false;
    for (auto it = contributors.rbegin(); it != contributors.rend(); ++it) {
      std::string from = *it == c ? std::string() : classes.qualified(*it);
      uses_mapped |= reader.read_members(*it, classes.info(c).root, from, e);
    }
    if (e.flavor == model::OrmFlavor::Classic && uses_mapped) e.flavor = model::OrmFlavor::Declarative;
    // __table__ = Table("t", metadata, Column(...)): columns from the Table.
    if (const Stmt* t = class_assignment(classes.cls(c), "__table__"); t && t->value.kind == ExprKind::Call)
      reader.read_table_call(c.file, t->value, e);
    // __table_args__: the nearest class (Python attribute lookup) that defines it; not for single-table children.
    if (e.single_table_parent.empty()) {
      for (ClassRef k : classes.chain(c)) {
        if (k != c && classes.info(k).is_entity) break;
        std::uint32_t f = 0;
        if (const Expr* args = table_args_expr(classes, k, f)) {
          apply_table_args(reader, f, *args, e, k == c ? std::string() : classes.qualified(k));
          break;
        }
      }
    }
  }
  // Module-level Table("name", metadata, …) objects.
  for (Entity& t : reader.take_tables()) entities.push_back(std::move(t));
  for (Entity& e : entities) add_column_indexes(e);
  // Module-level Index("ix", Model.col, …) attached to their entity.
  reader.apply_module_indexes(entities);
  std::stable_sort(entities.begin(), entities.end(), [](const Entity& a, const Entity& b) {
    return std::tie(a.where.path, a.where.begin) < std::tie(b.where.path, b.where.begin);
  });
  ctx.model.entities = std::move(entities);
}

}  // namespace archverify::resolve
