// Relationship lookup, loader-option coverage and row origins for ORM001 (see orm_paths.h).
#include "rules/performance/orm_paths.h"

#include <algorithm>
#include <set>

namespace archverify::rules::orm {

using model::ExprKind;
using model::LazyStrategy;
using model::LoaderStrategy;

namespace {

const model::Entity* entity_named(const model::RepoModel& m, const std::string& name) {
  if (name.empty()) return nullptr;
  if (const model::Entity* e = m.entity_named(name)) return e;
  auto dot = name.rfind('.');
  if (dot != std::string::npos) return m.entity_named(std::string_view(name).substr(dot + 1));
  return nullptr;
}

bool is_or_inherits(const model::Entity& e, const model::Entity& ancestor) {
  if (&e == &ancestor) return true;
  return std::find(e.bases.begin(), e.bases.end(), ancestor.qualified) != e.bases.end();
}

Loading loading_of_lazy(LazyStrategy s) {
  switch (s) {
    case LazyStrategy::Unspecified:
    case LazyStrategy::Select: return Loading::Lazy;
    case LazyStrategy::Selectin:
    case LazyStrategy::Joined:
    case LazyStrategy::Subquery:
    case LazyStrategy::Immediate:
    case LazyStrategy::Raise:
    case LazyStrategy::RaiseOnSql:
    case LazyStrategy::Noload: return Loading::Eager;
    case LazyStrategy::Dynamic:
    case LazyStrategy::WriteOnly: return Loading::Query;
    case LazyStrategy::Other: return Loading::Unknown;
  }
  return Loading::Unknown;
}

// What one option says about path[0..depth]: Eager / Lazy (lazyload), Unknown, or nothing.
std::optional<Loading> option_decision(const model::LoaderOption& opt, const std::vector<std::string>& path,
                                       std::size_t depth) {
  if (!opt.splat_variable.empty()) return Loading::Unknown;
  if (opt.path.size() <= depth) return std::nullopt;
  for (std::size_t j = 0; j <= depth; ++j) {
    const model::LoaderStep& step = opt.path[j];
    bool wildcard = step.attribute == "*" && j == depth;
    if (step.attribute != path[j] && !wildcard) return std::nullopt;
  }
  switch (opt.path[depth].strategy) {
    case LoaderStrategy::SelectIn:
    case LoaderStrategy::Joined:
    case LoaderStrategy::Subquery:
    case LoaderStrategy::ContainsEager:
    case LoaderStrategy::Immediate:
    case LoaderStrategy::Raise:
    case LoaderStrategy::RaiseOnSql:
    case LoaderStrategy::NoLoad: return Loading::Eager;
    case LoaderStrategy::Lazy: return Loading::Lazy;
    case LoaderStrategy::Other: return Loading::Unknown;
    case LoaderStrategy::DefaultLoad:
    case LoaderStrategy::Defer:
    case LoaderStrategy::Undefer:
    case LoaderStrategy::LoadOnly: return std::nullopt;
  }
  return std::nullopt;
}

bool mentions_loading(std::string_view callee) {
  for (std::string_view w : {"load", "option", "eager", "prefetch", "join"})
    if (callee.find(w) != std::string_view::npos) return true;
  return false;
}

const model::Expr& unwrap_iterable(const model::Expr& e) {
  const model::Expr* cur = &e;
  for (int guard = 0; guard < 8; ++guard) {
    if (cur->kind == ExprKind::Await && !cur->children.empty()) { cur = &cur->children[0]; continue; }
    if (cur->kind == ExprKind::Call && cur->children.size() > 1 && cur->children[1].kind != ExprKind::Keyword) {
      std::string d = cur->callee().dotted();
      if (d == "list" || d == "sorted" || d == "enumerate" || d == "reversed" || d == "tuple" || d == "set" || d == "iter") {
        cur = &cur->children[1];
        continue;
      }
    }
    break;
  }
  return *cur;
}

// Names a function returns directly: `return rows` → {"rows"}.
std::set<std::string> returned_names(const model::Function& fn) {
  std::set<std::string> out;
  model::visit_statements(fn.body, [&](const model::Stmt& s) {
    if (s.kind != model::StmtKind::Return) return;
    const model::Expr& v = unwrap_iterable(s.value);
    if (v.kind == ExprKind::Name) out.emplace(v.text);
  });
  return out;
}

}  // namespace

std::optional<RelationshipHop> relationship_of(const model::RepoModel& m, const model::Entity& entity,
                                               const std::string& attribute) {
  auto from = [&](const model::Entity& owner) -> std::optional<RelationshipHop> {
    for (const model::Relationship& r : owner.relationships)
      if (r.attribute == attribute)
        return RelationshipHop{&entity, &r, false, r.lazy, entity_named(m, r.target), attribute};
    return std::nullopt;
  };
  if (auto hop = from(entity)) return hop;
  for (const std::string& base : entity.bases)
    if (const model::Entity* parent = m.entity_named(base); parent && parent != &entity)
      if (auto hop = from(*parent)) return hop;
  // A backref="attribute" declared on another entity whose target is this one (or a mapped parent of it).
  for (const model::RepoModel::BackrefDecl& d : m.backrefs_named(attribute)) {
    const model::Entity* t = entity_named(m, d.relationship->target);
    if (!t || !is_or_inherits(entity, *t)) continue;
    return RelationshipHop{&entity, d.relationship, true, d.relationship->backref_lazy, d.owner, attribute};
  }
  return std::nullopt;
}

const model::Entity* row_entity(const model::RepoModel& m, const model::QuerySite& q) {
  const model::QueryEntity* p = q.primary();
  if (!p || p->generic) return nullptr;
  std::size_t selected = 0;
  for (const model::QueryEntity& e : q.entities)
    if (e.role == model::EntityRole::Selected) ++selected;
  if (selected != 1) return nullptr;  // select(A, B): rows are tuples
  for (const model::QueryEntity& e : q.entities)
    if (e.role == model::EntityRole::Column) return nullptr;  // select(A, B.x): rows are tuples too
  return entity_named(m, p->qualified.empty() ? p->name : p->qualified);
}

Loading loading_of(const model::QuerySite* q, const std::vector<std::string>& path, std::size_t depth,
                   const RelationshipHop& hop) {
  bool opaque = false;
  if (q) {
    for (const model::LoaderOption& opt : q->options) {
      auto d = option_decision(opt, path, depth);
      if (!d) continue;
      if (*d == Loading::Unknown) opaque = true;
      else return *d;
    }
    for (const model::AppliedHelper& h : q->helpers)
      if (mentions_loading(h.callee)) opaque = true;
  }
  Loading own = loading_of_lazy(hop.lazy);
  if (own == Loading::Lazy && opaque) return Loading::Unknown;
  return own;
}

std::vector<const model::QuerySite*> returned_queries(const model::RepoModel& m, model::FunctionRef f) {
  std::vector<const model::QuerySite*> out;
  if (!f.valid()) return out;
  const model::Function& fn = m.files[f.file].functions[f.function];
  std::set<std::string> names;
  bool names_ready = false;
  for (const model::QuerySite& q : m.queries) {
    if (q.file != f.file || q.function != f.function) continue;
    bool returned = false;
    for (const model::ResultFlow& flow : q.flows) {
      if (flow.kind == model::ResultFlowKind::Returned) returned = true;
      if (flow.kind == model::ResultFlowKind::Assigned) {
        if (!names_ready) { names = returned_names(fn); names_ready = true; }
        for (const std::string& v : flow.variables)
          if (names.count(v)) returned = true;
      }
    }
    if (returned) out.push_back(&q);
  }
  return out;
}

std::string row_variable(const model::RowIteration& it) {
  if (it.variables.size() == 1) return it.variables[0];
  if (it.variables.size() == 2 && it.iterable && it.iterable->kind == ExprKind::Call &&
      it.iterable->callee().dotted() == "enumerate")
    return it.variables[1];
  return {};
}

namespace {
// `f(...).all()` / `f(...).scalars().all()` / `f(...)` where f is a repository function: f.
model::FunctionRef executed_call_target(const model::Expr& e, const CallIndex& calls) {
  const model::Expr* cur = &e;
  for (int guard = 0; guard < 4; ++guard) {
    if (cur->kind != ExprKind::Call) return {};
    if (const model::CallSite* c = calls.site(cur); c && c->target.valid()) return c->target;
    const model::Expr& callee = cur->callee();
    if (callee.kind != ExprKind::Attribute || callee.children.empty()) return {};
    std::string_view method = callee.text;
    if (method != "all" && method != "scalars" && method != "unique" && method != "distinct" && method != "order_by")
      return {};
    cur = &callee.children[0];
  }
  return {};
}
}  // namespace

std::optional<RowsOrigin> rows_of_iteration(const model::RepoModel& m, std::uint32_t index, const CallIndex& calls) {
  const model::RowIteration& it = m.row_iterations[index];
  RowsOrigin origin;
  if (it.query != model::kNoIndex) {
    const model::QuerySite& q = m.queries[it.query];
    origin.queries.push_back(&q);
    origin.entity = row_entity(m, q);
  } else if (it.source == model::IterableSource::LoopVariable) {
    const model::Expr& e = unwrap_iterable(*it.iterable);
    std::vector<std::string> chain;
    const model::Expr* cur = &e;
    while (cur->kind == ExprKind::Attribute && !cur->children.empty()) {
      chain.emplace_back(cur->text);
      cur = &cur->children[0];
    }
    if (cur->kind != ExprKind::Name || chain.empty()) return std::nullopt;
    std::reverse(chain.begin(), chain.end());
    std::uint32_t p = it.parent;
    while (p != model::kNoIndex && row_variable(m.row_iterations[p]) != cur->text) p = m.row_iterations[p].parent;
    if (p == model::kNoIndex) return std::nullopt;
    auto outer = rows_of_iteration(m, p, calls);
    if (!outer) return std::nullopt;
    origin = std::move(*outer);
    origin.prefix.insert(origin.prefix.end(), chain.begin(), chain.end());
  } else {
    model::FunctionRef target = it.iterable_call;
    if (!target.valid()) {
      const model::Expr* e = &unwrap_iterable(*it.iterable);
      if (it.source == model::IterableSource::Variable && it.iterable_assignment &&
          it.iterable_assignment->kind == model::StmtKind::Assign)
        e = &unwrap_iterable(it.iterable_assignment->value);
      target = executed_call_target(*e, calls);
    }
    if (!target.valid()) return std::nullopt;
    const model::Function& fn = m.files[target.file].functions[target.function];
    const std::string& mod = m.module_names[target.file];
    origin.via_function = mod.empty() ? fn.qualname.str() : mod + "." + fn.qualname.str();
    for (const model::QuerySite* q : returned_queries(m, target)) {
      if (!q->yields_many()) continue;
      const model::Entity* e = row_entity(m, *q);
      if (!e) return std::nullopt;  // one returned shape we cannot read: stay quiet
      if (origin.entity && origin.entity != e) return std::nullopt;
      origin.entity = e;
      origin.queries.push_back(q);
    }
  }
  if (origin.queries.empty() || !origin.entity) return std::nullopt;
  return origin;
}

std::vector<NameRead> reads_of(const model::Function& fn, const std::string& name) {
  std::vector<NameRead> out;
  auto walk = [&](auto&& self, const model::Expr& e, bool target) -> void {
    if (e.kind == ExprKind::Attribute) {
      std::vector<std::string> chain;
      const model::Expr* cur = &e;
      while (cur->kind == ExprKind::Attribute && !cur->children.empty()) {
        chain.emplace_back(cur->text);
        cur = &cur->children[0];
      }
      if (cur->kind == ExprKind::Name && cur->text == name) {
        std::reverse(chain.begin(), chain.end());
        if (target) chain.pop_back();
        if (!chain.empty()) out.push_back(NameRead{std::move(chain), &e});
      } else {
        self(self, *cur, false);
      }
      return;
    }
    for (const model::Expr& c : e.children) self(self, c, false);
  };
  model::visit_statements(fn.body, [&](const model::Stmt& s) {
    for (const model::Expr& t : s.targets) walk(walk, t, s.kind == model::StmtKind::Assign);
    walk(walk, s.value, false);
    for (const model::Expr& i : s.items()) walk(walk, i, false);
  });
  return out;
}

std::string describe_hop(const RelationshipHop& hop) { return hop.owner->name + "." + hop.attribute; }

std::string describe_where(const SourceRange& r) { return r.path + ":" + std::to_string(r.begin.line); }

}  // namespace archverify::rules::orm
