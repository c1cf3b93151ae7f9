// Which applications are throwaways served on the loopback interface: an app
// assigned to a local name inside a function that never lets it out (no
// return/yield of it, no store into an attribute, subscript or global) and
// that every server-run call we can see serves on 127.0.0.1 / localhost /
// ::1 — `uvicorn.run(app, host="127.0.0.1")`, `uvicorn.Config(app, ...)`,
// `werkzeug.serving.run_simple("localhost", port, app)`, Flask's
// `app.run(...)`; uvicorn's and Flask's default host is 127.0.0.1. A CLI
// command that catches an OAuth redirect this way serves nothing to the
// network. Deliberately not judged: apps served by a server we do not know,
// a host read from configuration (not loopback), apps at module level (any
// server can import `module:app`), and what a function the app is passed to
// does with it.
#include <algorithm>
#include <map>

#include "analyzer/model/syntax.h"
#include "analyzer/resolve/route_graph.h"

namespace archverify::resolve::routing {

using model::Expr;
using model::ExprKind;

namespace {

bool is_loopback_host(std::string_view host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.starts_with("127.");
}

// A server-run call: the application argument and the host argument (null when absent: the default).
struct RunCall {
  const Expr* app = nullptr;
  const Expr* host = nullptr;
  bool host_required = false;  // no default host: an absent host is not loopback
};

std::optional<RunCall> run_call(const Evaluator& eval, const RouteGraph& g, const Expr& call, const Scope& s) {
  const Expr& callee = call.callee();
  Symbol sym = eval.symbol(callee, s);
  if (sym.kind == Symbol::Kind::External) {
    const std::string_view q = sym.qualified;
    if (q == "uvicorn.run" || q == "uvicorn.main.run") return RunCall{call.arg(0, "app"), call.keyword("host"), false};
    if (q == "uvicorn.Config" || q == "uvicorn.config.Config") return RunCall{call.arg(0, "app"), call.arg(1, "host"), false};
    if (q == "werkzeug.serving.run_simple" || q == "werkzeug.run_simple")
      return RunCall{call.arg(2, "application"), call.arg(0, "hostname"), true};
  }
  // Flask's `app.run(host=None, ...)` on an expression that is a Flask app.
  if (callee.kind == ExprKind::Attribute && callee.text == "run" && !callee.children.empty()) {
    NodeId n = g.node_of(callee.children[0], s);
    if (n != kNoNode && g.node(n).kind == NodeKind::FlaskApp) return RunCall{&callee.children[0], call.arg(0, "host"), false};
  }
  return std::nullopt;
}

bool mentions(const Expr& e, std::string_view name) {
  bool found = false;
  model::visit(e, [&](const Expr& x) {
    if (x.kind == ExprKind::Name && x.text == name) found = true;
  });
  return found;
}

// Does the function let the local `name` out: return/yield it, store it in an
// attribute, subscript or another name, or declare globals at all?
bool escapes(const model::Function& fn, std::string_view name) {
  bool out = false;
  model::visit_statements(fn.body, [&](const model::Stmt& st) {
    if (out) return;
    switch (st.kind) {
      case model::StmtKind::Global: out = true; return;
      case model::StmtKind::Return: out = !st.value.empty() && mentions(st.value, name); return;
      case model::StmtKind::Assign:
        if (!st.value.empty() && st.value.kind != ExprKind::Call && mentions(st.value, name)) out = true;
        return;
      default: break;
    }
    auto yields = [&](const Expr& e) {
      model::visit(e, [&](const Expr& x) {
        if (x.kind == ExprKind::Other && x.text.find("yield") != std::string::npos) out = true;
      });
    };
    if (!st.value.empty()) yields(st.value);
  });
  return out;
}

}  // namespace

void mark_loopback_apps(const Evaluator& eval, RouteGraph& g, const std::vector<AssignedCall>& assigned) {
  const model::RepoModel& m = eval.model();
  // Candidates: apps assigned to a plain local name inside a function that keeps it.
  std::map<NodeId, bool> served_on_loopback;  // node → every run call seen is loopback
  for (const AssignedCall& a : assigned) {
    const model::Stmt& st = *a.stmt;
    if (a.scope.function == model::kNoIndex || st.targets.size() != 1 || st.targets[0].kind != ExprKind::Name) continue;
    NodeId n = g.node_for_ctor(a.call);
    if (n == kNoNode) continue;
    NodeKind k = g.node(n).kind;
    if (k != NodeKind::FastApiApp && k != NodeKind::FlaskApp) continue;
    if (!escapes(m.files[a.scope.file].functions[a.scope.function], st.targets[0].text)) served_on_loopback.emplace(n, false);
  }
  if (served_on_loopback.empty()) return;
  // Every run call serving a candidate decides: all loopback, and at least one.
  // Only calls that can be one are resolved (resolving every call of a large
  // repository here cost as much as building its routes): a callee named like a
  // server entry point, or any call in a file importing uvicorn or werkzeug
  // (where an alias such as `from uvicorn import run as serve` can hide the name).
  std::map<NodeId, bool> any_other;
  std::vector<bool> imports_server(m.files.size());
  for (std::uint32_t fi = 0; fi < m.files.size(); ++fi)
    imports_server[fi] = std::any_of(m.files[fi].imports.begin(), m.files[fi].imports.end(), [](const model::Import& i) {
      return i.module.starts_with("uvicorn") || i.module.starts_with("werkzeug");
    });
  for (const model::CallSite& call_site : m.calls) {
    const Expr& call = *call_site.call;
    if (!imports_server[call_site.file]) {
      const Expr& callee = call.callee();
      if (callee.kind != ExprKind::Attribute && callee.kind != ExprKind::Name) continue;
      const std::string_view text = callee.text;
      // Cheap necessary test first: the last dotted part is a suffix of the text.
      if (!text.ends_with("run") && !text.ends_with("Config") && !text.ends_with("run_simple")) continue;
      const std::string_view name = model::last_dotted_part(text);
      if (name != "run" && name != "Config" && name != "run_simple") continue;
    }
    with_bindings(eval, call, Scope{call_site.file, call_site.in_function, nullptr}, [&](const Scope& s) {
      auto run = run_call(eval, g, call, s);
      if (!run || !run->app) return;
      NodeId n = g.node_of(*run->app, s);
      auto it = served_on_loopback.find(n);
      if (it == served_on_loopback.end()) return;
      std::optional<std::string> host;
      if (run->host) host = eval.string(*run->host, s);
      bool loopback = run->host ? (host && is_loopback_host(*host)) : !run->host_required;
      if (loopback) it->second = true;
      else any_other[n] = true;
    });
  }
  for (const auto& [n, loopback] : served_on_loopback)
    if (loopback && !any_other.count(n)) g.set_loopback_only(n);
}

}  // namespace archverify::resolve::routing
