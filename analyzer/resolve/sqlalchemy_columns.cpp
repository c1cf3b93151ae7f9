// Recognising SQLAlchemy constructs and reading Column / constraint arguments (see sqlalchemy_columns.h).
#include "analyzer/resolve/sqlalchemy_columns.h"

#include "analyzer/core/ascii.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace archverify::resolve {

using model::ColumnType;
using model::ColumnTypeKind;
using model::Expr;
using model::ExprKind;

namespace {

constexpr int kMaxDepth = 6;

bool is_sa_module(std::string_view q) {
  return q.starts_with("sqlalchemy") || q.starts_with("sqlmodel") || q.starts_with("flask_sqlalchemy");
}

SaConstruct by_name(std::string_view qualified, bool sqlmodel_names) {
  if (qualified.ends_with("declared_attr.directive") || qualified.ends_with("declared_attr.cascading"))
    return SaConstruct::DeclaredAttr;
  std::string_view n = model::last_dotted_part(qualified);
  if (n == "Column") return SaConstruct::Column;
  if (n == "mapped_column") return SaConstruct::MappedColumn;
  if (n == "relationship" || n == "relation" || n == "dynamic_loader") return SaConstruct::Relationship;
  if (n == "backref") return SaConstruct::Backref;
  if (n == "ForeignKey") return SaConstruct::ForeignKey;
  if (n == "ForeignKeyConstraint") return SaConstruct::ForeignKeyConstraint;
  if (n == "Index") return SaConstruct::Index;
  if (n == "UniqueConstraint") return SaConstruct::UniqueConstraint;
  if (n == "PrimaryKeyConstraint") return SaConstruct::PrimaryKeyConstraint;
  if (n == "Table") return SaConstruct::Table;
  if (n == "declarative_base") return SaConstruct::DeclarativeBaseFn;
  if (n == "registry") return SaConstruct::Registry;
  if (n == "DeclarativeBase" || n == "DeclarativeBaseNoMeta") return SaConstruct::DeclarativeBaseClass;
  if (n == "declared_attr") return SaConstruct::DeclaredAttr;
  if (n == "text") return SaConstruct::Text;
  if (n == "SQLAlchemy") return SaConstruct::FlaskSqlAlchemy;
  if (sqlmodel_names) {
    if (n == "Field") return SaConstruct::SqlModelField;
    if (n == "Relationship") return SaConstruct::SqlModelRelationship;
    if (n == "SQLModel") return SaConstruct::SqlModelClass;
  }
  return SaConstruct::None;
}

bool has_star_import_of_sa(const model::FileFacts& f) {
  for (const model::Import& imp : f.imports)
    if (imp.name == "*" && is_sa_module(imp.module)) return true;
  return false;
}

ConstructRef classify_depth(const SymbolResolver& symbols, std::uint32_t file, const Expr& e, int depth);

bool is_flask_db_depth(const SymbolResolver& symbols, std::uint32_t file, const Expr& e, int depth) {
  if (depth > kMaxDepth) return false;
  Symbol s = symbols.resolve(file, e);
  if (s.kind != Symbol::Kind::Variable || !s.assignment) return false;
  const Expr& v = s.assignment->value;
  if (v.kind == ExprKind::Call) return classify_depth(symbols, s.file, v.callee(), depth + 1).kind == SaConstruct::FlaskSqlAlchemy;
  if (v.kind == ExprKind::Name || v.kind == ExprKind::Attribute) return is_flask_db_depth(symbols, s.file, v, depth + 1);
  return false;
}

ConstructRef classify_depth(const SymbolResolver& symbols, std::uint32_t file, const Expr& e, int depth) {
  ConstructRef out;
  if (depth > kMaxDepth || (e.kind != ExprKind::Name && e.kind != ExprKind::Attribute)) return out;
  Symbol s = symbols.resolve(file, e);
  switch (s.kind) {
    case Symbol::Kind::External:
      if (is_sa_module(s.qualified)) out.kind = by_name(s.qualified, s.qualified.starts_with("sqlmodel"));
      return out;
    case Symbol::Kind::Variable: {
      if (!s.assignment) return out;
      const Expr& v = s.assignment->value;
      if (v.kind == ExprKind::Call) {
        Symbol callee = symbols.resolve(s.file, v.callee());
        bool is_partial = callee.qualified == "functools.partial" || v.callee().dotted() == "partial";
        auto pos = v.positional();
        if (is_partial && !pos.empty()) {
          out = classify_depth(symbols, s.file, *pos[0], depth + 1);
          if (out) out.partial = &v;
        }
        return out;
      }
      if (v.kind == ExprKind::Name || v.kind == ExprKind::Attribute) return classify_depth(symbols, s.file, v, depth + 1);
      return out;
    }
    case Symbol::Kind::Class: {
      // A repository subclass of SQLAlchemy() (redash's RedashSQLAlchemy) or of Column.
      const model::Class& c = symbols.files()[s.file].classes[s.index];
      for (const Expr& b : c.bases) {
        ConstructRef r = classify_depth(symbols, s.file, b, depth + 1);
        if (r.kind == SaConstruct::FlaskSqlAlchemy || r.kind == SaConstruct::Column) return ConstructRef{r.kind, nullptr};
      }
      return out;
    }
    default: break;
  }
  if (e.kind == ExprKind::Attribute && !e.children.empty() && is_flask_db_depth(symbols, file, e.children[0], depth + 1)) {
    out.kind = by_name(e.text, false);
    if (out.kind == SaConstruct::FlaskSqlAlchemy) out.kind = SaConstruct::None;
    return out;
  }
  if (s.kind == Symbol::Kind::Unknown && s.qualified.empty() && e.kind == ExprKind::Name &&
      has_star_import_of_sa(symbols.files()[file]))
    out.kind = by_name(e.text, true);
  return out;
}


ColumnTypeKind kind_of_type_name(std::string_view raw) {
  std::string n = ascii::lowered(raw);
  if (n == "integer" || n == "int" || n == "int4") return ColumnTypeKind::Integer;
  if (n == "smallinteger" || n == "smallint") return ColumnTypeKind::SmallInteger;
  if (n == "biginteger" || n == "bigint") return ColumnTypeKind::BigInteger;
  if (n == "string" || n == "varchar" || n == "unicode" || n == "char" || n == "nvarchar" || n == "autostring" ||
      n == "citext" || n == "str")
    return ColumnTypeKind::String;
  if (n == "text" || n == "unicodetext") return ColumnTypeKind::Text;
  if (n == "boolean" || n == "bool") return ColumnTypeKind::Boolean;
  if (n == "float" || n == "real" || n == "double" || n == "double_precision") return ColumnTypeKind::Float;
  if (n == "numeric" || n == "decimal") return ColumnTypeKind::Numeric;
  if (n == "datetime" || n == "timestamp" || n.ends_with("_datetime") || n == "datetime2") return ColumnTypeKind::DateTime;
  if (n == "date") return ColumnTypeKind::Date;
  if (n == "time") return ColumnTypeKind::Time;
  if (n == "interval" || n == "timedelta") return ColumnTypeKind::Interval;
  if (n == "uuid" || n == "uuidtype" || n == "guid") return ColumnTypeKind::Uuid;
  if (n == "json" || n == "jsonb" || n == "jsontype") return ColumnTypeKind::Json;
  if (n == "enum") return ColumnTypeKind::Enum;
  if (n == "largebinary" || n == "binary" || n == "blob" || n == "bytea" || n == "varbinary" || n == "bytes")
    return ColumnTypeKind::LargeBinary;
  return ColumnTypeKind::Other;
}

}  // namespace

