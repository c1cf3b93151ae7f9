// Flask routes: `Flask()` apps and `Blueprint(url_prefix=)` objects, route
// decorators (`@app.route(methods=)`, `@bp.get`), `add_url_rule` with a
// function or a class-based view (`X.as_view("name")`: MethodView verbs or the
// class's `methods`), `register_blueprint(bp, url_prefix=)` (which replaces the
// blueprint's own prefix) at any nesting depth, and flask-restful / flask-restx
// `Api(app|bp, prefix=)` with `add_resource(Resource, *urls)`, `api.init_app`
// and restx's `@api.route(...)` class decorator. Registrations made inside
// wrapper functions (`def register_view(bp, routes, view_func)`) are expanded
// per call site. A method of an `Api` subclass that hands its arguments to
// `self.add_resource(resource, *urls)` (redash's `add_org_resource`) registers
// like add_resource; what it does to the urls first (an org prefix from a
// setting) is not followed. Not handled: restx Namespaces, `app.url_map.add(Rule)`.
#include <array>
#include <set>

#include "analyzer/resolve/route_graph.h"

namespace archverify::resolve::routing {

using model::Expr;
using model::ExprKind;
using model::HttpMethod;

namespace {

const std::vector<std::string_view> kApps = {"flask.Flask", "flask.app.Flask", "apiflask.APIFlask"};
const std::vector<std::string_view> kBlueprints = {"flask.Blueprint", "flask.blueprints.Blueprint", "apiflask.APIBlueprint"};
const std::vector<std::string_view> kRestful = {"flask_restful.Api"};
const std::vector<std::string_view> kRestx = {"flask_restx.Api", "flask_restplus.Api"};

bool in(const std::vector<std::string_view>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), std::string_view(s)) != v.end();
}
bool is_flask_site(const Node& n) { return n.kind == NodeKind::FlaskApp || n.kind == NodeKind::Blueprint; }

constexpr std::array<std::string_view, 8> kVerbs = {"get", "post", "put", "patch", "delete", "head", "options", "trace"};


// Flask's `@bp.get(rule)`-style shortcuts.
bool is_verb_shortcut(std::string_view attr) {
  return attr == "get" || attr == "post" || attr == "put" || attr == "patch" || attr == "delete";
}

// "route" → from methods= (GET when absent); get/post/put/patch/delete → that verb.
std::optional<std::vector<HttpMethod>> decorator_methods(const Evaluator& eval, std::string_view attr, const Expr& call,
                                                         const Scope& s) {
  if (attr == "route") {
    // A methods= we cannot read keeps the route (as GET) rather than losing it.
    if (const Expr* m = call.keyword("methods"))
      if (auto list = eval.methods(*m, s); list && !list->empty()) return *list;
    return std::vector<HttpMethod>{HttpMethod::Get};
  }
  if (is_verb_shortcut(attr)) return std::vector<HttpMethod>{*model::parse_http_method(attr)};
  return std::nullopt;
}

void push_routes(RouteGraph& g, NodeId node, const std::vector<model::PathTemplate>& rules, const model::Route& base,
                 const std::vector<HttpMethod>& methods) {
  for (const model::PathTemplate& rule : rules)
    for (HttpMethod m : methods) {
      PendingRoute p;
      p.node = node;
      p.rule = rule;
      p.route = base;
      p.route.method = m;
      g.add_route(std::move(p));
    }
}

