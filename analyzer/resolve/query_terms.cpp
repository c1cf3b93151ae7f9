// Reading the pieces of a query: ORM classes, sessions, filter terms, loader
// options and the names a filter value reads (see query_scope.h).
#include <algorithm>
#include <cctype>

#include "analyzer/core/ascii.h"
#include "analyzer/resolve/query_scope.h"

namespace archverify::resolve::detail {

using model::CompareOp;
using model::Expr;
using model::ExprKind;
using model::FilterTerm;
using model::FilterTermKind;
using model::Stmt;
using model::StmtKind;

namespace {

bool pascal_case(std::string_view s) {
  if (s.empty() || !std::isupper(static_cast<unsigned char>(s[0]))) return false;
  return std::any_of(s.begin(), s.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)); });
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

const Expr& unwrap_await(const Expr& e) {
  const Expr* cur = &e;
  while (cur->kind == ExprKind::Await && !cur->children.empty()) cur = &cur->children[0];
  return *cur;
}

// Any Name/Attribute text inside e satisfies pred.
template <typename P>
bool mentions(const Expr& e, P&& pred) {
  bool hit = false;
  model::visit(e, [&](const Expr& x) {
    if ((x.kind == ExprKind::Name || x.kind == ExprKind::Attribute) && pred(x.text)) hit = true;
  });
  return hit;
}

bool http_client_origin(const std::string& q) {
  return starts_with(q, "requests") || starts_with(q, "httpx") || starts_with(q, "aiohttp") || starts_with(q, "urllib");
}

}  // namespace

const model::Param* QueryScope::param(std::string_view name, std::uint32_t* index) const {
  if (!fn) return nullptr;
  for (std::uint32_t i = 0; i < fn->params.size(); ++i)
    if (fn->params[i].name == name) {
      if (index) *index = i;
      return &fn->params[i];
    }
  return nullptr;
}

void QueryScope::bind(const Stmt& s) {
  auto bind_target = [&](const Expr& t, bool reset) {
    if (t.kind == ExprKind::Name) {
      locals[std::string(t.text)] = &s;
      if (reset) builders[std::string(t.text)] = {&s};
      else builders[std::string(t.text)].push_back(&s);
    } else if (t.kind == ExprKind::Tuple || t.kind == ExprKind::List) {
      for (const Expr& el : t.children)
        if (el.kind == ExprKind::Name) {
          locals[std::string(el.text)] = &s;
          builders[std::string(el.text)] = {&s};
        }
    } else if (t.kind == ExprKind::Subscript && !t.children.empty() && t.children[0].kind == ExprKind::Name) {
      builders[std::string(t.children[0].text)].push_back(&s);  // d["k"] = v
    }
  };
  switch (s.kind) {
    case StmtKind::Assign:
      if (s.value.empty()) break;  // bare annotation
      for (const Expr& t : s.targets) bind_target(t, true);
      break;
    case StmtKind::AugAssign:
      for (const Expr& t : s.targets) bind_target(t, false);
      break;
    case StmtKind::For:
    case StmtKind::With:
      for (const Expr& t : s.targets) bind_target(t, true);
      break;
    case StmtKind::Expr: {
      const Expr& v = unwrap_await(s.value);
      if (v.kind == ExprKind::Call && v.callee().kind == ExprKind::Attribute) {
        const Expr& obj = v.callee().children[0];
        std::string_view m = v.callee().text;
        if (obj.kind == ExprKind::Name && (m == "append" || m == "extend" || m == "update" || m == "add" || m == "insert"))
          builders[std::string(obj.text)].push_back(&s);
      }
      break;
    }
    default: break;
  }
}

