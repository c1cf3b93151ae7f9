// ORM class classification and table names (see sqlalchemy_classes.h).
#include "analyzer/resolve/sqlalchemy_classes.h"

#include "analyzer/core/ascii.h"

#include <algorithm>
#include <cctype>

#include "analyzer/resolve/alembic_files.h"
#include "analyzer/resolve/sqlalchemy_columns.h"

namespace archverify::resolve {

using model::Expr;
using model::ExprKind;
using model::Stmt;
using model::StmtKind;
using model::TableNameSource;

namespace {
constexpr int kMaxDepth = 12;

bool is_lower_or_digit(char c) { return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)); }
bool contains_string(std::span<const Stmt> body, auto pred) {
  bool found = false;
  model::visit_statements(body, [&](const Stmt& s) {
    auto check = [&](const Expr& e) { model::visit(e, [&](const Expr& x) { if (pred(x)) found = true; }); };
    check(s.value);
    for (const Expr& t : s.targets) check(t);
    for (const Expr& i : s.items()) check(i);
  });
  return found;
}
}  // namespace

std::string snake_case_split(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (i > 0 && ascii::is_upper(name[i])) out += '_';
    out += ascii::to_lower(name[i]);
  }
  return out;
}

std::string flask_default_table(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (i > 0 && ascii::is_upper(c)) {
      bool after_lower = is_lower_or_digit(name[i - 1]);
      bool before_lower = i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1]));
      if (after_lower || before_lower) out += '_';
    }
    out += ascii::to_lower(c);
  }
  while (!out.empty() && out.front() == '_') out.erase(out.begin());
  return out;
}

const Stmt* class_assignment(const model::Class& c, std::string_view name) {
  const Stmt* found = nullptr;
  for (const Stmt& s : c.body)
    if (s.kind == StmtKind::Assign && s.targets.size() == 1 && s.targets[0].kind == ExprKind::Name && s.targets[0].text == name)
      found = &s;
  return found;
}

bool is_declared_attr(const SymbolResolver& symbols, std::uint32_t file, const model::Function& fn) {
  for (const Expr& d : fn.decorators) {
    const Expr& head = d.kind == ExprKind::Call ? d.callee() : d;
    if (classify_construct(symbols, file, head).kind == SaConstruct::DeclaredAttr) return true;
    std::string dotted = head.dotted();
    if (dotted == "declared_attr" || dotted.ends_with(".declared_attr") || dotted.ends_with("declared_attr.directive") ||
        dotted.ends_with("declared_attr.cascading"))
      return true;
  }
  return false;
}

std::optional<std::uint32_t> declared_attr_method(const SymbolResolver& symbols, std::uint32_t file, const model::Class& c,
                                                  std::string_view name) {
  const auto& fns = symbols.files()[file].functions;
  for (std::uint32_t m : c.methods)
    if (fns[m].name == name && is_declared_attr(symbols, file, fns[m])) return m;
  return std::nullopt;
}

const Expr* single_return_value(const model::Function& fn) {
  const Expr* out = nullptr;
  model::visit_statements(fn.body, [&](const Stmt& s) {
    if (s.kind == StmtKind::Return && !s.value.empty() && s.value.kind != ExprKind::None) out = &s.value;
  });
  return out;
}

OrmClasses::OrmClasses(const SymbolResolver& symbols) : symbols_(symbols) {}

std::string OrmClasses::qualified(ClassRef c) const {
  const std::string& mod = symbols_.modules().name_of(c.file);
  const std::string q = cls(c).qualname.str();
  return mod.empty() ? q : mod + "." + q;
}

