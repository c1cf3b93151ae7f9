// Reading ORM class members, Tables and Indexes into entities (see sqlalchemy_members.h).
#include "analyzer/resolve/sqlalchemy_members.h"

#include <algorithm>

#include "analyzer/resolve/alembic_files.h"

namespace archverify::resolve {

using model::Entity;
using model::Expr;
using model::ExprKind;
using model::Stmt;
using model::StmtKind;

namespace {

std::string head_name(const Expr& e) {
  return e.kind == ExprKind::Subscript && !e.children.empty() ? model::last_dotted_part(e.children[0].dotted()) : std::string();
}

bool is_mapped_annotation(const Expr& ann) {
  auto h = head_name(ann);
  return h == "Mapped" || h == "WriteOnlyMapped" || h == "DynamicMapped";
}

const Expr& mapped_inner(const Expr& ann) { return is_mapped_annotation(ann) && ann.children.size() >= 2 ? ann.children[1] : ann; }

bool is_optional(const Expr& e) {
  auto h = head_name(e);
  if (h == "Optional") return true;
  if (h == "Union") {
    for (std::size_t i = 1; i < e.children.size(); ++i)
      if (e.children[i].kind == ExprKind::None) return true;
  }
  if (e.kind == ExprKind::BinOp && e.text == "|")
    return std::any_of(e.children.begin(), e.children.end(), [](const Expr& c) { return c.kind == ExprKind::None || is_optional(c); });
  if (e.is_string_literal()) return e.text.find("None") != std::string::npos || e.text.starts_with("Optional[");
  return false;
}

// The entity class named by a relationship annotation: Mapped[list["Task"]] → "Task".
std::string annotation_target(const Expr& e, bool& is_list) {
  if (e.kind == ExprKind::Subscript && e.children.size() >= 2) {
    auto h = head_name(e);
    if (h == "List" || h == "list" || h == "Set" || h == "set" || h == "Sequence") is_list = true;
    return annotation_target(e.children[1], is_list);
  }
  if (e.kind == ExprKind::BinOp && e.text == "|") {
    for (const Expr& c : e.children)
      if (c.kind != ExprKind::None) return annotation_target(c, is_list);
  }
  if (e.is_string_literal()) {
    std::string t(e.text);
    for (std::string_view wrap : {"Optional[", "List[", "list[", "Set[", "set["})
      if (t.starts_with(wrap) && t.ends_with("]")) {
        if (wrap != "Optional[") is_list = true;
        t = t.substr(wrap.size(), t.size() - wrap.size() - 1);
      }
    if (auto bar = t.find('|'); bar != std::string::npos) t = t.substr(0, bar);
    while (!t.empty() && t.back() == ' ') t.pop_back();
    if (t.size() >= 2 && (t.front() == '"' || t.front() == '\'')) t = t.substr(1, t.size() - 2);
    return t;
  }
  return std::string(model::last_dotted_part(e.dotted()));
}

model::LazyStrategy lazy_of(const Expr& v) {
  using model::LazyStrategy;
  if (v.kind == ExprKind::True) return LazyStrategy::Select;
  if (v.kind == ExprKind::False) return LazyStrategy::Joined;
  if (v.kind == ExprKind::None) return LazyStrategy::Noload;
  if (!v.is_string_literal()) return LazyStrategy::Other;
  std::string_view s = v.text;
  if (s == "select") return LazyStrategy::Select;
  if (s == "selectin") return LazyStrategy::Selectin;
  if (s == "joined") return LazyStrategy::Joined;
  if (s == "subquery") return LazyStrategy::Subquery;
  if (s == "immediate") return LazyStrategy::Immediate;
  if (s == "raise") return LazyStrategy::Raise;
  if (s == "raise_on_sql") return LazyStrategy::RaiseOnSql;
  if (s == "noload") return LazyStrategy::Noload;
  if (s == "dynamic") return LazyStrategy::Dynamic;
  if (s == "write_only") return LazyStrategy::WriteOnly;
  return LazyStrategy::Other;
}

template <typename T>
void upsert(std::vector<T>& items, T item, std::string T::*key) {
  for (T& existing : items)
    if (existing.*key == item.*key) { existing = std::move(item); return; }
  items.push_back(std::move(item));
}

bool is_dunder(std::string_view n) { return n.size() > 4 && n.starts_with("__") && n.ends_with("__"); }

}  // namespace

void MemberReader::set_entity_tables(const std::vector<ClassRef>& refs, const std::vector<Entity>& entities) {
  for (std::size_t i = 0; i < refs.size() && i < entities.size(); ++i) class_tables_[refs[i]] = entities[i].table;
}

std::string MemberReader::table_of_expr(std::uint32_t file, const Expr& e) const {
  Symbol s = symbols_.resolve(file, e);
  if (s.kind == Symbol::Kind::Class) {
    if (auto it = class_tables_.find(ClassRef{s.file, s.index}); it != class_tables_.end()) return it->second;
  }
  if (s.kind == Symbol::Kind::Variable && s.assignment) {
    if (auto it = table_vars_.find(s.assignment.get()); it != table_vars_.end()) return it->second;
  }
  return {};
}

std::optional<model::ForeignKeyTarget> MemberReader::resolve_fk(std::uint32_t file, const ForeignKeyRef& ref) const {
  if (ref.literal) return ref.literal;
  if (!ref.class_expr) return std::nullopt;
  return model::ForeignKeyTarget{table_of_expr(file, *ref.class_expr), ref.attribute};
}

void MemberReader::collect_tables() {
  const auto& files = symbols_.files();
  std::vector<const Stmt*> table_stmts;
  for (std::uint32_t f = 0; f < files.size(); ++f) {
    if (is_revision_file(files[f])) continue;
    model::visit_statements(files[f].body, [&](const Stmt& s) {
      if (s.kind != StmtKind::Assign || s.targets.size() != 1 || s.targets[0].kind != ExprKind::Name) return;
      if (s.value.kind != ExprKind::Call) return;
      if (classify_construct(symbols_, f, s.value.callee()).kind != SaConstruct::Table) return;
      Entity e;
      e.name = s.targets[0].text;
      const std::string& mod = symbols_.modules().name_of(f);
      e.qualified = mod.empty() ? e.name : mod + "." + e.name;
      e.file = f;
      e.where = files[f].range(s.targets[0].span());
      e.flavor = model::OrmFlavor::Table;
      auto pos = s.value.positional();
      if (!pos.empty())
        if (auto name = literal_string(*pos[0])) {
          e.table = *name;
          e.table_source = model::TableNameSource::Literal;
        }
      table_vars_[&s] = e.table;
      table_stmts.push_back(&s);
      tables_.push_back(std::move(e));
    });
  }
  // Columns after all names are known (a Table may reference another Table's columns).
  for (std::size_t i = 0; i < tables_.size(); ++i) read_table_call(tables_[i].file, table_stmts[i]->value, tables_[i]);
}

// SQLModel `x: T = None` / `Field(default=None)` on a non-Optional T: pydantic v1 makes the column NULL, v2 NOT NULL.
static model::Column with_default_none(model::Column c, const Expr& value, OrmRoot root) {
  if (root != OrmRoot::SqlModel || c.nullable_explicit || c.primary_key || c.nullable) return c;
  const Expr* d = value.kind == ExprKind::Call ? value.arg(0, "default") : &value;
  c.sqlmodel_default_none = d && d->kind == ExprKind::None;
  return c;
}

model::Column MemberReader::make_column(std::uint32_t file, const std::string& attribute, const Expr* call, const ConstructRef& ctor,
                                        const Expr& annotation, OrmRoot root, const model::Span& span) const {
  model::Column c;
  c.attribute = attribute;
  c.where = symbols_.files()[file].range(span);
  ColumnSpec spec;
  if (call) spec = parse_column_call(symbols_, file, *call, ctor);
  c.name = spec.name.empty() ? attribute : spec.name;
  c.type = spec.type;
  bool mapped = is_mapped_annotation(annotation);
  const Expr& inner = mapped_inner(annotation);
  bool sqlmodel = root == OrmRoot::SqlModel && !spec.used_sa_column;
  // The annotation gives the type when the call does not (also for SQLModel's sa_column=Column(ForeignKey(…))).
  if (c.type.kind == model::ColumnTypeKind::Unknown && !annotation.empty() && (mapped || root == OrmRoot::SqlModel)) {
    c.type = type_from_python_annotation(inner);
    if (sqlmodel && c.type.kind == model::ColumnTypeKind::String && call) {
      if (const Expr* ml = call->keyword("max_length")) c.type.length = literal_uint(*ml);
    }
  }
  c.primary_key = spec.primary_key;
  c.unique = spec.unique;
  c.index = spec.index;
  c.server_default = spec.server_default;
  if (spec.nullable) {
    c.nullable = *spec.nullable;
    c.nullable_explicit = true;
  } else if (c.primary_key) {
    c.nullable = false;
  } else if (mapped || (sqlmodel && !annotation.empty())) {
    c.nullable = is_optional(inner);
  } else {
    c.nullable = true;
  }
  if (spec.foreign_key.present()) c.foreign_key = resolve_fk(file, spec.foreign_key);
  return c;
}

model::Relationship MemberReader::make_relationship(std::uint32_t file, const std::string& attribute, const Expr& call,
                                                    const ConstructRef& ctor, const Expr& annotation, const model::Span& span) const {
  model::Relationship r;
  r.attribute = attribute;
  r.where = symbols_.files()[file].range(span);
  auto pos = call.positional();
  const Expr* target = pos.empty() ? call.keyword("argument") : pos[0];
  if (target) {
    if (target->is_string_literal()) r.target = target->text;
    else if (target->kind == ExprKind::Lambda && !target->children.empty()) r.target = std::string(model::last_dotted_part(target->children[0].dotted()));
    else r.target = std::string(model::last_dotted_part(target->dotted()));
  }
  bool is_list = false;
  if (!annotation.empty()) {
    std::string t = annotation_target(mapped_inner(annotation), is_list);
    if (r.target.empty()) r.target = t;
    if (is_list) r.uselist = true;
    auto h = head_name(annotation);
    if (h == "WriteOnlyMapped") r.lazy = model::LazyStrategy::WriteOnly;
    if (h == "DynamicMapped") r.lazy = model::LazyStrategy::Dynamic;
  }
  const Expr* kwargs_owner = &call;
  if (ctor.kind == SaConstruct::SqlModelRelationship) {
    if (const Expr* sa_rel = call.keyword("sa_relationship"); sa_rel && sa_rel->kind == ExprKind::Call) kwargs_owner = sa_rel;
    if (const Expr* d = call.keyword("sa_relationship_kwargs"); d && d->kind == ExprKind::Dict) {
      for (const Expr& p : d->children) {
        if (p.kind != ExprKind::Pair || p.children.size() != 2 || !p.children[0].is_string_literal()) continue;
        std::string_view key = p.children[0].text;
        if (key == "lazy") r.lazy = lazy_of(p.children[1]);
        else if (key == "uselist") { if (auto b = literal_bool(p.children[1])) r.uselist = *b; }
        else if (key == "secondary" && p.children[1].is_string_literal()) r.secondary = p.children[1].text;
      }
    }
    if (const Expr* link = call.keyword("link_model")) {
      std::string t = table_of_expr(file, *link);
      r.secondary = t.empty() ? std::string(model::last_dotted_part(link->dotted())) : t;
    }
  }
  if (const Expr* lazy = kwargs_owner->keyword("lazy")) r.lazy = lazy_of(*lazy);
  if (const Expr* bp = kwargs_owner->keyword("back_populates"); bp && bp->is_string_literal()) r.back_populates = bp->text;
  if (const Expr* br = kwargs_owner->keyword("backref")) {
    if (br->is_string_literal()) r.backref = br->text;
    else if (br->kind == ExprKind::Call) {
      auto bpos = br->positional();
      if (!bpos.empty() && bpos[0]->is_string_literal()) r.backref = bpos[0]->text;
      if (const Expr* bl = br->keyword("lazy")) r.backref_lazy = lazy_of(*bl);
    }
  }
  if (const Expr* ul = kwargs_owner->keyword("uselist")) {
    if (auto b = literal_bool(*ul)) r.uselist = *b;
  }
  if (const Expr* sec = kwargs_owner->keyword("secondary")) {
    if (sec->is_string_literal()) r.secondary = sec->text;
    else {
      std::string t = table_of_expr(file, *sec);
      r.secondary = t.empty() ? sec->dotted() : t;
    }
  }
  return r;
}

bool MemberReader::read_members(ClassRef k, OrmRoot root, const std::string& inherited_from, Entity& e) const {
  const model::Class& kc = classes_.cls(k);
  const model::FileFacts& facts = symbols_.files()[k.file];
  bool uses_mapped = false;
  auto add_column = [&](model::Column c) {
    c.inherited_from = inherited_from;
    upsert(e.columns, std::move(c), &model::Column::attribute);
  };
  auto add_rel = [&](model::Relationship r) {
    r.inherited_from = inherited_from;
    upsert(e.relationships, std::move(r), &model::Relationship::attribute);
  };
  for (const Stmt& s : kc.body) {
    if (s.kind == StmtKind::Assign && s.targets.size() == 1 && s.targets[0].kind == ExprKind::Name) {
      const std::string attr(s.targets[0].text);
      if (is_dunder(attr) || (root == OrmRoot::SqlModel && attr.starts_with("_"))) continue;  // SQLModel private attributes
      const Expr& ann = s.annotation();
      if (head_name(ann) == "ClassVar") continue;
      bool mapped = is_mapped_annotation(ann);
      uses_mapped |= mapped;
      if (s.value.kind == ExprKind::Call) {
        ConstructRef ctor = classify_construct(symbols_, k.file, s.value.callee());
        switch (ctor.kind) {
          case SaConstruct::Column:
          case SaConstruct::MappedColumn:
          case SaConstruct::SqlModelField:
            uses_mapped |= ctor.kind == SaConstruct::MappedColumn;
            add_column(with_default_none(make_column(k.file, attr, &s.value, ctor, ann, root, s.span), s.value, root));
            continue;
          case SaConstruct::Relationship:
          case SaConstruct::SqlModelRelationship:
            add_rel(make_relationship(k.file, attr, s.value, ctor, ann, s.span));
            continue;
          default: break;
        }
        // A column factory of the repository: `id = primary_key("User")` where the helper returns Column(...).
        if (Symbol fs = symbols_.resolve(k.file, s.value.callee()); fs.kind == Symbol::Kind::Function) {
          const Expr* ret = single_return_value(symbols_.files()[fs.file].functions[fs.index]);
          if (ret && ret->kind == ExprKind::Call) {
            ConstructRef inner = classify_construct(symbols_, fs.file, ret->callee());
            if (inner.kind == SaConstruct::Column || inner.kind == SaConstruct::MappedColumn) {
              model::Column c = make_column(fs.file, attr, ret, inner, ann, root, ret->span());
              c.where = facts.range(s.span);
              add_column(std::move(c));
              continue;
            }
          }
        }
        if (root == OrmRoot::SqlModel && !ann.empty()) add_column(make_column(k.file, attr, nullptr, ctor, ann, root, s.span));
        continue;
      }
      if (s.value.empty() && mapped) {
        add_column(make_column(k.file, attr, nullptr, ConstructRef{}, ann, root, s.span));
        continue;
      }
      if (root == OrmRoot::SqlModel && !ann.empty() && !mapped)
        add_column(with_default_none(make_column(k.file, attr, nullptr, ConstructRef{}, ann, root, s.span), s.value, root));
    }
  }
  // declared_attr methods returning Column(...) / mapped_column(...) / relationship(...).
  for (std::uint32_t m : kc.methods) {
    const model::Function& fn = facts.functions[m];
    if (is_dunder(fn.name) || !is_declared_attr(symbols_, k.file, fn)) continue;
    const Expr* ret = single_return_value(fn);
    if (!ret || ret->kind != ExprKind::Call) continue;
    ConstructRef ctor = classify_construct(symbols_, k.file, ret->callee());
    switch (ctor.kind) {
      case SaConstruct::Column:
      case SaConstruct::MappedColumn:
        uses_mapped |= ctor.kind == SaConstruct::MappedColumn || is_mapped_annotation(fn.returns);
        add_column(make_column(k.file, fn.name.str(), ret, ctor, fn.returns, root, fn.name_span));
        break;
      case SaConstruct::Relationship:
        add_rel(make_relationship(k.file, fn.name.str(), *ret, ctor, fn.returns, fn.name_span));
        break;
      default: break;
    }
  }
  return uses_mapped;
}

void MemberReader::read_table_call(std::uint32_t file, const Expr& call, Entity& e) const {
  if (const Expr* schema = call.keyword("schema"))
    if (auto v = literal_string(*schema)) e.schema = *v;
  for (const Expr* a : call.positional()) {
    if (a->kind != ExprKind::Call) continue;
    ConstructRef ctor = classify_construct(symbols_, file, a->callee());
    if (ctor.kind == SaConstruct::Column) {
      ColumnSpec spec = parse_column_call(symbols_, file, *a, ctor);
      std::string name = spec.name;
      if (name.empty()) continue;
      e.columns.push_back(make_column(file, name, a, ctor, Expr{}, OrmRoot::Declarative, a->span()));
    } else {
      apply_constraint(file, *a, e, model::IndexOrigin::IndexConstruct, "");
    }
  }
}

void MemberReader::apply_constraint(std::uint32_t file, const Expr& call, Entity& e, model::IndexOrigin index_origin,
                                    const std::string& inherited_from) const {
  ConstructRef ctor = classify_construct(symbols_, file, call.callee());
  auto to_column_name = [&](const std::string& n) {
    for (const model::Column& c : e.columns)
      if (c.attribute == n) return c.name;
    return n;
  };
  auto range = symbols_.files()[file].range(call.span());
  switch (ctor.kind) {
    case SaConstruct::Index:
    case SaConstruct::UniqueConstraint:
    case SaConstruct::PrimaryKeyConstraint: {
      ConstraintSpec spec = parse_constraint_call(call, ctor.kind);
      model::Index ix;
      ix.name = spec.name;
      for (const std::string& c : spec.columns) ix.columns.push_back(to_column_name(c));
      ix.unique = spec.unique;
      ix.origin = ctor.kind == SaConstruct::Index ? index_origin
                  : ctor.kind == SaConstruct::UniqueConstraint ? model::IndexOrigin::UniqueConstraint
                                                               : model::IndexOrigin::PrimaryKeyConstraint;
      ix.where = range;
      ix.inherited_from = inherited_from;
      if (ctor.kind == SaConstruct::PrimaryKeyConstraint)
        for (model::Column& c : e.columns)
          if (std::find(ix.columns.begin(), ix.columns.end(), c.name) != ix.columns.end()) {
            c.primary_key = true;
            if (!c.nullable_explicit) c.nullable = false;
          }
      e.indexes.push_back(std::move(ix));
      break;
    }
    case SaConstruct::ForeignKeyConstraint: {
      const Expr* cols = call.arg(0, "columns");
      const Expr* refs = call.arg(1, "refcolumns");
      if (!cols || !refs || cols->children.size() != 1 || refs->children.size() != 1) break;
      const Expr& local = cols->children[0];
      std::string local_name = local.is_string_literal() ? std::string(local.text) : local.kind == ExprKind::Attribute || local.kind == ExprKind::Name ? std::string(local.text) : std::string();
      local_name = to_column_name(local_name);
      std::optional<model::ForeignKeyTarget> target = resolve_fk(file, foreign_key_ref(refs->children[0]));
      for (model::Column& c : e.columns)
        if (c.name == local_name && !c.foreign_key) c.foreign_key = target;
      break;
    }
    default: break;
  }
}

void MemberReader::apply_module_indexes(std::vector<Entity>& entities) const {
  const auto& files = symbols_.files();
  for (std::uint32_t f = 0; f < files.size(); ++f) {
    model::visit_statements(files[f].body, [&](const Stmt& s) {
      if ((s.kind != StmtKind::Expr && s.kind != StmtKind::Assign) || s.value.kind != ExprKind::Call) return;
      ConstructRef ctor = classify_construct(symbols_, f, s.value.callee());
      if (ctor.kind != SaConstruct::Index) return;
      // The entity: the owner of the first column attribute (Model.col or table.c.col).
      auto pos = s.value.positional();
      std::string table;
      for (std::size_t i = 1; i < pos.size() && table.empty(); ++i) {
        const Expr* col = pos[i];
        if (col->kind == ExprKind::Call && col->callee().kind == ExprKind::Attribute && !col->callee().children.empty() &&
            (col->callee().text == "desc" || col->callee().text == "asc"))
          col = &col->callee().children[0];  // Model.col.desc()
        if (col->kind != ExprKind::Attribute || col->children.empty()) continue;
        const Expr* owner = &col->children[0];
        if (owner->kind == ExprKind::Attribute && owner->text == "c" && !owner->children.empty()) owner = &owner->children[0];
        if (owner->kind == ExprKind::Attribute && owner->text == "__table__" && !owner->children.empty()) owner = &owner->children[0];
        table = table_of_expr(f, *owner);
      }
      if (table.empty()) return;
      for (Entity& e : entities) {
        if (e.table != table || !e.single_table_parent.empty()) continue;
        apply_constraint(f, s.value, e, model::IndexOrigin::ModuleLevelIndex, "");
        break;
      }
    });
  }
}

}  // namespace archverify::resolve
