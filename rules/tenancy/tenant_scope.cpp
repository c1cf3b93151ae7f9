// TenantScope: per-entity tenant-filter verdicts for a query site (see tenant_scope.h).
#include "rules/tenancy/tenant_scope.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace archverify::rules::tenancy {

using model::CompareOp;
using model::Expr;
using model::ExprKind;
using model::FilterTerm;
using model::FilterTermKind;
using model::Stmt;
using model::StmtKind;

namespace {

constexpr std::string_view kPrimary = "@primary";  // filter_by(...): the query's own entity
constexpr std::string_view kAll = "@all";          // a splat built by a key-filtering helper

enum class Hit : std::uint8_t { Value, Null };
using Hits = std::map<std::string, Hit, std::less<>>;

struct TermScan {
  const TenancyPolicy& p;
  const TenantScope& scope;
  const model::RepoModel& m;
  const model::QuerySite& site;
  std::vector<std::pair<std::string, std::string>> edges;  // A.key == B.key, A.fk == B.id (conjunct level only)
  std::set<std::string> join_on_entities;                  // entities named in a join's ON clause

  // `A.c1 == B.c2` where one side is the other's primary key or a foreign key to the other's table:
  // the joined row is determined by the other one (same tenant as long as references stay in the tenant).
  bool reference_link(const FilterTerm& t, const std::string& other, const Expr& v) const {
    const model::Entity* a = m.entity_named(t.entity);
    const model::Entity* b = m.entity_named(other);
    if (!a || !b) return false;
    const model::Column* ca = a->column(t.column);
    const model::Column* cb = b->column(v.text);
    if (!ca || !cb) return false;
    auto refers = [](const model::Column* c, const model::Entity* to) {
      return c->foreign_key && !to->table.empty() && c->foreign_key->table == to->table;
    };
    // A part of a composite primary key (keep's LastAlert: tenant_id + fingerprint) does not determine the row.
    auto sole_pk = [](const model::Entity* e, const model::Column* c) {
      if (!c->primary_key) return false;
      int n = 0;
      for (const model::Column& x : e->columns) n += x.primary_key ? 1 : 0;
      return n == 1;
    };
    return sole_pk(a, ca) || sole_pk(b, cb) || refers(ca, b) || refers(cb, a);
  }

  // `B.key` where B is a class name: the other side of a key-equating join condition.
  static std::string key_column_owner(const Expr* v, std::string_view key) {
    if (!v || v->kind != ExprKind::Attribute || v->text != key || v->children.empty()) return "";
    std::string owner(model::last_dotted_part(v->children[0].dotted()));
    if (owner.empty() || !std::isupper(static_cast<unsigned char>(owner[0]))) return "";
    return owner;
  }

