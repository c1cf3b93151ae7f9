// The router graph both route builders fill and then read back as Routes.
// Nodes are the objects routes hang on — FastAPI apps and APIRouters, Flask
// apps and Blueprints, flask-restful/flask-restx Apis — each created by one
// constructor call found anywhere in the repository (module level or inside a
// factory function). Edges are the calls that attach one to another
// (`include_router`, `register_blueprint`, `Api(bp)` / `api.init_app(app)`).
// Pending routes are registrations on a node with their own rule. `compose`
// (once, at the end) walks every path from a route's node up to an application and produces one
// model::Route per path with the full URL, the router-level dependencies and
// the prefix chain. Receivers are resolved to nodes through name binding,
// never by the attribute's name alone; the one exception is the *parent* of
// an attach call whose child is a known router/blueprint (an app passed into a
// plugin hook), which becomes an UnknownParent root.
#pragma once
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/model/routes.h"
#include "analyzer/resolve/route_eval.h"
#include "analyzer/resolve/walk.h"

namespace archverify::resolve::routing {

enum class NodeKind : std::uint8_t { FastApiApp, FastApiRouter, FlaskApp, Blueprint, RestApi, UnknownParent };

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = 0xffffffffu;

struct Node {
  NodeKind kind = NodeKind::FastApiRouter;
  model::Framework framework = model::Framework::FastApi;
  std::string name;                              // qualified ("app.api.api_router") or the receiver as written
  std::optional<model::PathTemplate> own_prefix; // APIRouter(prefix=) / Blueprint(url_prefix=) / Api(prefix=)
  std::vector<model::DependencyRef> dependencies;
  bool include_in_schema = true;
  SourceRange where;
  // flask-restful Api subclass methods that pass their arguments on to
  // `self.add_resource(resource, *urls)` (redash's `add_org_resource`).
  std::vector<std::string> resource_helpers;
  bool loopback_only = false;  // an app served only on 127.0.0.1 inside its own function (app_serving.cpp)
};

struct Edge {
  NodeId parent = kNoNode;
  NodeId child = kNoNode;
  std::optional<model::PathTemplate> prefix;  // include_router(prefix=) / register_blueprint(url_prefix=)
  std::vector<model::DependencyRef> dependencies;
  bool include_in_schema = true;
  SourceRange where;
};

struct PendingRoute {
  NodeId node = kNoNode;
  model::PathTemplate rule;
  model::Route route;  // everything but the composed path, chain, router deps and mounted
};

class RouteGraph {
 public:
  explicit RouteGraph(const Evaluator& eval) : eval_(eval) {}

  // Registers a node for a constructor call; returns the existing id if already known.
  NodeId add_node(const model::Expr* ctor, Node node);
  NodeId node_for_ctor(const model::Expr* ctor) const;
  // The node an expression denotes in a scope (follows names and imports), or kNoNode.
  NodeId node_of(const model::Expr& e, const Scope& s) const;
  // Every node an attached object can be: also a loop variable over a list of
  // them and the value a repository function returns (`create_bp(app)`).
  std::vector<NodeId> nodes_of(const model::Expr& e, const Scope& s, int depth = 0) const;
  // A root standing for an application we cannot see (one per file and receiver text).
  NodeId unknown_parent(std::uint32_t file, const model::Expr& receiver, model::Framework fw);

  void add_edge(Edge e) { edges_.push_back(std::move(e)); }
  void add_route(PendingRoute r) { pending_.push_back(std::move(r)); }
  const Node& node(NodeId id) const { return nodes_[id]; }
  const std::vector<Node>& nodes() const { return nodes_; }
  // Is any node of this kind? A pass that only attaches to nodes of kinds the
  // graph lacks cannot add anything and is skipped.
  bool has_kind(NodeKind k) const {
    return std::any_of(nodes_.begin(), nodes_.end(), [k](const Node& n) { return n.kind == k; });
  }
  void set_loopback_only(NodeId id) { nodes_[id].loopback_only = true; }