bool orm_class(const QueryScope& sc, const Expr& e, std::string* qualified, std::string* name) {
  if (e.kind != ExprKind::Name && e.kind != ExprKind::Attribute) return false;
  std::string dotted = e.dotted();
  if (dotted.empty()) return false;
  std::string_view simple = model::last_dotted_part(dotted);
  // `cls` in a classmethod is the enclosing class.
  if (e.kind == ExprKind::Name && e.text == "cls" && sc.fn && sc.fn->owner_class < sc.facts.classes.size()) {
    const model::Class& c = sc.facts.classes[sc.fn->owner_class];
    const std::string& mod = sc.symbols.modules().name_of(sc.file);
    if (qualified) *qualified = mod.empty() ? c.qualname.str() : mod + "." + c.qualname.str();
    if (name) *name = c.name;
    return true;
  }
  // Locals and parameters are values, not classes (unless a PascalCase alias).
  if (e.kind == ExprKind::Name && (sc.param(e.text) || sc.locals.count(e.text))) {
    if (!pascal_case(simple)) return false;
    if (sc.param(e.text)) return false;
  }
  const Symbol& s = sc.symbols.resolved(sc.file, e);
  bool ok = false;
  switch (s.kind) {
    case Symbol::Kind::Class: ok = true; break;
    case Symbol::Kind::External:
      ok = pascal_case(simple) && !starts_with(s.qualified, "typing") && !starts_with(s.qualified, "sqlalchemy") &&
           !starts_with(s.qualified, "fastapi") && !starts_with(s.qualified, "flask") && !starts_with(s.qualified, "pydantic");
      break;
    case Symbol::Kind::Variable:
      // X = aliased(Model) at module level
      ok = s.assignment && s.assignment->value.kind == ExprKind::Call &&
           model::last_dotted_part(s.assignment->value.callee().dotted()) == "aliased";
      break;
    case Symbol::Kind::Unknown: ok = pascal_case(simple); break;
    default: ok = false;
  }
  if (!ok) return false;
  if (qualified) *qualified = s.kind == Symbol::Kind::Unknown && s.qualified.empty() ? std::string() : s.qualified.str();
  if (name) *name = std::string(simple);
  return true;
}

bool is_session(const QueryScope& sc, const Expr& e) {
  std::string dotted = e.dotted();
  if (dotted.empty()) return false;
  std::string last = ascii::lowered(model::last_dotted_part(dotted));
  std::string_view root = e.root_name();
  // A local bound to an HTTP client session is not a database session.
  if (auto it = sc.locals.find(root); it != sc.locals.end() && e.kind == ExprKind::Name) {
    const Stmt* s = it->second;
    const Expr* v = s->kind == StmtKind::With ? (s->items().empty() ? nullptr : &s->items()[0]) : &s->value;
    if (v) {
      const Expr& call = unwrap_await(*v);
      if (call.kind == ExprKind::Call) {
        std::string q = sc.symbols.qualified_name(sc.file, call.callee());
        if (http_client_origin(q)) return false;
        std::string callee = ascii::lowered(call.callee().dotted());
        if (contains(callee, "session") || contains(callee, "get_db")) return true;
      }
    }
  }
  if (last == "db" || last == "_db" || last == "session" || last == "_session" || last == "sess" ||
      (last.size() > 3 && last.ends_with("_db")) || last.ends_with("session"))
    return true;
  if (e.kind == ExprKind::Name) {
    if (const model::Param* p = sc.param(e.text)) {
      if (!p->annotation.empty() &&
          mentions(p->annotation, [](std::string_view t) { return contains(t, "Session") && !contains(t, "Http"); }))
        return true;
      if (!p->default_value.empty() &&
          mentions(p->default_value, [](std::string_view t) {
            std::string l = ascii::lowered(t);
            return contains(l, "get_db") || contains(l, "session");
          }))
        return true;
    }
  }
  return false;
}

bool is_async_session(const QueryScope& sc, const Expr& e) {
  if (e.kind != ExprKind::Name) return false;
  const model::Param* p = sc.param(e.text);
  return p && !p->annotation.empty() &&
         mentions(p->annotation, [](std::string_view t) { return contains(t, "AsyncSession") || contains(t, "async_scoped"); });
}

bool column_ref(const QueryScope& sc, const Expr& e, FilterTerm& out) {
  if (e.kind != ExprKind::Attribute || e.children.empty()) return false;
  std::string q, n;
  if (!orm_class(sc, e.children[0], &q, &n)) return false;
  out.entity_expr = &e.children[0];
  out.entity = n;
  out.entity_qualified = q;
  out.column = e.text;
  return true;
}