// Class-based views and resources: one route per HTTP verb the class serves.
void add_class_routes(const Evaluator& eval, RouteGraph& g, NodeId node, const std::vector<model::PathTemplate>& rules,
                      std::uint32_t cfile, std::uint32_t cls, std::optional<std::vector<HttpMethod>> methods,
                      model::Route base) {
  const model::RepoModel& m = eval.model();
  std::vector<std::pair<HttpMethod, model::FunctionRef>> handlers;
  std::vector<std::string> class_decorators;
  model::FunctionRef dispatch;
  bool class_methods_seen = false;
  for_each_class_in_hierarchy(eval, cfile, cls, [&](std::uint32_t fi, std::uint32_t ci) {
    const model::Class& c = m.files[fi].classes[ci];
    for (std::uint32_t mi : c.methods) {
      const model::Function& fn = m.files[fi].functions[mi];
      if (fn.name == "dispatch_request" && !dispatch.valid()) dispatch = model::FunctionRef{fi, mi};
      auto verb = model::parse_http_method(fn.name);
      if (!verb || std::find(kVerbs.begin(), kVerbs.end(), fn.name) == kVerbs.end()) continue;
      bool have = false;
      for (const auto& [v, f] : handlers) have = have || v == *verb;
      if (!have) handlers.emplace_back(*verb, model::FunctionRef{fi, mi});
    }
    for (const model::Stmt& st : c.body) {
      if (st.kind != model::StmtKind::Assign || st.targets.empty() || st.targets[0].kind != ExprKind::Name) continue;
      std::string_view name = st.targets[0].text;
      Scope cs{fi, c.parent_function, nullptr};
      if (name == "methods" && !methods && !class_methods_seen) {
        class_methods_seen = true;
        methods = eval.methods(st.value, cs);
      } else if (name == "decorators" || name == "method_decorators") {
        if (auto els = eval.elements(st.value, cs))
          for (const auto& [el, sc] : *els)
            class_decorators.push_back(eval.qualified(el->kind == ExprKind::Call ? el->callee() : *el, sc));
      }
    }
  });
  if (!methods) {
    methods.emplace();
    for (const auto& [v, f] : handlers) methods->push_back(v);
    if (methods->empty()) methods->push_back(HttpMethod::Get);
  }
  for (HttpMethod verb : *methods) {
    model::Route r = base;
    model::FunctionRef h = dispatch;
    for (const auto& [v, f] : handlers) if (v == verb) h = f;
    fill_handler(eval, r, h, {});
    r.decorators.insert(r.decorators.begin(), class_decorators.begin(), class_decorators.end());
    push_routes(g, node, rules, r, {verb});
  }
}

// `X.as_view("name")` → the class X; nullopt when view_func is something else.
std::optional<std::pair<std::uint32_t, std::uint32_t>> view_class(const Evaluator& eval, const Expr& view, const Scope& s) {
  Bound b = eval.follow(view, s);
  const Expr& x = *b.expr;
  if (x.kind != ExprKind::Call || x.callee().kind != ExprKind::Attribute || x.callee().text != "as_view" ||
      x.callee().children.empty())
    return std::nullopt;
  Symbol c = eval.symbol(x.callee().children[0], b.scope);
  if (c.kind != Symbol::Kind::Class) return std::nullopt;
  return std::pair{c.file, c.index};
}

model::Route base_route(const Evaluator& eval, const Expr& call, const Scope& s) {
  model::Route r;
  r.framework = model::Framework::Flask;
  r.where = eval.range(s.file, call);
  if (const Expr* ep = call.keyword("endpoint")) r.endpoint = eval.string(*ep, s).value_or("");
  return r;
}

void add_url_rule(const Evaluator& eval, RouteGraph& g, NodeId node, const Expr& call, const Scope& s) {
  const Expr* rule = call.arg(0, "rule");
  if (!rule) return;
  auto rules = eval.paths(*rule, s, model::PathSyntax::Flask);
  model::Route base = base_route(eval, call, s);
  if (const Expr* ep = call.arg(1, "endpoint")) base.endpoint = eval.string(*ep, s).value_or("");
  std::optional<std::vector<HttpMethod>> methods;
  if (const Expr* me = call.keyword("methods")) methods = eval.methods(*me, s);
  const Expr* view = call.arg(2, "view_func");
  if (view) {
    if (auto cls = view_class(eval, *view, s)) {
      add_class_routes(eval, g, node, rules, cls->first, cls->second, methods, base);
      return;
    }
    fill_handler(eval, base, eval.function(*view, s), {});
  }
  push_routes(g, node, rules, base, methods.value_or(std::vector<HttpMethod>{HttpMethod::Get}));
}

// add_resource(Res, *urls) (first_url 1) or @api.route(*urls) on class `cls` (first_url 0).
void add_resource(const Evaluator& eval, RouteGraph& g, NodeId node, const Expr& call, const Scope& s,
                  std::size_t first_url, std::uint32_t cls = model::kNoIndex) {
  auto pos = call.positional();
  Symbol c;
  if (cls != model::kNoIndex) {
    c.kind = Symbol::Kind::Class;
    c.file = s.file;
    c.index = cls;
  } else if (const Expr* res = call.arg(0, "resource")) {
    c = eval.symbol(*res, s);
  }
  if (c.kind != Symbol::Kind::Class) return;
  std::vector<model::PathTemplate> rules;
  for (std::size_t i = first_url; i < pos.size(); ++i) {
    if (pos[i]->kind == ExprKind::Starred && !pos[i]->children.empty()) {
      if (auto els = eval.elements(pos[i]->children[0], s))
        for (const auto& [el, sc] : *els)
          for (auto& p : eval.paths(*el, sc, model::PathSyntax::Flask)) rules.push_back(std::move(p));
      continue;
    }
    for (auto& p : eval.paths(*pos[i], s, model::PathSyntax::Flask)) rules.push_back(std::move(p));
  }
  if (rules.empty()) return;
  add_class_routes(eval, g, node, rules, c.file, c.index, std::nullopt, base_route(eval, call, s));
}

