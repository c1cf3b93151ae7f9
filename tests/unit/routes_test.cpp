// Routes: FastAPI and Flask route facts (full paths through routers and
// blueprints, handlers, dependencies, decorators) and their near misses.
#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/support/model_from_source.h"

using namespace archverify;
using model::HttpMethod;

namespace {

std::set<std::string> route_set(const model::RepoModel& m, bool mounted_only = true) {
  std::set<std::string> out;
  for (const model::Route& r : m.routes)
    if (r.mounted || !mounted_only) out.insert(std::string(model::to_string(r.method)) + " " + r.path_text);
  return out;
}

const model::Route& find(const model::RepoModel& m, std::string_view method, std::string_view path) {
  for (const model::Route& r : m.routes)
    if (model::to_string(r.method) == method && r.path_text == path) return r;
  FAIL("no route " << method << " " << path);
  return m.routes.front();
}

std::vector<std::string> dep_names(const std::vector<model::DependencyRef>& deps) {
  std::vector<std::string> out;
  for (const auto& d : deps) out.push_back(d.qualified);
  return out;
}

using Set = std::set<std::string>;

}  // namespace

TEST_CASE("FastAPI: verb decorators, api_route, add_api_route, call form", "[routes][fastapi]") {
  auto m = testing::model_from_source("app/main.py", R"py(
from fastapi import FastAPI, APIRouter
app = FastAPI()

@app.get("/items/{item_id}")
def read_item(item_id: int): ...

@app.post("/items", status_code=201, response_model=Item)
async def create_item(): ...

@app.api_route("/multi", methods=["GET", "post"])
def multi(): ...

@app.api_route("/default")
def default_get(): ...

def listing(): ...
app.add_api_route("/list", listing, methods=["PUT"])
app.add_api_route("/list2", endpoint=listing)
app.delete("/gone")(listing)

@app.head("/h")
@app.options("/o")
@app.trace("/t")
@app.patch("/p")
@app.put("/u")
def many(): ...
)py");
  CHECK(route_set(*m) == Set{"GET /items/{item_id}", "POST /items", "GET /multi", "POST /multi", "GET /default",
                             "PUT /list", "GET /list2", "DELETE /gone", "HEAD /h", "OPTIONS /o", "TRACE /t",
                             "PATCH /p", "PUT /u"});
  const auto& r = find(*m, "GET", "/items/{item_id}");
  CHECK(r.framework == model::Framework::FastApi);
  CHECK(r.handler_name == "app.main.read_item");
  REQUIRE(r.path_params.size() == 1);
  CHECK(r.path_params[0].name == "item_id");
  CHECK(r.status_code.state == model::StatusCode::State::Absent);
  const auto& c = find(*m, "POST", "/items");
  CHECK(c.status_code.state == model::StatusCode::State::Known);
  CHECK(c.status_code.value == 201);
  CHECK(c.response_model_name == "Item");
  CHECK(find(*m, "PUT", "/list").handler_name == "app.main.listing");
  CHECK(find(*m, "DELETE", "/gone").handler_name == "app.main.listing");
  CHECK(find(*m, "PUT", "/u").decorators.empty());  // route decorators are not "other decorators"
}

