// AUTH003 unprotected-route: a route the genome does not list as public that
// nothing authenticates — no auth dependency at parameter, route, router,
// include or app level, no auth decorator, no auth-checking before_request.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "analyzer/genome/genome.h"
#include "rules/all_rules.h"
#include "rules/auth/auth_names.h"
#include "rules/auth/before_request_hooks.h"

namespace archverify::rules {
namespace {

using model::Expr;
using model::ExprKind;

constexpr std::string_view kDocs = R"md(
## What it does
Reports a route that is not public per the genome's `auth.public_routes` and
that nothing authenticates. A route counts as protected when any of these
holds:
- a dependency at parameter, route (`dependencies=`), router
  (`APIRouter(dependencies=)`, also through a repository subclass of
  `APIRouter` that passes them to `super().__init__`), include
  (`include_router(dependencies=)`) or app level is a `Security(...)` or names
  an authentication callable (its name contains current_user, get_user, user,
  auth, authenticate, verify, token, permission, require, login, principal,
  identity or api_key, or it is listed in `auth.protection`);
- such a dependency one level down: a dependency function whose own
  parameters `Depends` on one (`def get_project(user = Depends(get_current_user))`);
- class-based views: class attributes `user = Depends(get_current_user)`
  (cbv controllers) and `decorators = [...]` / `method_decorators = [...]`;
- a decorator named login_required, jwt_required, auth_required,
  permission_required, roles_*, requires/require*, admin_required, allows, one
  from flask_login / flask_jwt_extended, or one listed in `auth.protection`;
- the handler does nothing but return a redirect to a literal URL
  (`return RedirectResponse(url="/docs")`): it serves no data;
- a Flask `before_request` hook on the route's blueprint or app (decorator or
  `bp.before_request(fn)` call form) whose body reads the user or the login
  state (current_user, is_authenticated, login…, user, auth, token, verify,
  permission) and stops the request (`abort`, `redirect`, `raise`, or a
  non-None `return`).

## Why is this bad?
Every route that forgets authentication serves its data to anyone on the
internet. A genome that lists the public routes turns "protected by default"
into something checkable: a new route is either protected or explicitly public.
High severity: an unauthenticated endpoint on a multi-tenant API is a breach.

## Example
    feed_router = APIRouter(prefix="/feed")

    @feed_router.get("/recent")
    def recent_activity(db: Session = Depends(get_db)): ...

## Use instead
    feed_router = APIRouter(prefix="/feed", dependencies=[Depends(get_current_user)])

## Options
Needs a genome with an `auth` section: `auth.public_routes` (`"POST /auth/login"`,
`"GET /health"`, `"* /docs*"`) lists what may be reached without a user, and
`auth.protection` names the project's own dependencies and decorators that
authenticate. A path piece the analyzer cannot evaluate is dropped for the
match (`prefix=settings.API_V1_STR`: write `"POST /login/access-token"`), and
a wrapper call with a literal path (`org_scoped_rule('/login')`) stands for
that path; an unknown leading prefix may also stand for the leading segments
of a pattern (`"* /auth/login"` covers `{app.config['AUTH_URL_PREFIX']}/login`)
as long as the rest of the pattern keeps a literal segment. Without a genome the rule does not run yet (it will check only
routes touching tenant-scoped entities once ORM entity facts are available).
)md";

constexpr std::string_view kTags[] = {"security", "cwe-306", "cwe-862"};

constexpr RuleMeta kMeta{"AUTH003", "unprotected-route", Category::Auth, Severity::High,
                         "Route that is not public has no authentication", kDocs, Maturity::Stable, kTags};

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

class Protection {
 public:
  Protection(const model::RepoModel& m, const genome::Genome* g) : m_(m), g_(g), hooks_(find_auth_hooks(m)) {}

  // Why the route is protected, "" when it is not.
  bool protects(const model::Route& r) const {
    for (const auto* deps : {&r.dependencies, &r.router_dependencies})
      for (const model::DependencyRef& d : *deps)
        if (auth_dependency(d)) return true;
    for (const std::string& dec : r.decorators)
      if (auth::is_auth_decorator_name(dec, g_)) return true;
    return hooks_.protects(r);
  }

 private:
  bool auth_dependency(const model::DependencyRef& d) const {
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

  const model::RepoModel& m_;
  const genome::Genome* g_;
  AuthHooks hooks_;
};

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

bool is_public(const genome::Auth& a, const model::Route& r) {
  if (a.is_public(r.method, r.path_text)) return true;
  std::string alt = path_without_unknowns(r.path);
  if (alt.empty()) return false;
  if (a.is_public(r.method, alt)) return true;
  // An unknown leading prefix (`app.config['AUTH_URL_PREFIX']`) may stand for
  // the leading segments of a pattern: "* /auth/login" covers "{prefix}/login",
  // provided what is left of the pattern still has a literal segment.
  if (r.path.pieces().empty() || r.path.pieces().front().kind != model::PathPiece::Kind::Unknown) return false;
  for (const genome::RoutePattern& p : a.public_routes)
    for (std::size_t k = 1; k < p.path.size(); ++k) {
      if (p.path[k] != '/') continue;
      std::string_view rest = std::string_view(p.path).substr(k);
      bool literal = false;
      for (std::size_t i = 0; i < rest.size(); ++i)
        if (rest[i] != '/' && rest[i] != '*' && rest[i] != '{' && (i == 0 || rest[i - 1] == '/')) literal = true;
      if (!literal) continue;
      genome::RoutePattern tail = p;
      tail.path = std::string(rest);
      if (tail.matches(r.method, alt)) return true;
    }
  return false;
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

class UnprotectedRoute final : public engine::Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const engine::RuleInput& in, engine::RuleContext& ctx) const override {
    const genome::Genome* g = in.genome;
    // Without a genome's auth section nothing says which routes may be public.
    if (!g || !g->auth) return;
    Protection protection(in.model, g);
    for (const model::Route& r : in.model.routes) {
      ctx.count_check();
      if (is_public(*g->auth, r)) continue;
      if (protection.protects(r) || only_redirects(in.model, r)) continue;
      const std::string route = std::string(model::to_string(r.method)) + " " + r.path_text;
      std::string handler(auth::last_component(r.handler_name));
      ctx.report(r.where,
                 route + (handler.empty() ? std::string() : " (" + handler + ")") +
                     " is not public in the genome but has no authentication: no auth dependency at route, router or "
                     "app level, no auth decorator, no auth-checking before_request hook",
                 "require the current user (a dependency or decorator), or list the route in auth.public_routes");
    }
  }
};

}  // namespace

std::unique_ptr<engine::Rule> make_unprotected_route() { return std::make_unique<UnprotectedRoute>(); }

}  // namespace archverify::rules
