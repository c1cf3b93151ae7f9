// ORM001 n-plus-one-load: a lazy relationship read once per row of a query
// result — in a loop or comprehension, through a response schema that nests
// the relationship, or a query executed per row by hand.
#include <array>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analyzer/engine/rule.h"
#include "rules/all_rules.h"
#include "rules/performance/orm_paths.h"

namespace archverify::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Flags a relationship attribute read once per row of a query result while
nothing loads it with the rows:

- a `for` loop or comprehension over the rows (of the query itself, of a
  variable holding them, or of a repository function that returns them — one
  call level is followed) reads `row.relationship…`;
- a FastAPI route whose `response_model` (or return annotation) is a list of a
  Pydantic schema that nests the relationship (`assignee: UserOut`), or a
  `Schema.from_orm(row)` / `model_validate(row)` per row; the schema is
  resolved in the repository and walked field by field;
- a query executed inside a loop over another query's rows whose filter (or
  `session.get` identity) uses the loop variable — the hand-written N+1.

A relationship counts as loaded when the query has a loader option for its
path (`selectinload`, `joinedload`, `subqueryload`, `contains_eager`,
`immediateload`; chained options for deeper hops; `"*"` wildcards;
`raiseload`/`noload` count as "will not lazy-load") or when the relationship
declares an eager `lazy=` (`selectin`, `joined`, `subquery`, `immediate`,
`raise`, `raise_on_sql`, `noload`). For a chain `row.owner.team.name` the
first hop that is not loaded is reported.

A many-to-one lazy load looks in the session's identity map first, so rows
sharing the same parent cost one SELECT per *distinct* parent, not per row; it
is still reported (the cost grows with the data), and a `joinedload` is the
usual fix.

Not reported: `lazy="dynamic"` / `write_only` relationships (the attribute is
a query object; calling it per row is a query per row, but no loader option
can fix that, so it is a different smell), relationships with a non-literal
`lazy=`, queries whose `.options(*opts)` or a helper named like a loader
(`with_loader_options(q)`) we cannot see into, and rows a called function
reads for us (`row.to_dict()`), assignments (`row.owner = x` sets, it does
not load), and Alembic revision files (one-off data migrations). A response
schema nesting several lazy relationships gives one finding that lists them.

## Why is this bad?
Each read of a lazy relationship on a row issues one SELECT: listing 100
projects with their owner costs 101 round trips. It is invisible in tests with
three rows and dominates latency in production. Under an `AsyncSession` it is
worse than slow: the implicit lazy load cannot run inside the event loop and
raises `MissingGreenlet`, so those findings are reported at high severity.

## Example
    projects = db.query(Project).filter_by(workspace_id=ws).all()
    return [{"name": p.name, "owner": p.owner.name} for p in projects]

## Use instead
    projects = (
        db.query(Project).filter_by(workspace_id=ws)
        .options(selectinload(Project.owner)).all()
    )

or declare the relationship eager (`relationship(lazy="selectin")`), or
`raiseload("*")` to make accidental lazy loads fail loudly in tests.

Default severity medium (a performance defect); high when the query runs on an
async session, where the same code crashes.
)md";

constexpr std::array<std::string_view, 3> kTags = {"performance", "orm", "n-plus-one"};

constexpr RuleMeta kMeta{
    .id = "ORM001",
    .name = "n-plus-one-load",
    .category = Category::Performance,
    .default_severity = Severity::Medium,
    .summary = "Relationship lazily loaded once per row of a query result",
    .docs = kDocs,
    .tags = kTags,
};

using orm::Loading;
using orm::RelationshipHop;
using orm::RowsOrigin;

std::string join(const std::vector<std::string>& parts, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n && i < parts.size(); ++i) out += (i ? "." : "") + parts[i];
  return out;
}

bool any_async(const std::vector<const model::QuerySite*>& qs) {
  for (const model::QuerySite* q : qs)
    if (q->async_session) return true;
  return false;
}

// The first hop of `path` (from depth `from` on) that every origin query loads lazily.
struct Uncovered {
  std::size_t depth = 0;
  RelationshipHop hop;
};