TEST_CASE("FastAPI: include_router chains across modules with prefixes and dependencies", "[routes][fastapi]") {
  auto m = testing::model_from_sources({
      {"app/__init__.py", ""},
      {"app/deps.py", "def get_user(): ...\ndef get_org(): ...\ndef audit(): ...\ndef admin(): ...\n"},
      {"app/routers/__init__.py", ""},
      {"app/routers/items.py", R"py(
from fastapi import APIRouter, Depends, status
from app.deps import admin
router = APIRouter(prefix="/items", dependencies=[Depends(admin)])

@router.get("")
def list_items(): ...

@router.post("/{item_id}", status_code=status.HTTP_201_CREATED)
def touch(item_id: str): ...
)py"},
      {"app/api.py", R"py(
from fastapi import APIRouter, Depends
from app.routers import items
from app.routers.items import router as items_router
from app.deps import get_org
api_router = APIRouter()
api_router.include_router(items.router, prefix="/{organization}", dependencies=[Depends(get_org)])
)py"},
      {"app/main.py", R"py(
from fastapi import FastAPI, Depends
from app.api import api_router
from app.deps import get_user, audit
app = FastAPI(dependencies=[Depends(audit)])
app.include_router(api_router, prefix="/api/v1", dependencies=[Depends(get_user)])
)py"},
  });
  CHECK(route_set(*m) == Set{"GET /api/v1/{organization}/items", "POST /api/v1/{organization}/items/{item_id}"});
  const auto& r = find(*m, "POST", "/api/v1/{organization}/items/{item_id}");
  CHECK(r.status_code.value == 201);
  CHECK(dep_names(r.router_dependencies) ==
        std::vector<std::string>{"app.deps.audit", "app.deps.get_user", "app.deps.get_org", "app.deps.admin"});
  CHECK(r.router_dependencies[0].level == model::DependencyLevel::App);
  CHECK(r.router_dependencies[1].level == model::DependencyLevel::Include);
  CHECK(r.router_dependencies[3].level == model::DependencyLevel::Router);
  CHECK(r.router_dependencies[3].function.valid());
  CHECK(r.mounted);
  REQUIRE(r.path_params.size() == 2);
  CHECK(r.path_params[0].name == "organization");
  // Chain: rule, router prefix, include into api_router, include into app.
  REQUIRE(r.chain.size() == 4);
  CHECK(r.chain[0].kind == model::PrefixStep::Kind::Rule);
  CHECK(r.chain[1].kind == model::PrefixStep::Kind::RouterPrefix);
  CHECK(r.chain[1].prefix.render() == "/items");
  CHECK(r.chain[2].object == "app.api.api_router");
  CHECK(r.chain[3].object == "app.main.app");
  CHECK(r.chain[3].prefix.render() == "/api/v1");
}

TEST_CASE("FastAPI: a router included twice yields its routes twice; parent router prefix applies",
          "[routes][fastapi]") {
  auto m = testing::model_from_source("main.py", R"py(
from fastapi import FastAPI, APIRouter as R
app = FastAPI()
child = R()
parent = R(prefix="/p")

@child.get("/x")
def x(): ...

parent.include_router(child, prefix="/c")
app.include_router(child, prefix="/a")
app.include_router(child, prefix="/b")
app.include_router(parent)
)py");
  CHECK(route_set(*m) == Set{"GET /a/x", "GET /b/x", "GET /p/c/x"});
}

TEST_CASE("FastAPI: parameter dependencies, Annotated aliases, include_in_schema", "[routes][fastapi]") {
  auto m = testing::model_from_source("main.py", R"py(
from typing import Annotated
from fastapi import FastAPI, APIRouter, Depends, Security
def current_user(): ...
def db(): ...
CurrentUser = Annotated[dict, Depends(current_user)]
app = FastAPI()
hidden = APIRouter(include_in_schema=False)

@app.get("/me", include_in_schema=False, dependencies=[Depends(db)])
def me(user: CurrentUser, s=Security(current_user, scopes=["x"])): ...

@hidden.get("/h")
def h(): ...
app.include_router(hidden)
)py");
  const auto& r = find(*m, "GET", "/me");
  CHECK_FALSE(r.include_in_schema);
  CHECK(dep_names(r.dependencies) == std::vector<std::string>{"main.db", "main.current_user", "main.current_user"});
  CHECK(r.dependencies[0].level == model::DependencyLevel::Route);
  CHECK(r.dependencies[1].level == model::DependencyLevel::Parameter);
  CHECK(r.dependencies[2].security);
  CHECK_FALSE(find(*m, "GET", "/h").include_in_schema);
}

TEST_CASE("FastAPI: non-literal prefixes stay unknown; module constants and f-strings are followed",
          "[routes][fastapi]") {
  auto m = testing::model_from_sources({
      {"app/core/config.py", "class Settings:\n    API_V1_STR: str = '/api/v1'\nsettings = Settings()\n"},
      {"app/consts.py", "PREFIX = '/const'\n"},
      {"app/main.py", R"py(
from fastapi import FastAPI, APIRouter
from app.core.config import settings
from app import consts
app = FastAPI()
router = APIRouter()

@router.get("/users/")
def users(): ...

app.include_router(router, prefix=settings.API_V1_STR)
app.include_router(router, prefix=consts.PREFIX)
app.include_router(router, prefix=f"{consts.PREFIX}/v2")
)py"},
  });
  CHECK(route_set(*m) == Set{"GET {settings.API_V1_STR}/users/", "GET /const/users/", "GET /const/v2/users/"});
  for (const model::Route& r : m->routes) CHECK(r.handler_name == "app.main.users");
  const auto& r = find(*m, "GET", "{settings.API_V1_STR}/users/");
  CHECK(r.path.has_unknown());
  CHECK(r.path_params.empty());
}

