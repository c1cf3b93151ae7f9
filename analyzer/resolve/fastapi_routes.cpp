// FastAPI routes: `FastAPI()` / `APIRouter()` objects (with `prefix=`,
// `dependencies=`, `include_in_schema=`), route decorators (`@app.get`,
// `@router.api_route(methods=)`), `add_api_route`, the `router.get(path)(f)`
// call form, and `include_router(router, prefix=, dependencies=)` edges at any
// depth and across modules. Receivers must resolve to a FastAPI object: a
// `.get(...)` on anything else (a cache, `requests`) is not a route. Not
// handled: websocket routes, `app.mount()`, starlette `add_route`, routers
// built and returned by factory functions.
#include <algorithm>
#include <array>

#include "analyzer/resolve/build_model.h"
#include "analyzer/resolve/route_graph.h"

namespace archverify::resolve::routing {

using model::Expr;
using model::ExprKind;
using model::HttpMethod;

namespace {

const std::vector<std::string_view> kApps = {"fastapi.FastAPI", "fastapi.applications.FastAPI"};
const std::vector<std::string_view> kRouters = {"fastapi.APIRouter", "fastapi.routing.APIRouter"};
const std::vector<std::string_view> kAll = {"fastapi.FastAPI", "fastapi.applications.FastAPI", "fastapi.APIRouter",
                                            "fastapi.routing.APIRouter"};

bool is_fastapi(const Node& n) { return n.kind == NodeKind::FastApiApp || n.kind == NodeKind::FastApiRouter; }

constexpr std::array<std::string_view, 8> kVerbs = {"get", "post", "put", "patch", "delete", "head", "options", "trace"};

// The attributes decorator_methods accepts.
bool is_route_verb(std::string_view attr) {
  return attr == "api_route" || std::find(kVerbs.begin(), kVerbs.end(), attr) != kVerbs.end();
}

// "get" → [Get]; "api_route" → from methods= (GET when absent); anything else → nullopt.
std::optional<std::vector<HttpMethod>> decorator_methods(const Evaluator& eval, std::string_view attr, const Expr& call,
                                                         const Scope& s) {
  if (attr == "api_route") {
    const Expr* m = call.keyword("methods");
    // A methods= we cannot read keeps the route (as GET) rather than losing it.
    if (!m) return std::vector<HttpMethod>{HttpMethod::Get};
    auto list = eval.methods(*m, s);
    return list && !list->empty() ? *list : std::vector<HttpMethod>{HttpMethod::Get};
  }
  for (std::string_view v : kVerbs)
    if (attr == v) return std::vector<HttpMethod>{*model::parse_http_method(v)};
  return std::nullopt;
}


struct Declared {
  NodeId node;
  const Expr* call;                   // the call carrying path/methods/options
  std::vector<HttpMethod> methods;
  model::FunctionRef handler;
  std::vector<const Expr*> skip;      // the handler's decorators that are routes themselves
  Scope scope;
};

void add_routes(const Evaluator& eval, RouteGraph& g, const Declared& d) {
  const Expr* path_arg = d.call->arg(0, "path");
  if (!path_arg) return;
  model::Route base;
  base.framework = model::Framework::FastApi;
  base.where = eval.range(d.scope.file, *d.call);
  fill_handler(eval, base, d.handler, d.skip);
  if (const Expr* deps = d.call->keyword("dependencies")) {
    auto list = eval.dependency_list(*deps, d.scope, model::DependencyLevel::Route);
    base.dependencies.insert(base.dependencies.begin(), list.begin(), list.end());
  }
  if (const Expr* rm = d.call->keyword("response_model")) {
    base.response_model = rm;
    base.response_model_name = eval.qualified(*rm, d.scope);
  }
  if (const Expr* sc = d.call->keyword("status_code")) base.status_code = eval.status_code(*sc, d.scope);
  if (const Expr* iis = d.call->keyword("include_in_schema")) base.include_in_schema = eval.boolean(*iis, d.scope).value_or(true);
  for (const model::PathTemplate& rule : eval.paths(*path_arg, d.scope, model::PathSyntax::FastApi)) {
    for (HttpMethod m : d.methods) {
      PendingRoute p;
      p.node = d.node;
      p.rule = rule;
      p.route = base;
      p.route.method = m;
      g.add_route(std::move(p));
    }
  }
}

// The decorators of a function that declare FastAPI routes, with their node.
std::vector<std::pair<const Expr*, NodeId>> route_decorators(const Evaluator& eval, const RouteGraph& g,
                                                             const model::Function& fn, const Scope& s) {
  std::vector<std::pair<const Expr*, NodeId>> out;
  for (const Expr& d : fn.decorators) {
    std::string_view attr;
    const Expr* recv = receiver_of(d, attr);
    if (!recv || !decorator_methods(eval, attr, d, s)) continue;
    NodeId n = g.node_of(*recv, s);
    if (n != kNoNode && is_fastapi(g.node(n))) out.emplace_back(&d, n);
  }
  return out;
}

// A repository subclass of APIRouter/FastAPI whose `__init__` passes
// `dependencies=[...]` to `super().__init__` (mealie's `UserAPIRouter`): every
// instance carries those dependencies.
void subclass_dependencies(const Evaluator& eval, const Expr& call, const Scope& s,
                           std::vector<model::DependencyRef>& out, bool app) {
  Symbol sym = eval.symbol(call.callee(), s);
  if (sym.kind != Symbol::Kind::Class) return;
  const auto level = app ? model::DependencyLevel::App : model::DependencyLevel::Router;
  for_each_class_in_hierarchy(eval, sym.file, sym.index, [&](std::uint32_t fi, std::uint32_t ci) {
    const model::FileFacts& facts = eval.model().files[fi];
    for (std::uint32_t m : facts.classes[ci].methods) {
      if (facts.functions[m].name != "__init__") continue;
      Scope init{fi, m, nullptr};
      model::visit_statements(facts.functions[m].body, [&](const model::Stmt& st) {
        if (st.value.empty()) return;
        model::visit(st.value, [&](const Expr& e) {
          if (e.kind != ExprKind::Call || e.callee().kind != ExprKind::Attribute || e.callee().text != "__init__") return;
          const Expr& recv = e.callee().children[0];
          if (recv.kind != ExprKind::Call || recv.callee().dotted() != "super") return;
          if (const Expr* d = e.keyword("dependencies")) {
            auto list = eval.dependency_list(*d, init, level);
            out.insert(out.end(), list.begin(), list.end());
          }
        });
      });
    }
  });
}

}  // namespace

void collect_fastapi_nodes(const Evaluator& eval, RouteGraph& g, const std::vector<AssignedCall>& assigned,
                           const std::vector<Constructed>& constructed) {
  for (std::size_t i = 0; i < assigned.size(); ++i) {
    std::string ctor = constructor_named(constructed[i], kAll);
    if (ctor.empty()) continue;
    const Expr& call = *assigned[i].call;
    const Scope& s = assigned[i].scope;
    Node n;
    bool app = std::find(kApps.begin(), kApps.end(), std::string_view(ctor)) != kApps.end();
    n.kind = app ? NodeKind::FastApiApp : NodeKind::FastApiRouter;
    n.framework = model::Framework::FastApi;
    n.name = assigned_name(eval.model(), assigned[i]);
    if (const Expr* p = call.keyword("prefix")) n.own_prefix = eval.path(*p, s, model::PathSyntax::FastApi);
    if (const Expr* d = call.keyword("dependencies"))
      n.dependencies = eval.dependency_list(*d, s, app ? model::DependencyLevel::App : model::DependencyLevel::Router);
    subclass_dependencies(eval, call, s, n.dependencies, app);
    if (const Expr* iis = call.keyword("include_in_schema")) n.include_in_schema = eval.boolean(*iis, s).value_or(true);
    n.where = eval.range(s.file, call);
    g.add_node(&call, std::move(n));
  }
}

void collect_fastapi_routes(const Evaluator& eval, RouteGraph& g) {
  // Routes and edges only ever hang on FastAPI apps and routers.
  if (!g.has_kind(NodeKind::FastApiApp) && !g.has_kind(NodeKind::FastApiRouter)) return;
  const model::RepoModel& m = eval.model();
  // Decorated functions.
  for (std::uint32_t fi = 0; fi < m.files.size(); ++fi) {
    const model::FileFacts& facts = m.files[fi];
    for (std::uint32_t i = 0; i < facts.functions.size(); ++i) {
      const model::Function& fn = facts.functions[i];
      if (fn.decorators.empty()) continue;
      Scope outer{fi, fn.parent_function, nullptr};
      for (const Expr& d : fn.decorators) {
        std::string_view attr;
        const Expr* recv = receiver_of(d, attr);
        // Whether the attribute names a route verb does not depend on the scope.
        if (!recv || !is_route_verb(attr)) continue;
        with_bindings(eval, d, outer, [&](const Scope& s) {
          auto methods = decorator_methods(eval, attr, d, s);
          if (!methods) return;
          NodeId n = g.node_of(*recv, s);
          if (n == kNoNode || !is_fastapi(g.node(n))) return;
          std::vector<const Expr*> skip;
          for (const auto& [dec, node] : route_decorators(eval, g, fn, s)) skip.push_back(dec);
          add_routes(eval, g, Declared{n, &d, *methods, model::FunctionRef{fi, i}, skip, s});
        });
      }
    }
  }
  // include_router, add_api_route and router.get(path)(handler).
  for (const model::CallSite& call_site : m.calls) {
    const Expr& call = *call_site.call;
    const std::uint32_t fi = call_site.file;
    const auto [attr, inner_attr, recv, inner_recv] = call_shape(call);
    const Expr& callee = call.callee();
    if (!inner_recv && attr != "include_router" && attr != "add_api_route") continue;
    with_bindings(eval, call, Scope{fi, call_site.in_function, nullptr}, [&](const Scope& s) {
      if (inner_recv) {
        auto methods = decorator_methods(eval, inner_attr, callee, s);
        NodeId n = methods ? g.node_of(*inner_recv, s) : kNoNode;
        const Expr* handler = call.arg(0, "");
        if (n == kNoNode || !is_fastapi(g.node(n)) || !handler) return;
        add_routes(eval, g, Declared{n, &callee, *methods, eval.function(*handler, s), {}, s});
        return;
      }
      if (attr == "add_api_route") {
        NodeId n = g.node_of(*recv, s);
        if (n == kNoNode || !is_fastapi(g.node(n))) return;
        std::vector<HttpMethod> methods{HttpMethod::Get};
        if (const Expr* me = call.keyword("methods"))
          if (auto list = eval.methods(*me, s)) methods = *list;
        const Expr* endpoint = call.arg(1, "endpoint");
        add_routes(eval, g, Declared{n, &call, methods, endpoint ? eval.function(*endpoint, s) : model::FunctionRef{}, {}, s});
        return;
      }
      // include_router
      const Expr* child_arg = call.arg(0, "router");
      NodeId parent = g.node_of(*recv, s);
      if (!child_arg || (parent != kNoNode && !is_fastapi(g.node(parent)))) return;
      for (NodeId child : g.nodes_of(*child_arg, s)) {
        if (!is_fastapi(g.node(child))) continue;
        if (parent == kNoNode) parent = g.unknown_parent(fi, *recv, model::Framework::FastApi);
        Edge e;
        e.parent = parent;
        e.child = child;
        if (const Expr* p = call.keyword("prefix")) e.prefix = eval.path(*p, s, model::PathSyntax::FastApi);
        if (const Expr* d = call.keyword("dependencies"))
          e.dependencies = eval.dependency_list(*d, s, model::DependencyLevel::Include);
        if (const Expr* iis = call.keyword("include_in_schema")) e.include_in_schema = eval.boolean(*iis, s).value_or(true);
        e.where = eval.range(fi, call);
        g.add_edge(std::move(e));
      }
    });
  }
}

}  // namespace archverify::resolve::routing