OrmClasses::BaseKind OrmClasses::classify_base(std::uint32_t file, const Expr& e, int depth) const {
  BaseKind out;
  if (depth > kMaxDepth) return out;
  const Expr* target = &e;
  if (e.kind == ExprKind::Call) target = &e.callee();  // `class X(declarative_base())` / `Base = registry().generate_base()`
  Symbol s = symbols_.resolve(file, *target);
  if (s.kind == Symbol::Kind::Class) {
    out.repo_class = ClassRef{s.file, s.index};
    return out;
  }
  ConstructRef k = classify_construct(symbols_, file, *target);
  if (k.kind == SaConstruct::DeclarativeBaseClass) { out.root = OrmRoot::Declarative; out.root_is_class = true; return out; }
  if (k.kind == SaConstruct::SqlModelClass) { out.root = OrmRoot::SqlModel; out.root_is_class = true; return out; }
  if (k.kind == SaConstruct::DeclarativeBaseFn && e.kind == ExprKind::Call) { out.root = OrmRoot::Declarative; return out; }
  if (e.kind == ExprKind::Call && target->kind == ExprKind::Attribute && target->text == "generate_base") {
    out.root = OrmRoot::Declarative;
    return out;
  }
  if (s.kind == Symbol::Kind::Variable && s.assignment) {
    const Expr& v = s.assignment->value;
    if (v.kind == ExprKind::Call) {
      ConstructRef vk = classify_construct(symbols_, s.file, v.callee());
      bool generate = v.callee().kind == ExprKind::Attribute && v.callee().text == "generate_base";
      if (vk.kind == SaConstruct::DeclarativeBaseFn || generate) {
        out.root = OrmRoot::Declarative;
        if (const Expr* c = v.keyword("cls")) {
          Symbol cs = symbols_.resolve(s.file, *c);
          if (cs.kind == Symbol::Kind::Class) out.cls_arg = ClassRef{cs.file, cs.index};
        }
        return out;
      }
      return out;
    }
    if (v.kind == ExprKind::Name || v.kind == ExprKind::Attribute) return classify_base(s.file, v, depth + 1);
    return out;
  }
  if (target->kind == ExprKind::Attribute && target->text == "Model" && !target->children.empty() &&
      is_flask_db(symbols_, file, target->children[0])) {
    out.root = OrmRoot::Flask;
    return out;
  }
  return out;
}

const OrmClassInfo& OrmClasses::info(ClassRef c) const { return compute(c, 0); }

const OrmClassInfo& OrmClasses::compute(ClassRef c, int depth) const {
  if (auto it = memo_.find(c); it != memo_.end()) return it->second;
  static const OrmClassInfo kNone{};
  if (depth > kMaxDepth || in_progress_[c]) return kNone;
  in_progress_[c] = true;
  OrmClassInfo info;
  const model::Class& k = cls(c);
  bool direct_root_class = false;
  for (const Expr& b : k.bases) {
    BaseKind bk = classify_base(c.file, b, 0);
    if (bk.repo_class) {
      info.parents.push_back(*bk.repo_class);
      const OrmClassInfo& p = compute(*bk.repo_class, depth + 1);
      if (info.root == OrmRoot::None) info.root = p.root;
    } else if (bk.root != OrmRoot::None) {
      if (info.root == OrmRoot::None) info.root = bk.root;
      if (bk.root_is_class) direct_root_class = true;
      if (bk.cls_arg) info.parents.push_back(*bk.cls_arg);
    }
  }
  if (const Stmt* a = class_assignment(k, "__abstract__")) info.is_abstract = literal_bool(a->value).value_or(false);
  bool table_kw = false;
  for (const Expr& kw : k.keywords)
    if (kw.kind == ExprKind::Keyword && kw.text == "table" && !kw.children.empty())
      table_kw = literal_bool(kw.children[0]).value_or(false);
  if (info.root == OrmRoot::SqlModel) {
    info.is_entity = table_kw;
    info.is_root_base = !table_kw;
  } else if (info.root != OrmRoot::None) {
    info.is_root_base = direct_root_class;
    info.is_entity = !direct_root_class && !info.is_abstract;
  }
  in_progress_[c] = false;
  return memo_.emplace(c, std::move(info)).first->second;
}