TEST_CASE("FastAPI: routers never included are kept unmounted with their own prefix", "[routes][fastapi]") {
  auto m = testing::model_from_source("main.py", R"py(
from fastapi import APIRouter
orphan = APIRouter(prefix="/orphan")
@orphan.get("/x")
def x(): ...
)py");
  REQUIRE(m->routes.size() == 1);
  CHECK(m->routes[0].path_text == "/orphan/x");
  CHECK_FALSE(m->routes[0].mounted);
  CHECK(m->routes[0].chain.back().kind == model::PrefixStep::Kind::Unmounted);
}

TEST_CASE("FastAPI near misses: look-alike receivers are not routes", "[routes][fastapi]") {
  auto m = testing::model_from_source("main.py", R"py(
import requests
from fastapi import FastAPI
from cachetools import Cache
cache = Cache()
app = FastAPI()

@cache.get("/not-a-route")
def cached(): ...

def client():
    requests.get("/x")
    return "router.get('/in-a-string')"

class Thing:
    def get(self, path): ...
thing = Thing()
@thing.get("/nope")
def nope(): ...

@app.get("/real")
def real(): ...
)py");
  CHECK(route_set(*m, false) == Set{"GET /real"});
}

TEST_CASE("FastAPI: app built in a factory function, routers imported under an alias", "[routes][fastapi]") {
  auto m = testing::model_from_sources({
      {"svc/routes.py", "from fastapi import APIRouter\nr = APIRouter()\n@r.get('/ping')\ndef ping(): ...\n"},
      {"svc/main.py", R"py(
from fastapi import FastAPI
from svc.routes import r as health_router
def get_application():
    application = FastAPI()
    application.include_router(health_router, prefix="/health")
    @application.get("/inner")
    def inner(): ...
    return application
app = get_application()
)py"},
  });
  CHECK(route_set(*m) == Set{"GET /health/ping", "GET /inner"});
  CHECK(find(*m, "GET", "/inner").handler_name == "svc.main.get_application.inner");
}

TEST_CASE("Flask: app.route methods, bp verbs, add_url_rule, decorators", "[routes][flask]") {
  auto m = testing::model_from_source("app.py", R"py(
from flask import Flask, Blueprint
from flask_login import login_required
app = Flask(__name__)
bp = Blueprint("items", __name__, url_prefix="/items")

@app.route("/")
def index(): ...

@app.route("/save", methods=["POST", "PUT"])
@login_required
def save(): ...

@bp.get("/<int:item_id>")
def get_item(item_id): ...

@bp.delete("/<item_id>")
def del_item(item_id): ...

def plain(): ...
app.add_url_rule("/plain", "plain", plain)
app.add_url_rule("/plain2", view_func=plain, methods=["PATCH"])
app.route("/called")(plain)
app.register_blueprint(bp)
)py");
  CHECK(route_set(*m) == Set{"GET /", "POST /save", "PUT /save", "GET /items/{item_id}", "DELETE /items/{item_id}",
                             "GET /plain", "PATCH /plain2", "GET /called"});
  const auto& s = find(*m, "POST", "/save");
  CHECK(s.framework == model::Framework::Flask);
  CHECK(s.decorators == std::vector<std::string>{"flask_login.login_required"});
  const auto& g = find(*m, "GET", "/items/{item_id}");
  REQUIRE(g.path_params.size() == 1);
  CHECK(g.path_params[0].converter == model::ParamConverter::Int);
  CHECK(g.path.render_flask() == "/items/<int:item_id>");
  CHECK(find(*m, "GET", "/plain").endpoint == "plain");
}

TEST_CASE("Flask: register_blueprint url_prefix replaces the blueprint's own; nesting concatenates", "[routes][flask]") {
  auto m = testing::model_from_source("app.py", R"py(
from flask import Flask, Blueprint
app = Flask(__name__)
api = Blueprint("api", __name__, url_prefix="/api")
users = Blueprint("users", __name__, url_prefix="/users")
admin = Blueprint("admin", __name__, url_prefix="/admin")
lonely = Blueprint("lonely", __name__, url_prefix="/lonely")

@users.route("/<name>")
def user(name): ...

@admin.route("/")
def admin_home(): ...

@api.route("/status")
def status(): ...

@lonely.route("/x")
def lonely_x(): ...

api.register_blueprint(users)
api.register_blueprint(admin, url_prefix="/manage/")
app.register_blueprint(api, url_prefix="/v2")
)py");
  CHECK(route_set(*m) == Set{"GET /v2/users/{name}", "GET /v2/manage/", "GET /v2/status"});
  CHECK(route_set(*m, false).count("GET /lonely/x") == 1);
  const auto& l = m->routes;
  CHECK(std::count_if(l.begin(), l.end(), [](const model::Route& r) { return !r.mounted; }) == 1);
}