  Hits scan(const FilterTerm& t, bool conjunct) {
    Hits out;
    switch (t.kind) {
      case FilterTermKind::Compare: {
        if (t.clause == model::FilterClause::JoinOn) {
          join_on_entities.insert(t.entity);
          if (t.value && t.value->kind == ExprKind::Attribute && !t.value->children.empty())
            join_on_entities.insert(std::string(model::last_dotted_part(t.value->children[0].dotted())));
        }
        // `X.org == current_org`: the relationship whose foreign key is the key column (redash's org / org_id).
        const bool key_column = t.column == p.key || (!t.column.empty() && t.column + "_id" == p.key);
        if (!key_column) {
          if (conjunct && (t.op == CompareOp::In || t.op == CompareOp::Eq) && !t.entity.empty() &&
              scope.reference_from_scoped_statement(site, t)) {
            out[t.entity] = Hit::Value;
            break;
          }
          if (!conjunct || t.op != CompareOp::Eq || !t.value || t.value->kind != ExprKind::Attribute ||
              t.value->children.empty() || t.entity.empty())
            break;
          std::string other(model::last_dotted_part(t.value->children[0].dotted()));
          if (!other.empty() && other != t.entity && reference_link(t, other, *t.value)) edges.emplace_back(t.entity, other);
          break;
        }
        std::string ent = t.entity.empty() ? std::string(kPrimary) : t.entity;
        if (t.op == CompareOp::Is && t.value && t.value->kind == ExprKind::None) {
          out[ent] = Hit::Null;
          break;
        }
        if (t.op != CompareOp::Eq && t.op != CompareOp::In && t.op != CompareOp::Is) break;
        if (std::string other = key_column_owner(t.value, p.key); !other.empty() && !t.entity.empty()) {
          if (conjunct) edges.emplace_back(t.entity, other);
          break;
        }
        out[ent] = Hit::Value;
        break;
      }
      case FilterTermKind::And:
      case FilterTermKind::Splat:
      case FilterTermKind::KwSplat:
      case FilterTermKind::Relationship:
        for (const FilterTerm& c : t.children)
          for (auto& [e, h] : scan(c, conjunct && t.kind != FilterTermKind::Relationship))
            if (!out.count(e) || h == Hit::Value) out[e] = h;
        if ((t.kind == FilterTermKind::Splat || t.kind == FilterTermKind::KwSplat) && t.children.empty() &&
            splat_helper(t))
          out[std::string(kAll)] = Hit::Value;
        break;
      case FilterTermKind::Or: {
        std::vector<Hits> branches;
        for (const FilterTerm& c : t.children) branches.push_back(scan(c, false));
        if (branches.empty()) break;
        std::set<std::string> names;
        for (const Hits& b : branches)
          for (const auto& [e, h] : b) names.insert(e);
        for (const std::string& e : names) {
          bool all = true, any_value = false, any_null = false;
          for (const Hits& b : branches) {
            auto it = b.find(e);
            if (it == b.end()) {
              all = false;
              break;
            }
            (it->second == Hit::Value ? any_value : any_null) = true;
          }
          if (all && any_value) out[e] = any_null ? Hit::Null : Hit::Value;
        }
        break;
      }
      default:
        break;
    }
    return out;
  }

  // `**self._filter_builder(...)` / `*helper(...)`: the called function names the key.
  bool splat_helper(const FilterTerm& t) const {
    if (!t.expr) return false;
    bool found = false;
    model::visit(*t.expr, [&](const Expr& e) {
      if (found || e.kind != ExprKind::Call) return;
      if (const model::CallSite* cs = scope.call_site(&e); cs && cs->target.valid())
        found = scope.function_filters_key(cs->target);
      if (!found) found = p.is_helper(e.callee().dotted());
    });
    return found;
  }
};

// Union-find over entity names.
struct Classes {
  std::map<std::string, std::string> parent;
  std::string find(const std::string& x) {
    auto it = parent.find(x);
    if (it == parent.end() || it->second == x) return x;
    return it->second = find(it->second);
  }
  void unite(const std::string& a, const std::string& b) {
    std::string ra = find(a), rb = find(b);
    if (ra != rb) parent[ra] = rb;
  }
};

bool stops(std::span<const Stmt> body) {
  bool stop = false;
  model::visit_statements(body, [&](const Stmt& s) {
    if (s.kind == StmtKind::Raise || s.kind == StmtKind::Return || s.kind == StmtKind::Continue) stop = true;
    if (s.kind == StmtKind::Expr && s.value.kind == ExprKind::Call) {
      const std::string last = model::last_dotted_part(s.value.callee().dotted());
      if (last.starts_with("abort") || last.starts_with("raise") || last.find("forbidden") != std::string_view::npos)
        stop = true;
    }
  });
  return stop;
}

// The test reads `<var>.….<key>` in a comparison.
bool test_reads_key(const Expr& test, const std::set<std::string>& vars, std::string_view key) {
  bool hit = false;
  model::visit(test, [&](const Expr& e) {
    if (hit || e.kind != ExprKind::Compare) return;
    for (const Expr& side : e.children)
      model::visit(side, [&](const Expr& a) {
        if (a.kind == ExprKind::Attribute && a.text == key && vars.count(std::string(a.root_name()))) hit = true;
      });
  });
  return hit;
}

}  // namespace

