// Route protection shared by AUTH003 and genome inference (see route_protection.h).
#include "analyzer/genome/route_protection.h"

#include <vector>

#include "analyzer/genome/auth_names.h"

namespace archverify::genome {

namespace {

using model::Expr;
using model::ExprKind;

// Depends(x) / Security(x) calls in a function's parameters (defaults and Annotated metadata).
std::vector<const Expr*> parameter_dependencies(const model::Function& fn) {
  std::vector<const Expr*> out;
  auto scan = [&](const Expr& e) {
    model::visit(e, [&](const Expr& x) {
      if (x.kind != ExprKind::Call) return;
      std::string last(auth::last_component(x.callee().dotted()));
      if (last == "Depends" || last == "Security") out.push_back(&x);
    });
  };
  for (const model::Param& p : fn.params) {
    if (!p.default_value.empty()) scan(p.default_value);
    if (!p.annotation.empty()) scan(p.annotation);
  }
  return out;
}

// The name a Depends/Security call depends on, as written ("get_current_user", "Auth.verifier").
std::string depends_target(const Expr& call) {
  const Expr* t = call.arg(0, "dependency");
  if (!t) return "";
  if (t->kind == ExprKind::Call) return t->callee().dotted();
  return t->dotted();
}

// `return RedirectResponse(url="/docs")` / `return redirect("/login")` and
// nothing else: the handler serves no data, only a fixed redirect.
bool only_redirects(const model::RepoModel& m, const model::Route& r) {
  if (!r.handler.valid()) return false;
  const model::Function& fn = m.files[r.handler.file].functions[r.handler.function];
  const model::Stmt* ret = nullptr;
  for (const model::Stmt& st : fn.body) {
    if (st.kind == model::StmtKind::Expr && st.value.is_string_literal()) continue;  // docstring
    if (st.kind != model::StmtKind::Return || ret) return false;
    ret = &st;
  }
  if (!ret || ret->value.kind != ExprKind::Call) return false;
  std::string callee(auth::last_component(ret->value.callee().dotted()));
  if (callee != "RedirectResponse" && callee != "redirect") return false;
  const Expr* url = ret->value.arg(0, "url");
  if (!url) url = ret->value.arg(0, "location");
  return url && url->is_string_literal();
}

}  // namespace

RouteProtection::RouteProtection(const model::RepoModel& m, const Genome* g) : m_(m), g_(g), hooks_(find_auth_hooks(m)) {}

bool RouteProtection::protects(const model::Route& r) const {
  for (const auto* deps : {&r.dependencies, &r.router_dependencies})
    for (const model::DependencyRef& d : *deps)
      if (auth_dependency(d)) return true;
  for (const std::string& dec : r.decorators)
    if (auth::is_auth_decorator_name(dec, g_)) return true;
  return hooks_.protects(r) || only_redirects(m_, r);
}

bool RouteProtection::auth_dependency(const model::DependencyRef& d) const {
  if (d.security) return true;
  std::string name = d.qualified;
  if (name.empty() && d.target) name = d.target->kind == ExprKind::Call ? d.target->callee().dotted() : d.target->dotted();
  if (!name.empty() && auth::is_auth_dependency_name(name, g_)) return true;
  // One level down: the dependency function's own parameters.
  if (!d.function.valid()) return false;
  const model::Function& fn = m_.files[d.function.file].functions[d.function.function];
  for (const Expr* call : parameter_dependencies(fn)) {
    if (auth::last_component(call->callee().dotted()) == "Security") return true;
    std::string t = depends_target(*call);
    if (!t.empty() && auth::is_auth_dependency_name(t, g_)) return true;
  }
  return false;
}

// The route path for public_routes matching when it holds pieces we could not
// evaluate: an unknown prefix (`settings.API_V1_STR`) is dropped, and a
// wrapper call with a literal path (`org_scoped_rule('/login')`) stands for
// that path. "" when the path has no unknown piece.
std::string path_without_unknowns(const model::PathTemplate& path) {
  if (!path.has_unknown()) return "";
  std::string out;
  for (const model::PathPiece& p : path.pieces()) {
    switch (p.kind) {
      case model::PathPiece::Kind::Literal: out += p.text; break;
      case model::PathPiece::Kind::Param: out += "{" + p.param.name + "}"; break;
      case model::PathPiece::Kind::Unknown: {
        for (char q : {'\'', '"'}) {
          auto open = p.text.find(std::string(1, q) + "/");
          if (open == std::string::npos) continue;
          auto close = p.text.find(q, open + 1);
          if (close == std::string::npos) continue;
          model::PathTemplate inner =
              model::PathTemplate::parse(std::string_view(p.text).substr(open + 1, close - open - 1), model::PathSyntax::Flask);
          out += inner.render();
          break;
        }
        break;
      }
    }
  }
  while (out.find("//") != std::string::npos) out.erase(out.find("//"), 1);
  if (out.empty() || out.front() != '/') out.insert(out.begin(), '/');
  return out;
}

bool is_public_route(const Auth& a, const model::Route& r) {
  if (a.is_public(r.method, r.path_text)) return true;
  std::string alt = path_without_unknowns(r.path);
  if (alt.empty()) return false;
  if (a.is_public(r.method, alt)) return true;
  // An unknown leading prefix (`app.config['AUTH_URL_PREFIX']`) may stand for
  // the leading segments of a pattern: "* /auth/login" covers "{prefix}/login",
  // provided what is left of the pattern still has a literal segment.
  if (r.path.pieces().empty() || r.path.pieces().front().kind != model::PathPiece::Kind::Unknown) return false;
  for (const RoutePattern& p : a.public_routes)
    for (std::size_t k = 1; k < p.path.size(); ++k) {
      if (p.path[k] != '/') continue;
      std::string_view rest = std::string_view(p.path).substr(k);
      bool literal = false;
      for (std::size_t i = 0; i < rest.size(); ++i)
        if (rest[i] != '/' && rest[i] != '*' && rest[i] != '{' && (i == 0 || rest[i - 1] == '/')) literal = true;
      if (!literal) continue;
      RoutePattern tail = p;
      tail.path = std::string(rest);
      if (tail.matches(r.method, alt)) return true;
    }
  return false;
}

}  // namespace archverify::genome