TEST_CASE("Flask: app factory with function-level imports and a registration helper", "[routes][flask]") {
  auto m = testing::model_from_sources({
      {"shop/__init__.py", R"py(
from flask import Flask
def create_app():
    app = Flask(__name__)
    from shop.views import views_bp
    from shop import admin
    app.register_blueprint(views_bp)
    admin.init_app(app)
    return app
)py"},
      {"shop/views.py", "from flask import Blueprint\nviews_bp = Blueprint('views', __name__)\n@views_bp.route('/home')\ndef home(): ...\n"},
      {"shop/admin.py", R"py(
from flask import Blueprint
bp = Blueprint("admin", __name__)
@bp.route("/dash")
def dash(): ...
def init_app(app):
    app.register_blueprint(bp, url_prefix="/admin")
)py"},
  });
  CHECK(route_set(*m) == Set{"GET /home", "GET /admin/dash"});
}

TEST_CASE("Flask: MethodView as_view, wrappers expanded per call, plugin-hook apps", "[routes][flask]") {
  auto m = testing::model_from_sources({
      {"forum/helpers.py", R"py(
def register_view(bp_or_app, routes, view_func, *args, **kwargs):
    for route in routes:
        bp_or_app.add_url_rule(route, view_func=view_func, *args, **kwargs)
)py"},
      {"forum/views.py", R"py(
from flask import Blueprint
from flask.views import MethodView
from forum.helpers import register_view
from flask_login import login_required

class Base(MethodView):
    decorators = [login_required]
    def get(self): ...

class Topic(Base):
    def post(self): ...

class OnlyGet(MethodView):
    methods = ["GET"]
    def get(self): ...
    def post(self): ...

def load_blueprints(app):
    forum = Blueprint("forum", __name__)
    register_view(forum, routes=["/topic", "/t/<int:id>"], view_func=Topic.as_view("topic"))
    forum.add_url_rule("/only", view_func=OnlyGet.as_view("only"))
    app.register_blueprint(forum, url_prefix=app.config["FORUM_URL_PREFIX"])
)py"},
  });
  Set expect{"GET {app.config['FORUM_URL_PREFIX']}/topic", "POST {app.config['FORUM_URL_PREFIX']}/topic",
             "GET {app.config['FORUM_URL_PREFIX']}/t/{id}", "POST {app.config['FORUM_URL_PREFIX']}/t/{id}",
             "GET {app.config['FORUM_URL_PREFIX']}/only"};
  CHECK(route_set(*m) == expect);
  const auto& g = find(*m, "GET", "{app.config['FORUM_URL_PREFIX']}/topic");
  CHECK(g.handler_name == "forum.views.Base.get");
  CHECK(g.decorators == std::vector<std::string>{"flask_login.login_required"});
  CHECK(find(*m, "POST", "{app.config['FORUM_URL_PREFIX']}/topic").handler_name == "forum.views.Topic.post");
  CHECK(g.chain.back().kind == model::PrefixStep::Kind::UnknownParent);
}

TEST_CASE("Routers and blueprints attached in a loop or returned by a factory", "[routes][flask][fastapi]") {
  auto m = testing::model_from_sources({
      {"web/auth.py", R"py(
from flask import Blueprint
def create_oauth_blueprint(app):
    blueprint = Blueprint("oauth", __name__, url_prefix="/oauth")
    @blueprint.route("/google")
    def google(): ...
    return blueprint
)py"},
      {"web/saml.py", "from flask import Blueprint\nblueprint = Blueprint('saml', __name__)\n@blueprint.route('/saml')\ndef saml(): ...\n"},
      {"web/app.py", R"py(
from flask import Flask
def init_app(app):
    from web import saml
    from web.auth import create_oauth_blueprint
    for blueprint in [create_oauth_blueprint(app), saml.blueprint]:
        app.register_blueprint(blueprint)
def create_app():
    app = Flask(__name__)
    init_app(app)
    return app
)py"},
      {"api/main.py", R"py(
from fastapi import FastAPI, APIRouter
a = APIRouter(prefix="/a")
b = APIRouter(prefix="/b")
@a.get("/x")
def ax(): ...
@b.get("/y")
def by(): ...
app = FastAPI()
for r in (a, b):
    app.include_router(r, prefix="/api")
)py"},
  });
  CHECK(route_set(*m) == Set{"GET /oauth/google", "GET /saml", "GET /api/a/x", "GET /api/b/y"});
}