  // Consumes the pending routes: each one's strings and lists are freed as
  // soon as its routes are composed, so the two never all live at once.
  std::vector<model::Route> compose();

 private:
  // `edges_to[n]`: the indices in edges_ of the edges whose child is n, in edges_ order.
  using EdgesByChild = std::vector<std::vector<std::uint32_t>>;
  void walk(const PendingRoute& r, NodeId at, model::PathTemplate path, std::vector<model::PrefixStep> chain,
            std::vector<std::vector<model::DependencyRef>> deps, bool in_schema, std::vector<NodeId>& seen,
            const EdgesByChild& edges_to, std::vector<model::Route>& out) const;
  const Evaluator& eval_;
  std::vector<Node> nodes_;
  std::map<const model::Expr*, NodeId> by_ctor_;
  std::map<std::pair<std::uint32_t, std::string>, NodeId> unknown_;
  std::vector<Edge> edges_;
  std::vector<PendingRoute> pending_;
};

// One `name = Call(...)` assignment (module level, class body or function):
// the only statements that create nodes.
struct AssignedCall {
  const model::Expr* call = nullptr;  // the assigned value
  const model::Stmt* stmt = nullptr;
  Scope scope;
};
// Per file, every name an assignment or a `for` target binds in any block of
// the file (repeats included): a superset of the names Evaluator finds bound
// in any of the file's functions.
using AssignedNames = std::vector<std::vector<std::string_view>>;
// Every such assignment of the repository, in file order and, within a file,
// in the order for_each_statement_expr visits statements (module body, class
// bodies, function bodies), and (same walk) the names each file assigns.
// Collected once per build and shared by every pass.
std::vector<AssignedCall> assigned_calls(const model::RepoModel& m, AssignedNames& names);
// The node name of an assignment: module, enclosing function and target ("app.api.api_router").
std::string assigned_name(const model::RepoModel& m, const AssignedCall& a);

// What the call of an assignment can construct, resolved once for both
// frameworks: the external classes its callee can be (a class a factory
// returns included), nearest first — the callee itself when external, or every
// external base of a repository class's hierarchy in the order
// for_each_class_in_hierarchy visits them.
struct Constructed {
  std::vector<std::string> externals;
};
// One entry per assignment (same order as `assigned`).
std::vector<Constructed> constructed_by(const Evaluator& eval, const std::vector<AssignedCall>& assigned,
                                        const AssignedNames& names);
// The first of `externals` that is one of `names`, or "".
std::string constructor_named(const Constructed& c, const std::vector<std::string_view>& names);

// The framework-specific halves (fastapi_routes.cpp, flask_routes.cpp): first
// every node, then edges and routes (edges may point at nodes of either kind).
// Calls are read from model.calls, which build_calls fills with every call of
// the repository in for_each_call order, so no pass walks the syntax again.
void collect_fastapi_nodes(const Evaluator& eval, RouteGraph& graph, const std::vector<AssignedCall>& assigned,
                           const std::vector<Constructed>& constructed);
void collect_fastapi_routes(const Evaluator& eval, RouteGraph& graph);
void collect_flask_nodes(const Evaluator& eval, RouteGraph& graph, const std::vector<AssignedCall>& assigned,
                         const std::vector<Constructed>& constructed);
void collect_flask_routes(const Evaluator& eval, RouteGraph& graph, const std::vector<AssignedCall>& assigned);

// Marks the applications that are built and served on the loopback interface
// inside one function and never leave it (app_serving.cpp); run after every
// node is collected and before compose.
void mark_loopback_apps(const Evaluator& eval, RouteGraph& graph, const std::vector<AssignedCall>& assigned);

// The class a Name/Attribute denotes, walking repository base classes; calls
// f(file, class_index) for the class and each repository ancestor (nearest first).
template <typename F>
void for_each_class_in_hierarchy(const Evaluator& eval, std::uint32_t file, std::uint32_t cls, F&& f);
// Fills handler, handler_name, decorators (except `skip`) and Parameter-level
// dependencies of a route from its handler function.
void fill_handler(const Evaluator& eval, model::Route& route, model::FunctionRef handler,
                  const std::vector<const model::Expr*>& skip);
// Visits every function and class decorator with the scope it is evaluated in.
template <typename F>
void for_each_decorator(const model::RepoModel& m, F&& f);
// Calls f(scope) once per way `e` can be evaluated: when it reads parameters
// of the enclosing function that nothing binds, once per call site of that
// function (wrappers like `register_view(bp, routes, view_func)`), else once.
// The route-call shape `<receiver>.<attr>(...)`: the receiver, or nullptr.
inline const model::Expr* receiver_of(const model::Expr& call, std::string_view& attr) {
  if (call.kind != model::ExprKind::Call) return nullptr;
  const model::Expr& callee = call.callee();
  if (callee.kind != model::ExprKind::Attribute || callee.children.empty()) return nullptr;
  attr = callee.text;
  return &callee.children[0];
}

// What the FastAPI and Flask call passes test first on a call: `recv.attr(...)`,
// and for `inner_recv.inner_attr(...)(...)` (a decorator applied by hand) the inner call.
struct CallShape {
  std::string_view attr, inner_attr;
  const model::Expr* recv = nullptr;
  const model::Expr* inner_recv = nullptr;
};
inline CallShape call_shape(const model::Expr& call) {
  CallShape c;
  c.recv = receiver_of(call, c.attr);
  const model::Expr& callee = call.callee();
  if (callee.kind == model::ExprKind::Call) c.inner_recv = receiver_of(callee, c.inner_attr);
  return c;
}

template <typename F>
void with_bindings(const Evaluator& eval, const model::Expr& e, const Scope& s, F&& f);

// --- templates ---

template <typename F>
void for_each_class_in_hierarchy(const Evaluator& eval, std::uint32_t file, std::uint32_t cls, F&& f) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> todo{{file, cls}}, seen;
  while (!todo.empty() && seen.size() < 16) {
    auto [fi, ci] = todo.front();
    todo.erase(todo.begin());
    if (std::find(seen.begin(), seen.end(), std::pair{fi, ci}) != seen.end()) continue;
    seen.emplace_back(fi, ci);
    f(fi, ci);
    const model::Class& c = eval.model().files[fi].classes[ci];
    for (const model::Expr& b : c.bases) {
      Symbol s = eval.symbols().resolve(fi, b);
      if (s.kind == Symbol::Kind::Class) todo.emplace_back(s.file, s.index);
    }
  }
}