ConstructRef classify_construct(const SymbolResolver& symbols, std::uint32_t file, const Expr& e) {
  return classify_depth(symbols, file, e, 0);
}

bool is_flask_db(const SymbolResolver& symbols, std::uint32_t file, const Expr& e) {
  return is_flask_db_depth(symbols, file, e, 0);
}

std::optional<std::string> literal_string(const Expr& e) {
  if (e.is_string_literal()) return std::string(e.text);
  if (e.kind == ExprKind::Call) {
    std::string callee = e.callee().dotted();
    std::string_view last = model::last_dotted_part(callee);
    auto pos = e.positional();
    if ((last == "f" || last == "conv" || last == "text") && pos.size() == 1 && pos[0]->is_string_literal()) return std::string(pos[0]->text);
  }
  return std::nullopt;
}

std::optional<std::uint32_t> literal_uint(const Expr& e) {
  if (e.kind != ExprKind::Number || e.text.empty()) return std::nullopt;
  std::uint32_t v = 0;
  for (char c : e.text) {
    if (c == '_') continue;
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    v = v * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return v;
}

std::optional<bool> literal_bool(const Expr& e) {
  if (e.kind == ExprKind::True) return true;
  if (e.kind == ExprKind::False) return false;
  return std::nullopt;
}

ColumnType classify_type(const Expr& e) {
  ColumnType t;
  const Expr* head = &e;
  if (e.kind == ExprKind::Call) head = &e.callee();
  // MutableDict.as_mutable(JSONB) → JSONB
  if (e.kind == ExprKind::Call && head->kind == ExprKind::Attribute && head->text == "as_mutable") {
    auto pos = e.positional();
    if (!pos.empty()) return classify_type(*pos[0]);
  }
  std::string dotted = head->dotted();
  if (dotted.empty()) return t;
  t.name = std::string(model::last_dotted_part(dotted));
  t.kind = kind_of_type_name(t.name);
  if (e.kind == ExprKind::Call && t.kind == ColumnTypeKind::String) {
    if (const Expr* len = e.arg(0, "length")) t.length = literal_uint(*len);
  }
  return t;
}

ColumnType type_from_python_annotation(const Expr& e) {
  // Optional[X], X | None, Annotated[X, …]: the X part.
  if (e.kind == ExprKind::Subscript && e.children.size() >= 2) {
    const std::string head = model::last_dotted_part(e.children[0].dotted());
    if (head == "Optional" || head == "Annotated") return type_from_python_annotation(e.children[1]);
    if (head == "Union") {
      for (std::size_t i = 1; i < e.children.size(); ++i)
        if (e.children[i].kind != ExprKind::None) return type_from_python_annotation(e.children[i]);
    }
    if (head == "list" || head == "List" || head == "dict" || head == "Dict") return ColumnType{ColumnTypeKind::Other, std::string(head), {}};
    return {};
  }
  if (e.kind == ExprKind::BinOp && e.text == "|" && e.children.size() == 2) {
    if (e.children[1].kind == ExprKind::None) return type_from_python_annotation(e.children[0]);
    if (e.children[0].kind == ExprKind::None) return type_from_python_annotation(e.children[1]);
    return {};
  }
  if (e.is_string_literal()) return {};
  std::string dotted = e.dotted();
  if (dotted.empty()) return {};
  ColumnType t;
  t.name = std::string(model::last_dotted_part(dotted));
  if (t.name == "int") t.kind = ColumnTypeKind::Integer;
  else if (t.name == "str") t.kind = ColumnTypeKind::String;
  else if (t.name == "bool") t.kind = ColumnTypeKind::Boolean;
  else if (t.name == "float") t.kind = ColumnTypeKind::Float;
  else if (t.name == "Decimal") t.kind = ColumnTypeKind::Numeric;
  else if (t.name == "datetime") t.kind = ColumnTypeKind::DateTime;
  else if (t.name == "date") t.kind = ColumnTypeKind::Date;
  else if (t.name == "time") t.kind = ColumnTypeKind::Time;
  else if (t.name == "timedelta") t.kind = ColumnTypeKind::Interval;
  else if (t.name == "UUID") t.kind = ColumnTypeKind::Uuid;
  else if (t.name == "bytes") t.kind = ColumnTypeKind::LargeBinary;
  else if (t.name == "dict" || t.name == "list") t.kind = ColumnTypeKind::Json;
  // pydantic string types (EmailStr, HttpUrl, AnyUrl, SecretStr…) map to SQLModel's AutoString
  else if (t.name.ends_with("Str") || t.name.ends_with("Url")) t.kind = ColumnTypeKind::String;
  else t.kind = ColumnTypeKind::Other;  // an Enum subclass or another class: not decidable by name
  return t;
}

std::optional<model::ForeignKeyTarget> split_fk_target(std::string_view dotted) {
  auto dot = dotted.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == dotted.size()) return std::nullopt;
  return model::ForeignKeyTarget{std::string(dotted.substr(0, dot)), std::string(dotted.substr(dot + 1))};
}