TEST_CASE("Flask-RESTful and flask-restx: add_resource, Api prefix, Api on a blueprint, init_app",
          "[routes][flask]") {
  auto m = testing::model_from_source("api.py", R"py(
from flask import Flask, Blueprint
from flask_restful import Api, Resource
import flask_restx

app = Flask(__name__)
bp = Blueprint("v1", __name__, url_prefix="/v1")
api = Api(app, prefix="/api")
bp_api = Api(bp)
late = Api()
rx = flask_restx.Api(app, prefix="/rx")

class Item(Resource):
    def get(self, item_id): ...
    def delete(self, item_id): ...

class Items(Resource):
    method_decorators = [auth]
    def post(self): ...

api.add_resource(Item, "/items/<int:item_id>", "/things/<int:item_id>")
bp_api.add_resource(Items, "/items")
late.add_resource(Items, "/late")
late.init_app(app)
app.register_blueprint(bp)

@rx.route("/r/<id>")
class R(flask_restx.Resource):
    def put(self, id): ...
)py");
  CHECK(route_set(*m) == Set{"GET /api/items/{item_id}", "DELETE /api/items/{item_id}", "GET /api/things/{item_id}",
                             "DELETE /api/things/{item_id}", "POST /v1/items", "POST /late", "PUT /rx/r/{id}"});
  CHECK(find(*m, "GET", "/api/items/{item_id}").handler_name == "api.Item.get");
  CHECK(find(*m, "POST", "/v1/items").decorators == std::vector<std::string>{"auth"});
}

TEST_CASE("Flask-RESTful Api subclass: a helper that forwards to self.add_resource registers resources",
          "[routes][flask]") {
  // The shape of redash's ApiExt.add_org_resource; the url transform (an org prefix from a setting) is not followed.
  auto m = testing::model_from_source("api.py", R"py(
from flask import Flask
from flask_restful import Api, Resource

def org_scoped_rule(rule):
    return rule

class ApiExt(Api):
    def add_org_resource(self, resource, *urls, **kwargs):
        urls = [org_scoped_rule(url) for url in urls]
        return self.add_resource(resource, *urls, **kwargs)

    def describe(self, resource, *urls):
        return resource

class Item(Resource):
    def get(self, item_id): ...
    def post(self, item_id): ...

app = Flask(__name__)
api = ApiExt()
api.add_org_resource(Item, "/api/items/<item_id>", endpoint="item")
api.describe(Item, "/not/a/route")
api.init_app(app)

class Other:
    def add_org_resource(self, resource, *urls): ...
other = Other()
other.add_org_resource(Item, "/other")
)py");
  CHECK(route_set(*m) == Set{"GET /api/items/{item_id}", "POST /api/items/{item_id}"});
}

TEST_CASE("Flask near misses: unregistered blueprint, look-alike receivers", "[routes][flask]") {
  auto m = testing::model_from_source("app.py", R"py(
import requests
from flask import Flask, Blueprint
app = Flask(__name__)
never = Blueprint("never", __name__)
class Router:
    def route(self, p): ...
other = Router()

@other.route("/no")
def no(): ...

@never.route("/n")
def n(): ...

def f():
    requests.get("/x")
    requests.post("/y")
)py");
  CHECK(route_set(*m).empty());
  CHECK(route_set(*m, false) == Set{"GET /n"});
}