// Nesting of judge() through subqueries, on this thread (a shared scope judges on several).
static thread_local int g_judge_depth = 0;

TenantScope::TenantScope(const model::RepoModel& m, const TenancyPolicy& p) : m_(m), p_(p) {
  // A cross-tenant function (genome) is no tenant context: it neither is one nor puts its callees in one.
  // Calls come grouped by calling function: judge each caller's cross-tenant glob once per run of its calls.
  model::FunctionRef last_caller{model::kNoIndex, model::kNoIndex};
  bool last_cross = false;
  for (const model::CallSite& c : m.calls) {
    if (!c.target.valid() || c.in_function == model::kNoIndex) continue;
    const model::FunctionRef caller{c.file, c.in_function};
    if (!(caller == last_caller)) {
      last_caller = caller;
      last_cross = p.is_cross_tenant(m, c.file, c.in_function);
    }
    if (!last_cross) callers_[c.target].insert(caller);
  }
  for (const model::Route& r : m.routes)
    if (r.handler.valid() && !p.is_cross_tenant(m, r.handler.file, r.handler.function)) handlers_.insert(r.handler);
  for (const model::QuerySite& q : m.queries)
    if (q.function != model::kNoIndex) by_function_[{q.file, q.function}].push_back(&q);
}

const model::Function* TenantScope::function_of(std::uint32_t file, std::uint32_t fn) const {
  if (file >= m_.files.size() || fn >= m_.files[file].functions.size()) return nullptr;
  return &m_.files[file].functions[fn];
}

const model::CallSite* TenantScope::call_site(const Expr* call) const { return m_.call_site(call); }

bool TenantScope::function_filters_key(const model::FunctionRef& f) const {
  {
    std::lock_guard<std::mutex> lock(filters_key_mutex_);
    if (auto it = filters_key_.find(f); it != filters_key_.end()) return it->second;
  }
  bool found = false;
  if (const model::Function* fn = function_of(f.file, f.function)) {
    auto look = [&](const Expr& top) {
      model::visit(top, [&](const Expr& e) {
        if (found) return;
        if (e.kind == ExprKind::Compare)
          for (const Expr& side : e.children)
            if (side.kind == ExprKind::Attribute && side.text == p_.key) found = true;
        if (e.kind == ExprKind::Keyword && e.text == p_.key) found = true;
        // `X.key.in_(ids)`: a membership filter on the key.
        if (e.kind == ExprKind::Call && e.callee().kind == ExprKind::Attribute && e.callee().text == "in_" &&
            !e.callee().children.empty() && e.callee().children[0].kind == ExprKind::Attribute &&
            e.callee().children[0].text == p_.key)
          found = true;
        if (e.kind == ExprKind::Subscript && e.children.size() > 1 && e.children[1].is_string_literal() &&
            e.children[1].text == p_.key)
          found = true;
        if (e.kind == ExprKind::Pair && !e.children.empty() && e.children[0].is_string_literal() &&
            e.children[0].text == p_.key)
          found = true;
      });
    };
    model::visit_statements(fn->body, [&](const Stmt& s) {
      for (const Expr& t : s.targets) look(t);
      look(s.value);
      for (const Expr& i : s.items()) look(i);
    });
  }
  std::lock_guard<std::mutex> lock(filters_key_mutex_);
  filters_key_[f] = found;  // another thread may have found the same meanwhile
  return found;
}

bool TenantScope::helper_scopes(const model::QuerySite& site) const {
  for (const model::AppliedHelper& h : site.helpers)
    if (p_.is_helper(h.callee) || (h.target.valid() && function_filters_key(h.target))) return true;
  if (site.factory.valid()) {
    const model::Function* f = function_of(site.factory.file, site.factory.function);
    if ((f && p_.is_helper(f->name)) || function_filters_key(site.factory)) return true;
  }
  for (const model::ResultFlow& fl : site.flows) {
    if (fl.kind != model::ResultFlowKind::Argument) continue;
    if (p_.is_helper(fl.callee)) return true;
    if (site.terminal == model::QueryTerminal::None && fl.target.valid() && function_filters_key(fl.target)) return true;
  }
  return false;
}