namespace {

void collect_refs(const QueryScope& sc, const Expr& e, std::vector<model::ValueRef>& out) {
  std::string dotted = e.dotted();
  if (!dotted.empty()) {
    model::ValueRef r;
    r.chain = dotted;
    r.root = std::string(e.root_name());
    std::uint32_t idx = 0;
    if (sc.param(r.root, &idx)) {
      r.origin = model::ValueOrigin::Parameter;
      r.param_index = idx;
    } else if (auto it = sc.locals.find(r.root); it != sc.locals.end()) {
      r.origin = model::ValueOrigin::Local;
      r.assignment = it->second;
    } else if (sc.symbols.lookup(sc.file, r.root)) {
      r.origin = model::ValueOrigin::ModuleLevel;
    }
    out.push_back(std::move(r));
    return;
  }
  if (e.kind == ExprKind::Call) {
    const Expr& callee = e.callee();
    if (callee.kind == ExprKind::Attribute && !callee.children.empty()) collect_refs(sc, callee.children[0], out);
    else if (callee.kind != ExprKind::Name) collect_refs(sc, callee, out);
    for (std::size_t i = 1; i < e.children.size(); ++i) collect_refs(sc, e.children[i], out);
    return;
  }
  for (const Expr& c : e.children) collect_refs(sc, c, out);
}

CompareOp op_of(std::string_view text) {
  if (text == "==") return CompareOp::Eq;
  if (text == "!=") return CompareOp::NotEq;
  if (text == "<") return CompareOp::Lt;
  if (text == "<=") return CompareOp::LtE;
  if (text == ">") return CompareOp::Gt;
  if (text == ">=") return CompareOp::GtE;
  if (text == "is") return CompareOp::Is;
  if (text == "is not") return CompareOp::IsNot;
  if (text == "in") return CompareOp::In;
  if (text == "not in") return CompareOp::NotIn;
  return CompareOp::Other;
}

CompareOp flipped(CompareOp op) {
  switch (op) {
    case CompareOp::Lt: return CompareOp::Gt;
    case CompareOp::LtE: return CompareOp::GtE;
    case CompareOp::Gt: return CompareOp::Lt;
    case CompareOp::GtE: return CompareOp::LtE;
    default: return op;
  }
}

CompareOp method_op(std::string_view m) {
  if (m == "in_") return CompareOp::In;
  if (m == "not_in" || m == "notin_") return CompareOp::NotIn;
  if (m == "is_") return CompareOp::Is;
  if (m == "is_not" || m == "isnot") return CompareOp::IsNot;
  if (m == "like") return CompareOp::Like;
  if (m == "ilike") return CompareOp::ILike;
  if (m == "between") return CompareOp::Between;
  if (m == "contains") return CompareOp::Contains;
  if (m == "startswith") return CompareOp::StartsWith;
  if (m == "endswith") return CompareOp::EndsWith;
  if (m == "__eq__") return CompareOp::Eq;
  if (m == "__ne__") return CompareOp::NotEq;
  return CompareOp::None;
}

// Flattens `a & b & c` / `a | b` into one list of operands.
void flatten_binop(const Expr& e, std::string_view op, std::vector<const Expr*>& out) {
  if (e.kind == ExprKind::BinOp && e.text == op && e.children.size() == 2) {
    flatten_binop(e.children[0], op, out);
    flatten_binop(e.children[1], op, out);
  } else {
    out.push_back(&e);
  }
}

// The terms a splatted list variable was built from: filters = [...]; filters.append(...); filters += [...].
void terms_from_list_builders(const QueryScope& sc, const std::vector<const Stmt*>& stmts, model::FilterClause clause,
                              std::vector<FilterTerm>& out) {
  auto elements = [&](const Expr& v) {
    if (v.kind == ExprKind::List || v.kind == ExprKind::Tuple || v.kind == ExprKind::Set)
      for (const Expr& el : v.children) out.push_back(parse_term(sc, el, clause));
  };
  for (const Stmt* s : stmts) {
    if (s->kind == StmtKind::Assign || s->kind == StmtKind::AugAssign) {
      elements(s->value);
    } else if (s->kind == StmtKind::Expr) {
      const Expr& v = unwrap_await(s->value);
      if (v.kind != ExprKind::Call) continue;
      std::string_view m = v.callee().text;
      auto pos = v.positional();
      if (pos.empty()) continue;
      if (m == "append" || m == "add") out.push_back(parse_term(sc, *pos[0], clause));
      else if (m == "extend") elements(*pos[0]);
      else if (m == "insert" && pos.size() > 1) out.push_back(parse_term(sc, *pos[1], clause));
    }
  }
}

FilterTerm key_term(const QueryScope& sc, std::string_view column, const Expr& value, const Expr& at) {
  FilterTerm t;
  t.kind = FilterTermKind::Compare;
  t.clause = model::FilterClause::FilterBy;
  t.expr = &at;
  t.where = sc.range(at);
  t.column = std::string(column);
  t.op = CompareOp::Eq;
  t.value = &value;
  t.value_refs = value_refs(sc, value);
  return t;
}

// The keys a splatted dict variable was built with: d = {"k": v}; d = dict(k=v); d["k"] = v; d.update(k=v).
void terms_from_dict_builders(const QueryScope& sc, const std::vector<const Stmt*>& stmts, std::vector<FilterTerm>& out) {
  auto from_dict = [&](const Expr& v) {
    if (v.kind == ExprKind::Dict) {
      for (const Expr& p : v.children)
        if (p.kind == ExprKind::Pair && p.children.size() == 2 && p.children[0].is_string_literal())
          out.push_back(key_term(sc, p.children[0].text, p.children[1], p));
    } else if (v.kind == ExprKind::Call && model::last_dotted_part(v.callee().dotted()) == "dict") {
      for (std::size_t i = 1; i < v.children.size(); ++i) {
        const Expr& k = v.children[i];
        if (k.kind == ExprKind::Keyword && !k.children.empty()) out.push_back(key_term(sc, k.text, k.children[0], k));
        else if (k.kind == ExprKind::Dict) {
          for (const Expr& p : k.children)
            if (p.kind == ExprKind::Pair && p.children.size() == 2 && p.children[0].is_string_literal())
              out.push_back(key_term(sc, p.children[0].text, p.children[1], p));
        }
      }
    }
  };
  for (const Stmt* s : stmts) {
    if (s->kind == StmtKind::Assign) {
      bool subscript = false;
      for (const Expr& t : s->targets)
        if (t.kind == ExprKind::Subscript && t.children.size() > 1 && t.children[1].is_string_literal()) {
          out.push_back(key_term(sc, t.children[1].text, s->value, t));
          subscript = true;
        }
      if (!subscript) from_dict(s->value);
    } else if (s->kind == StmtKind::Expr) {
      const Expr& v = unwrap_await(s->value);
      if (v.kind == ExprKind::Call && v.callee().text == "update") {
        for (std::size_t i = 1; i < v.children.size(); ++i) {
          const Expr& k = v.children[i];
          if (k.kind == ExprKind::Keyword && !k.children.empty()) out.push_back(key_term(sc, k.text, k.children[0], k));
          else from_dict(k);
        }
      }
    }
  }
}

}  // namespace