ForeignKeyRef foreign_key_ref(const Expr& target) {
  ForeignKeyRef r;
  if (target.is_string_literal()) {
    r.literal = split_fk_target(target.text);
    return r;
  }
  // User.id  |  User.__table__.c.id  |  users_table.c.id
  if (target.kind == ExprKind::Attribute && !target.children.empty()) {
    r.attribute = target.text;
    const Expr* owner = &target.children[0];
    if (owner->kind == ExprKind::Attribute && owner->text == "c" && !owner->children.empty()) {
      owner = &owner->children[0];
      if (owner->kind == ExprKind::Attribute && owner->text == "__table__" && !owner->children.empty()) owner = &owner->children[0];
    }
    if (owner->kind == ExprKind::Name || owner->kind == ExprKind::Attribute) r.class_expr = owner;
  }
  return r;
}

namespace {

bool skipped_schema_item(const Expr& e) {
  if (e.kind != ExprKind::Call) return false;
  const std::string n = model::last_dotted_part(e.callee().dotted());
  return n == "Sequence" || n == "Identity" || n == "Computed" || n == "CheckConstraint" || n == "FetchedValue" ||
         n == "DefaultClause";
}

// A TypeDecorator of the repository (`class NaiveDateTime(TypeDecorator): impl = DateTime`): the kind of its
// impl, the name as written; an imported alias (`from sqlalchemy import Enum as SQLEnum`): the kind of the
// imported name. Other kinds are left alone.
// A type factory of the repository called with a type (`PydanticUrlString(Text)`, also called again:
// `PydanticUrlString(String)(length=512)`): a function defining a TypeDecorator whose `impl` is one of its
// parameters. The kind of the argument given for that parameter, or nullopt.
std::optional<ColumnType> factory_type(const SymbolResolver& symbols, std::uint32_t file, const Expr& e) {
  if (e.kind != ExprKind::Call) return std::nullopt;
  const Expr& factory = e.callee().kind == ExprKind::Call ? e.callee() : e;
  Symbol fn = symbols.resolve(file, factory.callee());
  if (fn.kind != Symbol::Kind::Function) return std::nullopt;
  const model::FileFacts& ff = symbols.files()[fn.file];
  const std::span<const model::Param> params = ff.functions[fn.index].params;
  for (const model::Class& c : ff.classes) {
    if (c.parent_function != fn.index) continue;
    for (const model::Stmt& st : c.body) {
      if (st.kind != model::StmtKind::Assign || st.targets.size() != 1 || st.targets[0].kind != ExprKind::Name ||
          st.targets[0].text != "impl" || st.value.kind != ExprKind::Name)
        continue;
      for (std::size_t i = 0; i < params.size(); ++i) {
        if (params[i].name != st.value.text) continue;
        const Expr* arg = factory.arg(i, params[i].name);
        if (!arg) return std::nullopt;
        ColumnType t = classify_type(*arg);
        if (t.kind == ColumnTypeKind::Other || t.kind == ColumnTypeKind::Unknown) return std::nullopt;
        t.name = std::string(model::last_dotted_part(factory.callee().dotted()));
        t.length.reset();
        if (&factory != &e && t.kind == ColumnTypeKind::String)
          if (const Expr* len = e.arg(0, "length")) t.length = literal_uint(*len);
        return t;
      }
    }
  }
  return std::nullopt;
}

ColumnType refined_type(const SymbolResolver& symbols, std::uint32_t file, const Expr& e) {
  ColumnType t = classify_type(e);
  if (t.kind == ColumnTypeKind::Unknown || t.kind == ColumnTypeKind::Other)
    if (auto f = factory_type(symbols, file, e)) return *f;
  if (t.kind != ColumnTypeKind::Other) return t;
  const Expr& head = e.kind == ExprKind::Call ? e.callee() : e;
  Symbol s = symbols.resolve(file, head);
  if (s.kind == Symbol::Kind::Variable && s.assignment) {
    // DATETIME_COLUMN_TYPE = DateTime (the binding the resolver keeps when several branches assign it)
    ColumnType v = classify_type(s.assignment->value);
    if (v.kind != ColumnTypeKind::Other && v.kind != ColumnTypeKind::Unknown) t.kind = v.kind;
    return t;
  }
  if (s.kind == Symbol::Kind::External) {
    const ColumnTypeKind k = kind_of_type_name(model::last_dotted_part(s.qualified));
    if (k != ColumnTypeKind::Other) t.kind = k;
    return t;
  }
  if (s.kind != Symbol::Kind::Class) return t;
  for (const model::Stmt& st : symbols.files()[s.file].classes[s.index].body)
    if (st.kind == model::StmtKind::Assign && st.targets.size() == 1 && st.targets[0].kind == ExprKind::Name &&
        st.targets[0].text == "impl") {
      ColumnType impl = classify_type(st.value);
      if (impl.kind != ColumnTypeKind::Other && impl.kind != ColumnTypeKind::Unknown) t.kind = impl.kind;
    }
  return t;
}

void apply_keywords(const SymbolResolver& symbols, std::uint32_t file, const Expr& call, ColumnSpec& spec, bool is_field) {
  for (std::size_t i = 1; i < call.children.size(); ++i) {
    const Expr& k = call.children[i];
    if (k.kind != ExprKind::Keyword || k.children.empty()) continue;
    const Expr& v = k.children[0];
    if (k.text == "nullable") { if (auto b = literal_bool(v)) spec.nullable = *b; }
    else if (k.text == "primary_key") spec.primary_key = literal_bool(v).value_or(false);
    else if (k.text == "unique") spec.unique = literal_bool(v).value_or(false);
    else if (k.text == "index") spec.index = literal_bool(v).value_or(false);
    else if (k.text == "server_default") spec.server_default = v.kind != ExprKind::None;
    else if (k.text == "name" && !is_field) { if (auto s = literal_string(v)) spec.name = *s; }
    else if (k.text == "type_" || k.text == "sa_type") spec.type = refined_type(symbols, file, v);
    else if (k.text == "foreign_key" && is_field) spec.foreign_key = foreign_key_ref(v);
    else if (k.text == "max_length" && is_field && spec.type.kind == ColumnTypeKind::String) spec.type.length = literal_uint(v);
    else if (k.text == "sa_column_kwargs" && v.kind == ExprKind::Dict) {
      for (const Expr& p : v.children)
        if (p.kind == ExprKind::Pair && p.children.size() == 2 && p.children[0].is_string_literal() && p.children[0].text == "server_default")
          spec.server_default = p.children[1].kind != ExprKind::None;
    }
  }
}

}  // namespace

