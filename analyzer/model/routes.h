// Routes: the HTTP endpoints a FastAPI or Flask application serves, one Route
// per (method, full path, registration path through routers). A Route records
// the framework, the method, the full path composed through every router /
// blueprint / Api prefix (as a parsed PathTemplate and rendered text), the
// handler function, the dependencies at route level (decorator
// `dependencies=` and `Depends`/`Security` in the handler's parameters) and at
// router/app level (`APIRouter(dependencies=)`, `include_router(dependencies=)`,
// `FastAPI(dependencies=)`), the handler's other decorators as qualified names
// (`flask_login.login_required`), `response_model`, `status_code`,
// `include_in_schema`, where it was declared, and the chain of prefixes it came
// through. A router included twice yields its routes twice, as the framework
// does. Routers and blueprints never attached to an application are kept with
// their own prefix and `mounted == false`. A route whose application is a
// throwaway built inside one function that also serves it, only on the
// loopback interface (`uvicorn.run(app, host="127.0.0.1")`, Flask's
// `app.run()` default), and never lets it out (no return, no store) is
// marked `loopback_only`: a CLI's OAuth redirect catcher, not the served API.
//
// Deliberately left out: HEAD/OPTIONS that Flask adds implicitly, static file
// routes, websocket routes, what a dependency itself depends on, and whether a
// decorator authenticates (AUTH rules decide that from the qualified names).
// `app.mount("/api/v1", sub_app)` is not followed: a sub-application's routes
// have paths relative to it (as its own OpenAPI document shows them). The
// order of statements is not modelled (FastAPI copies routes when
// `include_router` runs, so a route added to a router after it was included is
// served by the framework but still reported here). Prefixes and rules that
// are not literals (`prefix=settings.API_V1_STR`, `org_scoped_rule("/x")`)
// stay Unknown pieces of the path, rendered "{settings.API_V1_STR}"; string
// constants, f-strings and `+` are followed. A `methods=` that is not a
// literal list is reported as GET rather than dropping the route. Methods an
// `Api` subclass adds itself (redash's `add_org_resource`) are not followed.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/source_range.h"
#include "analyzer/model/calls.h"
#include "analyzer/model/http_method.h"
#include "analyzer/model/path_template.h"
#include "analyzer/model/syntax.h"

namespace archverify::model {

enum class Framework : std::uint8_t { FastApi, Flask };

std::string_view to_string(Framework f);

// Where a dependency was declared.
enum class DependencyLevel : std::uint8_t {
  Parameter,  // `user = Depends(get_current_user)` / `Annotated[User, Depends(...)]` in the handler
  Route,      // `@router.get(..., dependencies=[Depends(x)])`
  Router,     // `APIRouter(dependencies=[...])`
  Include,    // `include_router(r, dependencies=[...])`
  App,        // `FastAPI(dependencies=[...])`
};
std::string_view to_string(DependencyLevel l);

struct DependencyRef {
  DependencyLevel level = DependencyLevel::Route;
  const Expr* call = nullptr;    // the Depends(...)/Security(...) call
  const Expr* target = nullptr;  // its first argument (null for a bare `Depends()`)
  std::string qualified;         // resolved target ("app.deps.get_current_user"), or as written, "" when none
  FunctionRef function;          // the repository function, when the target is one
  bool security = false;         // Security(...) rather than Depends(...)
  // A target that is a name bound to a call (`_ProductsRead = Authenticator(...)`,
  // `Depends(_ProductsRead)`): the qualified callee that built it ("polar.auth.dependencies.Authenticator").
  std::string built_by;
  // Declared through an annotation alias (`auth_subject: auth.ProductsRead` with
  // `ProductsRead = Annotated[Subject, Depends(...)]`): the alias, qualified when resolvable.
  std::string via_alias;
  SourceRange where;
};

// An int status code, absent, or an expression we could not evaluate.
struct StatusCode {
  enum class State : std::uint8_t { Absent, Known, Unknown } state = State::Absent;
  int value = 0;
};

// One step of "why is this path what it is", innermost first: the route's own
// rule, then each router/blueprint/Api and the call that attached it.
struct PrefixStep {
  enum class Kind : std::uint8_t {
    Rule,           // the decorator / add_url_rule / add_resource rule itself
    RouterPrefix,   // APIRouter(prefix=) applied when the route was declared
    Include,        // include_router(prefix=) / register_blueprint(url_prefix=) or the blueprint's own prefix
    ApiPrefix,      // flask-restful / flask-restx Api(prefix=)
    Unmounted,      // the chain stops at a router or blueprint nobody attaches
    UnknownParent,  // attached to a receiver we could not resolve (an app passed as a parameter)
  };
  Kind kind = Kind::Rule;
  std::string object;     // qualified name of the router / blueprint / app ("app.api.api_router")
  PathTemplate prefix;    // what this step contributed (empty when nothing)
  SourceRange where;      // the constructor or attaching call
};

struct Route {
  Framework framework = Framework::FastApi;
  HttpMethod method = HttpMethod::Get;
  PathTemplate path;              // full path
  std::string path_text;          // path.render(): "/api/v1/items/{item_id}"
  std::vector<PathParam> path_params;
  FunctionRef handler;            // the function or, for class-based views/resources, the method
  std::string handler_name;       // qualified ("app.routers.items.read_item", "app.views.ItemAPI.get")
  std::vector<DependencyRef> dependencies;         // Parameter and Route level
  std::vector<DependencyRef> router_dependencies;  // App, Include, Router level, outermost first
  std::vector<std::string> decorators;             // the handler's other decorators, qualified, in source order
  const Expr* response_model = nullptr;
  std::string response_model_name;                 // as written / qualified when resolvable
  StatusCode status_code;
  bool include_in_schema = true;
  bool mounted = true;            // false: its router/blueprint is never attached to an app
  bool loopback_only = false;     // its app lives and is served on 127.0.0.1 inside one function (see above)
  std::string endpoint;           // Flask endpoint name when given explicitly, else ""
  SourceRange where;              // the decorator, add_url_rule / add_api_route / add_resource call
  std::vector<PrefixStep> chain;  // innermost first
};

}  // namespace archverify::model