template <typename F>
void for_each_decorator(const model::RepoModel& m, F&& f) {
  for (std::uint32_t fi = 0; fi < m.files.size(); ++fi) {
    const model::FileFacts& facts = m.files[fi];
    for (std::uint32_t i = 0; i < facts.functions.size(); ++i)
      for (const model::Expr& d : facts.functions[i].decorators)
        f(d, Scope{fi, facts.functions[i].parent_function, nullptr}, model::FunctionRef{fi, i}, model::kNoIndex);
    for (std::uint32_t i = 0; i < facts.classes.size(); ++i)
      for (const model::Expr& d : facts.classes[i].decorators)
        f(d, Scope{fi, facts.classes[i].parent_function, nullptr}, model::FunctionRef{}, i);
  }
}

template <typename F>
void with_bindings(const Evaluator& eval, const model::Expr& e, const Scope& s, F&& f) {
  if (!eval.reads_unbound_parameter(e, s)) { f(s); return; }
  const auto& callers = eval.callers(model::FunctionRef{s.file, s.function});
  if (callers.empty()) { f(s); return; }
  for (const model::CallSite* c : callers) {
    ArgBinding b{s.file, s.function, c->call, Scope{c->file, c->in_function, nullptr}};
    f(Scope{s.file, s.function, &b});
  }
}

}  // namespace archverify::resolve::routing