bool TenantScope::post_fetch_check(const model::QuerySite& site, const std::string&) const {
  const model::Function* fn = function_of(site.file, site.function);
  if (!fn) return false;
  std::set<std::string> vars;
  for (const model::ResultFlow& fl : site.flows)
    if (fl.kind == model::ResultFlowKind::Assigned) vars.insert(fl.variables.begin(), fl.variables.end());
  if (vars.empty()) return false;
  bool ok = false;
  model::visit_statements(fn->body, [&](const Stmt& s) {
    if (ok) return;
    if (s.kind == StmtKind::If && test_reads_key(s.value, vars, p_.key) && (stops(s.body) || stops(s.orelse))) ok = true;
    if (s.kind == StmtKind::Assert && test_reads_key(s.value, vars, p_.key)) ok = true;
  });
  return ok;
}

std::vector<EntityVerdict> TenantScope::judge(const model::QuerySite& site, bool row_derived) const {
  // The tenant-scoped entities the statement touches.
  std::vector<EntityVerdict> out;
  auto add = [&](const std::string& name, model::EntityRole role) {
    if (name.empty() || !p_.is_scoped(name)) return;
    for (const EntityVerdict& v : out)
      if (v.entity == name) return;
    out.push_back({name, EntityScope::Unscoped, role});
  };
  for (const model::QueryEntity& e : site.entities) {
    if (e.generic) continue;
    if (!e.relationship.empty()) {
      if (const model::Entity* owner = m_.entity_named(e.name))
        for (const model::Relationship& r : owner->relationships)
          if (r.attribute == e.relationship) add(std::string(model::last_dotted_part(r.target)), e.role);
      continue;
    }
    add(e.name, e.role);
  }
  if (out.empty()) return out;

  TermScan scan{p_, *this, m_, site, {}, {}};
  Hits hits;
  for (const FilterTerm& t : site.filters)
    for (auto& [e, h] : scan.scan(t, true))
      if (!hits.count(e) || h == Hit::Value) hits[e] = h;
  std::string primary;
  if (const model::QueryEntity* pe = site.primary()) primary = pe->name;
  if (primary.empty() && !site.entities.empty()) primary = site.entities.front().name;

  Classes classes;
  for (const auto& [a, b] : scan.edges) classes.unite(a, b);
  // join(Y) with no ON clause: SQLAlchemy joins along the foreign key, Y's rows follow the primary entity's.
  for (const model::QueryEntity& e : site.entities)
    if (e.role == model::EntityRole::Joined && !e.name.empty() && e.relationship.empty() &&
        !scan.join_on_entities.count(e.name) && !primary.empty())
      classes.unite(e.name, primary);
    else if (!e.relationship.empty())
      if (const model::Entity* owner = m_.entity_named(e.name))
        for (const model::Relationship& r : owner->relationships)
          if (r.attribute == e.relationship) classes.unite(std::string(model::last_dotted_part(r.target)), e.name);
  std::set<std::string> value_roots, null_roots;
  bool all = hits.count(kAll) > 0;
  for (const auto& [e, h] : hits) {
    std::string name = e == kPrimary ? primary : e;
    (h == Hit::Value ? value_roots : null_roots).insert(classes.find(name));
  }
  auto scoped_in_terms = [&](const std::string& name) { return all || value_roots.count(classes.find(name)) > 0; };

  bool helper = helper_scopes(site);
  for (EntityVerdict& v : out) {
    if (scoped_in_terms(v.entity) || helper) {
      v.scope = EntityScope::Scoped;
      continue;
    }
    if (std::string_view parent = p_.parent_of(v.entity); !parent.empty() && scoped_in_terms(std::string(parent))) {
      v.scope = EntityScope::Scoped;
      continue;
    }
    if (null_roots.count(classes.find(v.entity))) {
      v.scope = p_.allow_global_rows ? EntityScope::Scoped : EntityScope::GlobalRows;
      continue;
    }
    if (post_fetch_check(site, v.entity) || (row_derived && row_derived_id(site, v.entity))) {
      v.scope = EntityScope::Scoped;
      continue;
    }
    // A subquery tied to the statement that uses it: correlated through an entity of that statement
    // (`ProductBenefit.product_id == Product.id` with Product in the outer FROM), or joined back on the
    // entity's primary key (`join(sub, X.id == sub.c.id)`), where the outer statement scopes that entity.
    std::set<std::string> own, correlated;
    for (const model::QueryEntity& e : site.entities) own.insert(e.name);
    for (const auto& [a, b] : scan.edges)
      for (const std::string* name : {&a, &b})
        if (!own.count(*name) && classes.find(*name) == classes.find(v.entity)) correlated.insert(*name);
    if (scoped_by_consumer(site, v.entity, correlated)) v.scope = EntityScope::Scoped;
  }
  return out;
}