ColumnSpec parse_column_call(const SymbolResolver& symbols, std::uint32_t file, const Expr& call, const ConstructRef& ctor) {
  ColumnSpec spec;
  if (call.kind != ExprKind::Call) return spec;
  bool is_field = ctor.kind == SaConstruct::SqlModelField;
  if (is_field) {
    if (const Expr* sa_col = call.keyword("sa_column"); sa_col && sa_col->kind == ExprKind::Call) {
      ConstructRef inner = classify_construct(symbols, file, sa_col->callee());
      if (inner.kind == SaConstruct::Column || inner.kind == SaConstruct::MappedColumn) {
        ColumnSpec s = parse_column_call(symbols, file, *sa_col, inner);
        s.used_sa_column = true;
        return s;
      }
    }
  } else {
    // functools.partial defaults come first; the call's own keywords override them.
    if (ctor.partial) apply_keywords(symbols, file, *ctor.partial, spec, false);
    bool first = true;
    for (const Expr* a : call.positional()) {
      if (a->kind == ExprKind::Starred) break;
      if (first && a->is_string_literal()) { spec.name = a->text; first = false; continue; }
      first = false;
      if (a->kind == ExprKind::Call) {
        ConstructRef r = classify_construct(symbols, file, a->callee());
        const std::string last = model::last_dotted_part(a->callee().dotted());
        if (r.kind == SaConstruct::ForeignKey || (r.kind == SaConstruct::None && last == "ForeignKey")) {
          if (const Expr* t = a->arg(0, "column")) spec.foreign_key = foreign_key_ref(*t);
          continue;
        }
        if (skipped_schema_item(*a)) continue;
      }
      if (spec.type.kind == ColumnTypeKind::Unknown) spec.type = refined_type(symbols, file, *a);
    }
  }
  apply_keywords(symbols, file, call, spec, is_field);
  return spec;
}

