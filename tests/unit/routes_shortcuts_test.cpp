// Routes: the near misses of build_routes' shortcuts. The builder resolves each
// `name = Call(...)` once for both frameworks (and a callee whose root no
// function binds once per file), reads calls from the call index instead of
// walking the syntax again, skips a framework's route pass when the graph has
// no node of that framework, skips decorators whose attribute is no route verb
// before resolving their receiver, and tests a server-run call's name before
// resolving it. Each case here is a way one of those shortcuts could drop a
// real route, edge or loopback fact, or invent one.
#include <set>

#include <catch2/catch.hpp>

#include "tests/support/model_from_source.h"

using namespace archverify;

namespace {

std::set<std::string> route_set(const model::RepoModel& m) {
  std::set<std::string> out;
  for (const model::Route& r : m.routes)
    if (r.mounted) out.insert(std::string(model::to_string(r.method)) + " " + r.path_text);
  return out;
}

using Set = std::set<std::string>;

}  // namespace

TEST_CASE("shortcuts: a FastAPI router only reachable through an alias, a subclass or a factory", "[routes][shortcuts]") {
  auto m = testing::model_from_sources({
      {"app/kit.py", R"py(
from fastapi import APIRouter as R

class TaggedRouter(R):
    pass

def router_class():
    class _Custom(R):
        pass
    return _Custom

Router = R
)py"},
      {"app/main.py", R"py(
import fastapi as fa
from app.kit import TaggedRouter, router_class, Router

Made = router_class()
app = fa.FastAPI()
tagged = TaggedRouter(prefix="/t")
made = Made(prefix="/m")
plain = Router(prefix="/p")

@tagged.get("/a")
def a(): ...

@made.api_route("/b", methods=["PUT"])
def b(): ...

@plain.delete("/c")
def c(): ...

app.include_router(tagged)
app.include_router(made)
app.include_router(plain)
)py"},
  });
  CHECK(route_set(*m) == Set{"GET /t/a", "PUT /m/b", "DELETE /p/c"});
}

TEST_CASE("shortcuts: Flask only through `import flask` and a blueprint factory in another module", "[routes][shortcuts]") {
  auto m = testing::model_from_sources({
      {"site/views.py", R"py(
import flask

def make_blueprint():
    bp = flask.Blueprint("views", __name__)

    @bp.route("/hello", methods=["POST"])
    def hello(): ...

    @bp.get("/bye")
    def bye(): ...

    return bp
)py"},
      {"site/app.py", R"py(
from flask import Flask as F
from site.views import make_blueprint

def create_app():
    app = F(__name__)
    app.register_blueprint(make_blueprint(), url_prefix="/v")
    return app
)py"},
  });
  CHECK(route_set(*m) == Set{"POST /v/hello", "GET /v/bye"});
}

TEST_CASE("shortcuts: registrations nested inside other expressions are still found", "[routes][shortcuts]") {
  auto m = testing::model_from_source("app/main.py", R"py(
from fastapi import FastAPI, APIRouter
app = FastAPI()
one = APIRouter(prefix="/one")
two = APIRouter(prefix="/two")

def handler(): ...

print(app.include_router(one), [app.include_router(two)])
registered = {"x": one.add_api_route("/x", handler), "y": two.get("/y")(handler)}
)py");
  CHECK(route_set(*m) == Set{"GET /one/x", "GET /two/y"});
}

TEST_CASE("shortcuts: a restx @api.route class decorator and a Flask-only repository", "[routes][shortcuts]") {
  auto m = testing::model_from_source("svc/api.py", R"py(
from flask import Flask
from flask_restx import Api, Resource

app = Flask(__name__)
api = Api(app, prefix="/api")

@api.route("/things", "/items")
class Things(Resource):
    def get(self): ...

@app.cache("/not-a-route")
def cached(): ...
)py");
  CHECK(route_set(*m) == Set{"GET /api/things", "GET /api/items"});
}

TEST_CASE("shortcuts: no framework object, no routes, whatever the method names", "[routes][shortcuts]") {
  auto m = testing::model_from_source("lib/client.py", R"py(
import requests

class Cache:
    def get(self, key): ...
    def include_router(self, r): ...

cache = Cache()

@cache.get("/k")
def k(): ...

cache.include_router(requests.get("/x"))
)py");
  CHECK(m->routes.empty());
}

TEST_CASE("shortcuts: a callee rebound inside a function is judged in that function", "[routes][shortcuts]") {
  auto m = testing::model_from_source("app/main.py", R"py(
import fastapi
from fastapi import APIRouter, FastAPI

app = FastAPI()

def make():
    Router = APIRouter
    r = Router(prefix="/made")

    @r.get("/a")
    def a(): ...

    return r

def not_a_router():
    Router = dict
    x = Router(prefix="/no")

    @x.get("/b")
    def b(): ...

def shadow():
    APIRouter = dict
    return APIRouter()

plain = APIRouter(prefix="/plain")

@plain.get("/p")
def p(): ...

def with_parameters(fastapi, APIRouter):
    inner = fastapi.FastAPI()
    other = APIRouter(prefix="/param")

    @inner.get("/shadowed")
    def s(): ...

    @other.get("/o")
    def o(): ...

    app.include_router(other)

app.include_router(make())
app.include_router(plain)
)py");
  CHECK(route_set(*m) == Set{"GET /made/a", "GET /plain/p"});
}

TEST_CASE("shortcuts: a server-run call re-exported under its own name is still judged", "[routes][shortcuts]") {
  auto m = testing::model_from_sources({
      {"tool/serving.py", R"py(
from werkzeug.serving import run_simple
)py"},
      {"tool/cli.py", R"py(
from flask import Flask
from tool.serving import run_simple

def preview():
    site = Flask(__name__)

    @site.route("/preview")
    def p(): ...

    run_simple("localhost", 5000, site)
)py"},
  });
  REQUIRE(m->routes.size() == 1);
  CHECK(m->routes[0].path_text == "/preview");
  CHECK(m->routes[0].loopback_only);
}