bool TenantScope::scoped_by_consumer(const model::QuerySite& site, const std::string& entity,
                                     const std::set<std::string>& correlated) const {
  if (g_judge_depth > 3) return false;
  std::set<std::string> vars;
  for (const model::ResultFlow& fl : site.flows)
    if (fl.kind == model::ResultFlowKind::Assigned) vars.insert(fl.variables.begin(), fl.variables.end());
  const model::Entity* e = m_.entity_named(entity);
  std::string pk;
  if (e) {
    int n = 0;
    for (const model::Column& c : e->columns)
      if (c.primary_key) {
        ++n;
        pk = c.attribute.empty() ? c.name : c.attribute;
      }
    if (n != 1) pk.clear();
  }
  for (const model::ResultFlow& fl : site.flows) {
    if (fl.kind != model::ResultFlowKind::Subquery || fl.consumer >= m_.queries.size()) continue;
    const model::QuerySite& outer = m_.queries[fl.consumer];
    if (&outer == &site) continue;
    ++g_judge_depth;
    std::vector<EntityVerdict> vs = judge(outer, false);
    --g_judge_depth;
    auto outer_scoped = [&](const std::string& name) {
      for (const EntityVerdict& v : vs)
        if (v.entity == name) return v.scope == EntityScope::Scoped;
      return false;
    };
    for (const std::string& c : correlated)
      if (outer_scoped(c)) return true;
    if (pk.empty() || vars.empty() || !outer_scoped(entity)) continue;
    bool joined_on_pk = false;
    std::vector<const FilterTerm*> stack;
    for (const FilterTerm& t : outer.filters) stack.push_back(&t);
    while (!stack.empty() && !joined_on_pk) {
      const FilterTerm* t = stack.back();
      stack.pop_back();
      if (t->kind == FilterTermKind::Compare && t->entity == entity && t->column == pk && t->op == CompareOp::Eq)
        for (const model::ValueRef& r : t->value_refs)
          if (vars.count(r.root)) joined_on_pk = true;
      if (t->kind == FilterTermKind::And)
        for (const FilterTerm& c : t->children) stack.push_back(&c);
    }
    if (joined_on_pk) return true;
  }
  return false;
}