TEST_CASE("PathTemplate: converters, shapes, joins", "[routes][path]") {
  using model::PathSyntax;
  using model::PathTemplate;
  auto fa = PathTemplate::parse("/items/{item_id}", PathSyntax::FastApi);
  auto fl = PathTemplate::parse("/items/<int:item_id>", PathSyntax::Flask);
  auto other = PathTemplate::parse("/items/<id>", PathSyntax::Flask);
  CHECK(fa.same_path(fl));
  CHECK(fa.same_shape(other));
  CHECK_FALSE(fa.same_path(other));
  CHECK_FALSE(fa.same_shape(PathTemplate::parse("/items/{item_id}/", PathSyntax::FastApi)));
  CHECK(fl.render() == "/items/{item_id}");

  auto p = PathTemplate::parse("/files/{file_path:path}", PathSyntax::FastApi);
  REQUIRE(p.params().size() == 1);
  CHECK(p.params()[0].converter == model::ParamConverter::Path);
  CHECK(p.render() == "/files/{file_path}");
  CHECK(p.render_fastapi() == "/files/{file_path:path}");

  auto conv = PathTemplate::parse("/c/<string(length=2):code>/<uuid:u>/<path:rest>/<float:f>/<any(a,b):k>",
                                  PathSyntax::Flask);
  auto params = conv.params();
  REQUIRE(params.size() == 5);
  CHECK(params[0].name == "code");
  CHECK(params[0].converter == model::ParamConverter::String);
  CHECK(params[1].converter == model::ParamConverter::Uuid);
  CHECK(params[2].converter == model::ParamConverter::Path);
  CHECK(params[3].converter == model::ParamConverter::Float);
  CHECK(params[4].converter == model::ParamConverter::Any);
  CHECK(conv.render() == "/c/{code}/{u}/{rest}/{f}/{k}");

  // Braces in Flask rules and angle brackets in FastAPI rules are literal text.
  CHECK(PathTemplate::parse("/a/{x}", PathSyntax::Flask).params().empty());
  CHECK(PathTemplate::parse("/a/<x>", PathSyntax::FastApi).params().empty());
  CHECK(PathTemplate::parse("/{not valid}", PathSyntax::FastApi).params().empty());

  auto prefix = PathTemplate::parse("/api/", PathSyntax::Flask);
  CHECK(prefix.flask_join(PathTemplate::parse("/x", PathSyntax::Flask)).render() == "/api/x");
  CHECK(prefix.flask_join(PathTemplate::parse("/", PathSyntax::Flask)).render() == "/api/");
  CHECK(prefix.flask_join(PathTemplate{}).render() == "/api/");
  CHECK(PathTemplate::parse("/api", PathSyntax::FastApi).concat(PathTemplate::parse("", PathSyntax::FastApi)).render() ==
        "/api");
  auto unk = PathTemplate::unknown("settings.API").concat(PathTemplate::parse("/u/{id}", PathSyntax::FastApi));
  CHECK(unk.has_unknown());
  CHECK(unk.render() == "{settings.API}/u/{id}");
  CHECK(unk.params().size() == 1);
  CHECK(PathTemplate::parse("/a/{b}/c", PathSyntax::FastApi).segments() == std::vector<std::string>{"a", "{b}", "c"});
}

TEST_CASE("routes come out ordered by path, method and place, whatever order they were declared in", "[routes]") {
  // 40 routes declared in a scrambled order (17 steps around 40 paths), with
  // a second method on some paths and the same path under a router: the
  // composed list is put in order in place, which walks permutation cycles of
  // many lengths. One path and method is registered twice: ordered by place.
  using Key = std::tuple<std::string, HttpMethod, std::uint32_t>;
  std::string src = "from fastapi import FastAPI, APIRouter\napp = FastAPI()\nr = APIRouter(prefix=\"/r\")\n";
  std::vector<Key> expected;
  std::uint32_t line = 4;
  auto add = [&](const std::string& object, const char* verb, HttpMethod method, const std::string& path,
                 const std::string& full) {
    src += "@" + object + "." + verb + "(\"" + path + "\")\ndef h" + std::to_string(line) + "(): ...\n";
    expected.emplace_back(full, method, line);
    line += 2;
  };
  for (int k = 0; k < 40; ++k) {
    const int i = (k * 17) % 40;
    const std::string path = "/p" + std::to_string(i % 10) + "/" + std::to_string(i);
    if (i % 3 == 0) add("app", "post", HttpMethod::Post, path, path);
    else add("app", "get", HttpMethod::Get, path, path);
    if (i % 7 == 0) {
      add("app", "delete", HttpMethod::Delete, path, path);
      add("r", "get", HttpMethod::Get, path, "/r" + path);
    }
  }
  add("app", "get", HttpMethod::Get, "/p3/13", "/p3/13");
  src += "app.include_router(r)\n";
  std::stable_sort(expected.begin(), expected.end());
  auto m = testing::model_from_source("app/main.py", src);
  std::vector<Key> got;
  for (const model::Route& r : m->routes) got.emplace_back(r.path_text, r.method, r.where.begin.line);
  CHECK(got == expected);
}