void OrmClasses::chain_into(ClassRef c, std::vector<ClassRef>& out, bool stop_at_mapped, bool first, int depth) const {
  if (depth > kMaxDepth) return;
  if (std::find(out.begin(), out.end(), c) != out.end()) return;
  if (!first && stop_at_mapped && info(c).is_entity) return;
  out.push_back(c);
  for (ClassRef p : info(c).parents) chain_into(p, out, stop_at_mapped, false, depth + 1);
}

std::vector<ClassRef> OrmClasses::chain(ClassRef c) const {
  std::vector<ClassRef> out;
  chain_into(c, out, false, true, 0);
  return out;
}

std::vector<ClassRef> OrmClasses::unmapped_chain(ClassRef c) const {
  std::vector<ClassRef> out;
  chain_into(c, out, true, true, 0);
  return out;
}

std::optional<ClassRef> OrmClasses::mapped_parent(ClassRef c) const {
  auto ch = chain(c);
  for (std::size_t i = 1; i < ch.size(); ++i)
    if (info(ch[i]).is_entity) return ch[i];
  return std::nullopt;
}

std::vector<ClassRef> OrmClasses::entities() const {
  std::vector<ClassRef> out;
  const auto& files = symbols_.files();
  for (std::uint32_t f = 0; f < files.size(); ++f) {
    if (is_revision_file(files[f])) continue;  // models redeclared inside a migration are scaffolding
    for (std::uint32_t i = 0; i < files[f].classes.size(); ++i)
      if (info(ClassRef{f, i}).is_entity) out.push_back(ClassRef{f, i});
  }
  return out;
}

std::optional<std::string> OrmClasses::eval_name(std::uint32_t file, const Expr& e, const std::string& cls_param,
                                                 const std::map<std::string, std::string>& env, const std::string& class_name,
                                                 int depth) const {
  if (depth > 8) return std::nullopt;
  switch (e.kind) {
    case ExprKind::String: {
      if (!e.is_fstring) return std::string(e.text);
      std::string out;
      std::size_t hole = 0;
      for (std::size_t i = 0; i < e.text.size(); ++i) {
        if (e.text.compare(i, 2, "{}") == 0 && hole < e.children.size()) {
          auto v = eval_name(file, e.children[hole++], cls_param, env, class_name, depth + 1);
          if (!v) return std::nullopt;
          out += *v;
          ++i;
        } else {
          out += e.text[i];
        }
      }
      return out;
    }
    case ExprKind::Name:
      if (auto it = env.find(std::string(e.text)); it != env.end()) return it->second;
      return std::nullopt;
    case ExprKind::Attribute:
      if (e.text == "__name__" && !e.children.empty() && e.children[0].kind == ExprKind::Name && e.children[0].text == cls_param)
        return class_name;
      return std::nullopt;
    case ExprKind::BinOp:
      if (e.text == "+" && e.children.size() == 2) {
        auto a = eval_name(file, e.children[0], cls_param, env, class_name, depth + 1);
        auto b = eval_name(file, e.children[1], cls_param, env, class_name, depth + 1);
        if (a && b) return *a + *b;
      }
      return std::nullopt;
    case ExprKind::Call: {
      const Expr& callee = e.callee();
      if (callee.kind == ExprKind::Attribute && callee.text == "lower" && e.children.size() == 1 && !callee.children.empty()) {
        auto v = eval_name(file, callee.children[0], cls_param, env, class_name, depth + 1);
        if (v) return ascii::lowered(*v);
        return std::nullopt;
      }
      Symbol s = symbols_.resolve(file, callee);
      auto pos = e.positional();
      if (s.kind != Symbol::Kind::Function || pos.empty()) return std::nullopt;
      auto arg = eval_name(file, *pos[0], cls_param, env, class_name, depth + 1);
      if (!arg) return std::nullopt;
      const model::Function& fn = symbols_.files()[s.file].functions[s.index];
      // A snake_case helper, recognised by its name or by a regex on capitals in its body.
      std::string lname = ascii::lowered(fn.name);
      bool snake_named = lname.find("snake") != std::string::npos || lname.find("underscore") != std::string::npos ||
                         lname.find("camel") != std::string::npos;
      bool snake_body = contains_string(fn.body, [](const Expr& x) {
        return x.kind == ExprKind::String && x.text.find("A-Z") != std::string::npos;
      });
      if (snake_named || snake_body) return snake_case_split(*arg);
      // A simple helper: bind its first parameter and evaluate its return.
      if (fn.params.empty()) return std::nullopt;
      const Expr* ret = single_return_value(fn);
      if (!ret) return std::nullopt;
      std::map<std::string, std::string> inner{{fn.params[0].name.str(), *arg}};
      return eval_name(s.file, *ret, "", inner, class_name, depth + 1);
    }
    default: return std::nullopt;
  }
}