std::vector<model::ValueRef> value_refs(const QueryScope& sc, const Expr& value) {
  std::vector<model::ValueRef> out;
  collect_refs(sc, value, out);
  return out;
}

namespace {
thread_local int g_local_depth = 0;  // locals read through their assignment, nested
}  // namespace

FilterTerm parse_term(const QueryScope& sc, const Expr& e, model::FilterClause clause) {
  // `org_filter = X.key.in_(ids) if many else X.key == id; .where(org_filter)`: a local holding a
  // criterion is read through its assignment (the latest one before the query).
  if (e.kind == ExprKind::Name && g_local_depth < 4) {
    auto it = sc.locals.find(e.text);
    const Stmt* s = it == sc.locals.end() ? nullptr : it->second;
    if (s && s->kind == model::StmtKind::Assign && s->targets.size() == 1 && s->targets[0].kind == ExprKind::Name &&
        s->targets[0].text == e.text) {
      const Expr& v = s->value;
      const bool criterion = v.kind == ExprKind::Compare || v.kind == ExprKind::BoolOp || v.kind == ExprKind::Conditional ||
                             (v.kind == ExprKind::BinOp && (v.text == "&" || v.text == "|")) ||
                             (v.kind == ExprKind::UnaryOp && v.text == "~");
      if (criterion) {
        ++g_local_depth;
        FilterTerm inner = parse_term(sc, v, clause);
        --g_local_depth;
        return inner;
      }
    }
  }
  if (e.kind == ExprKind::Conditional && e.children.size() == 3) {
    // `a if c else b`: either branch may be the criterion, so both must hold what the query needs.
    FilterTerm t;
    t.clause = clause;
    t.expr = &e;
    t.where = sc.range(e);
    t.kind = FilterTermKind::Or;
    t.children.push_back(parse_term(sc, e.children[0], clause));
    t.children.push_back(parse_term(sc, e.children[2], clause));
    return t;
  }
  FilterTerm t;
  t.clause = clause;
  t.expr = &e;
  t.where = sc.range(e);
  auto children_of = [&](const std::vector<const Expr*>& parts) {
    for (const Expr* p : parts) t.children.push_back(parse_term(sc, *p, clause));
  };
  switch (e.kind) {
    case ExprKind::Compare: {
      if (e.children.size() != 2 || e.text.find(',') != std::string::npos) break;
      CompareOp op = op_of(e.text);
      if (column_ref(sc, e.children[0], t)) {
        t.kind = FilterTermKind::Compare;
        t.op = op;
        t.value = &e.children[1];
      } else if (column_ref(sc, e.children[1], t)) {
        t.kind = FilterTermKind::Compare;
        t.op = flipped(op);
        t.value = &e.children[0];
      }
      if (t.value) t.value_refs = value_refs(sc, *t.value);
      return t;
    }
    case ExprKind::BoolOp:
      t.kind = e.text == "or" ? FilterTermKind::Or : FilterTermKind::And;
      for (const Expr& c : e.children) t.children.push_back(parse_term(sc, c, clause));
      return t;
    case ExprKind::BinOp:
      if (e.text == "&" || e.text == "|") {
        t.kind = e.text == "|" ? FilterTermKind::Or : FilterTermKind::And;
        std::vector<const Expr*> parts;
        flatten_binop(e, e.text, parts);
        children_of(parts);
        return t;
      }
      break;
    case ExprKind::UnaryOp:
    case ExprKind::Not:
      if ((e.kind == ExprKind::Not || e.text == "~") && !e.children.empty()) {
        t.kind = FilterTermKind::Not;
        t.children.push_back(parse_term(sc, e.children[0], clause));
        return t;
      }
      break;
    case ExprKind::Attribute:
      if (column_ref(sc, e, t)) {
        t.kind = FilterTermKind::Compare;
        t.op = CompareOp::Truthy;
      }
      return t;
    case ExprKind::Starred: {
      t.kind = FilterTermKind::Splat;
      if (!e.children.empty()) {
        t.variable = e.children[0].dotted();
        if (e.children[0].kind == ExprKind::Name) {
          if (auto it = sc.builders.find(t.variable); it != sc.builders.end()) t.variable_statements = it->second;
          terms_from_list_builders(sc, t.variable_statements, clause, t.children);
        } else if (e.children[0].kind == ExprKind::List || e.children[0].kind == ExprKind::Tuple) {
          for (const Expr& el : e.children[0].children) t.children.push_back(parse_term(sc, el, clause));
        }
      }
      return t;
    }
    case ExprKind::Call: {
      const Expr& callee = e.callee();
      const std::string fname = model::last_dotted_part(callee.dotted());
      if (callee.kind == ExprKind::Attribute && !callee.children.empty()) {
        CompareOp op = method_op(callee.text);
        if (op != CompareOp::None && column_ref(sc, callee.children[0], t)) {
          t.kind = FilterTermKind::Compare;
          t.op = op;
          auto pos = e.positional();
          if (!pos.empty()) {
            t.value = pos[0];
            t.value_refs = value_refs(sc, *pos[0]);
          }
          return t;
        }
        if ((callee.text == "any" || callee.text == "has") && column_ref(sc, callee.children[0], t)) {
          t.kind = FilterTermKind::Relationship;
          for (const Expr* a : e.positional()) t.children.push_back(parse_term(sc, *a, clause));
          for (std::size_t i = 1; i < e.children.size(); ++i)
            if (e.children[i].kind == ExprKind::Keyword && !e.children[i].children.empty())
              t.children.push_back(key_term(sc, e.children[i].text, e.children[i].children[0], e.children[i]));
          return t;
        }
      }
      if (fname == "and_" || fname == "or_" || fname == "not_") {
        t.kind = fname == "and_" ? FilterTermKind::And : fname == "or_" ? FilterTermKind::Or : FilterTermKind::Not;
        children_of(e.positional());
        return t;
      }
      break;
    }
    default: break;
  }
  t.kind = FilterTermKind::Other;
  return t;
}