std::string render_expr(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Name: return std::string(e.text);
    case ExprKind::Attribute: return e.children.empty() ? std::string(e.text) : render_expr(e.children[0]) + "." + std::string(e.text);
    case ExprKind::String: return "'" + std::string(e.text) + "'";
    case ExprKind::Number: return std::string(e.text);
    case ExprKind::Call: {
      std::string out = render_expr(e.callee()) + "(";
      for (std::size_t i = 1; i < e.children.size(); ++i) out += (i > 1 ? ", " : "") + render_expr(e.children[i]);
      return out + ")";
    }
    case ExprKind::Keyword: return std::string(e.text) + "=" + (e.children.empty() ? "" : render_expr(e.children[0]));
    default: return std::string(model::to_string(e.kind));
  }
}

ConstraintSpec parse_constraint_call(const Expr& call, SaConstruct kind) {
  ConstraintSpec spec;
  spec.unique = kind == SaConstruct::UniqueConstraint || kind == SaConstruct::PrimaryKeyConstraint;
  auto pos = call.positional();
  std::size_t start = 0;
  if (kind == SaConstruct::Index) {
    if (!pos.empty()) {
      if (auto s = literal_string(*pos[0])) spec.name = *s;
    }
    start = 1;
    if (const Expr* u = call.keyword("unique")) spec.unique = literal_bool(*u).value_or(false);
  } else if (const Expr* n = call.keyword("name")) {
    if (auto s = literal_string(*n)) spec.name = *s;
  }
  for (std::size_t i = start; i < pos.size(); ++i) {
    const Expr& c = *pos[i];
    if (c.is_string_literal()) spec.columns.emplace_back(c.text);
    else if (c.kind == ExprKind::Attribute) spec.columns.emplace_back(c.text);  // Model.col / table.c.col
    else if (c.kind == ExprKind::Name) spec.columns.emplace_back(c.text);
    else if (c.kind == ExprKind::Call && c.children.size() == 1 && c.callee().kind == ExprKind::Attribute &&
             (c.callee().text == "desc" || c.callee().text == "asc") && !c.callee().children.empty() &&
             (c.callee().children[0].kind == ExprKind::Attribute || c.callee().children[0].kind == ExprKind::Name))
      spec.columns.emplace_back(c.callee().children[0].text);  // Model.col.desc() still leads with col
    else spec.columns.push_back("(" + render_expr(c) + ")");
  }
  return spec;
}

}  // namespace archverify::resolve