std::optional<std::string> OrmClasses::eval_declared_tablename(ClassRef owner, std::uint32_t fn_index,
                                                               const std::string& class_name) const {
  const model::Function& fn = symbols_.files()[owner.file].functions[fn_index];
  const Expr* ret = single_return_value(fn);
  if (!ret) return std::nullopt;
  std::string cls_param = fn.params.empty() ? "cls" : fn.params[0].name.str();
  return eval_name(owner.file, *ret, cls_param, {}, class_name, 0);
}

OrmClasses::TableName OrmClasses::table_name(ClassRef c) const {
  TableName out;
  const OrmClassInfo& me = info(c);
  const std::string class_name = cls(c).name.str();
  std::optional<ClassRef> parent = mapped_parent(c);
  auto sti = [&]() {
    TableName t = table_name(*parent);
    t.source = TableNameSource::SingleTable;
    t.sti_parent = parent;
    return t;
  };
  // Flask-SQLAlchemy names a subclass that declares its own primary key (joined inheritance).
  if (me.root == OrmRoot::Flask && parent && !class_assignment(cls(c), "__tablename__")) {
    bool own_pk = false;
    for (const Stmt& s : cls(c).body)
      if (s.kind == StmtKind::Assign && s.value.kind == ExprKind::Call)
        if (const Expr* pk = s.value.keyword("primary_key")) own_pk |= literal_bool(*pk).value_or(false);
    if (own_pk) return TableName{flask_default_table(class_name), TableNameSource::FlaskDefault, std::nullopt};
  }
  for (ClassRef k : chain(c)) {
    const model::Class& kc = cls(k);
    if (const Stmt* a = class_assignment(kc, "__tablename__")) {
      if (k != c && parent && info(k).is_entity) return sti();
      if (auto s = literal_string(a->value)) return TableName{*s, TableNameSource::Literal, std::nullopt};
      return out;
    }
    if (k == c) {
      if (const Stmt* t = class_assignment(kc, "__table__"); t && t->value.kind == ExprKind::Call) {
        auto pos = t->value.positional();
        if (!pos.empty())
          if (auto s = literal_string(*pos[0])) return TableName{*s, TableNameSource::Literal, std::nullopt};
        return out;
      }
    }
    if (auto m = declared_attr_method(symbols_, k.file, kc, "__tablename__")) {
      const model::Function& fn = symbols_.files()[k.file].functions[*m];
      bool checks_inherited = contains_string(fn.body, [](const Expr& x) {
        return x.kind == ExprKind::Name && x.text == "has_inherited_table";
      });
      if (parent && checks_inherited) return sti();
      if (auto v = eval_declared_tablename(k, *m, class_name)) return TableName{*v, TableNameSource::DeclaredAttr, std::nullopt};
      return out;
    }
  }
  if (parent) return sti();
  if (me.root == OrmRoot::SqlModel) return TableName{ascii::lowered(class_name), TableNameSource::SqlModelDefault, std::nullopt};
  if (me.root == OrmRoot::Flask) return TableName{flask_default_table(class_name), TableNameSource::FlaskDefault, std::nullopt};
  return out;
}

}  // namespace archverify::resolve