namespace archverify::resolve {

void build_routes(ResolveContext& ctx) {
  routing::Evaluator eval(ctx.model, ctx.symbols);
  routing::RouteGraph graph(eval);
  routing::AssignedNames assigned_names;
  const std::vector<routing::AssignedCall> assigned = routing::assigned_calls(ctx.model, assigned_names);
  const std::vector<routing::Constructed> constructed = routing::constructed_by(eval, assigned, assigned_names);
  routing::collect_fastapi_nodes(eval, graph, assigned, constructed);
  routing::collect_flask_nodes(eval, graph, assigned, constructed);
  routing::collect_fastapi_routes(eval, graph);
  routing::collect_flask_routes(eval, graph, assigned);
  routing::mark_loopback_apps(eval, graph, assigned);
  std::vector<model::Route> composed = graph.compose();
  // Ordered by (path, method, where), ties in composition order. The sort
  // moves indices, not routes (a Route is a few hundred bytes of strings and
  // vectors); then the routes are put in that order in place, cycle by cycle,
  // each moved about once, without a second array of them.
  std::vector<std::uint32_t> order(composed.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t i, std::uint32_t j) {
    const model::Route& a = composed[i];
    const model::Route& b = composed[j];
    return std::tie(a.path_text, a.method, a.where) < std::tie(b.path_text, b.method, b.where);
  });
  // Position k takes the route at order[k]; a placed position's order entry
  // becomes k itself, so every cycle is walked once.
  for (std::uint32_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) continue;
    model::Route held = std::move(composed[start]);
    std::uint32_t k = start;
    while (order[k] != start) {
      const std::uint32_t from = order[k];
      composed[k] = std::move(composed[from]);
      order[k] = k;
      k = from;
    }
    composed[k] = std::move(held);
    order[k] = k;
  }
  ctx.model.routes = std::move(composed);
}

}  // namespace archverify::resolve