// Methods of a repository Api subclass (`class ApiExt(Api)`) whose body calls
// `self.add_resource(...)`: they register resources with add_resource's arguments.
std::vector<std::string> resource_helpers(const Evaluator& eval, const Expr& ctor, const Scope& s) {
  std::vector<std::string> out;
  Symbol cls = eval.symbol(ctor.callee(), s);
  if (cls.kind != Symbol::Kind::Class) return out;
  const model::RepoModel& m = eval.model();
  for_each_class_in_hierarchy(eval, cls.file, cls.index, [&](std::uint32_t fi, std::uint32_t ci) {
    const model::FileFacts& file = m.files[fi];
    for_each_call(file, [&](const Expr& call, std::uint32_t fn, const model::Stmt*) {
      if (fn == model::kNoIndex || file.functions[fn].owner_class != ci) return;
      std::string_view attr;
      const Expr* recv = receiver_of(call, attr);
      if (!recv || attr != "add_resource" || recv->kind != ExprKind::Name || recv->text != "self") return;
      const std::string_view name = file.functions[fn].name;
      if (name != "add_resource" && std::find(out.begin(), out.end(), name) == out.end()) out.emplace_back(name);
    });
  });
  return out;
}

}  // namespace

void collect_flask_nodes(const Evaluator& eval, RouteGraph& g, const std::vector<AssignedCall>& assigned,
                         const std::vector<Constructed>& constructed) {
  for (std::size_t i = 0; i < assigned.size(); ++i) {
    const Constructed& callee = constructed[i];
    if (callee.externals.empty()) continue;
    std::string ctor = constructor_named(callee, kApps);
    if (ctor.empty()) ctor = constructor_named(callee, kBlueprints);
    if (ctor.empty()) ctor = constructor_named(callee, kRestful);
    if (ctor.empty()) ctor = constructor_named(callee, kRestx);
    if (ctor.empty()) continue;
    const Expr& call = *assigned[i].call;
    const Scope& s = assigned[i].scope;
    Node n;
    n.framework = model::Framework::Flask;
    n.name = assigned_name(eval.model(), assigned[i]);
    n.where = eval.range(s.file, call);
    if (in(kApps, ctor)) {
      n.kind = NodeKind::FlaskApp;
    } else if (in(kBlueprints, ctor)) {
      n.kind = NodeKind::Blueprint;
      if (const Expr* p = call.arg(5, "url_prefix")) n.own_prefix = eval.path(*p, s, model::PathSyntax::Flask);
    } else {
      n.kind = NodeKind::RestApi;
      const Expr* p = in(kRestful, ctor) ? call.arg(1, "prefix") : call.keyword("prefix");
      if (p) n.own_prefix = eval.path(*p, s, model::PathSyntax::Flask);
      n.resource_helpers = resource_helpers(eval, call, s);
    }
    g.add_node(&call, std::move(n));
  }
}