std::vector<FilterTerm> parse_filter_by(const QueryScope& sc, const Expr& call) {
  std::vector<FilterTerm> out;
  for (std::size_t i = 1; i < call.children.size(); ++i) {
    const Expr& k = call.children[i];
    if (k.kind == ExprKind::Keyword && !k.children.empty()) {
      out.push_back(key_term(sc, k.text, k.children[0], k));
    } else if (k.kind == ExprKind::DoubleStarred && !k.children.empty()) {
      FilterTerm t;
      t.kind = FilterTermKind::KwSplat;
      t.clause = model::FilterClause::FilterBy;
      t.expr = &k;
      t.where = sc.range(k);
      t.variable = k.children[0].dotted();
      if (k.children[0].kind == ExprKind::Name) {
        if (auto it = sc.builders.find(t.variable); it != sc.builders.end()) t.variable_statements = it->second;
        terms_from_dict_builders(sc, t.variable_statements, t.children);
      } else if (k.children[0].kind == ExprKind::Dict) {
        for (const Expr& p : k.children[0].children)
          if (p.kind == ExprKind::Pair && p.children.size() == 2 && p.children[0].is_string_literal())
            t.children.push_back(key_term(sc, p.children[0].text, p.children[1], p));
      }
      out.push_back(std::move(t));
    }
  }
  return out;
}