std::optional<Uncovered> first_uncovered(const model::RepoModel& m, const RowsOrigin& origin,
                                         const std::vector<std::string>& path, std::size_t from) {
  const model::Entity* entity = origin.entity;
  for (std::size_t d = 0; d < path.size() && entity; ++d) {
    auto hop = orm::relationship_of(m, *entity, path[d]);
    if (!hop) return std::nullopt;  // a column, property or method: the chain stops being relationships
    if (d >= from) {
      bool all_lazy = true, eager = false;
      for (const model::QuerySite* q : origin.queries) {
        Loading l = orm::loading_of(q, path, d, *hop);
        if (l != Loading::Lazy) all_lazy = false;
        if (l == Loading::Eager) eager = true;
      }
      if (all_lazy) return Uncovered{d, *hop};
      if (!eager) return std::nullopt;  // dynamic, unknown: stop
    }
    entity = hop->target;
  }
  return std::nullopt;
}

std::string lazy_text(const RelationshipHop& hop) {
  if (hop.lazy == model::LazyStrategy::Unspecified) return hop.via_backref ? "backref, default lazy loading" : "default lazy loading";
  return "lazy=\"" + std::string(model::to_string(hop.lazy)) + "\"";
}

std::string origin_text(const RowsOrigin& origin) {
  std::string s = "the query at " + orm::describe_where(origin.queries.front()->where);
  if (origin.queries.size() > 1) s += " (and " + std::to_string(origin.queries.size() - 1) + " more)";
  if (!origin.via_function.empty()) s += " returned by " + origin.via_function + "()";
  return s;
}

std::string fix_for(const RowsOrigin& origin, const std::vector<std::string>& path, const Uncovered& u) {
  if (u.depth == 0) return "add .options(selectinload(" + orm::describe_hop(u.hop) + ")) to " + origin_text(origin) +
                           " (joinedload for a many-to-one), or declare the relationship lazy=\"selectin\"";
  return "chain the option to the loaded path: selectinload(…" + join(path, u.depth) + ").selectinload(" +
         orm::describe_hop(u.hop) + ") on " + origin_text(origin);
}