void collect_flask_routes(const Evaluator& eval, RouteGraph& g, const std::vector<AssignedCall>& assigned) {
  // Routes and edges only ever hang on Flask apps, blueprints and Apis.
  if (!g.has_kind(NodeKind::FlaskApp) && !g.has_kind(NodeKind::Blueprint) && !g.has_kind(NodeKind::RestApi)) return;
  const model::RepoModel& m = eval.model();
  // Api(app) / Api(bp): attach the Api to its site.
  for (const AssignedCall& a : assigned) {
    const Expr& call = *a.call;
    const Scope& s = a.scope;
    NodeId api = g.node_for_ctor(&call);
    if (api == kNoNode || g.node(api).kind != NodeKind::RestApi) continue;
    const Expr* site = call.arg(0, "app");
    NodeId parent = site ? g.node_of(*site, s) : kNoNode;
    if (parent == kNoNode || !is_flask_site(g.node(parent))) continue;
    Edge e;
    e.parent = parent;
    e.child = api;
    e.where = eval.range(s.file, call);
    g.add_edge(std::move(e));
  }
  // Decorators: @app.route / @bp.get on functions, @api.route on resources.
  for_each_decorator(m, [&](const Expr& d, const Scope& outer, model::FunctionRef fn, std::uint32_t cls) {
    std::string_view attr;
    const Expr* recv = receiver_of(d, attr);
    // Only `route` and the verbs decorator_methods accepts register anything, whatever the scope.
    if (!recv || (attr != "route" && !is_verb_shortcut(attr))) return;
    with_bindings(eval, d, outer, [&](const Scope& s) {
      NodeId n = g.node_of(*recv, s);
      if (n == kNoNode) return;
      const Node& node = g.node(n);
      if (node.kind == NodeKind::RestApi && attr == "route" && cls != model::kNoIndex) {
        add_resource(eval, g, n, d, s, 0, cls);  // @api.route("/a", "/b") class Res(Resource)
        return;
      }
      if (!is_flask_site(node) || !fn.valid()) return;
      auto methods = decorator_methods(eval, attr, d, s);
      const Expr* rule = d.arg(0, "rule");
      if (!methods || !rule) return;
      model::Route base = base_route(eval, d, s);
      std::vector<const Expr*> skip;
      for (const Expr& other : m.files[fn.file].functions[fn.function].decorators) {
        std::string_view a;
        const Expr* r = receiver_of(other, a);
        NodeId on = r ? g.node_of(*r, s) : kNoNode;
        if (on != kNoNode && is_flask_site(g.node(on)) && decorator_methods(eval, a, other, s)) skip.push_back(&other);
      }
      fill_handler(eval, base, fn, skip);
      push_routes(g, n, eval.paths(*rule, s, model::PathSyntax::Flask), base, *methods);
    });
  });
  // Calls: add_url_rule, register_blueprint, add_resource (or an Api subclass's helper), init_app,
  // app.route(rule)(view).
  std::set<std::string, std::less<>> helpers;
  for (const Node& node : g.nodes())
    if (node.kind == NodeKind::RestApi) helpers.insert(node.resource_helpers.begin(), node.resource_helpers.end());
  for (const model::CallSite& call_site : m.calls) {
    const Expr& call = *call_site.call;
    const std::uint32_t fi = call_site.file;
    const auto [attr, inner_attr, recv, inner_recv] = call_shape(call);
    const Expr& callee = call.callee();
    if (!inner_recv && attr != "add_url_rule" && attr != "register_blueprint" && attr != "add_resource" &&
        attr != "init_app" && !helpers.contains(attr))
      continue;
    with_bindings(eval, call, Scope{fi, call_site.in_function, nullptr}, [&](const Scope& s) {
      if (inner_recv) {
        NodeId n = g.node_of(*inner_recv, s);
        auto methods = decorator_methods(eval, inner_attr, callee, s);
        const Expr* rule = callee.arg(0, "rule");
        const Expr* view = call.arg(0, "");
        if (n == kNoNode || !is_flask_site(g.node(n)) || !methods || !rule || !view) return;
        model::Route base = base_route(eval, callee, s);
        fill_handler(eval, base, eval.function(*view, s), {});
        push_routes(g, n, eval.paths(*rule, s, model::PathSyntax::Flask), base, *methods);
        return;
      }
      NodeId n = g.node_of(*recv, s);
      if (attr == "add_url_rule") {
        if (n != kNoNode && is_flask_site(g.node(n))) add_url_rule(eval, g, n, call, s);
      } else if (attr == "add_resource") {
        if (n != kNoNode && g.node(n).kind == NodeKind::RestApi) add_resource(eval, g, n, call, s, 1);
      } else if (helpers.contains(attr)) {
        if (n == kNoNode || g.node(n).kind != NodeKind::RestApi) return;
        const std::vector<std::string>& own = g.node(n).resource_helpers;
        if (std::find(own.begin(), own.end(), std::string(attr)) != own.end()) add_resource(eval, g, n, call, s, 1);
      } else if (attr == "init_app") {
        const Expr* site = call.arg(0, "app");
        NodeId parent = site ? g.node_of(*site, s) : kNoNode;
        if (n == kNoNode || g.node(n).kind != NodeKind::RestApi || parent == kNoNode || !is_flask_site(g.node(parent)))
          return;
        Edge e;
        e.parent = parent;
        e.child = n;
        e.where = eval.range(fi, call);
        g.add_edge(std::move(e));
      } else {  // register_blueprint
        const Expr* child_arg = call.arg(0, "blueprint");
        if (!child_arg || (n != kNoNode && !is_flask_site(g.node(n)))) return;
        for (NodeId child : g.nodes_of(*child_arg, s)) {
          if (g.node(child).kind != NodeKind::Blueprint) continue;
          if (n == kNoNode) n = g.unknown_parent(fi, *recv, model::Framework::Flask);
          Edge e;
          e.parent = n;
          e.child = child;
          if (const Expr* p = call.keyword("url_prefix")) e.prefix = eval.path(*p, s, model::PathSyntax::Flask);
          e.where = eval.range(fi, call);
          g.add_edge(std::move(e));
        }
      }
    });
  }
}

}  // namespace archverify::resolve::routing
