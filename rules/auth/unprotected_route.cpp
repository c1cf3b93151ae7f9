// AUTH003 unprotected-route: a route the genome does not list as public that
// nothing authenticates — no auth dependency at parameter, route, router,
// include or app level, no auth decorator, no auth-checking before_request.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "analyzer/genome/auth_names.h"
#include "analyzer/genome/genome.h"
#include "analyzer/genome/route_protection.h"
#include "analyzer/model/test_paths.h"
#include "rules/all_rules.h"

namespace archverify::rules {
namespace {

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
  identity or api_key, or it is listed in `auth.protection`) — but not a
  provider of a service object (`get_user_manager`, `get_user_db`, names
  ending in _manager, _db, _repository, _repo, _service, _store, _dao); a dependency
  object built by a call (`_ProductsRead = Authenticator(...)`,
  `Depends(_ProductsRead)`) is judged by the callable that built it too, and
  one declared through an `Annotated` alias (`auth_subject: auth.ProductsRead`)
  by the alias name as well (so `auth.protection: [ProductsRead]` works);
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

Routes declared in test code (tests/, test_*.py, conftest.py) are not checked,
nor routes of an application that is not the served API: an app a
function builds, keeps to itself (never returns or stores it) and serves only
on the loopback interface (`uvicorn.run(app, host="127.0.0.1")`, Flask's
`app.run()` default host) — a CLI command catching an OAuth redirect. `inspect`
marks those routes `loopback_only`. A module-level app, an app a factory
returns, or one served on another host (or a host read from configuration) is
checked as usual.

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
authenticate.

A path piece the analyzer cannot evaluate (`url_prefix=app.config["USER_URL_PREFIX"]`,
`prefix=settings.API_V1_STR`) shows in `archverify inspect` as
`{app.config['USER_URL_PREFIX']}/{username}`. A public pattern covers it when:
- it names the piece as inspect shows it:
  `"GET {app.config['USER_URL_PREFIX']}/{username}*"` (that expression only;
  a `{param}` of the pattern never stands for an unknown piece);
- it is written as the URL is served, `"GET /user/{username}*"`, and the
  unknown leading prefix's expression names the leading segments it stands
  for (the key `USER_URL_PREFIX` names `/user`, `API_V1_STR` names `/api/v1`);
  the same shape under `{app.config['ADMIN_URL_PREFIX']}` is not covered;
- it is written as the URL is served and what is left after the leading
  segments still has a literal segment (`"* /auth/login"` covers
  `{prefix}/login`);
- it is written without the unknown piece (`"POST /login/access-token"` for
  `{settings.API_V1_STR}/login/access-token`), or with the literal path a
  wrapper call carries (`org_scoped_rule('/login')` stands for `/login`).

Without a genome the rule does not run yet (it will check only routes touching
tenant-scoped entities once ORM entity facts are available).
)md";

constexpr std::string_view kTags[] = {"security", "cwe-306", "cwe-862"};

constexpr RuleMeta kMeta{"AUTH003", "unprotected-route", Category::Auth, Severity::High,
                         "Route that is not public has no authentication", kDocs, Maturity::Stable, kTags};

class UnprotectedRoute final : public engine::Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const engine::RuleInput& in, engine::RuleContext& ctx) const override {
    const genome::Genome* g = in.genome;
    // Without a genome's auth section nothing says which routes may be public.
    if (!g || !g->auth) return;
    genome::RouteProtection protection(in.model, g);
    for (const model::Route& r : in.model.routes) {
      ctx.count_check();
      // A throwaway app a function serves on 127.0.0.1 is not reachable from
      // the network, and test code's apps are never served.
      if (r.loopback_only || model::is_test_path(r.where.path)) continue;
      if (genome::is_public_route(*g->auth, r)) continue;
      if (protection.protects(r)) continue;
      const std::string route = std::string(model::to_string(r.method)) + " " + r.path_text;
      std::string handler(genome::auth::last_component(r.handler_name));
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
