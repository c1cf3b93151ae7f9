// The router graph: nodes, attach edges, and composing full routes (see
// route_graph.h); also the helpers both route builders share, among them the
// one walk that finds every `name = Call(...)` and the one resolution of each
// such call's callee that both frameworks' node passes read.
#include "analyzer/resolve/route_graph.h"

#include <unordered_map>
#include <unordered_set>

namespace archverify::resolve::routing {

using model::Expr;
using model::ExprKind;
using model::PathTemplate;
using model::PrefixStep;

NodeId RouteGraph::add_node(const Expr* ctor, Node node) {
  if (auto it = by_ctor_.find(ctor); it != by_ctor_.end()) return it->second;
  NodeId id = static_cast<NodeId>(nodes_.size());
  nodes_.push_back(std::move(node));
  by_ctor_[ctor] = id;
  return id;
}

NodeId RouteGraph::node_for_ctor(const Expr* ctor) const {
  auto it = by_ctor_.find(ctor);
  return it == by_ctor_.end() ? kNoNode : it->second;
}

NodeId RouteGraph::node_of(const Expr& e, const Scope& s) const {
  Bound b = eval_.follow(e, s);
  if (b.loop_element || b.expr->kind != ExprKind::Call) return kNoNode;
  return node_for_ctor(b.expr);
}

std::vector<NodeId> RouteGraph::nodes_of(const Expr& e, const Scope& s, int depth) const {
  std::vector<NodeId> out;
  if (depth > 4) return out;
  Bound b = eval_.follow(e, s);
  if (b.loop_element) {
    if (auto els = eval_.elements(*b.expr, b.scope))
      for (const auto& [el, sc] : *els)
        for (NodeId n : nodes_of(*el, sc, depth + 1)) out.push_back(n);
    return out;
  }
  if (b.expr->kind != ExprKind::Call) return out;
  if (NodeId n = node_for_ctor(b.expr); n != kNoNode) return {n};
  // A factory: follow the function's first `return <value>`.
  Symbol fn = eval_.symbol(b.expr->callee(), b.scope);
  if (fn.kind != Symbol::Kind::Function) return out;
  const model::Function& f = eval_.model().files[fn.file].functions[fn.index];
  const model::Stmt* ret = nullptr;
  model::visit_statements(f.body, [&](const model::Stmt& st) {
    if (!ret && st.kind == model::StmtKind::Return && !st.value.empty()) ret = &st;
  });
  if (ret) return nodes_of(ret->value, Scope{fn.file, fn.index, nullptr}, depth + 1);
  return out;
}

NodeId RouteGraph::unknown_parent(std::uint32_t file, const Expr& receiver, model::Framework fw) {
  std::string text = Evaluator::text(receiver);
  auto key = std::pair{file, text};
  if (auto it = unknown_.find(key); it != unknown_.end()) return it->second;
  Node n;
  n.kind = NodeKind::UnknownParent;
  n.framework = fw;
  n.name = text;
  n.where = eval_.range(file, receiver);
  NodeId id = static_cast<NodeId>(nodes_.size());
  nodes_.push_back(std::move(n));
  unknown_[key] = id;
  return id;
}

std::vector<model::Route> RouteGraph::compose() {
  std::vector<model::Route> out;
  EdgesByChild edges_to(nodes_.size());
  for (std::uint32_t i = 0; i < edges_.size(); ++i) edges_to[edges_[i].child].push_back(i);
  for (PendingRoute& r : pending_) {
    std::vector<PrefixStep> chain;
    PrefixStep rule;
    rule.kind = PrefixStep::Kind::Rule;
    rule.object = nodes_[r.node].name;
    rule.prefix = r.rule;
    rule.where = r.route.where;
    chain.push_back(std::move(rule));
    std::vector<NodeId> seen{r.node};
    walk(r, r.node, r.rule, std::move(chain), {}, true, seen, edges_to, out);
    r = PendingRoute();  // its routes are out: free its strings and lists now
  }
  pending_ = std::vector<PendingRoute>();
  return out;
}

void RouteGraph::walk(const PendingRoute& r, NodeId at, PathTemplate path, std::vector<PrefixStep> chain,
                      std::vector<std::vector<model::DependencyRef>> deps, bool in_schema, std::vector<NodeId>& seen,
                      const EdgesByChild& edges_to, std::vector<model::Route>& out) const {
  const Node& n = nodes_[at];
  auto step = [](PrefixStep::Kind k, std::string object, PathTemplate prefix, SourceRange where) {
    PrefixStep s;
    s.kind = k;
    s.object = std::move(object);
    s.prefix = std::move(prefix);
    s.where = std::move(where);
    return s;
  };
  if (n.kind == NodeKind::FastApiApp || n.kind == NodeKind::FastApiRouter || n.kind == NodeKind::RestApi) {
    if (n.own_prefix && !n.own_prefix->empty()) {
      path = n.own_prefix->concat(path);
      chain.push_back(step(n.kind == NodeKind::RestApi ? PrefixStep::Kind::ApiPrefix : PrefixStep::Kind::RouterPrefix,
                           n.name, *n.own_prefix, n.where));
    }
    if (!n.dependencies.empty()) deps.push_back(n.dependencies);
    in_schema = in_schema && n.include_in_schema;
  }
  auto emit = [&](bool mounted) {
    // The last use of path and chain on this walk: they move into the route.
    model::Route route = r.route;
    route.loopback_only = n.loopback_only;
    route.path_text = path.render();
    route.path_params = path.params();
    route.path = std::move(path);
    for (auto it = deps.rbegin(); it != deps.rend(); ++it)
      route.router_dependencies.insert(route.router_dependencies.end(), it->begin(), it->end());
    route.include_in_schema = route.include_in_schema && in_schema;
    route.mounted = mounted;
    route.chain = std::move(chain);
    out.push_back(std::move(route));
  };
  if (n.kind == NodeKind::FastApiApp || n.kind == NodeKind::FlaskApp) { emit(true); return; }
  if (n.kind == NodeKind::UnknownParent) {
    chain.push_back(step(PrefixStep::Kind::UnknownParent, n.name, {}, n.where));
    emit(true);
    return;
  }
  auto unseen = [&](const Edge& e) { return std::find(seen.begin(), seen.end(), e.parent) == seen.end(); };
  std::size_t parents_left = 0;  // the last parent's walk takes path, chain and deps over instead of copies
  for (std::uint32_t ei : edges_to[at]) parents_left += unseen(edges_[ei]);
  const bool attached = parents_left > 0;
  for (std::uint32_t ei : edges_to[at]) {
    const Edge& e = edges_[ei];
    if (!unseen(e)) continue;
    const bool last = --parents_left == 0;
    PathTemplate p = last ? std::move(path) : path;
    std::vector<PrefixStep> c = last ? std::move(chain) : chain;
    auto d = last ? std::move(deps) : deps;
    const std::string& parent = nodes_[e.parent].name;
    if (n.kind == NodeKind::Blueprint) {
      // register_blueprint(url_prefix=) replaces the blueprint's own url_prefix.
      const std::optional<PathTemplate>& prefix = e.prefix ? e.prefix : n.own_prefix;
      if (prefix) p = prefix->flask_join(p);
      c.push_back(step(PrefixStep::Kind::Include, parent, prefix.value_or(PathTemplate{}), e.where));
    } else if (n.kind == NodeKind::RestApi) {
      c.push_back(step(PrefixStep::Kind::Include, parent, {}, e.where));
    } else {
      if (e.prefix) p = e.prefix->concat(p);
      c.push_back(step(PrefixStep::Kind::Include, parent, e.prefix.value_or(PathTemplate{}), e.where));
      if (!e.dependencies.empty()) d.push_back(e.dependencies);
    }
    seen.push_back(e.parent);
    walk(r, e.parent, std::move(p), std::move(c), std::move(d), in_schema && e.include_in_schema, seen, edges_to, out);
    seen.pop_back();
  }
  if (attached) return;
  if (n.kind == NodeKind::Blueprint && n.own_prefix) path = n.own_prefix->flask_join(path);
  chain.push_back(step(PrefixStep::Kind::Unmounted, n.name,
                       n.kind == NodeKind::Blueprint ? n.own_prefix.value_or(PathTemplate{}) : PathTemplate{}, n.where));
  emit(false);
}

namespace {

// A name bound to what a class factory returns (`APIRouter =
// get_api_router_class(APIRoute)`, where the factory defines `class
// _CustomAPIRouter(APIRouter)` and returns it) denotes that class.
// `b` is follow(callee, s).
Symbol class_from_factory(const Evaluator& eval, const Expr& callee, const Bound& b) {
  if (b.loop_element || b.expr == &callee || b.expr->kind != ExprKind::Call) return {};
  Symbol fn = eval.symbol(b.expr->callee(), b.scope);
  if (fn.kind != Symbol::Kind::Function) return {};
  const model::FileFacts& facts = eval.model().files[fn.file];
  Symbol out;
  model::visit_statements(facts.functions[fn.index].body, [&](const model::Stmt& st) {
    if (out || st.kind != model::StmtKind::Return || st.value.kind != ExprKind::Name) return;
    for (std::uint32_t ci = 0; ci < facts.classes.size(); ++ci)
      if (facts.classes[ci].parent_function == fn.index && facts.classes[ci].name == st.value.text) {
        out.kind = Symbol::Kind::Class;
        out.file = fn.file;
        out.index = ci;
      }
  });
  return out;
}

}  // namespace

std::vector<AssignedCall> assigned_calls(const model::RepoModel& m, AssignedNames& names) {
  std::vector<AssignedCall> out;
  names.assign(m.files.size(), {});
  for (std::uint32_t fi = 0; fi < m.files.size(); ++fi) {
    const model::FileFacts& facts = m.files[fi];
    auto block = [&](std::span<const model::Stmt> body, std::uint32_t fn) {
      model::visit_statements(body, [&](const model::Stmt& st) {
        if (st.kind == model::StmtKind::Assign) {
          for (const Expr& t : st.targets)
            if (t.kind == ExprKind::Name) names[fi].push_back(t.text);
          if (!st.targets.empty() && st.value.kind == ExprKind::Call)
            out.push_back(AssignedCall{&st.value, &st, Scope{fi, fn, nullptr}});
        } else if (st.kind == model::StmtKind::For && !st.targets.empty() && st.targets[0].kind == ExprKind::Name) {
          names[fi].push_back(st.targets[0].text);
        }
      });
    };
    block(facts.body, model::kNoIndex);
    for (const model::Class& c : facts.classes) block(c.body, c.parent_function);
    for (std::uint32_t i = 0; i < facts.functions.size(); ++i) block(facts.functions[i].body, i);
  }
  return out;
}

std::string assigned_name(const model::RepoModel& m, const AssignedCall& a) {
  std::string name = Evaluator::text(a.stmt->targets[0]);
  if (a.scope.function != model::kNoIndex) name = m.files[a.scope.file].functions[a.scope.function].qualname.str() + "." + name;
  const std::string& module = m.module_names.size() > a.scope.file ? m.module_names[a.scope.file] : std::string();
  return module.empty() ? name : module + "." + name;
}

namespace {

// A Name, or an Attribute chain down to one: what SymbolResolver can resolve.
bool is_name_chain(const Expr& e) {
  if (e.kind == ExprKind::Name) return true;
  return e.kind == ExprKind::Attribute && !e.children.empty() && is_name_chain(e.children[0]);
}

// Is `name` a parameter of `function` or of a function enclosing it?
bool names_parameter(const model::FileFacts& facts, std::uint32_t function, std::string_view name) {
  for (std::uint32_t fn = function; fn != model::kNoIndex && fn < facts.functions.size();
       fn = facts.functions[fn].parent_function)
    for (const model::Param& p : facts.functions[fn].params)
      if (p.name == name) return true;
  return false;
}

Constructed construct(const Evaluator& eval, const Expr& callee, const Scope& scope,
                      std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<std::string>>& class_externals) {
  Constructed c;
  Resolved r = eval.resolve(callee, scope);
  const Symbol sym = r.symbol ? std::move(r.symbol) : class_from_factory(eval, callee, r.bound);
  if (sym.kind == Symbol::Kind::External) {
    c.externals.emplace_back(sym.qualified);
  } else if (sym.kind == Symbol::Kind::Class) {
    // The external bases of a repository class's hierarchy, once per class.
    auto [it, inserted] = class_externals.try_emplace(std::pair{sym.file, sym.index});
    if (inserted)
      for_each_class_in_hierarchy(eval, sym.file, sym.index, [&](std::uint32_t fi, std::uint32_t ci) {
        for (const Expr& b : eval.model().files[fi].classes[ci].bases) {
          Symbol base = eval.symbols().resolve(fi, b);
          if (base.kind == Symbol::Kind::External) it->second.emplace_back(base.qualified);
        }
      });
    c.externals = it->second;
  }
  return c;
}

}  // namespace

// Resolving every callee in its own scope binds and resolves the same names
// over and over. What `Evaluator::resolve` does with a name chain depends on
// its scope only through `bind(root)`, which looks in the enclosing functions
// (locals, then parameters) before the module level. So:
//  - a callee that is not a name chain denotes nothing (follow cannot move it,
//    SymbolResolver resolves only name chains);
//  - an attribute chain whose root a function binds (a parameter, say)
//    denotes nothing (resolve does not follow attributes of locals or
//    parameters), and otherwise what it denotes at module level: the
//    module-level result, once per file and text, decides, and only a
//    non-empty one is re-evaluated in its scope;
//  - a plain name that no function of the file assigns is a parameter (nothing)
//    or denotes what it denotes at module level; a name some function of the
//    file assigns is evaluated in its own scope.
std::vector<Constructed> constructed_by(const Evaluator& eval, const std::vector<AssignedCall>& assigned,
                                        const AssignedNames& names) {
  std::vector<Constructed> out;
  out.reserve(assigned.size());
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<std::string>> class_externals;
  std::unordered_map<std::string, Constructed> module_level;  // key: file bytes + dotted callee
  std::string key;
  auto at_module_level = [&](const Expr& callee, std::uint32_t file) -> const Constructed& {
    key.assign(reinterpret_cast<const char*>(&file), sizeof file);
    key += callee.dotted();
    auto it = module_level.find(key);
    if (it == module_level.end())
      it = module_level.emplace(key, construct(eval, callee, Scope{file, model::kNoIndex, nullptr}, class_externals)).first;
    return it->second;
  };
  std::unordered_set<std::string_view> name_callees, assigned_name_callees;  // of the current file
  std::uint32_t current_file = model::kNoIndex;
  for (std::size_t i = 0; i < assigned.size(); ++i) {
    const AssignedCall& a = assigned[i];
    const Expr& callee = a.call->callee();
    if (a.scope.file != current_file) {  // assignments come file by file
      current_file = a.scope.file;
      name_callees.clear();
      assigned_name_callees.clear();
      for (std::size_t j = i; j < assigned.size() && assigned[j].scope.file == current_file; ++j)
        if (const Expr& c = assigned[j].call->callee(); c.kind == ExprKind::Name) name_callees.insert(c.text);
      for (std::string_view n : names[current_file])
        if (name_callees.contains(n)) assigned_name_callees.insert(n);
    }
    if (!is_name_chain(callee)) {
      out.emplace_back();
    } else if (callee.root_name().empty()) {
      out.push_back(construct(eval, callee, a.scope, class_externals));
    } else if (callee.kind == ExprKind::Attribute) {
      if (names_parameter(eval.model().files[a.scope.file], a.scope.function, callee.root_name())) {
        out.emplace_back();  // `self.make()`, `session.get()`: a function binds the root
        continue;
      }
      const Constructed& m = at_module_level(callee, a.scope.file);
      out.push_back(m.externals.empty() ? Constructed{} : construct(eval, callee, a.scope, class_externals));
    } else if (assigned_name_callees.contains(callee.text)) {
      out.push_back(construct(eval, callee, a.scope, class_externals));
    } else if (names_parameter(eval.model().files[a.scope.file], a.scope.function, callee.text)) {
      out.emplace_back();
    } else {
      out.push_back(at_module_level(callee, a.scope.file));
    }
  }
  return out;
}

std::string constructor_named(const Constructed& c, const std::vector<std::string_view>& names) {
  for (const std::string& q : c.externals)
    if (std::find(names.begin(), names.end(), std::string_view(q)) != names.end()) return q;
  return {};
}

namespace {

// Class-based views: what the class (or a repository base class) declares for
// every method. A `method_decorators = {"get": [...]}` dict (flask-restful)
// applies its entry for this handler (the list forms of `decorators` /
// `method_decorators` are read by the Flask builder), and class attributes
// `user: User = Depends(get_current_user)` (fastapi-utils `cbv`, mealie's
// `controller`) join the Parameter-level dependencies.
void fill_class_view(const Evaluator& eval, model::Route& route, std::uint32_t file, const model::Function& fn) {
  for_each_class_in_hierarchy(eval, file, fn.owner_class, [&](std::uint32_t fi, std::uint32_t ci) {
    Scope cs{fi, eval.model().files[fi].classes[ci].parent_function, nullptr};
    for (const model::Stmt& st : eval.model().files[fi].classes[ci].body) {
      if (st.kind != model::StmtKind::Assign || st.targets.size() != 1 || st.targets[0].kind != ExprKind::Name) continue;
      std::string_view name = st.targets[0].text;
      if (name == "decorators" || name == "method_decorators") {
        std::vector<const Expr*> items;
        // The list form is the Flask builder's (flask_routes.cpp); the per-method dict form is ours.
        if (st.value.kind == ExprKind::Dict) {
          for (const Expr& p : st.value.children)
            if (p.kind == ExprKind::Pair && p.children.size() == 2 && p.children[0].is_string_literal() &&
                p.children[0].text == fn.name)
              for (const Expr& el : p.children[1].children) items.push_back(&el);
        }
        for (const Expr* el : items) route.decorators.push_back(eval.qualified(el->kind == ExprKind::Call ? el->callee() : *el, cs));
        continue;
      }
      if (!st.value.empty())
        if (auto dep = eval.dependency(st.value, cs, model::DependencyLevel::Parameter)) route.dependencies.push_back(std::move(*dep));
    }
  });
}

}  // namespace

void fill_handler(const Evaluator& eval, model::Route& route, model::FunctionRef handler,
                  const std::vector<const Expr*>& skip) {
  route.handler = handler;
  if (!handler.valid()) return;
  const model::RepoModel& m = eval.model();
  const model::Function& fn = m.files[handler.file].functions[handler.function];
  const std::string& module = m.module_names.size() > handler.file ? m.module_names[handler.file] : std::string();
  route.handler_name = module.empty() ? fn.qualname.str() : module + "." + fn.qualname.str();
  Scope defn{handler.file, fn.parent_function, nullptr};
  for (const Expr& d : fn.decorators) {
    if (std::find(skip.begin(), skip.end(), &d) != skip.end()) continue;
    route.decorators.push_back(eval.qualified(d.kind == ExprKind::Call ? d.callee() : d, defn));
  }
  for (const model::Param& p : fn.params) {
    if (!p.default_value.empty())
      if (auto dep = eval.dependency(p.default_value, defn, model::DependencyLevel::Parameter))
        route.dependencies.push_back(std::move(*dep));
    if (p.annotation.empty()) continue;
    // Annotated[T, Depends(x)], possibly through an alias (`CurrentUser = Annotated[...]`).
    Bound ann = eval.follow(p.annotation, defn);
    if (ann.expr->kind != ExprKind::Subscript) continue;
    std::string alias;
    if (ann.expr != &p.annotation) {
      Symbol a = eval.symbols().resolve(handler.file, p.annotation);
      alias = a && !a.qualified.empty() ? std::string(a.qualified) : Evaluator::text(p.annotation);
    }
    for (std::size_t i = 1; i < ann.expr->children.size(); ++i)
      model::visit(ann.expr->children[i], [&](const Expr& x) {
        if (x.kind != ExprKind::Call) return;
        if (auto dep = eval.dependency(x, ann.scope, model::DependencyLevel::Parameter)) {
          dep->via_alias = alias;
          route.dependencies.push_back(std::move(*dep));
        }
      });
  }
  if (fn.owner_class != model::kNoIndex) fill_class_view(eval, route, handler.file, fn);
}

}  // namespace archverify::resolve::routing