bool TenantScope::reference_from_scoped_statement(const model::QuerySite& site, const FilterTerm& t) const {
  if (!t.value || g_judge_depth > 3) return false;
  const model::Entity* e = m_.entity_named(t.entity);
  const model::Column* c = e ? e->column(t.column) : nullptr;
  if (!c) return false;
  int pks = 0;
  for (const model::Column& x : e->columns) pks += x.primary_key ? 1 : 0;
  if (!(c->primary_key && pks == 1) && !c->foreign_key) return false;
  auto it = by_function_.find({site.file, site.function});
  auto all_scoped = [&](const model::QuerySite& other) {
    ++g_judge_depth;
    std::vector<EntityVerdict> vs = judge(other, false);
    --g_judge_depth;
    if (vs.empty()) return false;
    for (const EntityVerdict& v : vs)
      if (v.scope != EntityScope::Scoped) return false;
    return true;
  };
  if (it != by_function_.end())
    for (const model::QuerySite* other : it->second) {
      if (other == &site || !other->root) continue;
      // Inline: `X.id.in_(select(Y.x_id).where(Y.key == v))`.
      if (t.value->span().contains(other->root->span()) && all_scoped(*other)) return true;
    }
  for (const model::ValueRef& r : t.value_refs) {
    if (r.origin != model::ValueOrigin::Local || r.chain != r.root || !r.assignment) continue;
    if (it != by_function_.end())
      for (const model::QuerySite* other : it->second)
        if (other != &site &&
            std::find(other->statements.begin(), other->statements.end(), r.assignment) != other->statements.end())
          return all_scoped(*other);
    const Expr* v = &r.assignment->value;
    if (v->kind == ExprKind::Await && !v->children.empty()) v = &v->children[0];
    if (v->kind == ExprKind::Call)
      if (const model::CallSite* cs = call_site(v); cs && cs->target.valid() && function_filters_key(cs->target))
        return true;
  }
  return false;
}

bool TenantScope::row_derived_id(const model::QuerySite& site, const std::string& entity) const {
  // `X.id == row.id` with `row` a local (not a parameter), and the same function reads X with the tenant filter.
  bool pk_from_local = false;
  for (const FilterTerm& t : site.filters) {
    if (t.kind != FilterTermKind::Compare || t.entity != entity || (t.op != CompareOp::Eq && t.op != CompareOp::In))
      continue;
    const model::Entity* e = m_.entity_named(entity);
    const model::Column* c = e ? e->column(t.column) : nullptr;
    if (!c || !c->primary_key) continue;
    for (const model::ValueRef& r : t.value_refs) {
      if (r.origin != model::ValueOrigin::Local || r.chain == r.root) continue;
      pk_from_local = true;
      // `row = get_x(session, tenant_id, …)`: fetched by a function that takes the tenant key.
      if (r.assignment && r.assignment->value.kind == ExprKind::Call)
        if (const model::CallSite* cs = call_site(&r.assignment->value); cs && cs->target.valid())
          if (const model::Function* f = function_of(cs->target.file, cs->target.function))
            for (const model::Param& p : f->params)
              if (p.name.find(p_.key) != std::string::npos) return true;
    }
  }
  if (!pk_from_local) return false;
  auto it = by_function_.find({site.file, site.function});
  if (it == by_function_.end()) return false;
  for (const model::QuerySite* other : it->second) {
    if (other == &site) continue;
    for (const EntityVerdict& v : judge(*other, false))
      if (v.entity == entity && v.scope == EntityScope::Scoped) return true;
  }
  return false;
}

bool TenantScope::system_context(const model::QuerySite& site) const {
  if (site.function == model::kNoIndex) return true;
  model::FunctionRef self{site.file, site.function};
  const model::Function* fn = function_of(site.file, site.function);
  if (!fn || p_.is_cross_tenant(m_, site.file, site.function)) return true;
  for (const model::Param& p : fn->params)
    if (p.name.find(p_.key) != std::string::npos) return false;
  if (handlers_.count(self)) return false;
  // Reached from a route handler directly or through one more function (a service called by a service)?
  auto it = callers_.find(self);
  if (it == callers_.end()) return true;
  for (const model::FunctionRef& c : it->second) {
    if (handlers_.count(c)) return false;
    auto it2 = callers_.find(c);
    if (it2 == callers_.end()) continue;
    for (const model::FunctionRef& c2 : it2->second)
      if (handlers_.count(c2)) return false;
  }
  return true;
}

TenancyFacts::TenancyFacts(const engine::RuleInput& in) : policy(make_tenancy_policy(in.model, in.genome)) {
  if (policy) scope.emplace(in.model, *policy);
}

const TenancyFacts& shared_tenancy(const engine::RuleInput& in) {
  return in.shared.get<TenancyFacts>([&] { return TenancyFacts(in); });
}

}  // namespace archverify::rules::tenancy