void add_entities(const QueryScope& sc, const Expr& arg, model::EntityRole role, std::vector<model::QueryEntity>& out) {
  model::QueryEntity ent;
  ent.role = role;
  ent.expr = &arg;
  ent.where = sc.range(arg);
  if (orm_class(sc, arg, &ent.qualified, &ent.name)) {
    out.push_back(std::move(ent));
    return;
  }
  FilterTerm col;
  if (column_ref(sc, arg, col)) {
    if (role == model::EntityRole::Joined) ent.relationship = col.column;  // join(X.rel)
    else ent.role = model::EntityRole::Column;
    ent.expr = col.entity_expr;
    ent.qualified = col.entity_qualified;
    ent.name = col.entity;
    out.push_back(std::move(ent));
    return;
  }
  // select(self.model), query(model_cls): a class held in a variable, unknown statically.
  if (role == model::EntityRole::Selected && (arg.kind == ExprKind::Name || arg.kind == ExprKind::Attribute) &&
      !sc.query_vars.count(arg.root_name()) && arg.dotted().find(".c.") == std::string::npos) {
    ent.generic = true;
    out.push_back(std::move(ent));
    return;
  }
  // func.count(X.id), X.id.label("n"), distinct(X.col), X.rel.of_type(Y): classes inside.
  if (arg.kind == ExprKind::Call) {
    const Expr& callee = arg.callee();
    if (callee.kind == ExprKind::Attribute && !callee.children.empty() &&
        (callee.text == "of_type" || callee.text == "label" || callee.text == "desc" || callee.text == "asc"))
      add_entities(sc, callee.children[0], role, out);
    for (std::size_t i = 1; i < arg.children.size(); ++i)
      add_entities(sc, arg.children[i], role == model::EntityRole::Joined ? role : model::EntityRole::Column, out);
  }
}

}  // namespace archverify::resolve::detail
