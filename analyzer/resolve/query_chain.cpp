// Reading one expression as a query chain (root + methods, execution
// wrappers, awaits) and recording its steps on a QuerySite (see query_scope.h).
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "analyzer/resolve/query_scope.h"

namespace archverify::resolve::detail {

using model::Expr;
using model::ExprKind;
using model::QueryKind;
using model::QueryTerminal;

namespace {

const std::unordered_set<std::string_view> kBuildMethods = {
    "where", "filter", "filter_by", "join", "outerjoin", "join_from", "outerjoin_from", "options", "order_by",
    "limit", "offset", "group_by", "having", "distinct", "select_from", "with_entities", "add_columns",
    "add_entity", "execution_options", "correlate", "correlate_except", "returning", "values", "ordered_values",
    "with_for_update", "params", "enable_eagerloads", "yield_per", "slice", "subquery", "scalar_subquery",
    "cte", "alias", "union", "union_all", "with_only_columns", "prefix_with", "suffix_with", "on_conflict_do_update",
    "on_conflict_do_nothing", "unique", "mappings", "tuples", "populate_existing", "autoflush", "with_parent",
    "reset_joinpoint", "from_self", "lateral", "as_scalar", "label", "set_", "inline", "from_select", "with_hint",
    "with_statement_hint", "with_labels", "set_label_style", "fetch"};

const std::unordered_set<std::string_view> kResultMethods = {
    "all", "first", "one", "one_or_none", "scalar", "scalars", "scalar_one", "scalar_one_or_none", "count",
    "paginate", "get", "first_or_404", "one_or_404", "get_or_404", "update", "delete", "fetchall", "fetchone",
    "fetchmany", "partitions", "exists", "unique", "mappings", "tuples", "columns"};

const std::unordered_set<std::string_view> kSessionWrappers = {
    "execute", "exec", "scalars", "scalar", "stream", "stream_scalars", "paginate", "first_or_404", "one_or_404"};

// The three sets above in one table, so reading a method call costs one lookup.
enum MethodRole : std::uint8_t { kBuild = 1, kResult = 2, kWrapper = 4 };
const std::unordered_map<std::string_view, std::uint8_t> kMethodRoles = [] {
  std::unordered_map<std::string_view, std::uint8_t> roles;
  for (std::string_view m : kBuildMethods) roles[m] |= kBuild;
  for (std::string_view m : kResultMethods) roles[m] |= kResult;
  for (std::string_view m : kSessionWrappers) roles[m] |= kWrapper;
  return roles;
}();

std::uint8_t method_roles(std::string_view m) {
  auto it = kMethodRoles.find(m);
  return it == kMethodRoles.end() ? 0 : it->second;
}

bool sqlalchemy_origin(std::string_view q) {
  return q.starts_with("sqlalchemy") || q.starts_with("sqlmodel");
}

std::optional<QueryKind> constructor_kind(std::string_view name) {
  if (name == "select") return QueryKind::Select;
  if (name == "update") return QueryKind::Update;
  if (name == "delete") return QueryKind::Delete;
  if (name == "insert") return QueryKind::Insert;
  return std::nullopt;
}

QueryTerminal terminal_of(std::string_view m) {
  if (m == "all") return QueryTerminal::All;
  if (m == "first") return QueryTerminal::First;
  if (m == "one") return QueryTerminal::One;
  if (m == "one_or_none") return QueryTerminal::OneOrNone;
  if (m == "scalar") return QueryTerminal::Scalar;
  if (m == "scalar_one") return QueryTerminal::ScalarOne;
  if (m == "scalar_one_or_none") return QueryTerminal::ScalarOneOrNone;
  if (m == "scalars" || m == "stream_scalars") return QueryTerminal::Scalars;
  if (m == "execute" || m == "exec" || m == "stream") return QueryTerminal::Execute;
  if (m == "paginate") return QueryTerminal::Paginate;
  if (m == "get") return QueryTerminal::Get;
  if (m == "first_or_404") return QueryTerminal::FirstOr404;
  if (m == "one_or_404") return QueryTerminal::OneOr404;
  if (m == "get_or_404") return QueryTerminal::GetOr404;
  if (m == "count") return QueryTerminal::Count;
  if (m == "exists") return QueryTerminal::Exists;
  if (m == "fetchall" || m == "fetchone" || m == "fetchmany" || m == "partitions") return QueryTerminal::Fetch;
  if (m == "update") return QueryTerminal::Update;
  if (m == "delete") return QueryTerminal::Delete;
  return QueryTerminal::None;  // unique/mappings/tuples/columns keep the previous terminal
}

// A query factory: a repository function returning `select(param)…` / `session.query(param)…` whose
// entity is one of its parameters. Returns the parameter's index and the kind, or nullopt.
std::optional<std::pair<std::size_t, QueryKind>> factory_of(const model::Function& fn) {
  std::optional<std::pair<std::size_t, QueryKind>> out;
  model::visit_statements(fn.body, [&](const model::Stmt& s) {
    if (out || s.kind != model::StmtKind::Return) return;
    const Expr* cur = &s.value;
    for (int guard = 0; guard < 32 && cur->kind == ExprKind::Call; ++guard) {
      const Expr& callee = cur->callee();
      const std::string dotted = callee.dotted();
      std::string_view last = model::last_dotted_part(dotted);
      auto pos = cur->positional();
      bool root = (last == "select" || (last == "query" && callee.kind == ExprKind::Attribute)) && pos.size() == 1 &&
                  pos[0]->kind == ExprKind::Name;
      if (root) {
        for (std::size_t i = 0; i < fn.params.size(); ++i)
          if (fn.params[i].name == pos[0]->text)
            out = std::make_pair(i, last == "select" ? QueryKind::Select : QueryKind::LegacyQuery);
        return;
      }
      if (callee.kind != ExprKind::Attribute || callee.children.empty() || !kBuildMethods.count(callee.text)) return;
      cur = &callee.children[0];
    }
  });
  return out;
}

// `scoped_select(Project, ws)` where scoped_select is a query factory: a Select of Project.
std::optional<ParsedChain> factory_root(const QueryScope& sc, const Expr& e) {
  if (!sc.factories->any()) return std::nullopt;  // resolving the callee could not find one
  const Symbol& s = sc.symbols.resolved(sc.file, e.callee());
  if (s.kind != Symbol::Kind::Function) return std::nullopt;
  const model::Function& fn = sc.symbols.files()[s.file].functions[s.index];
  const QueryFactories::Factory& f = sc.factories->of(s.file, s.index);
  if (!f) return std::nullopt;
  std::size_t index = f->first;
  if (fn.owner_class != model::kNoIndex && index > 0) --index;  // self/cls is not passed
  const Expr* arg = e.arg(index, fn.params[f->first].name);
  if (!arg || !orm_class(sc, *arg)) return std::nullopt;
  ParsedChain c;
  c.root = &e;
  c.kind = f->second;
  c.factory = model::FunctionRef{s.file, s.index};
  add_entities(sc, *arg, model::EntityRole::Selected, c.entities);
  if (c.entities.empty()) return std::nullopt;
  return c;
}

// A necessary condition for root_at(sc, e) to succeed, checked without reading
// sessions, ORM classes or arguments. Each branch of root_at needs one of: a
// `.query` attribute; a call of a method named query/get/get_or_404/select/
// update/delete/insert (session roots, db.select); a call whose callee's last
// name is select/update/delete/insert; a Name callee resolving to SQLAlchemy's
// or SQLModel's select/update/delete/insert under another name (`from sqlmodel
// import select as sm_select`); or a callee resolving to a repository query
// factory. The last two are decided by the same resolution root_at does.
bool may_be_root(const QueryScope& sc, const Expr& e) {
  if (e.kind == ExprKind::Attribute) return e.text == "query" && !e.children.empty();
  if (e.kind != ExprKind::Call) return false;
  const Expr& callee = e.callee();
  if (callee.kind != ExprKind::Name && callee.kind != ExprKind::Attribute) return false;  // no dotted name
  std::string_view last = callee.text;
  if (constructor_kind(last)) return true;
  if (callee.kind == ExprKind::Attribute && (last == "query" || last == "get" || last == "get_or_404")) return true;
  if (callee.kind == ExprKind::Attribute && !sc.factories->any()) return false;
  const Symbol& s = sc.symbols.resolved(sc.file, callee);
  if (s.kind == Symbol::Kind::Function) return sc.factories->of(s.file, s.index).has_value();
  return callee.kind == ExprKind::Name && s.kind == Symbol::Kind::External && sqlalchemy_origin(s.qualified) &&
         constructor_kind(model::last_dotted_part(s.qualified));
}

bool any_root_in(const QueryScope& sc, const Expr& e) {
  if ((e.kind == ExprKind::Attribute || e.kind == ExprKind::Call) && may_be_root(sc, e)) return true;
  for (const Expr& c : e.children)  // a root has children (callee / object): leaves are not entered
    if (!c.children.empty() && any_root_in(sc, c)) return true;
  return false;
}

// A new chain root at `e`, or nullopt.
std::optional<ParsedChain> root_at(const QueryScope& sc, const Expr& e) {
  ParsedChain c;
  c.root = &e;
  if (e.kind == ExprKind::Attribute && e.text == "query" && !e.children.empty()) {
    std::vector<model::QueryEntity> ents;
    if (!orm_class(sc, e.children[0])) return std::nullopt;
    add_entities(sc, e.children[0], model::EntityRole::Selected, c.entities);
    c.kind = QueryKind::ModelQuery;
    return c;
  }
  if (e.kind != ExprKind::Call) return std::nullopt;
  const Expr& callee = e.callee();
  auto pos = e.positional();
  if (callee.kind == ExprKind::Attribute && !callee.children.empty()) {
    const Expr& obj = callee.children[0];
    std::string_view m = callee.text;
    if ((m == "query" || m == "get" || m == "get_or_404") && is_session(sc, obj)) {
      if (m == "query") {
        for (const Expr* a : pos) add_entities(sc, *a, model::EntityRole::Selected, c.entities);
        if (c.entities.empty()) return std::nullopt;
        c.kind = QueryKind::LegacyQuery;
      } else {
        if (pos.empty() || !orm_class(sc, *pos[0])) return std::nullopt;
        add_entities(sc, *pos[0], model::EntityRole::Selected, c.entities);
        c.kind = QueryKind::SessionGet;
        c.identity = e.arg(1, "ident");
        c.root_terminal = m == "get" ? QueryTerminal::Get : QueryTerminal::GetOr404;
      }
      c.session = obj.dotted();
      c.async_session = is_async_session(sc, obj);
      return c;
    }
    // Flask-SQLAlchemy db.select(X) / db.update(X) …
    if (auto k = constructor_kind(m);
        k && is_session(sc, obj) && !pos.empty() && (orm_class(sc, *pos[0]) || model::last_dotted_part(obj.dotted()) == "db")) {
      c.kind = *k;
      for (const Expr* a : pos) add_entities(sc, *a, model::EntityRole::Selected, c.entities);
      return c;
    }
  }
  std::string dotted = callee.dotted();
  if (dotted.empty()) return std::nullopt;
  std::string_view last = model::last_dotted_part(dotted);
  if (last != "select" && last != "update" && last != "delete" && last != "insert")
    if (auto f = factory_root(sc, e)) return f;
  if (last != "select" && last != "update" && last != "delete" && last != "insert" && callee.kind != ExprKind::Name)
    return std::nullopt;
  const Symbol& s = sc.symbols.resolved(sc.file, callee);
  if (s.kind != Symbol::Kind::External || !sqlalchemy_origin(s.qualified)) return std::nullopt;
  auto k = constructor_kind(model::last_dotted_part(s.qualified));  // `from sqlmodel import select as sm_select`
  if (!k) return std::nullopt;
  c.kind = *k;
  for (const Expr* a : pos) {
    if (a->kind == ExprKind::Starred) continue;
    add_entities(sc, *a, model::EntityRole::Selected, c.entities);
  }
  // update(X)/delete(X)/insert(X) keep only their table argument; select(X.id) reads X's columns.
  return c;
}

// `q = q.dialect_specific_hint(...)`: a method we do not know, called along a chain whose root is the query
// variable being rebound by this very assignment. The builder idiom says the result is still the query.
bool rebinds_query(const QueryScope& sc, const Expr& receiver) {
  if (sc.rebinding.empty()) return false;
  const Expr* cur = &receiver;
  for (int guard = 0; guard < 64; ++guard) {
    if (cur->kind == ExprKind::Name) return cur->text == sc.rebinding && sc.query_vars.count(cur->text) > 0;
    if (cur->kind != ExprKind::Call || cur->callee().kind != ExprKind::Attribute || cur->callee().children.empty())
      return false;
    cur = &cur->callee().children[0];
  }
  return false;
}

}  // namespace

QueryFactories::QueryFactories(const std::vector<model::FileFacts>& files) : by_function_(files.size()) {
  for (std::size_t f = 0; f < files.size(); ++f) {
    by_function_[f].reserve(files[f].functions.size());
    for (const model::Function& fn : files[f].functions) {
      by_function_[f].push_back(fn.has(model::kBodyReturnsCall) ? factory_of(fn) : std::nullopt);  // returns no call: none
      any_ = any_ || by_function_[f].back().has_value();
    }
  }
}

bool statement_may_hold_query_root(const QueryScope& sc, const model::Stmt& s) {
  auto in = [&](const Expr& e) { return !e.empty() && any_root_in(sc, e); };
  return in(s.value) || in(s.annotation()) || std::any_of(s.targets.begin(), s.targets.end(), in) ||
         std::any_of(s.items().begin(), s.items().end(), in);
}

bool may_hold_query_root(const QueryScope& sc, std::span<const model::Stmt> body) {
  bool found = false;
  model::visit_statements(body, [&](const model::Stmt& s) { found = found || statement_may_hold_query_root(sc, s); });
  return found;
}

std::optional<ParsedChain> parse_chain(const QueryScope& sc, const Expr& e) {
  std::vector<ChainStep> rev;
  bool awaited = false;
  std::string session;
  bool async_session = false;
  const Expr* cur = &e;
  std::optional<ParsedChain> out;
  for (int guard = 0; guard < 256 && !out; ++guard) {
    if (cur->kind == ExprKind::Await && !cur->children.empty()) {
      awaited = true;
      cur = &cur->children[0];
      continue;
    }
    if (cur->kind == ExprKind::Name) {
      auto it = sc.query_vars.find(cur->text);
      if (it == sc.query_vars.end()) return std::nullopt;
      ParsedChain c;
      c.existing = true;
      c.site = it->second;
      c.variable = cur->text;
      out = std::move(c);
      break;
    }
    if (may_be_root(sc, *cur))  // most expressions are not a root: skip building one
      if (auto root = root_at(sc, *cur)) {
        out = std::move(root);
        break;
      }
    if (cur->kind == ExprKind::Attribute && !cur->children.empty() && cur->text == "items") {
      rev.push_back(ChainStep{"items", cur, false});
      cur = &cur->children[0];
      continue;
    }
    if (cur->kind != ExprKind::Call) return std::nullopt;
    const Expr& callee = cur->callee();
    if (callee.kind != ExprKind::Attribute || callee.children.empty()) return std::nullopt;
    std::string_view m = callee.text;
    const Expr& obj = callee.children[0];
    const std::uint8_t roles = method_roles(m);
    if (roles & kWrapper) {
      auto pos = cur->positional();
      if (!pos.empty() && is_session(sc, obj)) {
        rev.push_back(ChainStep{std::string(m), cur, true});
        session = obj.dotted();
        async_session = is_async_session(sc, obj);
        cur = pos[0];
        continue;
      }
    }
    if ((roles & (kBuild | kResult)) || rebinds_query(sc, obj)) {
      rev.push_back(ChainStep{std::string(m), cur, false});
      cur = &obj;
      continue;
    }
    return std::nullopt;
  }
  if (!out) return std::nullopt;
  out->steps.assign(rev.rbegin(), rev.rend());
  out->awaited = awaited;
  if (!session.empty()) out->session = session;
  out->async_session = out->async_session || async_session;
  out->outer = &e;
  // `.items` must follow paginate.
  for (std::size_t i = 0; i < out->steps.size(); ++i)
    if (out->steps[i].method == "items" && (i == 0 || out->steps[i - 1].method != "paginate")) {
      if (!(i == 0 && out->existing)) return std::nullopt;
    }
  return out;
}

namespace {

model::LoaderStrategy strategy_of(std::string_view name) {
  using S = model::LoaderStrategy;
  if (name == "selectinload" || name == "selectinload_all") return S::SelectIn;
  if (name == "joinedload" || name == "joinedload_all" || name == "eagerload" || name == "eagerload_all") return S::Joined;
  if (name == "subqueryload" || name == "subqueryload_all") return S::Subquery;
  if (name == "contains_eager") return S::ContainsEager;
  if (name == "immediateload") return S::Immediate;
  if (name == "raiseload") return S::Raise;
  if (name == "noload") return S::NoLoad;
  if (name == "lazyload") return S::Lazy;
  if (name == "defaultload") return S::DefaultLoad;
  if (name == "defer") return S::Defer;
  if (name == "undefer" || name == "undefer_group") return S::Undefer;
  if (name == "load_only") return S::LoadOnly;
  return S::Other;
}

bool is_strategy_name(std::string_view name) {
  return strategy_of(name) != model::LoaderStrategy::Other || name == "selectin_polymorphic" ||
         name == "with_expression" || name == "Load";
}

void add_steps(const QueryScope& sc, const Expr& call, model::LoaderStrategy strategy, model::LoaderOption& opt) {
  if (strategy == model::LoaderStrategy::Raise) {
    const Expr* sql_only = call.keyword("sql_only");
    if (sql_only && sql_only->kind == ExprKind::True) strategy = model::LoaderStrategy::RaiseOnSql;
  }
  for (const Expr* a : call.positional()) {
    const Expr* attr = a;
    // A.b.of_type(C) → A.b
    if (attr->kind == ExprKind::Call && attr->callee().kind == ExprKind::Attribute && attr->callee().text == "of_type")
      attr = &attr->callee().children[0];
    model::LoaderStep step;
    step.strategy = strategy;
    step.expr = a;
    model::FilterTerm col;
    if (column_ref(sc, *attr, col)) {
      step.entity = col.entity;
      step.entity_qualified = col.entity_qualified;
      step.attribute = col.column;
      opt.path.push_back(std::move(step));
    } else if (attr->is_string_literal()) {
      // "a.b" is a path of two hops in 1.x.
      std::string_view text = attr->text;
      while (!text.empty()) {
        auto dot = text.find('.');
        model::LoaderStep s2 = step;
        s2.attribute = std::string(text.substr(0, dot));
        opt.path.push_back(std::move(s2));
        if (dot == std::string_view::npos) break;
        text = text.substr(dot + 1);
      }
    } else if (attr->kind == ExprKind::Attribute) {
      step.attribute = attr->text;  // alias.rel or an unresolvable owner
      step.entity = std::string(model::last_dotted_part(attr->children[0].dotted()));
      opt.path.push_back(std::move(step));
    }
  }
}

}  // namespace

model::LoaderOption parse_option(const QueryScope& sc, const Expr& e) {
  model::LoaderOption opt;
  opt.expr = &e;
  opt.where = sc.range(e);
  if (e.kind == ExprKind::Starred) {
    if (!e.children.empty()) opt.splat_variable = e.children[0].dotted();
    return opt;
  }
  // Unwind selectinload(A.b).selectinload(B.c) from the outside in.
  std::vector<const Expr*> calls;
  const Expr* cur = &e;
  while (cur->kind == ExprKind::Call) {
    calls.push_back(cur);
    const Expr& callee = cur->callee();
    if (callee.kind == ExprKind::Attribute && !callee.children.empty() && is_strategy_name(callee.text) &&
        callee.children[0].kind == ExprKind::Call) {
      cur = &callee.children[0];
      continue;
    }
    break;
  }
  for (auto it = calls.rbegin(); it != calls.rend(); ++it) {
    const Expr& call = **it;
    const bool attribute = call.callee().kind == ExprKind::Attribute;
    std::string name = attribute && it != calls.rbegin() ? std::string(call.callee().text) : model::last_dotted_part(call.callee().dotted());
    if (name == "Load") continue;  // Load(A).selectinload(A.b): the root names the entity only
    if (!is_strategy_name(name)) continue;
    add_steps(sc, call, strategy_of(name), opt);
  }
  return opt;
}

namespace {

void add_values(const QueryScope& sc, const Expr& call, model::QuerySite& site) {
  auto pair_write = [&](const Expr& key, const Expr& value) {
    model::ValueWrite w;
    model::FilterTerm col;
    if (key.is_string_literal()) w.column = key.text;
    else if (column_ref(sc, key, col)) w.column = col.column;
    else return;
    w.value = &value;
    w.value_refs = value_refs(sc, value);
    site.values.push_back(std::move(w));
  };
  for (std::size_t i = 1; i < call.children.size(); ++i) {
    const Expr& a = call.children[i];
    if (a.kind == ExprKind::Keyword && !a.children.empty()) {
      if (a.text == "synchronize_session" || a.text == "update_args") continue;
      model::ValueWrite w;
      w.column = a.text;
      w.value = &a.children[0];
      w.value_refs = value_refs(sc, a.children[0]);
      site.values.push_back(std::move(w));
    } else if (a.kind == ExprKind::Dict) {
      for (const Expr& p : a.children)
        if (p.kind == ExprKind::Pair && p.children.size() == 2) pair_write(p.children[0], p.children[1]);
    }
  }
}

// select_from(X) names X; select_from(series.join(X, onclause=…).join(Y, …)) — a FROM clause built on a
// non-ORM left side (a generated series, a CTE), possibly held in a local — joins X and Y with their ON terms.
void add_from_clause(const QueryScope& sc, const Expr& a, model::QuerySite& site, int depth) {
  const Expr* e = &a;
  if (e->kind == ExprKind::Name && depth < 4 && !orm_class(sc, *e)) {
    auto it = sc.locals.find(e->text);
    const model::Stmt* st = it == sc.locals.end() ? nullptr : it->second;
    if (st && st->kind == model::StmtKind::Assign && st->targets.size() == 1 && st->targets[0].kind == ExprKind::Name &&
        st->targets[0].text == e->text && st->value.kind == ExprKind::Call) {
      add_from_clause(sc, st->value, site, depth + 1);
      return;
    }
  }
  if (e->kind == ExprKind::Call && e->callee().kind == ExprKind::Attribute && !e->callee().children.empty() &&
      (e->callee().text == "join" || e->callee().text == "outerjoin") && depth < 16) {
    auto pos = e->positional();
    if (!pos.empty() && orm_class(sc, *pos[0])) {
      add_from_clause(sc, e->callee().children[0], site, depth + 1);
      add_entities(sc, *pos[0], model::EntityRole::Joined, site.entities);
      if (pos.size() > 1) site.filters.push_back(parse_term(sc, *pos[1], model::FilterClause::JoinOn));
      if (const Expr* on = e->keyword("onclause")) site.filters.push_back(parse_term(sc, *on, model::FilterClause::JoinOn));
      return;
    }
  }
  add_entities(sc, a, model::EntityRole::Selected, site.entities);
}

}  // namespace

void apply_chain(const QueryScope& sc, const ParsedChain& chain, model::QuerySite& site) {
  using model::FilterClause;
  bool legacy = site.kind == QueryKind::LegacyQuery || site.kind == QueryKind::ModelQuery;
  for (const ChainStep& st : chain.steps) {
    const Expr& call = *st.expr;
    const std::string& m = st.method;
    auto pos = call.kind == ExprKind::Call ? call.positional() : std::vector<const Expr*>{};
    if (st.session_call) {
      site.executed = true;
      site.terminal = terminal_of(m);
      site.terminal_where = sc.range(call);
      continue;
    }
    if (m == "where" || m == "filter" || m == "having") {
      FilterClause cl = m == "where" ? FilterClause::Where : m == "filter" ? FilterClause::Filter : FilterClause::Having;
      for (const Expr* a : pos) site.filters.push_back(parse_term(sc, *a, cl));
    } else if (m == "filter_by") {
      for (auto& t : parse_filter_by(sc, call)) site.filters.push_back(std::move(t));
    } else if (m == "join" || m == "outerjoin" || m == "join_from" || m == "outerjoin_from") {
      std::size_t targets = (m == "join_from" || m == "outerjoin_from") ? 2 : 1;
      for (std::size_t i = 0; i < pos.size(); ++i) {
        if (i < targets) add_entities(sc, *pos[i], model::EntityRole::Joined, site.entities);
        else site.filters.push_back(parse_term(sc, *pos[i], FilterClause::JoinOn));
      }
      if (const Expr* on = call.keyword("onclause")) site.filters.push_back(parse_term(sc, *on, FilterClause::JoinOn));
    } else if (m == "options") {
      for (const Expr* a : pos) site.options.push_back(parse_option(sc, *a));
    } else if (m == "select_from") {
      for (const Expr* a : pos) add_from_clause(sc, *a, site, 0);
    } else if (m == "with_entities" || m == "add_columns" || m == "add_entity" || m == "with_only_columns") {
      for (const Expr* a : pos) add_entities(sc, *a, model::EntityRole::Column, site.entities);
    } else if (m == "values" || m == "ordered_values") {
      add_values(sc, call, site);
    } else if (m == "items") {
      // page.items: the rows of a paginate result
    } else {
      QueryTerminal t = terminal_of(m);
      if (t == QueryTerminal::None) continue;
      if (legacy && (t == QueryTerminal::Update || t == QueryTerminal::Delete)) {
        site.kind = t == QueryTerminal::Update ? QueryKind::BulkUpdate : QueryKind::BulkDelete;
        if (t == QueryTerminal::Update) add_values(sc, call, site);
      }
      if (legacy && (t == QueryTerminal::Get || t == QueryTerminal::GetOr404)) {
        site.kind = QueryKind::SessionGet;
        if (!pos.empty()) site.identity = pos[0];
      }
      // Statements (select/update/delete) only reach the database through a session;
      // result methods on a legacy Query or on an executed Result do.
      if (legacy || site.executed) {
        site.executed = true;
        site.terminal = t;
        site.terminal_where = sc.range(call);
      }
    }
  }
  if (chain.awaited) site.awaited = true;
  if (chain.async_session || chain.awaited) site.async_session = true;
  if (site.session.empty() && !chain.session.empty()) site.session = chain.session;
}

std::vector<const Expr*> chain_arguments(const ParsedChain& chain) {
  std::vector<const Expr*> out;
  if (!chain.existing && chain.root && chain.root->kind == ExprKind::Call)
    for (std::size_t i = 1; i < chain.root->children.size(); ++i) out.push_back(&chain.root->children[i]);
  for (const ChainStep& st : chain.steps) {
    if (st.expr->kind != ExprKind::Call) continue;
    for (std::size_t i = 1; i < st.expr->children.size(); ++i) {
      if (st.session_call && i == 1) continue;  // the statement itself
      out.push_back(&st.expr->children[i]);
    }
  }
  return out;
}

}  // namespace archverify::resolve::detail
