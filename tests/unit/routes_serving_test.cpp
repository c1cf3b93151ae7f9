// Routes: which applications are throwaways served on the loopback interface
// inside one function (`Route::loopback_only`), and the near misses that are
// served apps (module level, returned by a factory, another host).
#include <catch2/catch.hpp>

#include "tests/support/model_from_source.h"

using namespace archverify;

namespace {

bool loopback(const model::RepoModel& m, std::string_view path) {
  for (const model::Route& r : m.routes)
    if (r.path_text == path) return r.loopback_only;
  FAIL("no route " << path);
  return false;
}

}  // namespace

TEST_CASE("an app a function builds and serves on 127.0.0.1 is loopback only", "[routes][serving]") {
  auto m = testing::model_from_source("tool/cli.py", R"py(
import uvicorn
from uvicorn import Config, Server
from fastapi import FastAPI
from flask import Flask
from werkzeug.serving import run_simple

LOCAL = "localhost"

def login():
    app = FastAPI()

    @app.get("/callback")
    def callback(code: str):
        return code

    class Runner:
        def start(self):
            uvicorn.run(app, host="127.0.0.1", port=8085)

    Runner().start()

def configured():
    app = FastAPI()

    @app.get("/configured")
    def c():
        return 1

    Server(Config(app, LOCAL, 9000)).run()

def flask_default():
    site = Flask(__name__)

    @site.get("/preview")
    def p():
        return "x"

    site.run(port=5001)

def simple():
    wsgi = Flask(__name__)

    @wsgi.get("/simple")
    def s():
        return "x"

    run_simple("::1", 5002, wsgi)
)py");
  CHECK(loopback(*m, "/callback"));
  CHECK(loopback(*m, "/configured"));
  CHECK(loopback(*m, "/preview"));
  CHECK(loopback(*m, "/simple"));
}

TEST_CASE("served apps are not loopback only", "[routes][serving]") {
  auto m = testing::model_from_source("svc/main.py", R"py(
import uvicorn
from fastapi import FastAPI
from werkzeug.serving import run_simple
from flask import Flask

api = FastAPI()

@api.get("/module-level")
def module_level():
    return 1

def everywhere():
    app = FastAPI()

    @app.get("/everywhere")
    def e():
        return 1

    uvicorn.run(app, host="0.0.0.0")

def from_config(host):
    app = FastAPI()

    @app.get("/configured-host")
    def c():
        return 1

    uvicorn.run(app, host=host)

def factory():
    app = FastAPI()

    @app.get("/factory")
    def f():
        return 1

    uvicorn.run(app, host="127.0.0.1")
    return app

def stored(holder):
    app = FastAPI()

    @app.get("/stored")
    def s():
        return 1

    holder.app = app
    uvicorn.run(app)

def both():
    app = FastAPI()

    @app.get("/both")
    def b():
        return 1

    uvicorn.run(app, host="127.0.0.1")
    uvicorn.run(app, host="0.0.0.0")

def never_run():
    app = FastAPI()

    @app.get("/never-run")
    def n():
        return 1

def no_host():
    w = Flask(__name__)

    @w.get("/no-host")
    def h():
        return 1

    run_simple(port=5003, application=w)

if __name__ == "__main__":
    uvicorn.run(api, host="127.0.0.1")
)py");
  CHECK_FALSE(loopback(*m, "/module-level"));
  CHECK_FALSE(loopback(*m, "/everywhere"));
  CHECK_FALSE(loopback(*m, "/configured-host"));
  CHECK_FALSE(loopback(*m, "/factory"));
  CHECK_FALSE(loopback(*m, "/stored"));
  CHECK_FALSE(loopback(*m, "/both"));
  CHECK_FALSE(loopback(*m, "/never-run"));
  CHECK_FALSE(loopback(*m, "/no-host"));
}