class NPlusOneLoad final : public engine::Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  // One of the longest checks on large repositories: it follows every row iteration into the functions it calls.
  engine::RuleCost cost() const override { return engine::RuleCost::Heavy; }

  void check(const engine::RuleInput& input, engine::RuleContext& ctx) const override {
    const model::RepoModel& m = input.model;
    const orm::CallIndex calls(m);
    Reporter rep{m, ctx, {}, {}, {}};
    for (const model::Migration& mig : m.migrations) rep.migration_files.insert(mig.file);
    // Only the functions holding a row loop need their calls listed.
    for (const model::RowIteration& it : m.row_iterations) rep.calls_by_function.try_emplace(function_key(it.file, it.function));
    for (const model::CallSite& c : m.calls)
      if (c.call)
        if (auto found = rep.calls_by_function.find(function_key(c.file, c.in_function)); found != rep.calls_by_function.end())
          found->second.push_back(&c);
    for (std::uint32_t i = 0; i < m.row_iterations.size(); ++i) check_iteration(m, i, calls, rep);
    for (const model::ResponseSchema& rs : m.response_schemas) check_response(m, rs, calls, rep);
    for (const model::CallSite& c : m.calls) check_dump(m, c, calls, rep);
  }

 private:
  static std::uint64_t function_key(std::uint32_t file, std::uint32_t function) {
    return (std::uint64_t{file} << 32) | function;
  }

  struct Reporter {
    const model::RepoModel& m;
    engine::RuleContext& ctx;
    std::set<std::pair<SourceRange, std::string>> seen;
    std::set<std::uint32_t> migration_files;  // Alembic revision files
    // Call sites per (file, enclosing function), so a loop looks only at its own function's calls.
    // By function_key(file, function), for the functions holding a row loop.
    std::unordered_map<std::uint64_t, std::vector<const model::CallSite*>> calls_by_function;

    const std::vector<const model::CallSite*>& calls_in(std::uint32_t file, std::uint32_t function) const {
      static const std::vector<const model::CallSite*> kNone;
      auto found = calls_by_function.find(function_key(file, function));
      return found == calls_by_function.end() ? kNone : found->second;
    }

    // One finding per (loop or route, relationship path): `key` is the loop / route.
    void lazy_read(const SourceRange& key, const SourceRange& at, const RowsOrigin& origin,
                   const std::vector<std::string>& path, const Uncovered& u, const std::string& how,
                   std::vector<RelatedLocation> related = {}, const std::string& also = {},
                   const std::string& per = "row") {
      if (!seen.emplace(key, join(path, u.depth + 1)).second) return;
      std::string msg = how + orm::describe_hop(u.hop) + " (" + lazy_text(u.hop) + ") once per " + per + " of " +
                        origin_text(origin) + ", which has no loader option for it" + also;
      bool async = any_async(origin.queries);
      if (async) msg += "; on an async session this implicit lazy load raises MissingGreenlet";
      Finding& f = async ? ctx.report_at(Severity::High, at, msg, fix_for(origin, path, u))
                         : ctx.report(at, msg, fix_for(origin, path, u));
      f.related.push_back(RelatedLocation{origin.queries.front()->where, "the query producing the rows"});
      f.related.push_back(RelatedLocation{u.hop.declared->where, "the relationship"});
      for (RelatedLocation& r : related) f.related.push_back(std::move(r));
    }
  };

  static void check_iteration(const model::RepoModel& m, std::uint32_t i,
                              const orm::CallIndex& calls, Reporter& rep) {
    const model::RowIteration& it = m.row_iterations[i];
    std::string var = orm::row_variable(it);
    auto origin = orm::rows_of_iteration(m, i, calls);
    bool rows = origin || it.query != model::kNoIndex;
    if (!rows || rep.migration_files.count(it.file)) return;  // one-off data migrations: not a hot path
    rep.ctx.count_check();
    if (origin && !var.empty()) {
      const std::set<const model::Expr*> assigned = assignment_targets(it);
      for (const model::AttributeRead& read : it.reads) {
        if (read.variable != var) continue;
        std::vector<std::string> path = origin->prefix;
        path.insert(path.end(), read.chain.begin(), read.chain.end());
        if (assigned.count(read.expr)) path.pop_back();  // `row.rel = x` sets, it does not load
        if (auto u = first_uncovered(m, *origin, path, origin->prefix.size()))
          rep.lazy_read(it.where, read.where, *origin, path, *u, "`" + var + "." + join(read.chain, u->depth + 1 - origin->prefix.size()) + "` loads ");
      }
      check_validations(m, it, var, *origin, calls, rep);
      check_calls_with_row(m, it, var, *origin, calls, rep);
    }
    check_queries_in_body(m, it, rep);
  }

  // One call level into what the loop does with the row: `serialize(row)` (a repository function: the reads
  // of its parameter) and `row.to_dict()` (a method of the row's class: the reads of `self`).
  static void check_calls_with_row(const model::RepoModel& m, const model::RowIteration& it, const std::string& var,
                                   const RowsOrigin& origin, const orm::CallIndex&, Reporter& rep) {
    for (const model::CallSite* site : rep.calls_in(it.file, it.function)) {
      const model::CallSite& c = *site;
      const SourceRange at = m.files[c.file].range(c.call->span());
      if (!it.where.contains(at)) continue;
      model::FunctionRef target;
      std::string param;
      const model::Expr& callee = c.call->callee();
      if (callee.kind == model::ExprKind::Attribute && callee.children.size() == 1 &&
          callee.children[0].kind == model::ExprKind::Name && callee.children[0].text == var && origin.prefix.empty()) {
        target = method_of(m, *origin.entity, callee.text);
        param = "self";
      } else if (c.target.valid()) {
        const model::Function& fn = m.files[c.target.file].functions[c.target.function];
        auto pos = c.call->positional();
        std::size_t offset = fn.owner_class != model::kNoIndex && !fn.params.empty() &&
                                     (fn.params[0].name == "self" || fn.params[0].name == "cls") ? 1 : 0;
        for (std::size_t i = 0; i < pos.size(); ++i)
          if (pos[i]->kind == model::ExprKind::Name && pos[i]->text == var && i + offset < fn.params.size())
            param = fn.params[i + offset].name;
        if (!param.empty()) target = c.target;
      }
      if (!target.valid() || param.empty() || (target.file == it.file && target.function == it.function)) continue;
      const model::Function& fn = m.files[target.file].functions[target.function];
      // One finding per call: the first lazily loaded relationship, the others listed.
      struct Hit { std::vector<std::string> path; Uncovered u; SourceRange inside; std::string text; };
      std::vector<Hit> hits;
      for (const orm::NameRead& read : orm::reads_of(fn, param)) {
        std::vector<std::string> path = origin.prefix;
        path.insert(path.end(), read.chain.begin(), read.chain.end());
        auto u = first_uncovered(m, origin, path, origin.prefix.size());
        if (!u) continue;
        std::string text = param + "." + join(read.chain, u->depth + 1);
        bool dup = false;
        for (const Hit& h : hits) dup = dup || h.text == text;
        if (!dup) hits.push_back(Hit{path, *u, m.files[target.file].range(read.expr->span()), text});
      }
      if (hits.empty()) continue;
      std::string also;
      std::vector<RelatedLocation> related{RelatedLocation{hits[0].inside, "the read inside " + fn.qualname.str()}};
      for (std::size_t h = 1; h < hits.size(); ++h) {
        also += (h > 1 ? ", `" : "; it also reads `") + hits[h].text + "`";
        related.push_back(RelatedLocation{hits[h].inside, "also read per row"});
      }
      rep.lazy_read(it.where, at, origin, hits[0].path, hits[0].u,
                    "`" + std::string(c.callee) + "(…)` reads `" + hits[0].text + "` (" + orm::describe_where(hits[0].inside) +
                        "), which loads ",
                    std::move(related), also);
    }
  }

  // The method `name` of the class mapped by `entity` (or of a mapped base), or an invalid ref.
  static model::FunctionRef method_of(const model::RepoModel& m, const model::Entity& entity, std::string_view name) {
    auto in = [&](const model::Entity& e) -> model::FunctionRef {
      if (e.file == model::kNoIndex || e.class_index == model::kNoIndex) return {};
      const model::FileFacts& f = m.files[e.file];
      for (std::uint32_t fi : f.classes[e.class_index].methods)
        if (f.functions[fi].name == name) return model::FunctionRef{e.file, fi};
      return {};
    };
    if (auto r = in(entity); r.valid()) return r;
    for (const std::string& base : entity.bases)
      if (const model::Entity* b = m.entity_named(base); b && b != &entity)
        if (auto r = in(*b); r.valid()) return r;
    return {};
  }

  // Attribute expressions assigned to in a loop body (`q.latest_query_data = result`).
  static std::set<const model::Expr*> assignment_targets(const model::RowIteration& it) {
    std::set<const model::Expr*> out;
    if (!it.loop) return out;
    model::visit_statements(it.loop->body, [&](const model::Stmt& s) {
      if (s.kind != model::StmtKind::Assign) return;
      for (const model::Expr& t : s.targets) {
        if (t.kind == model::ExprKind::Attribute) out.insert(&t);
        if (t.kind == model::ExprKind::Tuple || t.kind == model::ExprKind::List)
          for (const model::Expr& el : t.children) out.insert(&el);
      }
    });
    return out;
  }

  // Schema.from_orm(row) / Schema.model_validate(row) inside the loop.
  static void check_validations(const model::RepoModel& m, const model::RowIteration& it, const std::string& var,
                                const RowsOrigin& origin, const orm::CallIndex&,
                                Reporter& rep) {
    for (const model::CallSite* site : rep.calls_in(it.file, it.function)) {
      const model::CallSite& c = *site;
      const SourceRange at = m.files[c.file].range(c.call->span());
      if (!it.where.contains(at)) continue;
      const model::SchemaClass* s = validated_schema(m, c);
      if (!s) continue;
      auto pos = c.call->positional();
      if (pos.empty() || pos[0]->kind != model::ExprKind::Name || pos[0]->text != var) continue;
      check_schema(m, *s, origin, true, it.where, at, "`" + s->name + "." + std::string(c.call->callee().text) + "(" + var + ")`", rep);
    }
  }

  // The schema of a `Schema.from_orm(x)` / `Schema.model_validate(x)` call: by the resolved callee, else by a
  // unique class name.
  static const model::SchemaClass* validated_schema(const model::RepoModel& m, const model::CallSite& c) {
    for (std::string_view suffix : {".from_orm", ".model_validate"}) {
      for (std::string_view q : {std::string_view(c.qualified), std::string_view(c.callee)}) {
        if (q.size() <= suffix.size() || q.substr(q.size() - suffix.size()) != suffix) continue;
        std::string_view owner = q.substr(0, q.size() - suffix.size());
        if (const model::SchemaClass* s = m.schema_named(owner)) return s;
        std::string_view name = owner.substr(owner.rfind('.') == std::string_view::npos ? 0 : owner.rfind('.') + 1);
        const model::SchemaClass* unique = nullptr;
        for (const model::SchemaClass& s : m.schemas) {
          if (s.name != name) continue;
          if (unique) return nullptr;
          unique = &s;
        }
        if (unique) return unique;
      }
    }
    return nullptr;
  }

  // A nested schema field whose relationship is lazily loaded per row.
  struct Pending {
    std::vector<std::string> path;
    Uncovered u;
    std::string field;  // "IncidentRead.commander"
    SourceRange where;
    std::string many_at;  // the list field that made it per row ("tags"), "" when the response itself is a list
  };

  // Walks a schema against the rows and reports ONE finding for all the lazily loaded relationships it
  // nests (deep response schemas would otherwise give one finding per nested field).
  static void check_schema(const model::RepoModel& m, const model::SchemaClass& schema, const RowsOrigin& origin,
                           bool per_row, const SourceRange& key, const SourceRange& at, const std::string& how,
                           Reporter& rep) {
    std::vector<Pending> pending;
    walk_schema(m, schema, origin, origin.prefix, per_row, "", pending, 0);
    if (pending.empty()) return;
    const Pending& first = pending.front();
    std::string more;
    for (std::size_t i = 1; i < pending.size() && i <= 3; ++i) more += (i > 1 ? ", `" : "`") + join(pending[i].path, pending[i].path.size()) + "`";
    if (pending.size() > 4) more += " and " + std::to_string(pending.size() - 4) + " more";
    std::string text = how + " nests `" + join(first.path, first.path.size()) + "` (" + first.field + "), which loads ";
    std::vector<RelatedLocation> related{RelatedLocation{first.where, "the nested schema field"}};
    for (std::size_t i = 1; i < pending.size() && i <= 3; ++i)
      related.push_back(RelatedLocation{pending[i].where, "also lazily loaded per row: " + pending[i].field});
    rep.lazy_read(key, at, origin, first.path, first.u, text, std::move(related),
                  more.empty() ? std::string() : "; also " + more,
                  first.many_at.empty() ? std::string("row") : "item of `" + first.many_at + "` in the row(s)");
  }

  static void walk_schema(const model::RepoModel& m, const model::SchemaClass& schema, const RowsOrigin& origin,
                          const std::vector<std::string>& path, bool per_row, const std::string& many_at,
                          std::vector<Pending>& out, int depth) {
    if (depth > 4) return;
    for (const model::NestedField& f : schema.nested) {
      std::vector<std::string> p = path;
      p.push_back(f.attribute);
      const model::SchemaClass* inner = m.schema_named(f.schema);
      if (per_row) {
        if (auto u = first_uncovered(m, origin, p, p.size() - 1)) {
          out.push_back(Pending{p, *u, schema.name + "." + f.name, f.where, many_at});
          continue;
        }
      }
      if (!inner || !follows_relationships(m, origin, p)) continue;
      walk_schema(m, *inner, origin, p, per_row || f.many, per_row || !f.many ? many_at : join(p, p.size()), out,
                  depth + 1);
    }
  }

  // Every hop of `p` is a relationship that is loaded (so the walk may continue below it).
  static bool follows_relationships(const model::RepoModel& m, const RowsOrigin& origin, const std::vector<std::string>& p) {
    const model::Entity* e = origin.entity;
    for (const std::string& a : p) {
      if (!e) return false;
      auto hop = orm::relationship_of(m, *e, a);
      if (!hop) return false;
      e = hop->target;
    }
    return e != nullptr;
  }

  static void check_response(const model::RepoModel& m, const model::ResponseSchema& rs,
                             const orm::CallIndex& calls, Reporter& rep) {
    const model::Route& route = m.routes[rs.route];
    const model::SchemaClass* schema = m.schema_named(rs.schema);
    if (!schema || !route.handler.valid() || schema->nested.empty()) return;
    auto origin = handler_rows(m, route.handler, calls);
    if (!origin) return;
    for (const model::QuerySite* q : origin->queries)
      if (q->yields_many() != rs.many) return;  // a list response of one row (or the reverse): shape unclear
    rep.ctx.count_check();
    std::string how = std::string(to_string(route.method)) + " " + route.path_text + ": response model " + schema->name;
    check_schema(m, *schema, *origin, rs.many, route.where, route.where, how, rep);
  }

  // The rows a handler returns: its own query, or the query of the repository function it returns the result of.
  static std::optional<RowsOrigin> handler_rows(const model::RepoModel& m, model::FunctionRef handler,
                                                const orm::CallIndex& calls) {
    RowsOrigin origin;
    auto add = [&](const model::QuerySite* q) {
      const model::Entity* e = orm::row_entity(m, *q);
      if (!e || (origin.entity && origin.entity != e)) return false;
      origin.entity = e;
      origin.queries.push_back(q);
      return true;
    };
    for (const model::QuerySite* q : orm::returned_queries(m, handler))
      if (!add(q)) return std::nullopt;
    if (!origin.queries.empty()) return origin;
    const model::Function& fn = m.files[handler.file].functions[handler.function];
    std::vector<const model::Expr*> returned;
    model::visit_statements(fn.body, [&](const model::Stmt& s) {
      if (s.kind == model::StmtKind::Return) returned.push_back(&s.value);
    });
    for (const model::Expr* r : returned) {
      const model::Expr* v = r;
      if (v->kind == model::ExprKind::Await && !v->children.empty()) v = &v->children[0];
      if (v->kind == model::ExprKind::Name) v = assigned_call(fn, v->text);
      if (!v || v->kind != model::ExprKind::Call) continue;
      const model::CallSite* c = calls.site(v);
      if (!c || !c->target.valid()) continue;
      for (const model::QuerySite* q : orm::returned_queries(m, c->target))
        if (!add(q)) return std::nullopt;
      if (origin.via_function.empty()) origin.via_function = c->qualified;
    }
    if (origin.queries.empty()) return std::nullopt;
    return origin;
  }

  // Marshmallow: `TaskSchema(many=True).dump(rows)` / `TaskSchema().dump(rows, many=True)`.
  static void check_dump(const model::RepoModel& m, const model::CallSite& c, const orm::CallIndex& calls, Reporter& rep) {
    const model::Expr& callee = c.call->callee();
    if (callee.kind != model::ExprKind::Attribute || callee.text != "dump" || callee.children.empty() ||
        callee.children[0].kind != model::ExprKind::Call || c.in_function == model::kNoIndex)
      return;
    const model::Expr& ctor = callee.children[0];
    const model::CallSite* sc = calls.site(&ctor);
    if (!sc) return;
    const model::SchemaClass* schema = m.schema_named(sc->qualified);
    if (!schema || schema->flavor != model::SchemaFlavor::Marshmallow) return;
    auto is_true = [](const model::Expr* e) { return e && e->kind == model::ExprKind::True; };
    bool many = is_true(ctor.keyword("many")) || is_true(c.call->keyword("many"));
    auto pos = c.call->positional();
    if (!many || pos.empty()) return;
    RowsOrigin origin;
    for (const model::QuerySite& q : m.queries) {
      if (q.file != c.file || q.function != c.in_function) continue;
      for (const model::ResultFlow& f : q.flows)
        if (f.kind == model::ResultFlowKind::Argument && f.call == c.call && q.yields_many()) origin.queries.push_back(&q);
    }
    const model::Function& fn = m.files[c.file].functions[c.in_function];
    const model::Expr* v = pos[0];
    if (v->kind == model::ExprKind::Name) v = assigned_call(fn, v->text);
    if (origin.queries.empty() && v && v->kind == model::ExprKind::Call)
      if (const model::CallSite* t = calls.site(v); t && t->target.valid()) {
        for (const model::QuerySite* q : orm::returned_queries(m, t->target))
          if (q->yields_many()) origin.queries.push_back(q);
        origin.via_function = t->qualified;
      }
    for (const model::QuerySite* q : origin.queries) {
      const model::Entity* e = orm::row_entity(m, *q);
      if (!e || (origin.entity && origin.entity != e)) return;
      origin.entity = e;
    }
    if (!origin.entity) return;
    rep.ctx.count_check();
    const SourceRange at = m.files[c.file].range(c.call->span());
    check_schema(m, *schema, origin, true, at, at, "`" + schema->name + "(…).dump(…, many)`", rep);
  }

  // The call a local was last assigned from (`tasks = await service.list(db)`), or nullptr.
  static const model::Expr* assigned_call(const model::Function& fn, std::string_view name) {
    const model::Expr* out = nullptr;
    model::visit_statements(fn.body, [&](const model::Stmt& s) {
      if (s.kind != model::StmtKind::Assign || s.targets.size() != 1 || s.targets[0].kind != model::ExprKind::Name ||
          s.targets[0].text != name)
        return;
      const model::Expr* v = &s.value;
      if (v->kind == model::ExprKind::Await && !v->children.empty()) v = &v->children[0];
      out = v;
    });
    return out;
  }

  // A query executed in the loop body whose filter uses the loop variable.
  static void check_queries_in_body(const model::RepoModel& m, const model::RowIteration& it, Reporter& rep) {
    for (std::uint32_t qi : it.queries_in_body) {
      const model::QuerySite& q = m.queries[qi];
      std::string used = uses_variables(q, it.variables);
      if (used.empty()) continue;
      SourceRange at = q.where;
      for (const model::Stmt* s : q.statements) {
        SourceRange r = m.files[q.file].range(s->span);
        if (it.where.contains(r)) { at = r; break; }
      }
      std::string entity = q.entities.empty() ? std::string("a query") : "a query on " + q.entities.front().name;
      if (!rep.seen.emplace(at, "query").second) continue;
      Finding& f = rep.ctx.report(at,
                                  entity + " runs once per row of the loop at " +
                                      orm::describe_where(it.where) + " (its filter uses `" + used + "`): N+1 queries",
                                  "load them in one query before the loop (filter with .in_(ids) and group, or "
                                  "selectinload the relationship on the outer query)");
      f.related.push_back(RelatedLocation{it.where, "the loop over the rows"});
    }
  }

  static std::string uses_variables(const model::QuerySite& q, const std::vector<std::string>& vars) {
    auto is_var = [&](std::string_view root) {
      for (const std::string& v : vars)
        if (v == root) return true;
      return false;
    };
    std::string found;
    auto walk = [&](auto&& self, const model::FilterTerm& t) -> void {
      for (const model::ValueRef& r : t.value_refs)
        if (found.empty() && is_var(r.root)) found = r.chain;
      for (const model::FilterTerm& c : t.children) self(self, c);
    };
    for (const model::FilterTerm& t : q.filters) walk(walk, t);
    if (found.empty() && q.identity) {
      model::visit(*q.identity, [&](const model::Expr& e) {
        if (found.empty() && (e.kind == model::ExprKind::Name || e.kind == model::ExprKind::Attribute) &&
            is_var(e.root_name()))
          found = e.dotted();
      });
    }
    return found;
  }
};

}  // namespace

std::unique_ptr<engine::Rule> make_n_plus_one_load() { return std::make_unique<NPlusOneLoad>(); }

}  // namespace archverify::rules
